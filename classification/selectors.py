"""Reads of screening and classification.

The screening pages are the screening team's (``signals.screen_signal``, which the
access layer's principal holds only under a valid convenant); a hand-off is read
by the organisation it is addressed to.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, F, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit.constants import Action
from audit.services import audit_record
from classification.constants import ClassificationStatus, Phase
from classification.models import Classification, HandOff, Screening
from partners.access import may, not_visible, principal_for
from partners.models import Organisation, User
from signals.constants import Kind, Status
from signals.models import Dossier, Signal, screening_urgency

SCREEN = "signals.screen_signal"

# The werkvoorraad's age bands: how long a melding has waited.
AGE_BANDS: dict[str, tuple[Any, int | None, int | None]] = {
    "vandaag": (_("Minder dan een dag"), 0, 1),
    "week": (_("1 tot 7 dagen"), 1, 7),
    "ouder": (_("Langer dan 7 dagen"), 7, None),
}
# Phases a melding of the werkvoorraad can be in; "nieuw": nobody started.
OPEN_PHASES = (Phase.ONDERZOEKEN, Phase.VERIFIEREN, Phase.VASTSTELLEN)


def may_screen(user: User) -> bool:
    return may(user, SCREEN)


def dossier_colour(*, dossier: Dossier) -> str:
    """The dossier's colour: its latest confirmed classification ("" if none)."""
    return (
        Classification.objects.filter(
            dossier=dossier, status=ClassificationStatus.CONFIRMED
        )
        .order_by("-decided_at", "-id")
        .values_list("colour", flat=True)
        .first()
        or ""
    )


def routing_targets(
    kinds: list[str],
) -> tuple[dict[str, Organisation], list[str]]:
    """For each organisation kind, the region's organisation of that kind with a
    valid convenant (the first by name), and the kinds it lacks."""
    found: dict[str, Organisation] = {}
    for organisation in (
        Organisation.objects.convenant_valid()
        .filter(kind__in=kinds)
        .select_related("contact_person")
        .order_by("name")
    ):
        found.setdefault(organisation.kind, organisation)
    missing = [k for k in dict.fromkeys(kinds) if k not in found]
    return found, missing


def screening_worklist(
    *, user: User, filters: dict[str, str] | None = None
) -> QuerySet[Signal]:
    """The werkvoorraad: every melding not yet classified (no screening past
    vaststellen), urgent first, then the longest waiting. Trend signals are no
    meldingen about a person and are not screened. Each row carries its screening
    (phase, taken_by) and whether a colour proposal waits, in the same query.

    "Not yet classified" is the stored flag ``Signal.screening_open``: true when
    a melding is entered, cleared by ``services._set_signal_status`` in the
    UPDATE that makes the melding classified or closed, which every service that
    moves a screening past vaststellen does. The list reads only those rows, in
    the order of the partial index ``signal_screening_worklist``, so its cost
    follows the open meldingen, not every signal ever entered (an anti-join on
    the screenings read all of them: 363/482 ms p50/p95 at 100k signals).
    ``tests/classification/test_worklist.py`` holds the flag to the phases."""
    if not may_screen(user):
        return Signal.objects.none()
    filters = filters or {}
    pending = Classification.objects.filter(
        signal=OuterRef("pk"), status=ClassificationStatus.PENDING
    )
    signals = (
        # The partial index's condition, written as it is (screening_open and
        # not trend), so that PostgreSQL can prove the index covers the query.
        Signal.objects.filter(screening_open=True)
        .exclude(kind=Kind.TREND)
        .annotate(urgency=screening_urgency(), proposal_pending=Exists(pending))
        .select_related("organisation", "screening", "screening__taken_by")
        .order_by("urgency", "received_at", "id")
    )
    kind = filters.get("soort", "")
    if kind in (Kind.REGULAR, Kind.URGENT):
        signals = signals.filter(kind=kind)
    source = filters.get("bron", "")
    if source:
        signals = signals.filter(source=source)
    band = AGE_BANDS.get(filters.get("wachttijd", ""))
    if band is not None:
        now = timezone.now()
        _label, low, high = band
        if low:
            signals = signals.filter(
                received_at__lte=now - datetime.timedelta(days=low)
            )
        if high is not None:
            signals = signals.filter(
                received_at__gt=now - datetime.timedelta(days=high)
            )
    phase = filters.get("fase", "")
    if phase == "nieuw":
        # Nobody started: the melding is still "Ontvangen" (taking it or working
        # on a phase makes it "In screening" in the same transaction). Read on the
        # signal row; a filter on the absent screening row makes PostgreSQL, which
        # expects nearly every signal to have one, hash all screenings instead.
        signals = signals.filter(status=Status.RECEIVED)
    elif phase in OPEN_PHASES:
        signals = signals.filter(screening__phase=phase)
    return signals


def screening_start_items(*, user: User, limit: int) -> list[Signal]:
    """The first ``limit`` meldingen of the werkvoorraad, for the screener's start
    page (empty for anyone else)."""
    return list(screening_worklist(user=user)[:limit])


@dataclass
class ScreeningPage:
    signal: Signal
    screening: Screening | None
    steps: list[Any]
    dossiers: list[Dossier]
    dossier: Dossier | None
    colour: str
    history: list[Classification]
    pending: Classification | None
    hand_offs: list[HandOff]
    # Dossiers about a person this melding names (confirmed mentions) that the
    # melding could join at vaststellen.
    candidates: QuerySet[Dossier]


def screening_page(*, user: User, uuid: Any) -> ScreeningPage:
    """Everything the melding's screening page shows; a 404 for anyone outside
    the screening team. The read is audited with the persons it names."""
    if not may_screen(user):
        raise not_visible(user, Signal, uuid)
    try:
        signal = Signal.objects.select_related("organisation").get(uuid=uuid)
    except (Signal.DoesNotExist, ValueError) as exc:
        raise not_visible(user, Signal, uuid) from exc
    screening = (
        Screening.objects.select_related("taken_by").filter(signal=signal).first()
    )
    steps = (
        list(screening.steps.select_related("by").prefetch_related("partners_asked"))
        if screening
        else []
    )
    dossiers = list(signal.dossiers.order_by("-updated_at"))
    dossier = dossiers[0] if dossiers else None
    history: list[Classification] = []
    hand_offs: list[HandOff] = []
    if dossier is not None:
        history = list(
            Classification.objects.filter(dossier=dossier).select_related(
                "decided_by", "confirmed_by"
            )
        )
        hand_offs = list(
            HandOff.objects.filter(dossier=dossier).select_related(
                "to_organisation", "acknowledged_by"
            )
        )
    colour = next(
        (c.colour for c in history if c.status == ClassificationStatus.CONFIRMED), ""
    )
    pending = next(
        (c for c in history if c.status == ClassificationStatus.PENDING), None
    )
    audit_record(
        actor=user,
        action=Action.READ,
        obj=signal,
        reason="screening",
        person_ids=list(
            signal.persons.filter(person__isnull=False).values_list(
                "person_id", flat=True
            )
        ),
    )
    candidates = (
        Dossier.objects.filter(
            persons__in=signal.persons.filter(person__isnull=False).values("person_id")
        )
        .exclude(pk__in=[d.pk for d in dossiers])
        .distinct()
        .order_by("-updated_at")
    )
    return ScreeningPage(
        signal,
        screening,
        steps,
        dossiers,
        dossier,
        colour,
        history,
        pending,
        hand_offs,
        candidates,
    )


def classification_get_pending(*, user: User, classification_id: int) -> Classification:
    """A pending colour proposal, for the screening team; else a 404."""
    if not may_screen(user):
        raise not_visible(user, Classification, classification_id)
    try:
        return Classification.objects.select_related("dossier", "signal").get(
            pk=classification_id, status=ClassificationStatus.PENDING
        )
    except (Classification.DoesNotExist, ValueError) as exc:
        raise not_visible(user, Classification, classification_id) from exc


def _own_hand_offs(user: User) -> QuerySet[HandOff]:
    principal = principal_for(user)
    if (
        principal is None
        or principal.group_id is None
        or not principal.has_permission("classification.view_handoff")
    ):
        return HandOff.objects.none()
    return HandOff.objects.filter(to_organisation_id=principal.organisation_id)


def hand_offs_for(*, user: User) -> QuerySet[HandOff]:
    """The hand-offs addressed to the user's organisation, open ones first."""
    return (
        _own_hand_offs(user)
        .select_related(
            "dossier", "classification", "perpetrator_decision", "acknowledged_by"
        )
        .order_by(F("acknowledged_at").desc(nulls_first=True), "-created_at", "-id")
    )


def hand_off_get(*, user: User, hand_off_id: int) -> HandOff:
    """One hand-off of the user's organisation; anything else is a 404."""
    try:
        return _own_hand_offs(user).get(pk=hand_off_id)
    except (HandOff.DoesNotExist, ValueError) as exc:
        raise not_visible(user, HandOff, hand_off_id) from exc
