"""The agenda of a casusoverleg: what the builder proposes, and the agenda page.

The agenda is the ketenregisseur's and the voorbereidingsteam's (screening team)
work: only they open it (``meeting_sees_all``); anyone else gets the 404 of an
object that does not exist, whatever meeting they may see elsewhere.

What the builder proposes (``agenda_candidates``), each read in SQL for every
dossier at once:

* oranje and rood dossiers (the latest confirmed classification) whose
  enrichment is complete (``signals.selectors.dossier.dossier_ready_for_casusoverleg``:
  at least one question and none open) and that were never discussed
  (``COLOUR_READY``); a dossier already discussed comes back by re-review;
* dossiers with an intervention past its deadline and not finished (``OVERDUE``);
* dossiers with an unfinished intervention of an earlier meeting
  (``CARRIED_OVER``; ``UNFINISHED_STATUSES``, the page shows each status and the
  reason its organisation gave);
* oranje and rood dossiers last discussed (an accepted item of a closed meeting)
  more than ``REREVIEW_AFTER_DAYS`` ago (``REREVIEW``);
* trend signals received since the previous meeting (``ItemKind.TREND`` items);
* signals handled bilaterally (``Signal.bilateral``) since the previous meeting.
  A signal has no separate consent flag: **the owner's sharing choice is the
  consent**. Only a signal its owner shares with every participant of the dossier
  (``Sharing.PARTICIPANTS``) is proposed; one shared with ticked organisations
  only, or withheld from some (opsporingsbelang), is not put before the table.
  A bilateral signal in a dossier proposes that dossier; one without a dossier
  becomes an ``ItemKind.BILATERAL`` item of its own.

"Since the previous meeting" is since the start of the latest meeting before this
one; without one, the last ``REREVIEW_AFTER_DAYS`` days. A dossier discussed within
``REPEAT_WINDOW_DAYS`` is marked as a repeat.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import Exists, Max, OuterRef, Q, QuerySet
from django.utils import timezone

from audit.constants import Action
from audit.services import audit_record
from casusoverleg.constants import (
    REPEAT_WINDOW_DAYS,
    REREVIEW_AFTER_DAYS,
    UNFINISHED_STATUSES,
    InterventionStatus,
    ItemReason,
    ItemStatus,
    MeetingStatus,
)
from casusoverleg.models import (
    AgendaBuild,
    AgendaItem,
    Intervention,
    ItemInvitation,
    Meeting,
)
from casusoverleg.selectors import meeting_sees_all
from classification.constants import ClassificationStatus, Colour
from classification.models import Classification
from partners.access import may, not_visible
from partners.constants import Ring
from partners.models import Organisation, User
from signals.constants import DossierStatus, EnrichmentStatus, Kind, PersonRole, Sharing
from signals.models import (
    Dossier,
    DossierPerson,
    DossierSignal,
    EnrichmentRequest,
    Signal,
    dossier_reference,
)

CASE_COLOURS = (Colour.ORANJE, Colour.ROOD)
# The roles a case ideally covers (docs/domain.md section 7).
CASE_ROLES = (PersonRole.VICTIM, PersonRole.PERPETRATOR, PersonRole.FACILITATOR)
# The not-ready list shows this many dossiers (and says when there are more).
NOT_READY_LIMIT = 100


# --- the builder's reads (no user: the task runs them for the meeting) -------------


def no_jit() -> None:
    """Switch PostgreSQL's JIT off for the rest of this transaction.

    The builder's and the not-ready list's reads over every oranje/rood dossier
    are estimated above ``jit_above_cost`` (the anti-joins on the colour history
    and the enrichment subplans), and at 100k dossiers compiling them took 0.2 to
    6 seconds where running them takes tens of milliseconds
    (benchmarks/casusoverleg_agenda_bench.py). ``SET LOCAL`` ends with the
    transaction (a page request is one, ATOMIC_REQUESTS; the task opens one)."""
    if connection.vendor == "postgresql" and connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL jit = off")


def latest_colour_q() -> Q:
    """On ``Classification``: the latest confirmed row of its dossier (by decision
    time, then id, as ``classification.selectors.dossier_colour``). A NOT EXISTS
    on the (dossier, status, decided_at) index, so it works on SQLite as well."""
    newer = Classification.objects.filter(
        dossier_id=OuterRef("dossier_id"), status=ClassificationStatus.CONFIRMED
    ).filter(
        Q(decided_at__gt=OuterRef("decided_at"))
        | Q(decided_at=OuterRef("decided_at"), pk__gt=OuterRef("pk"))
    )
    return Q(status=ClassificationStatus.CONFIRMED) & ~Q(Exists(newer))


def case_colours() -> QuerySet[Classification]:
    """The latest confirmed classification of every open oranje or rood dossier."""
    return Classification.objects.filter(
        latest_colour_q(), colour__in=CASE_COLOURS
    ).exclude(dossier__status=DossierStatus.AFGESLOTEN)


def colours_of(dossier_ids: list[int]) -> dict[int, str]:
    """The colour of each of these dossiers (absent: none yet), in one query."""
    if not dossier_ids:
        return {}
    return dict(
        Classification.objects.filter(
            latest_colour_q(), dossier_id__in=dossier_ids
        ).values_list("dossier_id", "colour")
    )


def _asked_q() -> Any:
    return Exists(EnrichmentRequest.objects.filter(dossier_id=OuterRef("dossier_id")))


def _open_q() -> Any:
    return Exists(
        EnrichmentRequest.objects.filter(
            dossier_id=OuterRef("dossier_id"), status=EnrichmentStatus.OPEN
        )
    )


def _discussed(meeting: Meeting) -> QuerySet[AgendaItem]:
    """The accepted items of closed meetings other than this one: what was
    discussed."""
    return AgendaItem.objects.filter(
        status=ItemStatus.ACCEPTED,
        meeting__status=MeetingStatus.CLOSED,
        dossier__isnull=False,
    ).exclude(meeting_id=meeting.pk)


def previous_meeting_start(meeting: Meeting) -> datetime.datetime:
    """Since when "since the previous meeting" counts."""
    previous = (
        Meeting.objects.filter(starts_at__lt=meeting.starts_at)
        .exclude(pk=meeting.pk)
        .order_by("-starts_at")
        .values_list("starts_at", flat=True)
        .first()
    )
    return previous or meeting.starts_at - datetime.timedelta(days=REREVIEW_AFTER_DAYS)


@dataclass
class Candidates:
    """What the builder proposes: per dossier its reasons, and signal items."""

    dossiers: dict[int, list[str]] = field(default_factory=dict)
    colours: dict[int, str] = field(default_factory=dict)
    trend_signals: list[int] = field(default_factory=list)
    bilateral_signals: list[int] = field(default_factory=list)

    def add(self, dossier_id: int, reason: str) -> None:
        reasons = self.dossiers.setdefault(dossier_id, [])
        if reason not in reasons:
            reasons.append(reason)


def agenda_candidates(*, meeting: Meeting) -> Candidates:
    """Everything the builder proposes for ``meeting`` (see the module docstring),
    in a fixed number of queries whatever the number of dossiers."""
    no_jit()
    now = timezone.now()
    today = timezone.localdate()
    found = Candidates()
    rereview_before = now - datetime.timedelta(days=REREVIEW_AFTER_DAYS)
    discussed = _discussed(meeting)
    # Two plain queries the planner turns into (anti-)joins: never discussed and
    # enrichment complete; and last discussed before the re-review date.
    fresh = (
        case_colours()
        .filter(_asked_q(), ~_open_q())
        .exclude(Exists(discussed.filter(dossier_id=OuterRef("dossier_id"))))
        .order_by("dossier_id")
        .values_list("dossier_id", "colour")
    )
    for dossier_id, colour in fresh:
        found.add(dossier_id, ItemReason.COLOUR_READY)
        found.colours[dossier_id] = colour
    stale = (
        discussed.values("dossier_id")
        .annotate(last=Max("meeting__starts_at"))
        .filter(last__lt=rereview_before)
        .values("dossier_id")
    )
    for dossier_id, colour in (
        case_colours()
        .filter(dossier_id__in=stale)
        .order_by("dossier_id")
        .values_list("dossier_id", "colour")
    ):
        found.add(dossier_id, ItemReason.REREVIEW)
        found.colours[dossier_id] = colour
    unfinished = Intervention.objects.exclude(dossier__status=DossierStatus.AFGESLOTEN)
    for dossier_id in (
        unfinished.filter(
            deadline__lt=today,
            status__in=[InterventionStatus.OPEN, InterventionStatus.IN_PROGRESS],
        )
        .values_list("dossier_id", flat=True)
        .distinct()
        .order_by("dossier_id")
    ):
        found.add(dossier_id, ItemReason.OVERDUE)
    for dossier_id in (
        unfinished.filter(
            status__in=UNFINISHED_STATUSES,
            item__meeting__starts_at__lt=meeting.starts_at,
        )
        .exclude(item__meeting_id=meeting.pk)
        .values_list("dossier_id", flat=True)
        .distinct()
        .order_by("dossier_id")
    ):
        found.add(dossier_id, ItemReason.CARRIED_OVER)
    since = previous_meeting_start(meeting)
    recent = Signal.objects.filter(
        received_at__gte=since, withdrawn_at__isnull=True
    ).order_by("received_at", "id")
    found.trend_signals = list(
        recent.filter(kind=Kind.TREND).values_list("pk", flat=True)
    )
    bilateral = recent.filter(bilateral=True, sharing=Sharing.PARTICIPANTS).exclude(
        kind=Kind.TREND
    )
    in_dossier = list(
        DossierSignal.objects.filter(signal__in=bilateral)
        .exclude(dossier__status=DossierStatus.AFGESLOTEN)
        .order_by("dossier_id")
        .values_list("dossier_id", "signal_id")
    )
    for dossier_id, _signal_id in in_dossier:
        found.add(dossier_id, ItemReason.BILATERAL)
    placed = {signal_id for _d, signal_id in in_dossier}
    found.bilateral_signals = [
        pk
        for pk in bilateral.exclude(
            Exists(DossierSignal.objects.filter(signal_id=OuterRef("pk")))
        ).values_list("pk", flat=True)
        if pk not in placed
    ]
    missing = [pk for pk in found.dossiers if pk not in found.colours]
    found.colours.update(colours_of(missing))
    return found


def repeat_dossiers(*, meeting: Meeting, dossier_ids: list[int]) -> set[int]:
    """The dossiers among ``dossier_ids`` discussed (an accepted item of a closed
    meeting other than this one) within ``REPEAT_WINDOW_DAYS``."""
    if not dossier_ids:
        return set()
    since = timezone.now() - datetime.timedelta(days=REPEAT_WINDOW_DAYS)
    return set(
        AgendaItem.objects.filter(
            dossier_id__in=dossier_ids,
            status=ItemStatus.ACCEPTED,
            meeting__status=MeetingStatus.CLOSED,
            meeting__starts_at__gte=since,
        )
        .exclude(meeting_id=meeting.pk)
        .values_list("dossier_id", flat=True)
    )


# --- the pages ---------------------------------------------------------------------


def may_build_agenda(user: User) -> bool:
    """The ketenregisseur composes the agenda (accept, remove, order, invite)."""
    return may(user, "casusoverleg.add_agendaitem") and meeting_sees_all(user)


def may_edit_sketch(user: User) -> bool:
    """The voorbereidingsteam (screener) and the ketenregisseur write sketches."""
    return may(user, "casusoverleg.change_agendaitem") and meeting_sees_all(user)


def agenda_meeting_get(*, user: User, meeting_uuid: Any) -> Meeting:
    """The meeting whose agenda ``user`` may open: only the ketenregisseur and the
    voorbereidingsteam; anyone else gets the 404 of the access layer."""
    if not meeting_sees_all(user):
        raise not_visible(user, Meeting, meeting_uuid)
    try:
        return Meeting.objects.select_related("chair").get(uuid=meeting_uuid)
    except (Meeting.DoesNotExist, ValueError) as exc:
        raise not_visible(user, Meeting, meeting_uuid) from exc


def agenda_item_get(*, user: User, meeting: Meeting, item_id: Any) -> AgendaItem:
    """One item of a meeting whose agenda ``user`` may open, else a 404."""
    if not meeting_sees_all(user):
        raise not_visible(user, AgendaItem, item_id)
    try:
        return AgendaItem.objects.select_related("dossier", "signal", "meeting").get(
            meeting=meeting, pk=item_id
        )
    except (AgendaItem.DoesNotExist, ValueError) as exc:
        raise not_visible(user, AgendaItem, item_id) from exc


@dataclass
class CarriedOver:
    description: str
    responsible: str
    status: str
    status_label: str
    reason: str
    deadline: datetime.date


@dataclass
class ItemRow:
    item: AgendaItem
    colour: str
    reasons: list[str]
    roles: list[tuple[str, str, bool]]
    carried_over: list[CarriedOver]
    invitations: list[ItemInvitation]
    # The page's form for the planned duration (set by the view).
    duration_form: Any = None

    @property
    def label(self) -> str:
        if self.item.dossier is not None:
            return self.item.dossier.reference
        if self.item.signal is not None:
            return self.item.signal.reference
        return self.item.title


@dataclass
class NotReady:
    dossier_id: int
    reference: str
    uuid: Any
    colour: str
    waiting_for: list[str]


@dataclass
class AgendaPage:
    meeting: Meeting
    build: AgendaBuild | None
    accepted: list[ItemRow]
    proposed: list[ItemRow]
    removed: list[ItemRow]
    not_ready: list[NotReady]
    not_ready_more: bool
    total_minutes: int

    @property
    def editable(self) -> bool:
        return self.meeting.status != MeetingStatus.CLOSED

    @property
    def sketch_open(self) -> bool:
        return self.meeting.status == MeetingStatus.PLANNED


def latest_build(meeting: Meeting) -> AgendaBuild | None:
    return (
        AgendaBuild.objects.filter(meeting=meeting)
        .order_by("-requested_at", "-id")
        .first()
    )


def _rows(meeting: Meeting, items: list[AgendaItem]) -> list[ItemRow]:
    dossier_ids = [i.dossier_id for i in items if i.dossier_id is not None]
    colours = colours_of(dossier_ids)
    roles: dict[int, set[str]] = defaultdict(set)
    for dossier_id, role in (
        DossierPerson.objects.filter(dossier_id__in=dossier_ids)
        .values_list("dossier_id", "role")
        .distinct()
    ):
        roles[dossier_id].add(role)
    carried: dict[int, list[CarriedOver]] = defaultdict(list)
    if dossier_ids:
        for intervention in (
            Intervention.objects.filter(
                dossier_id__in=dossier_ids,
                status__in=UNFINISHED_STATUSES,
                item__meeting__starts_at__lt=meeting.starts_at,
            )
            .exclude(item__meeting_id=meeting.pk)
            .select_related("responsible")
            .order_by("deadline", "order", "id")
        ):
            carried[intervention.dossier_id].append(
                CarriedOver(
                    description=intervention.description,
                    responsible=intervention.responsible.name,
                    status=intervention.status,
                    status_label=str(InterventionStatus(intervention.status).label),
                    reason=intervention.status_reason,
                    deadline=intervention.deadline,
                )
            )
    invitations: dict[int, list[ItemInvitation]] = defaultdict(list)
    for invitation in (
        ItemInvitation.objects.filter(
            item__in=[i.pk for i in items], withdrawn_at__isnull=True
        )
        .select_related("organisation")
        .order_by("organisation__name")
    ):
        invitations[invitation.item_id].append(invitation)
    rows = []
    for item in items:
        present = roles.get(item.dossier_id or 0, set())
        rows.append(
            ItemRow(
                item=item,
                colour=colours.get(item.dossier_id or 0, ""),
                reasons=[
                    str(ItemReason(r).label)
                    for r in item.reasons
                    if r in ItemReason.values
                ],
                roles=[
                    (role.value, str(role.label), role.value in present)
                    for role in CASE_ROLES
                ],
                carried_over=carried.get(item.dossier_id or 0, []),
                invitations=invitations.get(item.pk, []),
            )
        )
    return rows


def not_ready_dossiers(*, meeting: Meeting) -> tuple[list[NotReady], bool]:
    """Oranje and rood dossiers whose enrichment is still open (or never asked),
    not on this agenda, with the organisations that have not answered."""
    no_jit()
    rows = list(
        case_colours()
        .filter(~_asked_q() | _open_q())
        .exclude(
            Exists(
                AgendaItem.objects.filter(
                    meeting=meeting, dossier_id=OuterRef("dossier_id")
                ).exclude(status=ItemStatus.REMOVED)
            )
        )
        .order_by("-decided_at", "-id")
        .values_list("dossier_id", "colour", "dossier__uuid", "dossier__created_at")[
            : NOT_READY_LIMIT + 1
        ]
    )
    more = len(rows) > NOT_READY_LIMIT
    rows = rows[:NOT_READY_LIMIT]
    waiting: dict[int, list[str]] = defaultdict(list)
    for dossier_id, name in (
        EnrichmentRequest.objects.filter(
            dossier_id__in=[r[0] for r in rows], status=EnrichmentStatus.OPEN
        )
        .order_by("organisation__name")
        .values_list("dossier_id", "organisation__name")
        .distinct()
    ):
        waiting[dossier_id].append(name)
    return [
        NotReady(
            dossier_id=pk,
            reference=dossier_reference(pk, created_at),
            uuid=uuid,
            colour=colour,
            waiting_for=waiting.get(pk, []),
        )
        for pk, colour, uuid, created_at in rows
    ], more


def agenda_page(*, user: User, meeting_uuid: Any) -> AgendaPage:
    """The agenda page: the latest build, the items by status in agenda order, the
    not-ready list and the total planned time of the accepted items. Audited as a
    read of the meeting (it shows references and roles, no names)."""
    meeting = agenda_meeting_get(user=user, meeting_uuid=meeting_uuid)
    items = list(
        AgendaItem.objects.filter(meeting=meeting)
        .select_related("dossier", "signal")
        .order_by("position", "id")
    )
    rows = _rows(meeting, items)
    not_ready, more = not_ready_dossiers(meeting=meeting)
    accepted = [r for r in rows if r.item.status == ItemStatus.ACCEPTED]
    audit_record(actor=user, action=Action.READ, obj=meeting, reason="agenda")
    return AgendaPage(
        meeting=meeting,
        build=latest_build(meeting),
        accepted=accepted,
        proposed=[r for r in rows if r.item.status == ItemStatus.PROPOSED],
        removed=[r for r in rows if r.item.status == ItemStatus.REMOVED],
        not_ready=not_ready,
        not_ready_more=more,
        total_minutes=sum(r.item.planned_minutes for r in accepted),
    )


def agenda_build_status(
    *, user: User, meeting_uuid: Any
) -> tuple[Meeting, AgendaBuild | None]:
    """The builder's progress for the page's polling."""
    meeting = agenda_meeting_get(user=user, meeting_uuid=meeting_uuid)
    return meeting, latest_build(meeting)


def agenda_item_page(*, user: User, meeting: Meeting, item_id: Any) -> ItemRow:
    """One item with its sketch, roles, carried-over interventions and
    invitations; the read is audited (the sketch is personal data)."""
    item = agenda_item_get(user=user, meeting=meeting, item_id=item_id)
    [row] = _rows(meeting, [item])
    audit_record(actor=user, action=Action.READ, obj=item)
    return row


def invitable_organisations(*, item: AgendaItem) -> QuerySet[Organisation]:
    """Flexibele-schil organisations with a valid convenant not yet invited to
    the item."""
    invited = ItemInvitation.objects.filter(
        item=item, withdrawn_at__isnull=True
    ).values("organisation_id")
    return (
        Organisation.objects.convenant_valid()
        .filter(ring=Ring.FLEXIBELE_SCHIL)
        .exclude(pk__in=invited)
        .order_by("name")
    )


def dossier_by_reference(reference: str) -> Dossier | None:
    """The dossier a DOS-<year>-<number> reference names, or None."""
    parts = reference.strip().upper().split("-")
    if (
        len(parts) != 3
        or parts[0] != "DOS"
        or not parts[1].isdigit()
        or not parts[2].isdigit()
    ):
        return None
    dossier = Dossier.objects.filter(pk=int(parts[2])).first()
    if dossier is None or dossier.created_at.year != int(parts[1]):
        return None
    return dossier
