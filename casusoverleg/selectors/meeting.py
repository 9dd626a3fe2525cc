"""Reads of the casusoverleg's own pages: the list of meetings, the meeting page
and the meeting view (docs/domain.md sections 7 and 9).

Everything starts from the one visibility rule of this package
(``meetings_visible_to``, ``meeting_items_visible_to``). Inside an item a partner
reads what its minutes would show it (``casusoverleg.selectors.minutes``):

* contributions only as their owner shared them (``reaches_q``, the one sharing
  rule); a withheld one leaves no trace;
* no sketch (it may quote what the reader may not see);
* the OM's feedback and the criminal-justice interventions only in the kernteam,
  or where the organisation carries the intervention out itself;
* attendance of the kernteam, of itself and of the organisations taking part in
  its items; other people's names only for its own people and the chair.

The ketenregisseur and the screening team (``meeting_sees_all``) read everything.
Reads are audited, with the persons of the dossiers shown.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from audit.constants import Action
from audit.services import audit_record
from casusoverleg.constants import InterventionKind, ItemStatus, MeetingStatus
from casusoverleg.models import (
    AgendaItem,
    Attendance,
    Correction,
    Decision,
    Intervention,
    ItemContribution,
    Meeting,
)
from casusoverleg.selectors import (
    depends_on_blank,
    intervention_ids_readable,
    meeting_get_visible,
    meeting_items_visible_to,
    meeting_sees_all,
    meetings_visible_to,
)
from partners.access import permission_id, principal_for
from partners.constants import Ring
from partners.models import Organisation, User
from signals.models import DossierGroupObjectPermission, DossierPerson
from signals.selectors.sharing import reaches_q

PAST_LIMIT = 50
# Knowing of these could tip off a suspect: the flexibele schil reads them only
# when it carries them out itself (as in its minutes).
CRIMINAL_JUSTICE_KINDS = (InterventionKind.OPSPORING, InterventionKind.VERDACHTEN)


@dataclass(frozen=True)
class MeetingList:
    upcoming: list[Meeting]
    past: list[Meeting]


def meeting_list(*, user: User) -> MeetingList:
    """The meetings ``user`` may see: upcoming (planned or running) soonest first,
    then the closed ones newest first. Audited as a list."""
    meetings = meetings_visible_to(user=user).select_related("chair")
    upcoming = list(
        meetings.exclude(status=MeetingStatus.CLOSED).order_by("starts_at", "id")
    )
    past = list(
        meetings.filter(status=MeetingStatus.CLOSED).order_by("-starts_at", "-id")[
            :PAST_LIMIT
        ]
    )
    audit_record(actor=user, action=Action.LIST, object_type="casusoverleg.meeting")
    return MeetingList(upcoming=upcoming, past=past)


@dataclass(frozen=True)
class AttendanceRow:
    attendance: Attendance
    # The person's name as this reader may read it ("" shows only the organisation).
    name: str


@dataclass
class ItemRecord:
    """One agenda item and what was recorded on it, as this reader may read it."""

    item: AgendaItem
    decisions: list[Decision] = field(default_factory=list)
    contributions: list[ItemContribution] = field(default_factory=list)
    interventions: list[Intervention] = field(default_factory=list)
    corrections: list[Correction] = field(default_factory=list)
    show_sketch: bool = False
    show_prosecution: bool = False


@dataclass
class MeetingPage:
    meeting: Meeting
    items: list[ItemRecord]
    attendance: list[AttendanceRow]
    corrections: list[Correction]
    sees_all: bool
    is_chair: bool
    # The reader's own organisation (None for none): the OM's feedback form.
    organisation: Organisation | None = None


def _person(user: User | None) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def _attendance(
    meeting: Meeting,
    *,
    sees_all: bool,
    own: Organisation | None,
    items: list[AgendaItem],
) -> list[AttendanceRow]:
    rows = list(
        Attendance.objects.filter(meeting=meeting)
        .select_related("organisation", "user")
        .order_by("organisation__name", "kind", "id")
    )
    if sees_all:
        return [AttendanceRow(row, _person(row.user) or row.name) for row in rows]
    groups = set(
        DossierGroupObjectPermission.objects.filter(
            content_object_id__in=[i.dossier_id for i in items if i.dossier_id],
            permission_id=permission_id("signals", "view_dossier"),
        ).values_list("group_id", flat=True)
    )
    own_id = own.pk if own is not None else None
    shown = []
    for row in rows:
        organisation = row.organisation
        if not (
            organisation.pk == own_id
            or organisation.ring == Ring.KERNTEAM
            or organisation.group_id in groups
        ):
            continue
        named = organisation.pk == own_id or (
            row.user_id is not None and row.user_id == meeting.chair_id
        )
        shown.append(
            AttendanceRow(row, (_person(row.user) or row.name) if named else "")
        )
    return shown


def meeting_page(*, user: User, meeting_uuid: object) -> MeetingPage:
    """One meeting with the items ``user`` may see and, inside them, what was
    recorded as ``user`` may read it; else the access layer's 404. The read is
    audited with the persons of the dossiers on the items shown."""
    meeting = meeting_get_visible(user=user, meeting_uuid=meeting_uuid)
    sees_all = meeting_sees_all(user)
    principal = principal_for(user)
    own: Organisation | None = None
    if principal is not None and principal.organisation_id is not None:
        own = Organisation.objects.filter(pk=principal.organisation_id).first()
    kernteam = sees_all or (own is not None and own.ring == Ring.KERNTEAM)
    contributions = ItemContribution.objects.select_related(
        "organisation"
    ).prefetch_related("shared_with")
    interventions = Intervention.objects.select_related(
        "responsible", "owner", "depends_on"
    ).order_by("order", "deadline", "id")
    if not sees_all:
        group_id = principal.group_id if principal is not None else None
        contributions = (
            contributions.filter(reaches_q(ItemContribution, group=group_id))
            if group_id is not None
            else contributions.none()
        )
        if not kernteam:
            interventions = interventions.filter(
                ~Q(kind__in=CRIMINAL_JUSTICE_KINDS)
                | Q(responsible_id=own.pk if own else None)
            )
    # The meeting's agenda: accepted items (proposals are the agenda page's).
    items = list(
        meeting_items_visible_to(user=user, meeting=meeting)
        .filter(status=ItemStatus.ACCEPTED)
        .prefetch_related(
            Prefetch(
                "decisions",
                queryset=Decision.objects.select_related("recorded_by").order_by(
                    "recorded_at", "id"
                ),
            ),
            Prefetch("contributions", queryset=contributions),
            Prefetch("interventions", queryset=interventions),
            Prefetch(
                "corrections",
                queryset=Correction.objects.select_related("recorded_by").order_by(
                    "recorded_at", "id"
                ),
            ),
        )
    )
    records = [
        ItemRecord(
            item=item,
            decisions=list(item.decisions.all()),
            contributions=list(item.contributions.all()),
            interventions=list(item.interventions.all()),
            corrections=list(item.corrections.all()),
            show_sketch=sees_all,
            show_prosecution=kernteam,
        )
        for item in items
    ]
    if not sees_all:
        # What one waits for may be another case's, or a criminal-justice one.
        shown = [i for record in records for i in record.interventions]
        depends_on_blank(
            shown,
            intervention_ids_readable(
                user=user,
                intervention_ids=[i.depends_on_id for i in shown if i.depends_on_id],
            ),
        )
    corrections = list(
        Correction.objects.filter(meeting=meeting, item__isnull=True)
        .select_related("recorded_by")
        .order_by("recorded_at", "id")
    )
    audit_record(
        actor=user,
        action=Action.READ,
        obj=meeting,
        reason="casusoverleg",
        person_ids=DossierPerson.objects.filter(
            dossier_id__in=[i.dossier_id for i in items if i.dossier_id]
        ).values_list("person_id", flat=True),
    )
    return MeetingPage(
        meeting=meeting,
        items=records,
        attendance=_attendance(meeting, sees_all=sees_all, own=own, items=items),
        corrections=corrections,
        sees_all=sees_all,
        is_chair=meeting.chair_id == user.pk,
        organisation=own,
    )


def meeting_attendance_get(*, meeting: Meeting, attendance_id: int | str) -> Attendance:
    """One line of a meeting's attendance (the caller already read the meeting
    through ``meeting_get_visible``)."""
    try:
        return Attendance.objects.select_related("meeting", "user").get(
            meeting=meeting, pk=attendance_id
        )
    except (Attendance.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def intervention_depends_choices(*, item: AgendaItem) -> QuerySet[Intervention]:
    """What a new intervention on ``item`` may wait for: the interventions of the
    same case (this or an earlier meeting) and those of this meeting. For the
    chair, who sees every item."""
    return (
        Intervention.objects.filter(
            Q(dossier_id=item.dossier_id) | Q(item__meeting_id=item.meeting_id)
        )
        .select_related("responsible", "dossier")
        .order_by("deadline", "order", "id")
    )


def meeting_users_of(*, organisations: list[Organisation]) -> QuerySet[User]:
    """The active people of these organisations (attendance, owners)."""
    return (
        User.objects.filter(organisation__in=organisations, is_active=True)
        .select_related("organisation")
        .order_by("organisation__name", "last_name", "first_name", "username")
    )
