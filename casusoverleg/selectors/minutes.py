"""The minutes (verslag) of a closed casusoverleg: what each version holds, and
who may see which version (docs/domain.md sections 7 and 9).

Two versions exist of every closed meeting: the **full set** (``organisation``
empty) for the chair and the ketenregisseur, and one per organisation that sees
at least one item. What an organisation's version holds is decided here, once,
and only from the rules that already exist:

* its items are those the organisation may see as a partner
  (``casusoverleg.selectors.organisation_sees_item_q``: accepted, its group
  holds the dossier's view grant); items are numbered within the version, so
  the numbering does not betray how many there were;
* inside them, only the contributions shared with it
  (``signals.selectors.sharing.reaches_q``, the one sharing rule): a withheld
  contribution leaves no heading, count or name;
* share less (threat model 5, tipping off): the OM's feedback (yes / no / not
  yet) and interventions of the criminal-justice kinds go to the kernteam only,
  unless the organisation is itself responsible for the intervention; person
  names are those of the organisation's own people and the chair, every other
  person is shown by organisation; no sketch (it may quote contributions the
  reader may not see) and no person of a dossier by name: items are shown by
  their title and dossier reference;
* the cover lists the attendance of the kernteam, of the organisation itself and
  of organisations that take part in one of its items.

The document is built in a fixed number of queries, whatever the size of the
meeting (``benchmarks/casusoverleg_minutes_bench.py``).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, QuerySet

from casusoverleg.constants import (
    UNFINISHED_STATUSES,
    AttendanceKind,
    InterventionKind,
    ItemStatus,
)
from casusoverleg.models import (
    AgendaItem,
    Attendance,
    Correction,
    Decision,
    Intervention,
    ItemContribution,
    Meeting,
    Minutes,
)
from casusoverleg.selectors import organisation_sees_item_q
from partners.access import may, not_visible, permission_id, principal_for
from partners.constants import Ring
from partners.models import Organisation, User
from signals.models import DossierGroupObjectPermission, DossierPerson
from signals.selectors.sharing import reaches_q

# Interventions a flexibele-schil organisation's version leaves out unless it is
# responsible for them itself: knowing of them could tip off a suspect.
CRIMINAL_JUSTICE_KINDS = frozenset(
    {InterventionKind.OPSPORING, InterventionKind.VERDACHTEN}
)


# --- who may see which version -------------------------------------------------


def minutes_sees_every_version(*, user: User, meeting: Meeting) -> bool:
    """The ketenregisseur, and the meeting's chair: the full set and every
    organisation's version."""
    if may(user, "casusoverleg.change_minutes"):
        return True
    return meeting.chair_id == user.pk and may(user, "casusoverleg.view_meeting")


def minutes_list_visible_to(*, user: User, meeting: Meeting) -> QuerySet[Minutes]:
    """The versions of ``meeting``'s minutes ``user`` may follow and download,
    without their PDFs: every version for the ketenregisseur and the chair, else
    only the user's own organisation's. Nothing without a valid convenant."""
    rows = (
        Minutes.objects.filter(meeting=meeting)
        .defer("pdf")
        .select_related("organisation")
        .order_by("organisation__name", "id")
    )
    if minutes_sees_every_version(user=user, meeting=meeting):
        return rows
    principal = principal_for(user)
    if (
        principal is None
        or principal.group_id is None
        or not may(user, "casusoverleg.view_minutes")
    ):
        return Minutes.objects.none()
    return rows.filter(organisation_id=principal.organisation_id)


def minutes_get_visible(*, user: User, meeting: Meeting, minutes_id: Any) -> Minutes:
    """One version ``user`` may download (with its PDF), else the access layer's
    404, audited as a denied attempt."""
    try:
        return (
            minutes_list_visible_to(user=user, meeting=meeting)
            .defer(None)
            .get(pk=minutes_id)
        )
    except (Minutes.DoesNotExist, ValueError, TypeError) as exc:
        raise not_visible(user, Minutes, minutes_id) from exc


# --- what a version holds -----------------------------------------------------


def minutes_items(
    *, meeting: Meeting, organisation: Organisation | None
) -> QuerySet[AgendaItem]:
    """The items of one version: every item on the agenda for the full set, the
    items the organisation may see for its own version."""
    items = AgendaItem.objects.filter(meeting=meeting, status=ItemStatus.ACCEPTED)
    if organisation is not None:
        items = items.filter(organisation_sees_item_q(group_id=organisation.group_id))
    return items.order_by("position", "id")


def minutes_organisations(*, meeting: Meeting) -> list[Organisation]:
    """The organisations that get a version of their own: under a valid
    convenant today, and seeing at least one item of the meeting."""
    return [
        organisation
        for organisation in Organisation.objects.convenant_valid().order_by("name")
        if minutes_items(meeting=meeting, organisation=organisation).exists()
    ]


def minutes_person_ids(*, minutes: Minutes) -> list[int]:
    """The persons of the dossiers a version covers, for the audit trail of a
    download (ids, never names; the PDF names none of them)."""
    items = minutes_items(meeting=minutes.meeting, organisation=minutes.organisation)
    return sorted(
        set(
            DossierPerson.objects.filter(
                dossier_id__in=items.values("dossier_id")
            ).values_list("person_id", flat=True)
        )
    )


@dataclass(frozen=True)
class AttendanceLine:
    kind: str
    name: str
    has_mandate: bool
    info_sent: bool
    is_apologies: bool
    acknowledged_at: datetime.datetime | None


@dataclass(frozen=True)
class OrganisationAttendance:
    organisation: str
    lines: list[AttendanceLine]


@dataclass(frozen=True)
class Acknowledgement:
    organisation: str
    name: str
    at: datetime.datetime


@dataclass(frozen=True)
class InterventionLine:
    kind: str
    description: str
    responsible: str
    owner: str
    deadline: datetime.date
    order: int
    depends_on: str
    status: str
    status_code: str
    status_reason: str
    outcome: str
    item_title: str
    meeting_date: datetime.datetime | None = None


@dataclass(frozen=True)
class Entry:
    """A decision, a contribution or a correction: dated text, and for a
    contribution the organisation that brought it in."""

    text: str
    at: datetime.datetime
    organisation: str = ""


@dataclass(frozen=True)
class ItemSection:
    number: int
    title: str
    reference: str
    kind: str
    decisions: list[Entry]
    prosecution: str
    interventions: list[InterventionLine]
    carried_over: list[InterventionLine]
    contributions: list[Entry]
    corrections: list[Entry]


@dataclass(frozen=True)
class ActionList:
    organisation: str
    actions: list[InterventionLine]
    own: bool = False


@dataclass
class MinutesDocument:
    meeting: Meeting
    organisation: Organisation | None
    version: int
    chair: str
    attendance: list[OrganisationAttendance]
    acknowledgements: list[Acknowledgement]
    items: list[ItemSection]
    corrections: list[Entry]
    actions: list[ActionList]
    rendered_at: datetime.datetime | None = None
    observers: list[OrganisationAttendance] = field(default_factory=list)


def _person(user: User | None) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


class _Reader:
    """What one version may show of people and interventions."""

    def __init__(self, organisation: Organisation | None, chair_id: int) -> None:
        self.organisation = organisation
        self.chair_id = chair_id
        self.kernteam = organisation is None or organisation.ring == Ring.KERNTEAM

    def name(self, user: User | None, organisation_id: int | None) -> str:
        if user is None:
            return ""
        if (
            self.organisation is None
            or user.pk == self.chair_id
            or organisation_id == self.organisation.pk
        ):
            return _person(user)
        return ""

    def shows_intervention(self, intervention: Intervention) -> bool:
        if self.kernteam or intervention.kind not in CRIMINAL_JUSTICE_KINDS:
            return True
        assert self.organisation is not None
        return intervention.responsible_id == self.organisation.pk


def _item_title(item: AgendaItem) -> str:
    if item.title:
        return item.title
    if item.dossier is not None:
        return item.dossier.reference
    return item.get_kind_display()


def _intervention_line(
    intervention: Intervention,
    reader: _Reader,
    visible_ids: set[int],
    titles: dict[int, str],
    meeting_date: datetime.datetime | None = None,
) -> InterventionLine:
    depends = intervention.depends_on
    owner = intervention.owner
    return InterventionLine(
        kind=intervention.get_kind_display(),
        description=intervention.description,
        responsible=intervention.responsible.name,
        owner=reader.name(owner, owner.organisation_id if owner else None),
        deadline=intervention.deadline,
        order=intervention.order,
        depends_on=depends.description
        if depends is not None and depends.pk in visible_ids
        else "",
        status=intervention.get_status_display(),
        status_code=intervention.status,
        status_reason=intervention.status_reason,
        outcome=intervention.outcome,
        item_title=titles.get(intervention.item_id, ""),
        meeting_date=meeting_date,
    )


def _attendance(
    meeting: Meeting, reader: _Reader, items: list[AgendaItem]
) -> tuple[
    list[OrganisationAttendance],
    list[OrganisationAttendance],
    list[Acknowledgement],
]:
    """Present and apologies, observers, and who acknowledged the
    confidentiality statement, by organisation."""
    rows = list(
        Attendance.objects.filter(meeting=meeting)
        .select_related("organisation", "user")
        .order_by("organisation__name", "kind", "id")
    )
    own = reader.organisation.pk if reader.organisation is not None else None
    shown: set[int] | None = None
    if own is not None:
        # The kernteam, the organisation itself, and whoever takes part in one
        # of its items (holds the view grant on one of their dossiers).
        groups = set(
            DossierGroupObjectPermission.objects.filter(
                content_object_id__in=[i.dossier_id for i in items if i.dossier_id],
                permission_id=permission_id("signals", "view_dossier"),
            ).values_list("group_id", flat=True)
        )
        shown = {own} | {
            row.organisation_id
            for row in rows
            if row.organisation.ring == Ring.KERNTEAM
            or row.organisation.group_id in groups
        }
    present: dict[str, list[AttendanceLine]] = defaultdict(list)
    observers: dict[str, list[AttendanceLine]] = defaultdict(list)
    acknowledgements: list[Acknowledgement] = []
    for row in rows:
        if shown is not None and row.organisation_id not in shown:
            continue
        named = (
            own is None
            or row.organisation_id == own
            or (row.user_id is not None and row.user_id == reader.chair_id)
        )
        name = (_person(row.user) or row.name) if named else ""
        line = AttendanceLine(
            kind=row.get_kind_display(),
            name=name,
            has_mandate=row.has_mandate,
            info_sent=row.info_sent,
            is_apologies=row.kind == AttendanceKind.APOLOGIES,
            acknowledged_at=row.confidentiality_acknowledged_at,
        )
        target = observers if row.kind == AttendanceKind.OBSERVER else present
        target[row.organisation.name].append(line)
        if row.confidentiality_acknowledged_at is not None:
            acknowledgements.append(
                Acknowledgement(
                    organisation=row.organisation.name,
                    name=name,
                    at=row.confidentiality_acknowledged_at,
                )
            )
    acknowledgements.sort(key=lambda a: (a.at, a.organisation))
    return (
        [OrganisationAttendance(o, lines) for o, lines in present.items()],
        [OrganisationAttendance(o, lines) for o, lines in observers.items()],
        acknowledgements,
    )


def _entries(rows: Any, *, organisation: bool = False) -> list[Entry]:
    return [
        Entry(
            text=row.text,
            at=row.recorded_at,
            organisation=row.organisation.name if organisation else "",
        )
        for row in rows
    ]


def minutes_document(*, minutes: Minutes) -> MinutesDocument:
    """Everything one version shows, read for its organisation (or the full set)
    outside a request; the render task turns it into HTML and a PDF."""
    meeting = Meeting.objects.select_related("chair").get(pk=minutes.meeting_id)
    organisation = minutes.organisation
    reader = _Reader(organisation, meeting.chair_id)
    contributions = ItemContribution.objects.select_related("organisation").order_by(
        "recorded_at", "id"
    )
    if organisation is not None:
        # The one sharing rule: what is not shared with it is not read at all.
        contributions = contributions.filter(
            reaches_q(ItemContribution, group=organisation.group_id)
        )
    interventions = Intervention.objects.select_related(
        "responsible", "owner", "depends_on"
    ).order_by("order", "deadline", "id")
    items = list(
        minutes_items(meeting=meeting, organisation=organisation)
        .select_related("dossier")
        .prefetch_related(
            Prefetch(
                "decisions", queryset=Decision.objects.order_by("recorded_at", "id")
            ),
            Prefetch("contributions", queryset=contributions),
            Prefetch(
                "corrections",
                queryset=Correction.objects.order_by("recorded_at", "id"),
            ),
            Prefetch("interventions", queryset=interventions),
        )
    )
    titles = {item.pk: _item_title(item) for item in items}
    earlier = [
        i
        for i in Intervention.objects.filter(
            dossier_id__in=[item.dossier_id for item in items if item.dossier_id],
            status__in=UNFINISHED_STATUSES,
            item__meeting__starts_at__lt=meeting.starts_at,
        )
        .exclude(item__meeting=meeting)
        .select_related("responsible", "owner", "depends_on", "item__meeting")
        .order_by("deadline", "order", "id")
        if reader.shows_intervention(i)
    ]
    shown_now = {
        item.pk: [i for i in item.interventions.all() if reader.shows_intervention(i)]
        for item in items
    }
    visible_ids = {i.pk for rows in shown_now.values() for i in rows} | {
        i.pk for i in earlier
    }
    earlier_by_dossier: dict[int, list[Intervention]] = defaultdict(list)
    for intervention in earlier:
        earlier_by_dossier[intervention.dossier_id].append(intervention)

    sections: list[ItemSection] = []
    actions: dict[str, list[InterventionLine]] = defaultdict(list)
    for number, item in enumerate(items, start=1):
        lines = [
            _intervention_line(i, reader, visible_ids, titles)
            for i in shown_now[item.pk]
        ]
        for intervention, line in zip(shown_now[item.pk], lines, strict=True):
            actions[intervention.responsible.name].append(line)
        carried = [
            _intervention_line(
                i, reader, visible_ids, titles, meeting_date=i.item.meeting.starts_at
            )
            for i in (
                earlier_by_dossier.get(item.dossier_id, []) if item.dossier_id else []
            )
        ]
        sections.append(
            ItemSection(
                number=number,
                title=titles[item.pk],
                reference=item.dossier.reference if item.dossier else "",
                kind=item.get_kind_display(),
                decisions=_entries(item.decisions.all()),
                prosecution=item.get_prosecution_display()
                if item.prosecution and reader.kernteam
                else "",
                interventions=lines,
                carried_over=carried,
                contributions=_entries(item.contributions.all(), organisation=True),
                corrections=_entries(item.corrections.all()),
            )
        )
    own_name = organisation.name if organisation is not None else ""
    action_lists = [
        ActionList(
            organisation=name,
            actions=sorted(rows, key=lambda line: (line.deadline, line.order)),
            own=name == own_name,
        )
        for name, rows in sorted(
            actions.items(), key=lambda kv: (kv[0] != own_name, kv[0])
        )
    ]
    attendance, observers, acknowledgements = _attendance(meeting, reader, items)
    return MinutesDocument(
        meeting=meeting,
        organisation=organisation,
        version=minutes.version,
        chair=_person(meeting.chair),
        attendance=attendance,
        observers=observers,
        acknowledgements=acknowledgements,
        items=sections,
        corrections=_entries(
            Correction.objects.filter(meeting=meeting, item__isnull=True).order_by(
                "recorded_at", "id"
            )
        ),
        actions=action_lists,
    )
