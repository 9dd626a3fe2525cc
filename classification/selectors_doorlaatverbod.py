"""Reads of the doorlaatverbod alert: by a user who can read its dossier."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from classification.models_doorlaatverbod import DoorlaatverbodAlert
from partners.access import not_visible
from partners.models import User
from signals.models import Dossier
from signals.selectors.dossier import dossier_list_visible_to


def doorlaatverbod_open_for(*, dossier: Dossier) -> QuerySet[DoorlaatverbodAlert]:
    """The dossier's alerts still waiting for an intervention (the banner)."""
    return DoorlaatverbodAlert.objects.filter(
        dossier=dossier, resolved_at__isnull=True
    ).order_by("raised_at")


def doorlaatverbod_get_visible(*, user: User, pk: Any) -> DoorlaatverbodAlert:
    """One alert whose dossier the user can read; anything else a 404."""
    alert = (
        DoorlaatverbodAlert.objects.select_related(
            "dossier", "raised_by", "resolved_by"
        )
        .filter(pk=pk, dossier__in=dossier_list_visible_to(user=user))
        .first()
    )
    if alert is None:
        raise not_visible(user, DoorlaatverbodAlert, pk)
    return alert
