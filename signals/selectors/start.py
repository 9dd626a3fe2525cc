"""What waits for whom: the signals app's sections of the start page per role.

Each reader answers None when the user may not do that work at all (so the start
page leaves the section out), else a short list and its size counted up to a cap.
A fixed number of queries each, whatever the size of the region. No reader shows
a person, so their audit entries name none (``person_ids``).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from audit.constants import Action
from audit.models import AuditEvent
from audit.services import audit_record
from partners.access import may, principal_for
from partners.models import User
from signals.constants import (
    ENRICHMENT_DUE_DAYS,
    DossierStatus,
    EnrichmentStatus,
    Kind,
    Status,
)
from signals.models import Dossier, EnrichmentRequest, Signal
from signals.selectors.dossier import dossier_sees_all, enrichment_inbox

T = TypeVar("T")

# Rows a start-page section shows; the page links to the full list for more.
START_ROWS = 8
# Counted up to this many, then "meer dan".
START_COUNT_CAP = 99


@dataclass(frozen=True)
class Waiting(Generic[T]):
    rows: list[T]
    # Counted up to START_COUNT_CAP + 1.
    total: int

    @property
    def capped(self) -> bool:
        return self.total > START_COUNT_CAP

    @property
    def more(self) -> bool:
        return self.total > len(self.rows)


def _waiting(queryset: QuerySet[Any], rows: int) -> Waiting[Any]:
    shown = list(queryset[:rows])
    if len(shown) < rows:
        return Waiting(rows=shown, total=len(shown))
    total = queryset.order_by()[: START_COUNT_CAP + 1].count()
    return Waiting(rows=shown, total=total)


def _days_since(moment: datetime.datetime, today: datetime.date) -> int:
    return max(0, (today - timezone.localtime(moment).date()).days)


def _listed(user: User, object_type: str, reason: str) -> None:
    audit_record(actor=user, action=Action.LIST, object_type=object_type, reason=reason)


def signals_waiting_for_screening(
    *, user: User, rows: int = START_ROWS
) -> Waiting[Signal] | None:
    """The screening team's meldingen not yet in a dossier, oldest first, each
    with ``waiting_days``. Trend signals name nobody and go to the ketenregisseur;
    a signal already classified or closed waits for nobody."""
    if not may(user, "signals.screen_signal"):
        return None
    queryset = (
        Signal.objects.filter(in_dossier=False)
        .exclude(kind=Kind.TREND)
        .exclude(status__in=[Status.CLASSIFIED, Status.CLOSED])
        .select_related("organisation")
        .order_by("received_at", "id")
    )
    waiting = _waiting(queryset, rows)
    today = timezone.localdate()
    for signal in waiting.rows:
        signal.waiting_days = _days_since(signal.received_at, today)
    _listed(user, "signals.signal", "startpagina: meldingen die wachten op screening")
    return waiting


def signals_own_recent(*, user: User, rows: int = 5) -> Waiting[Signal] | None:
    """The signals the user's organisation entered, newest first, with their
    status and whether they lie in a dossier."""
    principal = principal_for(user)
    if principal is None or not may(user, "signals.add_signal"):
        return None
    queryset = Signal.objects.filter(
        organisation_id=principal.organisation_id
    ).order_by("-received_at", "-id")
    waiting = _waiting(queryset, rows)
    _listed(user, "signals.signal", "startpagina: eigen signalen")
    return waiting


def questions_to_answer(
    *, user: User, rows: int = START_ROWS
) -> Waiting[EnrichmentRequest] | None:
    """The open questions put to the user's organisation, oldest first: what its
    vaste contactpersoon must answer (the Veredelen inbox)."""
    if not may(user, "signals.change_enrichmentrequest"):
        return None
    queryset = (
        enrichment_inbox(user=user)
        .filter(status=EnrichmentStatus.OPEN)
        .order_by("asked_at", "id")
    )
    waiting = _waiting(queryset, rows)
    today = timezone.localdate()
    for question in waiting.rows:
        question.open_days = _days_since(question.asked_at, today)
    _listed(user, "signals.enrichmentrequest", "startpagina: vragen aan organisatie")
    return waiting


def dossiers_ready(*, user: User, rows: int = START_ROWS) -> Waiting[Dossier] | None:
    """For the ketenregisseur: dossiers whose partners were asked and have all
    answered (or said they know nothing), last changed first — ready to weigh for
    the casusoverleg (docs/domain.md section 5). A dossier nobody was asked about
    is not veredeld yet, so it is not listed."""
    if not dossier_sees_all(user) or not may(user, "signals.add_enrichmentrequest"):
        return None
    asked = EnrichmentRequest.objects.filter(dossier=OuterRef("pk"))
    queryset = (
        Dossier.objects.filter(Exists(asked))
        .exclude(Exists(asked.filter(status=EnrichmentStatus.OPEN)))
        .exclude(status=DossierStatus.AFGESLOTEN)
        .select_related("organisation")
        .order_by("-updated_at", "-id")
    )
    waiting = _waiting(queryset, rows)
    _listed(user, "signals.dossier", "startpagina: dossiers klaar voor weging")
    return waiting


def questions_overdue(
    *, user: User, rows: int = START_ROWS, due_days: int = ENRICHMENT_DUE_DAYS
) -> Waiting[EnrichmentRequest] | None:
    """For the ketenregisseur: questions open longer than ``due_days``, oldest
    first, with the organisation that has not answered."""
    if not dossier_sees_all(user) or not may(user, "signals.add_enrichmentrequest"):
        return None
    due = timezone.now() - datetime.timedelta(days=due_days)
    queryset = (
        EnrichmentRequest.objects.filter(status=EnrichmentStatus.OPEN, asked_at__lt=due)
        .select_related("dossier", "organisation")
        .order_by("asked_at", "id")
    )
    waiting = _waiting(queryset, rows)
    today = timezone.localdate()
    for question in waiting.rows:
        question.open_days = _days_since(question.asked_at, today)
    _listed(user, "signals.enrichmentrequest", "startpagina: vragen over de termijn")
    return waiting


# The audit entries the readers check writes (signals.tasks.verify_signal_audience
# and manage.py signal_audience --rebuild).
AUDIENCE_OBJECT_TYPE = "signals.signalaudience"


def audience_check_latest(*, user: User) -> AuditEvent | None | bool:
    """The last repair or rebuild of the stored readers that the audit trail holds,
    for the functioneel beheerder; None if there is none, False if the user may
    not read the trail. A check that found no difference stores nothing, so no
    entry does not mean the check never ran, nor that it did."""
    if not may(user, "audit.view_auditevent"):
        return False
    return (
        AuditEvent.objects.filter(object_type=AUDIENCE_OBJECT_TYPE)
        .order_by("-at", "-id")
        .first()
    )
