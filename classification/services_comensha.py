"""CoMensha reports of presumed victims (docs/domain.md section 9).

The consent rule: from 16 the person signs the written consent, under 16 a parent
or guardian (``signals.ages.consent_by``); the police and investigative services
report every presumed victim without consent, as they must. The row keeps the basis,
where the signed consent is kept, and who reported when; every export is audited.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.constants import Action
from audit.services import audit_record
from classification.constants_risk import ConsentBasis
from classification.models_comensha import ComenshaReport
from partners.access import may
from partners.constants import OrganisationKind
from partners.models import Organisation, User
from signals.ages import age_on, consent_by
from signals.constants import PersonRole
from signals.models import Dossier, DossierPerson, Person
from signals.selectors.dossier import dossier_list_visible_to

# Organisations with a duty to report every presumed victim, consent or not.
DUTY_KINDS = frozenset({OrganisationKind.POLITIE, OrganisationKind.OPSPORINGSDIENST})


def comensha_reports_without_consent(organisation: Organisation | None) -> bool:
    return organisation is not None and organisation.kind in DUTY_KINDS


def comensha_person_age(person: Person) -> int | None:
    return age_on(
        date_of_birth=person.date_of_birth,
        estimated_age=person.estimated_age,
        estimated_on=person.estimated_on,
        day=timezone.localdate(),
    )


def comensha_required_basis(
    *, organisation: Organisation | None, age: int | None
) -> str | None:
    """The basis a report by ``organisation`` of a person of ``age`` needs; None
    while a consent is needed but the age is unknown."""
    if comensha_reports_without_consent(organisation):
        return ConsentBasis.DUTY
    signer = consent_by(age)
    if signer is None:
        return None
    return (
        ConsentBasis.PERSON if signer == "person" else ConsentBasis.PARENT_OR_GUARDIAN
    )


def comensha_victims(*, dossier: Dossier) -> list[Person]:
    return [
        link.person
        for link in DossierPerson.objects.filter(
            dossier=dossier, role=PersonRole.VICTIM
        )
        .select_related("person")
        .order_by("person__name", "person_id")
    ]


@transaction.atomic
def comensha_report_create(
    *,
    dossier: Dossier,
    person: Person,
    actor: User,
    consent_basis: str,
    consent_reference: str,
) -> ComenshaReport:
    """Record that ``actor``'s organisation reports ``person`` to CoMensha now."""
    if not may(actor, "classification.add_comenshareport"):
        raise PermissionDenied
    if not dossier_list_visible_to(user=actor).filter(pk=dossier.pk).exists():
        raise PermissionDenied
    if not DossierPerson.objects.filter(
        dossier=dossier, person=person, role=PersonRole.VICTIM
    ).exists():
        raise ValidationError(
            {"person": [_("Kies een mogelijk slachtoffer uit dit dossier.")]}
        )
    age = comensha_person_age(person)
    required = comensha_required_basis(organisation=actor.organisation, age=age)
    consent_reference = consent_reference.strip()
    if required == ConsentBasis.DUTY:
        # Police and investigative services must report; a consent, if there is
        # one, is recorded all the same.
        consent_basis = ConsentBasis.DUTY
    elif required is None:
        raise ValidationError(
            {
                "person": [
                    _(
                        "De leeftijd van deze persoon is onbekend. Leg eerst de "
                        "geboortedatum of een geschatte leeftijd vast: daarvan hangt "
                        "af wie de toestemming tekent."
                    )
                ]
            }
        )
    elif consent_basis != required:
        message = (
            _(
                "Deze persoon is jonger dan 16 jaar: een ouder of voogd tekent de "
                "toestemming."
            )
            if required == ConsentBasis.PARENT_OR_GUARDIAN
            else _("Deze persoon is 16 jaar of ouder en tekent de toestemming zelf.")
        )
        raise ValidationError({"consent_basis": [message]})
    elif not consent_reference:
        raise ValidationError(
            {
                "consent_reference": [
                    _("Leg vast waar de getekende toestemming te vinden is.")
                ]
            }
        )
    report = ComenshaReport(
        dossier=dossier,
        person=person,
        age=age,
        consent_basis=consent_basis,
        consent_reference=consent_reference,
        organisation=actor.organisation,
        reported_by=actor,
    )
    report.full_clean()
    report.save()
    audit_record(actor=actor, action=Action.CREATE, obj=report, person_ids=[person.pk])
    return report


def comensha_report_data(report: ComenshaReport) -> dict[str, Any]:
    """The structured file: what CoMensha registers about a presumed victim."""
    person = report.person
    return {
        "format": "ketenaanpak.comensha-melding.v1",
        "reference": str(report.uuid),
        "reported_at": timezone.localtime(report.reported_at).isoformat(),
        "reporting_organisation": report.organisation.name,
        "reported_by": report.reported_by.get_full_name()
        or report.reported_by.get_username(),
        "indication": "loverboymethode",
        "dossier": report.dossier.reference,
        "person": {
            "name": person.name,
            "aliases": list(person.aliases),
            "date_of_birth": person.date_of_birth.isoformat()
            if person.date_of_birth
            else None,
            "age": report.age,
            "gender": person.gender or None,
            "municipality": person.municipality or None,
        },
        "consent": {
            "basis": report.consent_basis,
            "document": report.consent_reference or None,
        },
    }


def comensha_export_json(*, report: ComenshaReport, actor: User) -> bytes:
    audit_record(
        actor=actor,
        action=Action.EXPORT,
        obj=report,
        reason="json",
        person_ids=[report.person_id],
    )
    return json.dumps(
        comensha_report_data(report), ensure_ascii=False, indent=2
    ).encode("utf-8")


def static_only_fetcher(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    """WeasyPrint's url_fetcher: only our own static files, nothing else.

    User text in the report can never make the renderer fetch a URL (file:, http:
    or a path outside the static files)."""
    parts = urlsplit(url)
    path = parts.path
    prefix = settings.STATIC_URL or "/static/"
    if parts.scheme not in ("", "static") or parts.netloc:
        raise ValueError(f"refused url: {parts.scheme}")
    if parts.scheme == "static":
        relative = path.lstrip("/")
    elif path.startswith(prefix):
        relative = path[len(prefix) :]
    else:
        raise ValueError("refused url outside the static files")
    if ".." in relative.split("/"):
        raise ValueError("refused path")
    found = finders.find(relative)
    if not found or isinstance(found, list):
        raise ValueError("static file not found")
    with open(found, "rb") as handle:
        data = handle.read()
    mime = "text/css" if relative.endswith(".css") else None
    return {"string": data, "mime_type": mime}


def comensha_export_pdf(*, report: ComenshaReport, actor: User) -> bytes:
    from weasyprint import HTML

    audit_record(
        actor=actor,
        action=Action.EXPORT,
        obj=report,
        reason="pdf",
        person_ids=[report.person_id],
    )
    html = render_to_string(
        "classification/comensha/report_pdf.html",
        {"report": report, "data": comensha_report_data(report)},
    )
    pdf: bytes = HTML(
        string=html, base_url="static:///", url_fetcher=static_only_fetcher
    ).write_pdf()
    return pdf
