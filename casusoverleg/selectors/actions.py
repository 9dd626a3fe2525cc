"""My organisation's actions and the ketenregisseur's voortgangscontrole
(docs/domain.md section 8).

Who sees an intervention:

* the ketenregisseur (``casusoverleg.view_intervention`` and every dossier) sees
  all of them, grouped per organisation;
* a partner user sees those its organisation is responsible for, while the
  organisation may still see the intervention's dossier through the access
  layer's grants (an invitation withdrawn, a convenant ended: gone);
* nobody else sees any (a 404 for one, an empty list for many).

Changing one needs ``casusoverleg.change_intervention`` on top of seeing it, so
only the responsible organisation's users and the ketenregisseur change it.

An intervention is *open* while its status is open or in progress, *overdue*
when it is open and its deadline has passed, *finished* otherwise (uitgevoerd,
niet mogelijk, niet uitgevoerd). Lists put the overdue first, then the open by
deadline, then the finished.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.utils import timezone

from audit.constants import Action
from audit.services import audit_record
from casusoverleg.constants import (
    InterventionStatus,
    ItemStatus,
    JobStatus,
    MeetingStatus,
)
from casusoverleg.models import AgendaBuild, Intervention, InterventionUpdate, Meeting
from casusoverleg.selectors import depends_on_blank, intervention_ids_readable
from partners.access import may, not_visible, principal_for
from partners.models import Organisation, User
from signals.selectors.dossier import dossier_list_visible_to, dossier_sees_all
from signals.selectors.start import START_ROWS, Waiting, _waiting

VIEW = "casusoverleg.view_intervention"
CHANGE = "casusoverleg.change_intervention"

# Still to be done by the responsible organisation.
OPEN_STATUSES = (InterventionStatus.OPEN, InterventionStatus.IN_PROGRESS)
# The statuses a responsible organisation may record (open is where one starts).
PROGRESS_STATUSES = (
    InterventionStatus.IN_PROGRESS,
    InterventionStatus.DONE,
    InterventionStatus.NOT_POSSIBLE,
    InterventionStatus.NOT_DONE,
)
# These two need a reason (the next meeting reads it).
REASON_STATUSES = (InterventionStatus.NOT_POSSIBLE, InterventionStatus.NOT_DONE)

# The list's status filter (``status`` in the query string).
STATUS_FILTERS = ("open", "te-laat", "afgerond", "alle")


def actions_see_all(user: User) -> bool:
    """The ketenregisseur: every organisation's interventions."""
    return may(user, VIEW) and dossier_sees_all(user)


def _open_q() -> Q:
    return Q(status__in=OPEN_STATUSES)


def _overdue_q(today: datetime.date) -> Q:
    return _open_q() & Q(deadline__lt=today)


def actions_visible_to(*, user: User) -> QuerySet[Intervention]:
    """Every intervention ``user`` may see, in SQL (see the module docstring)."""
    if actions_see_all(user):
        return Intervention.objects.all()
    principal = principal_for(user)
    if principal is None or principal.group_id is None or not may(user, VIEW):
        return Intervention.objects.none()
    dossiers = dossier_list_visible_to(user=user).filter(pk=OuterRef("dossier_id"))
    return Intervention.objects.filter(responsible_id=principal.organisation_id).filter(
        Exists(dossiers)
    )


def _ordered(
    queryset: QuerySet[Intervention], today: datetime.date
) -> QuerySet[Intervention]:
    """Overdue first, then the open ones by deadline, then the finished."""
    return queryset.annotate(
        rank=Case(
            When(_overdue_q(today), then=Value(0)),
            When(_open_q(), then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        ),
        overdue=Case(
            When(_overdue_q(today), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        ),
    ).order_by("rank", "deadline", "order", "id")


def actions_list(
    *,
    user: User,
    status: str = "open",
    organisation_id: int | None = None,
    today: datetime.date | None = None,
) -> QuerySet[Intervention]:
    """The action list: overdue first, then by deadline; each row with its dossier,
    responsible organisation, owner and what it waits for, in one query.
    ``status``: open (the default: open and in progress), te-laat, afgerond or
    alle. ``organisation_id`` narrows the ketenregisseur's list to one
    organisation (a partner sees only its own anyway)."""
    today = today or timezone.localdate()
    queryset = actions_visible_to(user=user)
    if status == "open":
        queryset = queryset.filter(_open_q())
    elif status == "te-laat":
        queryset = queryset.filter(_overdue_q(today))
    elif status == "afgerond":
        queryset = queryset.exclude(_open_q())
    if organisation_id is not None:
        queryset = queryset.filter(responsible_id=organisation_id)
    return _ordered(
        queryset.select_related(
            "dossier",
            "responsible",
            "owner",
            "item__meeting",
            "depends_on",
            "depends_on__responsible",
        ),
        today,
    )


def action_get_visible(*, user: User, intervention_uuid: Any) -> Intervention:
    """One intervention ``user`` may see, else the access layer's 404 (recorded as
    a denied attempt)."""
    today = timezone.localdate()
    try:
        return _ordered(
            actions_visible_to(user=user).select_related(
                "dossier",
                "responsible",
                "owner",
                "item__meeting",
                "depends_on",
                "depends_on__responsible",
                "status_changed_by",
            ),
            today,
        ).get(uuid=intervention_uuid)
    except (Intervention.DoesNotExist, ValueError, ValidationError) as exc:
        raise not_visible(user, Intervention, intervention_uuid) from exc


def action_may_change(*, user: User, intervention: Intervention) -> bool:
    """May ``user`` record progress on ``intervention`` (already read through
    ``action_get_visible``): the ketenregisseur, or a user of the responsible
    organisation holding the change permission."""
    if not may(user, CHANGE):
        return False
    if actions_see_all(user):
        return True
    principal = principal_for(user)
    return (
        principal is not None
        and principal.group_id is not None
        and intervention.responsible_id == principal.organisation_id
    )


@dataclass(frozen=True)
class ActionPage:
    intervention: Intervention
    updates: list[InterventionUpdate]
    # Interventions that wait for this one, as far as ``user`` may see them.
    followers: list[Intervention]
    may_change: bool


def action_page(*, user: User, intervention_uuid: Any) -> ActionPage:
    """One intervention with its history and the interventions waiting for it;
    audited as a read."""
    intervention = action_get_visible(user=user, intervention_uuid=intervention_uuid)
    depends_on_blank(
        [intervention],
        intervention_ids_readable(
            user=user,
            intervention_ids=[intervention.depends_on_id]
            if intervention.depends_on_id
            else [],
        ),
    )
    updates = list(
        InterventionUpdate.objects.filter(intervention=intervention)
        .select_related("by", "by__organisation")
        .order_by("-at", "-id")
    )
    followers = list(
        actions_visible_to(user=user)
        .filter(depends_on=intervention)
        .select_related("responsible")
        .order_by("deadline", "id")
    )
    audit_record(actor=user, action=Action.READ, obj=intervention)
    return ActionPage(
        intervention=intervention,
        updates=updates,
        followers=followers,
        may_change=action_may_change(user=user, intervention=intervention),
    )


# --- voortgangscontrole -----------------------------------------------------------


@dataclass(frozen=True)
class OrganisationProgress:
    organisation: Organisation
    open: int
    overdue: int
    done: int
    # Niet mogelijk or niet uitgevoerd: unfinished, to the next meeting.
    unfinished: int


def actions_overview(
    *, user: User, today: datetime.date | None = None
) -> list[OrganisationProgress]:
    """Per responsible organisation the counts open / overdue / done / unfinished,
    in one query, organisations by name: the ketenregisseur's voortgangscontrole
    (a partner gets its own organisation's line)."""
    today = today or timezone.localdate()
    rows = (
        actions_visible_to(user=user)
        .order_by()
        .values("responsible_id")
        .annotate(
            open=Count("id", filter=_open_q()),
            overdue=Count("id", filter=_overdue_q(today)),
            done=Count("id", filter=Q(status=InterventionStatus.DONE)),
            unfinished=Count("id", filter=Q(status__in=REASON_STATUSES)),
        )
    )
    counts = {row["responsible_id"]: row for row in rows}
    organisations = Organisation.objects.filter(pk__in=counts).order_by("name")
    return [
        OrganisationProgress(
            organisation=organisation,
            open=counts[organisation.pk]["open"],
            overdue=counts[organisation.pk]["overdue"],
            done=counts[organisation.pk]["done"],
            unfinished=counts[organisation.pk]["unfinished"],
        )
        for organisation in organisations
    ]


# --- start pages ------------------------------------------------------------------


def _start_rows(
    queryset: QuerySet[Intervention], today: datetime.date, rows: int
) -> Waiting[Intervention]:
    return _waiting(
        _ordered(
            queryset.select_related("dossier", "responsible", "depends_on"), today
        ),
        rows,
    )


def actions_start_open(
    *, user: User, rows: int = START_ROWS
) -> Waiting[Intervention] | None:
    """A partner's start page: its organisation's open actions, overdue first.
    None for a user who does not carry out actions (or sees all of them: the
    ketenregisseur has the overdue section)."""
    if not may(user, VIEW) or actions_see_all(user):
        return None
    today = timezone.localdate()
    waiting = _start_rows(actions_visible_to(user=user).filter(_open_q()), today, rows)
    # "Wacht op een andere actie" only for one the reader may read.
    depends_on_blank(
        waiting.rows,
        intervention_ids_readable(
            user=user,
            intervention_ids=[a.depends_on_id for a in waiting.rows if a.depends_on_id],
        ),
    )
    audit_record(
        actor=user,
        action=Action.LIST,
        object_type="casusoverleg.intervention",
        reason="startpagina: open acties van de organisatie",
    )
    return waiting


def actions_start_overdue(
    *, user: User, rows: int = START_ROWS
) -> Waiting[Intervention] | None:
    """The ketenregisseur's start page: every overdue intervention, the longest
    overdue first (a partner, who does not get this section, would read its
    own organisation's)."""
    if not may(user, VIEW):
        return None
    today = timezone.localdate()
    waiting = _start_rows(
        actions_visible_to(user=user).filter(_overdue_q(today)), today, rows
    )
    audit_record(
        actor=user,
        action=Action.LIST,
        object_type="casusoverleg.intervention",
        reason="startpagina: interventies over de termijn",
    )
    return waiting


@dataclass(frozen=True)
class NextMeeting:
    meeting: Meeting
    accepted: int
    proposed: int
    # The newest agenda build, if the agenda was ever built.
    build: AgendaBuild | None

    @property
    def build_failed(self) -> bool:
        return self.build is not None and self.build.status == JobStatus.FAILED


def next_meeting_start(*, user: User) -> NextMeeting | None | bool:
    """The ketenregisseur's start page: the next meeting (the earliest that is not
    closed and starts today or later, or is under way), its agenda (items on it
    and proposed) and the state of its last agenda build. False for anyone else
    (the section is left out), None when no meeting is planned. Three queries."""
    if not may(user, "casusoverleg.add_meeting") or not actions_see_all(user):
        return False
    start_of_today = timezone.localtime().replace(
        hour=0, minute=0, second=0, microsecond=0
    )
    meeting = (
        Meeting.objects.filter(
            Q(status=MeetingStatus.IN_PROGRESS)
            | Q(status=MeetingStatus.PLANNED, starts_at__gte=start_of_today)
        )
        .annotate(
            accepted=Count("items", filter=Q(items__status=ItemStatus.ACCEPTED)),
            proposed=Count("items", filter=Q(items__status=ItemStatus.PROPOSED)),
        )
        .order_by("starts_at", "id")
        .first()
    )
    audit_record(
        actor=user,
        action=Action.LIST,
        object_type="casusoverleg.meeting",
        reason="startpagina: volgend casusoverleg",
    )
    if meeting is None:
        return None
    build = (
        AgendaBuild.objects.filter(meeting=meeting)
        .order_by("-requested_at", "-id")
        .first()
    )
    return NextMeeting(
        meeting=meeting,
        accepted=meeting.accepted,
        proposed=meeting.proposed,
        build=build,
    )
