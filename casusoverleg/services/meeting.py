"""Writes of the casusoverleg itself (docs/domain.md sections 7 and 8): scheduling,
attendance and the confidentiality statement, starting, the record made at the
table (decisions, contributions, interventions, the OM's feedback), closing, and
corrections afterwards.

Who writes what (decided here, documented in docs/architecture.md):

* scheduling, changing the plan and attendance: any ketenregisseur (the role holds
  ``casusoverleg.add_meeting`` / ``change_meeting`` / ``add_attendance``);
* starting, the record at the table and closing: the meeting's chair only, who
  records what each organisation says (an organisation's contribution belongs to
  that organisation, whoever typed it);
* the OM's feedback: a user of an OM organisation who sees the item, or the chair
  recording it on the OM's word; only yes / no / not yet, never content;
* an attendee acknowledges the confidentiality statement, or the chair records it
  for them at the table;
* corrections after closing: any ketenregisseur (``add_correction``).

The record is fixed once the meeting is closed: every write here refuses it with
a Dutch ``ValidationError`` and a correction is a new, dated ``Correction`` row.
Once started the sketches freeze: the agenda area asks
``meeting_is_open_for_preparation``.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.constants import Action
from audit.services import audit_record
from casusoverleg.constants import (
    MAX_DECISION,
    MAX_LINE,
    MAX_NOTE,
    AttendanceKind,
    InterventionKind,
    ItemStatus,
    MeetingStatus,
    Prosecution,
)
from casusoverleg.models import (
    AgendaItem,
    Attendance,
    Correction,
    Decision,
    Intervention,
    ItemContribution,
    Meeting,
)
from casusoverleg.selectors import items_visible_to
from casusoverleg.services import minutes as minutes_services
from partners.access import may
from partners.constants import OrganisationKind, Role
from partners.models import Organisation, User
from partners.text import text_problems
from signals.constants import Sharing
from signals.selectors.dossier import dossier_participants
from signals.services.signal import clean_sharing

# The statement every attendee acknowledges at the start; the meeting keeps the
# words as they read when it started (Meeting.confidentiality_statement).
CONFIDENTIALITY_STATEMENT = gettext_lazy(
    "Wat in dit casusoverleg wordt besproken is vertrouwelijk. Ik gebruik de "
    "informatie alleen voor de aanpak van deze casussen, binnen het convenant en "
    "de taak van mijn organisatie, en deel haar niet verder dan nodig is."
)

CLOSED = gettext_lazy(
    "Dit casusoverleg is gesloten; het verslag ligt vast. Leg een correctie vast."
)
NOT_STARTED = gettext_lazy("Het casusoverleg is nog niet gestart.")
NOT_ON_AGENDA = gettext_lazy("Dit agendapunt staat niet op de agenda.")
ONLY_CHAIR = gettext_lazy("Alleen de voorzitter van dit casusoverleg legt dit vast.")
MAX_ORDER = 99


def meeting_is_open_for_preparation(meeting: Meeting) -> bool:
    """May the agenda and the sketches still change? Only until the meeting starts."""
    return meeting.status == MeetingStatus.PLANNED


def _require(actor: User, perm: str) -> None:
    if not may(actor, perm):
        raise PermissionDenied


def _locked(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_for_update().get(pk=meeting.pk)


def _refuse_closed(meeting: Meeting) -> None:
    if meeting.status == MeetingStatus.CLOSED:
        raise ValidationError(str(CLOSED), code="closed")


def _require_chair(meeting: Meeting, actor: User) -> None:
    if not may(actor, "casusoverleg.change_meeting"):
        raise PermissionDenied
    if meeting.chair_id != actor.pk:
        raise ValidationError(str(ONLY_CHAIR), code="not_chair")


def _in_progress(item: AgendaItem, actor: User) -> Meeting:
    """The item's meeting, locked, running, with ``actor`` in the chair."""
    meeting = _locked(item.meeting)
    _require_chair(meeting, actor)
    _refuse_closed(meeting)
    if meeting.status != MeetingStatus.IN_PROGRESS:
        raise ValidationError(str(NOT_STARTED), code="not_started")
    if item.status != ItemStatus.ACCEPTED:
        raise ValidationError(str(NOT_ON_AGENDA), code="not_on_agenda")
    return meeting


def _text(
    errors: dict[str, list[str]],
    field: str,
    value: str,
    *,
    limit: int,
    required: str = "",
    multiline: bool = True,
) -> str:
    value = value.strip()
    if not value and required:
        errors.setdefault(field, []).append(required)
    problems = text_problems(value, limit=limit, multiline=multiline)
    if problems:
        errors.setdefault(field, []).extend(problems)
    return value


def _is_ketenregisseur(user: User) -> bool:
    return (
        user.is_active
        and user.has_role(Role.KETENREGISSEUR)
        and may(user, "casusoverleg.change_meeting")
    )


# --- scheduling --------------------------------------------------------------------


def _validate_plan(
    *,
    starts_at: datetime.datetime | None,
    place: str,
    video_link: str,
    chair: User | None,
    allow_past: bool,
) -> tuple[str, str, dict[str, list[str]]]:
    errors: dict[str, list[str]] = {}
    if starts_at is None:
        errors["starts_at"] = [_("Vul de datum en de tijd van het overleg in.")]
    elif not allow_past and starts_at < timezone.now() - datetime.timedelta(hours=12):
        errors["starts_at"] = [_("De datum ligt in het verleden.")]
    place = _text(errors, "place", place, limit=MAX_LINE, multiline=False)
    video_link = _text(errors, "video_link", video_link, limit=500, multiline=False)
    if video_link and not video_link.startswith("https://"):
        errors.setdefault("video_link", []).append(
            _("Een videoverbinding begint met https://.")
        )
    if not place and not video_link:
        errors["place"] = [_("Vul een plaats of een videoverbinding in.")]
    if chair is None:
        errors["chair"] = [_("Kies de voorzitter.")]
    elif not _is_ketenregisseur(chair):
        errors["chair"] = [_("De voorzitter is een ketenregisseur.")]
    return place, video_link, errors


@transaction.atomic
def meeting_schedule(
    *,
    actor: User,
    starts_at: datetime.datetime | None,
    chair: User | None,
    place: str = "",
    video_link: str = "",
    allow_past: bool = False,
) -> Meeting:
    """The ketenregisseur schedules a casusoverleg. The kernteam is at the table
    by itself (``casusoverleg.selectors.meetings_visible_to``).

    ``allow_past``: record a meeting held earlier (demo region, data carried over)."""
    _require(actor, "casusoverleg.add_meeting")
    place, video_link, errors = _validate_plan(
        starts_at=starts_at,
        place=place,
        video_link=video_link,
        chair=chair,
        allow_past=allow_past,
    )
    if errors:
        raise ValidationError(errors)
    assert starts_at is not None and chair is not None
    meeting = Meeting(
        starts_at=starts_at,
        place=place,
        video_link=video_link,
        chair=chair,
        created_by=actor,
    )
    meeting.full_clean()
    meeting.save()
    audit_record(actor=actor, action=Action.CREATE, obj=meeting)
    return meeting


@transaction.atomic
def meeting_update(
    *,
    meeting: Meeting,
    actor: User,
    starts_at: datetime.datetime | None,
    chair: User | None,
    place: str = "",
    video_link: str = "",
) -> Meeting:
    """Another date, place or chair, until the meeting starts."""
    _require(actor, "casusoverleg.change_meeting")
    meeting = _locked(meeting)
    _refuse_closed(meeting)
    if meeting.status != MeetingStatus.PLANNED:
        raise ValidationError(
            _("Het overleg is gestart; datum, plaats en voorzitter liggen vast.")
        )
    place, video_link, errors = _validate_plan(
        starts_at=starts_at,
        place=place,
        video_link=video_link,
        chair=chair,
        allow_past=starts_at == meeting.starts_at,
    )
    if errors:
        raise ValidationError(errors)
    assert starts_at is not None and chair is not None
    changed = [
        name
        for name, value in (
            ("starts_at", starts_at),
            ("place", place),
            ("video_link", video_link),
            ("chair_id", chair.pk),
        )
        if getattr(meeting, name) != value
    ]
    meeting.starts_at, meeting.place, meeting.video_link = starts_at, place, video_link
    meeting.chair = chair
    meeting.full_clean()
    meeting.save()
    audit_record(
        actor=actor,
        action=Action.UPDATE,
        obj=meeting,
        changed_fields=[c.removesuffix("_id") for c in changed],
    )
    return meeting


# --- attendance --------------------------------------------------------------------


@transaction.atomic
def attendance_record(
    *,
    meeting: Meeting,
    actor: User,
    organisation: Organisation | None,
    kind: str,
    user: User | None = None,
    name: str = "",
    has_mandate: bool = False,
    info_sent: bool = False,
    acknowledged: bool = False,
) -> Attendance:
    """Who attends for an organisation (a user, or a name for someone without an
    account), with or without a mandate; apologies with whether the organisation
    sent its information in advance; observers. Before closing only.

    ``acknowledged``: someone who joins a running meeting acknowledges the
    confidentiality statement as they are recorded."""
    _require(actor, "casusoverleg.add_attendance")
    meeting = _locked(meeting)
    _refuse_closed(meeting)
    errors: dict[str, list[str]] = {}
    if kind not in AttendanceKind.values:
        errors["kind"] = [_("Kies aanwezig, afgemeld of toehoorder.")]
    if organisation is None:
        errors["organisation"] = [_("Kies de organisatie.")]
    elif not Organisation.objects.convenant_valid().filter(pk=organisation.pk).exists():
        errors["organisation"] = [
            _("%(name)s heeft geen geldig convenant en neemt niet deel.")
            % {"name": organisation.name}
        ]
    name = _text(errors, "name", name, limit=MAX_LINE, multiline=False)
    apologies = kind == AttendanceKind.APOLOGIES
    if user is not None and name:
        errors["name"] = [_("Kies een gebruiker óf vul een naam in, niet allebei.")]
    if not apologies and kind in AttendanceKind.values and user is None and not name:
        errors["user"] = [_("Kies wie er komt, of vul de naam in.")]
    if (
        user is not None
        and organisation is not None
        and (user.organisation_id != organisation.pk or not user.is_active)
    ):
        errors["user"] = [
            _("%(user)s werkt niet bij %(organisation)s.")
            % {
                "user": user.get_full_name() or user.username,
                "organisation": organisation.name,
            }
        ]
    if has_mandate and kind != AttendanceKind.PRESENT:
        errors["has_mandate"] = [_("Alleen wie aanwezig is, heeft een mandaat.")]
    if info_sent and not apologies:
        errors["info_sent"] = [
            _("'Informatie vooraf aangeleverd' hoort bij een afmelding.")
        ]
    if acknowledged and meeting.status != MeetingStatus.IN_PROGRESS:
        errors["__all__"] = [
            _("De geheimhoudingsverklaring wordt bij de start bevestigd.")
        ]
    if organisation is not None and not errors:
        existing = Attendance.objects.filter(meeting=meeting, organisation=organisation)
        if apologies and existing.exclude(kind=AttendanceKind.APOLOGIES).exists():
            errors["kind"] = [
                _("%(name)s is al aanwezig; een afmelding past daar niet bij.")
                % {"name": organisation.name}
            ]
        elif apologies and existing.exists():
            errors["kind"] = [
                _("%(name)s is al afgemeld.") % {"name": organisation.name}
            ]
        elif not apologies and existing.filter(kind=AttendanceKind.APOLOGIES).exists():
            errors["kind"] = [
                _("%(name)s heeft zich afgemeld; haal de afmelding eerst weg.")
                % {"name": organisation.name}
            ]
        elif user is not None and existing.filter(user=user).exists():
            errors["user"] = [_("Deze persoon staat al op de presentielijst.")]
    if errors:
        raise ValidationError(errors)
    assert organisation is not None
    attendance = Attendance(
        meeting=meeting,
        organisation=organisation,
        kind=kind,
        user=user,
        name=name,
        has_mandate=has_mandate,
        info_sent=info_sent,
        confidentiality_acknowledged_at=timezone.now() if acknowledged else None,
        recorded_by=actor,
    )
    attendance.full_clean()
    attendance.save()
    audit_record(actor=actor, action=Action.CREATE, obj=attendance)
    return attendance


@transaction.atomic
def attendance_remove(*, attendance: Attendance, actor: User) -> None:
    """Take a line off the attendance list (a mistake, or someone who left
    before the start). Before closing only."""
    _require(actor, "casusoverleg.change_attendance")
    meeting = _locked(attendance.meeting)
    _refuse_closed(meeting)
    if (
        meeting.status == MeetingStatus.IN_PROGRESS
        and attendance.confidentiality_acknowledged_at is not None
    ):
        raise ValidationError(
            _(
                "Wie de geheimhouding heeft bevestigd, blijft op de presentielijst "
                "van dit overleg."
            )
        )
    audit_record(actor=actor, action=Action.DELETE, obj=attendance)
    attendance.delete()


def _acknowledge(attendance: Attendance, actor: User, when: datetime.datetime) -> None:
    attendance.confidentiality_acknowledged_at = when
    attendance.save(update_fields=["confidentiality_acknowledged_at"])
    audit_record(
        actor=actor,
        action=Action.UPDATE,
        obj=attendance,
        changed_fields=["confidentiality_acknowledged_at"],
        reason="geheimhouding bevestigd",
    )


@transaction.atomic
def attendance_acknowledge(*, attendance: Attendance, actor: User) -> Attendance:
    """The attendee acknowledges the confidentiality statement (themselves, or
    the chair records it at the table). Only while the meeting runs: the
    statement is stored when it starts."""
    meeting = _locked(attendance.meeting)
    is_self = attendance.user_id is not None and attendance.user_id == actor.pk
    if not is_self:
        _require_chair(meeting, actor)
    _refuse_closed(meeting)
    if meeting.status != MeetingStatus.IN_PROGRESS:
        raise ValidationError(str(NOT_STARTED))
    attendance = Attendance.objects.select_for_update().get(pk=attendance.pk)
    if attendance.kind == AttendanceKind.APOLOGIES:
        raise ValidationError(_("Een afgemelde organisatie is er niet bij."))
    if attendance.confidentiality_acknowledged_at is None:
        _acknowledge(attendance, actor, timezone.now())
    return attendance


# --- starting and closing ----------------------------------------------------------


@transaction.atomic
def meeting_start(
    *, meeting: Meeting, actor: User, acknowledged: Iterable[int] = ()
) -> Meeting:
    """The chair opens the meeting. The confidentiality statement is stored with
    it as it reads now, and every attendee (present or observer) acknowledges it:
    ``acknowledged`` names their attendance ids; one missing refuses the start.
    From now on the agenda and the sketches are fixed."""
    meeting = _locked(meeting)
    _require_chair(meeting, actor)
    _refuse_closed(meeting)
    if meeting.status != MeetingStatus.PLANNED:
        raise ValidationError(_("Dit casusoverleg is al gestart."))
    attendees = list(
        Attendance.objects.select_for_update(of=("self",))
        .filter(meeting=meeting)
        .exclude(kind=AttendanceKind.APOLOGIES)
        .select_related("user", "organisation")
    )
    ticked = set(acknowledged)
    if not any(a.kind == AttendanceKind.PRESENT for a in attendees):
        raise ValidationError(
            {"acknowledged": [_("Leg eerst vast wie er aanwezig is.")]}
        )
    missing = [a for a in attendees if a.pk not in ticked]
    if missing:
        raise ValidationError(
            {
                "acknowledged": [
                    _(
                        "Iedere aanwezige bevestigt de geheimhoudingsverklaring; "
                        "nog niet: %(names)s. Wie niet bevestigt, neemt niet deel: "
                        "haal die van de presentielijst."
                    )
                    % {"names": ", ".join(_attendee_name(a) for a in missing)}
                ]
            }
        )
    now = timezone.now()
    meeting.status = MeetingStatus.IN_PROGRESS
    meeting.started_at = now
    meeting.confidentiality_statement = str(CONFIDENTIALITY_STATEMENT)
    meeting.full_clean()
    meeting.save()
    for attendance in attendees:
        if attendance.confidentiality_acknowledged_at is None:
            _acknowledge(attendance, actor, now)
    audit_record(
        actor=actor,
        action=Action.UPDATE,
        obj=meeting,
        changed_fields=["status", "started_at", "confidentiality_statement"],
        reason="gestart",
    )
    return meeting


def _attendee_name(attendance: Attendance) -> str:
    person = (
        (attendance.user.get_full_name() or attendance.user.username)
        if attendance.user
        else attendance.name
    )
    return f"{person} ({attendance.organisation.name})"


@transaction.atomic
def meeting_close(*, meeting: Meeting, actor: User) -> Meeting:
    """The chair closes the meeting; from now on its record is fixed. The
    minutes (one PDF per organisation) are requested in the same transaction."""
    meeting = _locked(meeting)
    _require_chair(meeting, actor)
    _refuse_closed(meeting)
    if meeting.status != MeetingStatus.IN_PROGRESS:
        raise ValidationError(str(NOT_STARTED))
    meeting.status = MeetingStatus.CLOSED
    meeting.closed_at = timezone.now()
    meeting.closed_by = actor
    meeting.full_clean()
    meeting.save()
    audit_record(
        actor=actor,
        action=Action.UPDATE,
        obj=meeting,
        changed_fields=["status", "closed_at", "closed_by"],
        reason="gesloten",
    )
    _request_minutes(meeting, actor)
    return meeting


def _request_minutes(meeting: Meeting, actor: User) -> None:
    """Closing asks the minutes area for every version (rendered after commit)."""
    minutes_services.minutes_request_all(meeting=meeting, actor=actor)


# --- the record at the table -------------------------------------------------------


@transaction.atomic
def decision_record(*, item: AgendaItem, actor: User, text: str) -> Decision:
    """A decision of the meeting on one item, recorded by the chair."""
    _require(actor, "casusoverleg.add_decision")
    _in_progress(item, actor)
    errors: dict[str, list[str]] = {}
    text = _text(
        errors, "text", text, limit=MAX_DECISION, required=_("Schrijf het besluit op.")
    )
    if errors:
        raise ValidationError(errors)
    decision = Decision(item=item, text=text, recorded_by=actor)
    decision.full_clean()
    decision.save()
    audit_record(actor=actor, action=Action.CREATE, obj=decision)
    return decision


def item_organisations(item: AgendaItem) -> list[Organisation]:
    """The organisations that take part in the item's case (its dossier's
    participants): who can bring something in, carry out an intervention, or be
    named in a contribution's sharing."""
    if item.dossier_id is None:
        return []
    assert item.dossier is not None
    return list(dossier_participants(dossier=item.dossier))


@transaction.atomic
def contribution_record(
    *,
    item: AgendaItem,
    actor: User,
    organisation: Organisation | None,
    text: str,
    sharing: str = Sharing.PARTICIPANTS,
    shared_with: Sequence[str] = (),
) -> ItemContribution:
    """What an organisation brought in at the table, as the chair records it.
    It belongs to that organisation and reaches whom it is shared with (every
    participant of the case, only the ticked ones, or all but the ticked ones),
    the one sharing rule of docs/domain.md section 9; the minutes follow it."""
    _require(actor, "casusoverleg.add_itemcontribution")
    _in_progress(item, actor)
    errors: dict[str, list[str]] = {}
    if item.dossier_id is None:
        raise ValidationError(_("Inbreng wordt per casus vastgelegd."))
    participants = item_organisations(item)
    if organisation is None:
        errors["organisation"] = [_("Kies de organisatie van wie de inbreng is.")]
    elif organisation.pk not in {o.pk for o in participants}:
        errors["organisation"] = [
            _("%(name)s neemt niet deel aan deze casus.") % {"name": organisation.name}
        ]
    text = _text(
        errors, "text", text, limit=MAX_NOTE, required=_("Schrijf de inbreng op.")
    )
    named = clean_sharing(
        sharing,
        shared_with,
        errors,
        among=Organisation.objects.filter(pk__in=[o.pk for o in participants]),
        owner_id=organisation.pk if organisation else None,
    )
    if errors:
        raise ValidationError(errors)
    assert organisation is not None
    contribution = ItemContribution(
        item=item,
        organisation=organisation,
        text=text,
        sharing=sharing,
        recorded_by=actor,
    )
    contribution.full_clean()
    contribution.save()
    contribution.shared_with.set(named)
    audit_record(actor=actor, action=Action.CREATE, obj=contribution)
    return contribution


@transaction.atomic
def intervention_create(
    *,
    item: AgendaItem,
    actor: User,
    kind: str,
    description: str,
    responsible: Organisation | None,
    deadline: datetime.date | None,
    owner: User | None = None,
    order: int | None = 1,
    depends_on: Intervention | None = None,
) -> Intervention:
    """An intervention decided at the table: its kind (docs/domain.md section 8),
    the organisation that carries it out (a participant of the case), optionally
    an owner there, a deadline, its order, and the intervention it waits for
    (of the same case, or of the same meeting)."""
    _require(actor, "casusoverleg.add_intervention")
    meeting = _in_progress(item, actor)
    if item.dossier_id is None:
        raise ValidationError(_("Een interventie hoort bij een casus met een dossier."))
    errors: dict[str, list[str]] = {}
    if kind not in InterventionKind.values:
        errors["kind"] = [_("Kies de soort interventie.")]
    description = _text(
        errors,
        "description",
        description,
        limit=MAX_LINE,
        required=_("Omschrijf de interventie."),
        multiline=False,
    )
    participants = {o.pk for o in item_organisations(item)}
    if responsible is None:
        errors["responsible"] = [_("Kies de organisatie die haar uitvoert.")]
    elif responsible.pk not in participants:
        errors["responsible"] = [
            _(
                "%(name)s neemt niet deel aan deze casus; nodig de organisatie eerst "
                "uit voor dit agendapunt."
            )
            % {"name": responsible.name}
        ]
    if (
        owner is not None
        and responsible is not None
        and (owner.organisation_id != responsible.pk or not owner.is_active)
    ):
        errors["owner"] = [
            _("De eigenaar werkt bij %(name)s.") % {"name": responsible.name}
        ]
    if deadline is None:
        errors["deadline"] = [_("Vul de termijn in.")]
    elif deadline < timezone.localdate(meeting.starts_at):
        errors["deadline"] = [_("De termijn ligt vóór de datum van dit overleg.")]
    if order is None or not 1 <= order <= MAX_ORDER:
        errors["order"] = [
            _("De volgorde is een getal van 1 tot en met %(max)d.") % {"max": MAX_ORDER}
        ]
    if depends_on is not None:
        same_case = depends_on.dossier_id == item.dossier_id
        same_meeting = depends_on.item.meeting_id == meeting.pk
        if not (same_case or same_meeting):
            errors["depends_on"] = [
                _(
                    "Een interventie wacht alleen op een van dezelfde casus of dit overleg."
                )
            ]
        elif deadline is not None and deadline < depends_on.deadline:
            errors["deadline"] = [
                _(
                    "De termijn ligt vóór die van de interventie waarop deze wacht "
                    "(%(date)s)."
                )
                % {"date": depends_on.deadline.strftime("%d-%m-%Y")}
            ]
    if errors:
        raise ValidationError(errors)
    assert item.dossier is not None and responsible is not None
    assert deadline is not None and order is not None
    intervention = Intervention(
        dossier=item.dossier,
        item=item,
        kind=kind,
        description=description,
        responsible=responsible,
        owner=owner,
        deadline=deadline,
        order=order,
        depends_on=depends_on,
        created_by=actor,
    )
    intervention.full_clean()
    intervention.save()
    audit_record(actor=actor, action=Action.CREATE, obj=intervention)
    return intervention


def _is_om_user(user: User) -> bool:
    return Organisation.objects.filter(
        pk=user.organisation_id, kind=OrganisationKind.OM
    ).exists()


@transaction.atomic
def prosecution_record(
    *, item: AgendaItem, actor: User, prosecution: str
) -> AgendaItem:
    """The OM's feedback on a case: whether a criminal investigation follows
    (yes / no / not yet), never its content. Recorded by a user of an OM
    organisation who sees the item, or by the chair on the OM's word; while the
    meeting runs (after closing: a correction)."""
    meeting = _locked(item.meeting)
    if meeting.chair_id == actor.pk:
        _require_chair(meeting, actor)
    elif not (
        _is_om_user(actor)
        and may(actor, "casusoverleg.view_agendaitem")
        and items_visible_to(user=actor).filter(pk=item.pk).exists()
    ):
        raise PermissionDenied
    _refuse_closed(meeting)
    if meeting.status != MeetingStatus.IN_PROGRESS:
        raise ValidationError(str(NOT_STARTED))
    item = AgendaItem.objects.select_for_update().get(pk=item.pk)
    if item.status != ItemStatus.ACCEPTED:
        raise ValidationError(str(NOT_ON_AGENDA))
    if item.dossier_id is None:
        raise ValidationError(_("De terugmelding van het OM hoort bij een casus."))
    if prosecution not in Prosecution.values:
        raise ValidationError({"prosecution": [_("Kies ja, nee of nog niet.")]})
    item.prosecution = prosecution
    item.prosecution_by = actor
    item.full_clean()
    item.save(update_fields=["prosecution", "prosecution_by"])
    audit_record(
        actor=actor,
        action=Action.UPDATE,
        obj=item,
        changed_fields=["prosecution", "prosecution_by"],
    )
    return item


# --- after closing -----------------------------------------------------------------


@transaction.atomic
def correction_record(
    *, meeting: Meeting, actor: User, text: str, item: AgendaItem | None = None
) -> Correction:
    """A correction of a closed meeting's record (of the meeting, or of one of
    its items): a new, dated entry shown with the record; nothing is edited."""
    _require(actor, "casusoverleg.add_correction")
    meeting = _locked(meeting)
    if meeting.status != MeetingStatus.CLOSED:
        raise ValidationError(
            _(
                "Een correctie volgt op een gesloten overleg; pas het verslag nu nog aan."
            )
        )
    errors: dict[str, list[str]] = {}
    if item is not None and item.meeting_id != meeting.pk:
        errors["item"] = [_("Dit agendapunt hoort niet bij dit overleg.")]
    text = _text(
        errors, "text", text, limit=MAX_NOTE, required=_("Schrijf de correctie op.")
    )
    if errors:
        raise ValidationError(errors)
    correction = Correction(meeting=meeting, item=item, text=text, recorded_by=actor)
    correction.full_clean()
    correction.save()
    audit_record(actor=actor, action=Action.CREATE, obj=correction)
    # Every version that shows the correction gets a new version and renders again.
    minutes_services.minutes_after_correction(correction=correction, actor=actor)
    return correction
