"""CoMensha reports of presumed victims (docs/domain.md section 9).

The consent rule: from 16 the person signs the written consent, under 16 a parent
or guardian (``signals.ages.consent_by``); the police and investigative services
report every presumed victim without consent, as they must. The row keeps the basis,
where the signed consent is kept, and who reported when; every export is audited.
"""

from __future__ import annotations

import datetime
import json
import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.constants import Action
from audit.services import audit_record
from classification.constants_risk import ConsentBasis, PdfStatus
from classification.models_comensha import ComenshaReport
from classification.pdf import html_to_pdf
from partners.access import may
from partners.constants import OrganisationKind
from partners.models import Organisation, User
from signals.ages import age_on, consent_by
from signals.constants import PersonRole
from signals.models import Dossier, DossierPerson, Person
from signals.selectors.dossier import dossier_list_visible_to

logger = logging.getLogger(__name__)

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
    _enqueue([report.pk])
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


# The PDF renders in the worker (docs/architecture.md section 5): a task with
# the report's id only, guarded by the row's status under a row lock, swept again
# by beat when it failed (a few attempts) or was lost (worker died, Redis down).
MAX_PDF_ATTEMPTS = 3
PDF_RETRY_AFTER = datetime.timedelta(minutes=2)
PDF_LOST_AFTER = datetime.timedelta(minutes=15)
PDF_FAILED_RETRYING = gettext_lazy(
    "De PDF kon niet worden gemaakt; het wordt opnieuw geprobeerd."
)
PDF_FAILED_FINAL = gettext_lazy(
    "De PDF kon na meerdere pogingen niet worden gemaakt. Probeer het opnieuw of "
    "neem contact op met de functioneel beheerder."
)
PDF_LOST = gettext_lazy(
    "Het maken van de PDF werd onderbroken; het wordt opnieuw geprobeerd."
)


def _enqueue(report_ids: list[int]) -> None:
    from classification.tasks import render_comensha_pdf

    def enqueue() -> None:
        for report_id in report_ids:
            render_comensha_pdf.delay(report_id)

    # Robust: if Redis is down at commit the rows stay queued and beat sweeps
    # them; the recorded report must not turn into an error.
    if report_ids:
        transaction.on_commit(enqueue, robust=True)


def comensha_pdf_bytes(report: ComenshaReport) -> bytes:
    html = render_to_string(
        "classification/comensha/report_pdf.html",
        {"report": report, "data": comensha_report_data(report)},
    )
    return html_to_pdf(html)


def _pdf_fail(report_id: int, *, final: bool) -> str:
    with transaction.atomic():
        updated = ComenshaReport.objects.filter(
            pk=report_id, pdf_status=PdfStatus.RUNNING
        ).update(
            pdf_status=PdfStatus.FAILED,
            pdf_error=str(PDF_FAILED_FINAL if final else PDF_FAILED_RETRYING),
        )
    return PdfStatus.FAILED if updated else "superseded"


def comensha_pdf_render(*, report_id: int) -> str:
    """The worker: take the report from queued to running under a lock, render
    outside it, store the PDF. Returns the resulting status. An error is kept as
    a fixed Dutch message (an exception's text could hold personal data); the
    log names only its type."""
    with transaction.atomic():
        report = (
            ComenshaReport.objects.select_for_update(of=("self",))
            .defer("pdf")
            .select_related("dossier", "person", "organisation", "reported_by")
            .filter(pk=report_id)
            .first()
        )
        if report is None:
            return "missing"
        if report.pdf_status != PdfStatus.QUEUED:
            return str(report.pdf_status)
        report.pdf_status = PdfStatus.RUNNING
        report.pdf_attempts += 1
        report.pdf_started_at = timezone.now()
        report.pdf_error = ""
        report.save(
            update_fields=[
                "pdf_status",
                "pdf_attempts",
                "pdf_started_at",
                "pdf_error",
            ]
        )
    final = report.pdf_attempts >= MAX_PDF_ATTEMPTS
    try:
        with translation.override(settings.LANGUAGE_CODE):
            pdf = comensha_pdf_bytes(report)
    except Exception as exc:  # noqa: BLE001 - recorded, swept again by beat
        logger.warning(
            "event=comensha_pdf_failed id=%s attempts=%d error=%s",
            report_id,
            report.pdf_attempts,
            type(exc).__name__,
        )
        return _pdf_fail(report_id, final=final)
    with transaction.atomic():
        updated = ComenshaReport.objects.filter(
            pk=report_id, pdf_status=PdfStatus.RUNNING
        ).update(pdf=pdf, pdf_status=PdfStatus.DONE, pdf_rendered_at=timezone.now())
        if not updated:
            return "superseded"
        audit_record(
            actor=None,
            action=Action.CREATE,
            obj=report,
            reason="pdf gemaakt",
            person_ids=[report.person_id],
        )
    logger.info("event=comensha_pdf_rendered id=%s bytes=%d", report_id, len(pdf))
    return PdfStatus.DONE


@transaction.atomic
def comensha_pdf_sweep(*, now: datetime.datetime | None = None) -> list[int]:
    """Beat: queue again what failed (fewer than ``MAX_PDF_ATTEMPTS`` attempts,
    at least ``PDF_RETRY_AFTER`` ago) and what was lost (queued or running
    longer than ``PDF_LOST_AFTER``). Returns the ids queued."""
    now = now or timezone.now()
    lost_before = now - PDF_LOST_AFTER
    rows = (
        ComenshaReport.objects.select_for_update(skip_locked=True)
        .defer("pdf")
        .filter(
            Q(
                pdf_status=PdfStatus.FAILED,
                pdf_attempts__lt=MAX_PDF_ATTEMPTS,
                pdf_started_at__lt=now - PDF_RETRY_AFTER,
            )
            | Q(pdf_status=PdfStatus.QUEUED, pdf_requested_at__lt=lost_before)
            | Q(pdf_status=PdfStatus.RUNNING, pdf_started_at__lt=lost_before)
        )
        .order_by("pdf_requested_at", "id")[:200]
    )
    queued: list[int] = []
    for row in rows:
        if row.pdf_status == PdfStatus.RUNNING and row.pdf_attempts >= MAX_PDF_ATTEMPTS:
            row.pdf_status = PdfStatus.FAILED
            row.pdf_error = str(PDF_FAILED_FINAL)
            row.save(update_fields=["pdf_status", "pdf_error"])
            continue
        if row.pdf_status == PdfStatus.RUNNING:
            row.pdf_error = str(PDF_LOST)
        row.pdf_status = PdfStatus.QUEUED
        row.pdf_requested_at = now
        row.save(update_fields=["pdf_status", "pdf_requested_at", "pdf_error"])
        queued.append(row.pk)
    if queued:
        logger.info("event=comensha_pdf_swept count=%d", len(queued))
    _enqueue(queued)
    return queued


@transaction.atomic
def comensha_pdf_retry(*, report: ComenshaReport, actor: User) -> ComenshaReport:
    """After the last attempt failed, whoever reads the report asks again."""
    if not may(actor, "classification.add_comenshareport"):
        raise PermissionDenied
    locked = ComenshaReport.objects.select_for_update().defer("pdf").get(pk=report.pk)
    if locked.pdf_status != PdfStatus.FAILED:
        raise ValidationError(_("De PDF wordt al gemaakt of is klaar."))
    locked.pdf_status = PdfStatus.QUEUED
    locked.pdf_attempts = 0
    locked.pdf_error = ""
    locked.pdf_requested_at = timezone.now()
    locked.save(
        update_fields=["pdf_status", "pdf_attempts", "pdf_error", "pdf_requested_at"]
    )
    audit_record(
        actor=actor, action=Action.UPDATE, obj=locked, changed_fields=["pdf_status"]
    )
    _enqueue([locked.pk])
    return locked


def comensha_export_pdf(*, report: ComenshaReport, actor: User) -> bytes | None:
    """The rendered PDF, audited as an export; None while it is not ready."""
    stored = (
        ComenshaReport.objects.filter(pk=report.pk, pdf_status=PdfStatus.DONE)
        .values_list("pdf", flat=True)
        .first()
    )
    if not stored:
        return None
    audit_record(
        actor=actor,
        action=Action.EXPORT,
        obj=report,
        reason="pdf",
        person_ids=[report.person_id],
    )
    return bytes(stored)
