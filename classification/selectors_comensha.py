"""Reads of CoMensha reports: whoever reads the dossier reads its reports."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from classification.models_comensha import ComenshaReport
from partners.access import not_visible
from partners.models import User
from signals.models import Dossier
from signals.selectors.dossier import dossier_list_visible_to


def comensha_reports_of(*, dossier: Dossier) -> QuerySet[ComenshaReport]:
    return ComenshaReport.objects.filter(dossier=dossier).select_related(
        "person", "organisation", "reported_by"
    )


def comensha_report_get_visible(*, user: User, uuid: Any) -> ComenshaReport:
    try:
        report = (
            ComenshaReport.objects.select_related(
                "dossier", "person", "organisation", "reported_by"
            )
            .filter(dossier__in=dossier_list_visible_to(user=user))
            .filter(uuid=uuid)
            .first()
        )
    except (ValueError, TypeError):
        report = None
    if report is None:
        raise not_visible(user, ComenshaReport, uuid)
    return report
