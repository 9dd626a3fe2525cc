"""The minutes (verslag) of a closed casusoverleg, rendered per organisation
(docs/domain.md section 7; what each version holds: casusoverleg.selectors.minutes).

A ``Minutes`` row is the work: requested (queued), rendered by the worker
(``casusoverleg.tasks.minutes.render_minutes``, ids only), done with its PDF, or
failed with a fixed Dutch message. Beat re-sweeps failed renders (a limited
number of attempts) and lost ones (queued or running too long). A correction
bumps the version of every version it touches and queues it again.

The PDF is rendered by ``classification.pdf.html_to_pdf`` (WeasyPrint, imported
on first use, with a fetcher for our own static files only, never another URL,
so user text can never make the renderer fetch anything; threat model 6).
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from audit.constants import Action
from audit.services import audit_record
from casusoverleg.constants import JobStatus, MeetingStatus
from casusoverleg.models import Correction, Meeting, Minutes
from casusoverleg.selectors.minutes import (
    minutes_document,
    minutes_items,
    minutes_list_visible_to,
    minutes_organisations,
    minutes_person_ids,
    minutes_sees_every_version,
)
from classification.pdf import html_to_pdf
from partners.access import not_visible
from partners.models import Organisation, User

logger = logging.getLogger(__name__)

# A failed render is tried again by beat until it failed this often.
MAX_RENDER_ATTEMPTS = 3
# A render queued or running longer than this was lost (worker died, Redis
# restarted); beat queues it again. A render takes seconds.
LOST_AFTER = datetime.timedelta(minutes=15)
# Beat sweeps failed renders no sooner than this after they failed.
RETRY_AFTER = datetime.timedelta(minutes=2)

FAILED_RETRYING = (
    "Het verslag kon niet worden gemaakt. Het wordt vanzelf opnieuw geprobeerd."
)
FAILED_FINAL = (
    "Het verslag kon niet worden gemaakt, ook niet na herhaalde pogingen. "
    "Probeer het opnieuw of neem contact op met de functioneel beheerder."
)
LOST = "Het maken van het verslag is onderbroken. Het wordt opnieuw geprobeerd."
NO_CONVENANT = (
    "Deze organisatie heeft geen geldig convenant; er is geen verslag gemaakt."
)


def minutes_html(*, minutes: Minutes) -> str:
    """One version as HTML for WeasyPrint (Dutch, whatever the worker's locale)."""
    document = minutes_document(minutes=minutes)
    with override(settings.LANGUAGE_CODE):
        return render_to_string(
            "casusoverleg/minutes/pdf.html",
            {"doc": document, "generated_at": timezone.now()},
        )


def minutes_pdf(html: str) -> bytes:
    return html_to_pdf(html)


def _enqueue(minutes_ids: list[int]) -> None:
    from casusoverleg.tasks.minutes import render_minutes

    def enqueue() -> None:
        for minutes_id in minutes_ids:
            render_minutes.delay(minutes_id)

    # Robust: if Redis is down at commit the rows stay queued and beat sweeps
    # them; the chair's closed meeting must not turn into an error.
    transaction.on_commit(enqueue, robust=True)


def _requeue(row: Minutes, *, bump: bool) -> None:
    if bump:
        row.version += 1
    row.status = JobStatus.QUEUED
    row.attempts = 0
    row.error = ""
    row.requested_at = timezone.now()
    row.started_at = None
    row.save(
        update_fields=[
            "version",
            "status",
            "attempts",
            "error",
            "requested_at",
            "started_at",
        ]
    )


def _check_actor(actor: User | None, meeting: Meeting) -> None:
    if actor is not None and not minutes_sees_every_version(
        user=actor, meeting=meeting
    ):
        raise PermissionDenied
    if meeting.status != MeetingStatus.CLOSED:
        raise ValidationError(
            _("Het verslag wordt gemaakt zodra het overleg is gesloten.")
        )


@transaction.atomic
def minutes_request_all(*, meeting: Meeting, actor: User | None) -> list[Minutes]:
    """Request the minutes of a closed meeting: the full set and one version per
    organisation that sees at least one item (under a valid convenant), each
    rendered by the worker after commit. Idempotent: a version that exists is
    left alone unless it failed, then it is queued again (the page's "opnieuw
    proberen"). ``actor`` None is the system (closing the meeting)."""
    _check_actor(actor, meeting)
    Meeting.objects.select_for_update().filter(pk=meeting.pk).first()
    existing = {
        row.organisation_id: row
        for row in Minutes.objects.filter(meeting=meeting).defer("pdf")
    }
    queued: list[int] = []
    rows: list[Minutes] = []
    for organisation in [None, *minutes_organisations(meeting=meeting)]:
        key = organisation.pk if organisation is not None else None
        row = existing.get(key)
        if row is None:
            row = Minutes.objects.create(meeting=meeting, organisation=organisation)
            queued.append(row.pk)
        elif row.status == JobStatus.FAILED:
            _requeue(row, bump=False)
            queued.append(row.pk)
        rows.append(row)
    audit_record(
        actor=actor,
        action=Action.CREATE,
        obj=meeting,
        reason=f"verslag aangevraagd: {len(queued)} versies",
    )
    _enqueue(queued)
    return rows


@transaction.atomic
def minutes_after_correction(
    *, correction: Correction, actor: User | None
) -> list[int]:
    """A correction was recorded: every version that shows it gets a new version
    number and renders again (the full set always; for an item's correction the
    organisations that see the item, for a meeting-wide one every version).
    Versions that did not exist yet (an organisation that joined since) are made
    by ``minutes_request_all``. Returns the ids queued."""
    meeting = correction.meeting
    if meeting.status != MeetingStatus.CLOSED:
        return []
    minutes_request_all(meeting=meeting, actor=actor)
    rows = Minutes.objects.select_for_update().filter(meeting=meeting).defer("pdf")
    if correction.item_id is not None:
        seeing = [
            row.organisation_id
            for row in Minutes.objects.filter(
                meeting=meeting, organisation__isnull=False
            )
            .select_related("organisation")
            .defer("pdf")
            if row.organisation is not None
            and minutes_items(meeting=meeting, organisation=row.organisation)
            .filter(pk=correction.item_id)
            .exists()
        ]
        rows = rows.filter(Q(organisation__isnull=True) | Q(organisation_id__in=seeing))
    queued: list[int] = []
    for row in rows:
        _requeue(row, bump=True)
        queued.append(row.pk)
    audit_record(
        actor=actor,
        action=Action.UPDATE,
        obj=meeting,
        reason=f"correctie {correction.pk}: {len(queued)} verslagversies opnieuw",
    )
    _enqueue(queued)
    return queued


def _fail(minutes_id: int, version: int, message: str, *, final: bool) -> str:
    with transaction.atomic():
        row = (
            Minutes.objects.select_for_update()
            .defer("pdf")
            .filter(pk=minutes_id, version=version, status=JobStatus.RUNNING)
            .first()
        )
        if row is None:
            return "superseded"
        row.status = JobStatus.FAILED
        row.error = FAILED_FINAL if final else message
        row.save(update_fields=["status", "error"])
    return JobStatus.FAILED


def minutes_render(*, minutes_id: int) -> str:
    """Render one version (the worker): take it from queued to running under a
    lock, render outside the lock, store the PDF only if no correction bumped
    the version meanwhile. Returns the resulting status (or why it was skipped).
    Any error is recorded with a fixed Dutch message, never the exception's text
    (it could hold personal data); the log names only its type."""
    with transaction.atomic():
        row = (
            Minutes.objects.select_for_update(of=("self",))
            .defer("pdf")
            .select_related("organisation")
            .filter(pk=minutes_id)
            .first()
        )
        if row is None:
            return "missing"
        if row.status != JobStatus.QUEUED:
            return row.status
        row.status = JobStatus.RUNNING
        row.attempts += 1
        row.started_at = timezone.now()
        row.error = ""
        row.save(update_fields=["status", "attempts", "started_at", "error"])
        version, attempts = row.version, row.attempts
    final = attempts >= MAX_RENDER_ATTEMPTS
    if row.organisation is not None and not (
        Organisation.objects.convenant_valid().filter(pk=row.organisation.pk).exists()
    ):
        logger.warning("event=minutes_no_convenant id=%s", minutes_id)
        with transaction.atomic():
            Minutes.objects.filter(
                pk=minutes_id, version=version, status=JobStatus.RUNNING
            ).update(
                status=JobStatus.FAILED,
                error=NO_CONVENANT,
                attempts=MAX_RENDER_ATTEMPTS,
            )
        return JobStatus.FAILED
    try:
        pdf = minutes_pdf(minutes_html(minutes=row))
    except Exception as exc:  # noqa: BLE001 - recorded, swept again by beat
        logger.warning(
            "event=minutes_render_failed id=%s attempts=%d error=%s",
            minutes_id,
            attempts,
            type(exc).__name__,
        )
        return _fail(minutes_id, version, FAILED_RETRYING, final=final)
    with transaction.atomic():
        stored = (
            Minutes.objects.select_for_update()
            .defer("pdf")
            .filter(pk=minutes_id, version=version, status=JobStatus.RUNNING)
            .first()
        )
        if stored is None:
            # A correction came in while rendering; its own render follows.
            logger.info("event=minutes_render_superseded id=%s", minutes_id)
            return "superseded"
        stored.pdf = pdf
        stored.status = JobStatus.DONE
        stored.rendered_at = timezone.now()
        stored.save(update_fields=["pdf", "status", "rendered_at"])
        audit_record(
            actor=None,
            action=Action.CREATE,
            obj=stored,
            reason=f"verslag gemaakt, versie {version}",
        )
    logger.info(
        "event=minutes_rendered id=%s version=%d bytes=%d",
        minutes_id,
        version,
        len(pdf),
    )
    return JobStatus.DONE


@transaction.atomic
def minutes_sweep(*, now: datetime.datetime | None = None) -> list[int]:
    """Beat: queue again what failed (fewer than ``MAX_RENDER_ATTEMPTS``
    attempts, at least ``RETRY_AFTER`` ago) and what was lost (queued or running
    longer than ``LOST_AFTER``). Returns the ids queued."""
    now = now or timezone.now()
    lost_before = now - LOST_AFTER
    rows = (
        Minutes.objects.select_for_update(skip_locked=True)
        .defer("pdf")
        .filter(
            Q(
                status=JobStatus.FAILED,
                attempts__lt=MAX_RENDER_ATTEMPTS,
                started_at__lt=now - RETRY_AFTER,
            )
            | Q(status=JobStatus.QUEUED, requested_at__lt=lost_before)
            | Q(status=JobStatus.RUNNING, started_at__lt=lost_before)
        )
        .order_by("requested_at", "id")[:200]
    )
    queued: list[int] = []
    for row in rows:
        if row.status == JobStatus.RUNNING and row.attempts >= MAX_RENDER_ATTEMPTS:
            row.status = JobStatus.FAILED
            row.error = FAILED_FINAL
            row.save(update_fields=["status", "error"])
            continue
        if row.status == JobStatus.RUNNING:
            row.error = LOST
        row.status = JobStatus.QUEUED
        row.requested_at = now
        row.save(update_fields=["status", "requested_at", "error"])
        queued.append(row.pk)
    if queued:
        logger.info("event=minutes_swept count=%d", len(queued))
    _enqueue(queued)
    return queued


@transaction.atomic
def minutes_download(*, minutes: Minutes, actor: User) -> bytes:
    """The PDF of a version the actor may see (``minutes_get_visible``), audited
    as an export with the persons of the dossiers it covers (ids only). A
    version that is not ready is absent (404)."""
    # The caller's lookup is not trusted: another organisation's version, or the
    # full set for a partner, is the access layer's 404 here as well.
    if (
        not minutes_list_visible_to(user=actor, meeting=minutes.meeting)
        .filter(pk=minutes.pk)
        .exists()
    ):
        raise not_visible(actor, Minutes, minutes.pk)
    if minutes.status != JobStatus.DONE or not minutes.pdf:
        raise Http404
    audit_record(
        actor=actor,
        action=Action.EXPORT,
        obj=minutes,
        reason=f"verslag {minutes.organisation.slug if minutes.organisation else 'volledig'}"
        f" versie {minutes.version}",
        person_ids=minutes_person_ids(minutes=minutes),
    )
    return bytes(minutes.pdf)
