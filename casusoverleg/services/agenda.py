"""The agenda's writes: the builder (a Celery task), accepting, removing and
ordering items, planned durations, sketches and per-item invitations.

Every write is ``@transaction.atomic``, checks the actor and is audited. The
ketenregisseur composes the agenda (``may_build_agenda``); the voorbereidingsteam
(screener) and the ketenregisseur write the sketches until the meeting starts
(``may_edit_sketch``). After the meeting is closed its agenda is fixed.

Access (docs/domain.md section 9): accepting a case item brings every kernteam
organisation with a valid convenant into the dossier (``dossier_invite``, as a
colour does in ``classification.services._apply``). Inviting a flexibele-schil
organisation to an item grants it the dossier only when it was not yet a
participant, and ``ItemInvitation.granted_access`` remembers that; withdrawing the
invitation (or removing the item) withdraws exactly the grant the invitation made,
never one the organisation had by another route. Likewise the kernteam grants an
accept made (``ItemKernteamGrant``) go when the item leaves the agenda, unless
the organisation has since got the dossier another way.
"""

from __future__ import annotations

import datetime
import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.constants import Action
from audit.services import audit_record
from casusoverleg.constants import (
    MAX_ITEM_MINUTES,
    MAX_SKETCH,
    ItemKind,
    ItemReason,
    ItemStatus,
    JobStatus,
    MeetingStatus,
)
from casusoverleg.models import (
    AgendaBuild,
    AgendaItem,
    ItemInvitation,
    ItemKernteamGrant,
    Meeting,
)
from casusoverleg.selectors.agenda import (
    agenda_candidates,
    dossier_by_reference,
    may_build_agenda,
    may_edit_sketch,
    repeat_dossiers,
)
from classification.models import HandOff
from partners.access import convenant_valid, may
from partners.constants import Ring
from partners.models import Organisation, User
from partners.text import text_problems
from signals.models import Signal
from signals.selectors.dossier import (
    dossier_owner_group_ids,
    dossier_participant_group_ids,
)
from signals.services import (
    dossier_invite,
    dossier_invite_many,
    dossier_withdraw_invitation,
)

logger = logging.getLogger(__name__)

# A fixed message for the page: never an exception's text (it may hold data).
BUILD_FAILED = gettext_lazy("De agenda kon niet worden opgebouwd. Probeer het opnieuw.")
MAX_BUILD_ATTEMPTS = 3
# A queued build younger than this still has its own task on the way.
SWEEP_QUEUED_AFTER = datetime.timedelta(minutes=2)
# A build running longer than this lost its worker (the builder takes seconds).
SWEEP_RUNNING_AFTER = datetime.timedelta(minutes=10)

SKETCH_FIELDS = ("background", "open_actions", "questions", "proposed_interventions")


def _require_agenda(actor: User) -> None:
    if not may_build_agenda(actor):
        raise PermissionDenied


def _require_open(meeting: Meeting) -> None:
    if meeting.status == MeetingStatus.CLOSED:
        raise ValidationError(_("Het overleg is gesloten; de agenda ligt vast."))


def _lock_item(item: AgendaItem) -> AgendaItem:
    return (
        AgendaItem.objects.select_for_update(of=("self",))
        .select_related("meeting", "dossier")
        .get(pk=item.pk)
    )


# --- the builder -------------------------------------------------------------------


@transaction.atomic
def agenda_build_request(*, meeting: Meeting, actor: User) -> AgendaBuild:
    """Queue a run of the builder for ``meeting``; the task is sent when this
    transaction commits. A build still queued or running is returned instead of
    a second one."""
    _require_agenda(actor)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _require_open(meeting)
    active = (
        AgendaBuild.objects.filter(
            meeting=meeting, status__in=[JobStatus.QUEUED, JobStatus.RUNNING]
        )
        .order_by("-requested_at")
        .first()
    )
    if active is not None:
        return active
    build = AgendaBuild.objects.create(meeting=meeting, requested_by=actor)
    audit_record(actor=actor, action=Action.CREATE, obj=build)
    _enqueue(build.pk)
    return build


def _enqueue(build_id: int) -> None:
    from casusoverleg.tasks.agenda import build_agenda

    transaction.on_commit(lambda: build_agenda.delay(build_id))


def agenda_build_run(*, build_id: int) -> str:
    """The task's work: take the build (queued → running under a row lock, so a
    task delivered twice runs once), propose the items, and record done or a
    fixed Dutch failure. Returns the build's status."""
    with transaction.atomic():
        build = AgendaBuild.objects.select_for_update().filter(pk=build_id).first()
        if build is None:
            return "missing"
        if build.status != JobStatus.QUEUED:
            return build.status
        build.status = JobStatus.RUNNING
        build.started_at = timezone.now()
        build.attempts += 1
        build.save(update_fields=["status", "started_at", "attempts"])
    try:
        with transaction.atomic():
            proposed = _propose(build)
    except Exception as exc:  # the page shows a fixed message; the log the type
        logger.warning(
            "event=agenda_build_failed build=%s error=%s", build_id, type(exc).__name__
        )
        AgendaBuild.objects.filter(pk=build_id).update(
            status=JobStatus.FAILED, finished_at=timezone.now(), error=str(BUILD_FAILED)
        )
        return JobStatus.FAILED
    AgendaBuild.objects.filter(pk=build_id).update(
        status=JobStatus.DONE, finished_at=timezone.now(), error="", proposed=proposed
    )
    logger.info("event=agenda_build_done build=%s proposed=%d", build_id, proposed)
    return JobStatus.DONE


def _propose(build: AgendaBuild) -> int:
    """Merge the candidates into the meeting's items; return how many are new.

    Idempotent: a dossier (or signal) already on the agenda gets the new reasons
    added; a removed item stays removed; nothing is proposed twice (the unique
    constraint on meeting and dossier backs this up)."""
    meeting = Meeting.objects.select_for_update().get(pk=build.meeting_id)
    if meeting.status == MeetingStatus.CLOSED:
        raise ValidationError("meeting closed")
    found = agenda_candidates(meeting=meeting)
    existing = list(AgendaItem.objects.filter(meeting=meeting))
    by_dossier = {i.dossier_id: i for i in existing if i.dossier_id is not None}
    by_signal = {
        i.signal_id
        for i in existing
        if i.signal_id is not None and i.dossier_id is None
    }
    position = max((i.position for i in existing), default=0)
    # Rood before oranje, then the oldest dossier first.
    order = sorted(
        found.dossiers,
        key=lambda pk: (found.colours.get(pk) != "rood", pk),
    )
    repeats = repeat_dossiers(meeting=meeting, dossier_ids=[*order, *by_dossier])
    new: list[AgendaItem] = []
    for dossier_id in order:
        reasons = found.dossiers[dossier_id]
        item = by_dossier.get(dossier_id)
        if item is not None:
            merged = [*item.reasons, *(r for r in reasons if r not in item.reasons)]
            repeat = dossier_id in repeats
            if merged != item.reasons or repeat != item.is_repeat:
                item.reasons = merged
                item.is_repeat = repeat
                item.save(update_fields=["reasons", "is_repeat"])
            continue
        position += 1
        new.append(
            AgendaItem(
                meeting=meeting,
                kind=ItemKind.DOSSIER,
                dossier_id=dossier_id,
                reasons=reasons,
                position=position,
                is_repeat=dossier_id in repeats,
            )
        )
    signals = {
        s.pk: s
        for s in Signal.objects.filter(
            pk__in=[*found.trend_signals, *found.bilateral_signals]
        ).only("pk", "received_at")
    }
    for kind, reason, ids in (
        (ItemKind.TREND, ItemReason.TREND, found.trend_signals),
        (ItemKind.BILATERAL, ItemReason.BILATERAL, found.bilateral_signals),
    ):
        for signal_id in ids:
            if signal_id in by_signal or signal_id not in signals:
                continue
            position += 1
            new.append(
                AgendaItem(
                    meeting=meeting,
                    kind=kind,
                    signal_id=signal_id,
                    title=f"{ItemKind(kind).label}: {signals[signal_id].reference}",
                    reasons=[reason],
                    position=position,
                )
            )
    created = AgendaItem.objects.bulk_create(new)
    actor = build.requested_by
    for item in created:
        audit_record(actor=actor, action=Action.CREATE, obj=item, reason="agenda")
    return len(created)


def agenda_builds_sweep() -> list[int]:
    """Beat: builds whose task was lost. A queued build older than a few minutes
    is sent again; one running too long lost its worker and is queued again, or,
    after ``MAX_BUILD_ATTEMPTS``, failed. Returns the ids sent again."""
    now = timezone.now()
    again: list[int] = []
    with transaction.atomic():
        stale = AgendaBuild.objects.select_for_update(skip_locked=True).filter(
            status=JobStatus.RUNNING, started_at__lt=now - SWEEP_RUNNING_AFTER
        )
        for build in stale:
            if build.attempts >= MAX_BUILD_ATTEMPTS:
                build.status = JobStatus.FAILED
                build.finished_at = now
                build.error = str(BUILD_FAILED)
                build.save(update_fields=["status", "finished_at", "error"])
            else:
                build.status = JobStatus.QUEUED
                build.save(update_fields=["status"])
                again.append(build.pk)
        again += list(
            AgendaBuild.objects.filter(
                status=JobStatus.QUEUED, requested_at__lt=now - SWEEP_QUEUED_AFTER
            )
            .exclude(pk__in=again)
            .values_list("pk", flat=True)
        )
        for build_id in again:
            _enqueue(build_id)
    if again:
        logger.info("event=agenda_build_swept count=%d", len(again))
    return again


# --- items -------------------------------------------------------------------------


def _kernteam_join(item: AgendaItem, actor: User) -> None:
    """docs/domain.md section 9: a kernteam organisation joins a dossier when it
    is brought to the casusoverleg. The item remembers the grants it made
    (``ItemKernteamGrant``), never one an organisation already had."""
    if item.dossier is None:
        return
    participants = set(dossier_participant_group_ids(dossier=item.dossier))
    joining = [
        organisation
        for organisation in Organisation.objects.convenant_valid().filter(
            ring=Ring.KERNTEAM
        )
        if organisation.group_id not in participants
    ]
    if not joining:
        return
    dossier_invite_many(dossier=item.dossier, organisations=joining, actor=actor)
    for organisation in joining:
        grant, created = ItemKernteamGrant.objects.get_or_create(
            item=item, organisation=organisation
        )
        if created:
            audit_record(actor=actor, action=Action.CREATE, obj=grant)


def _kernteam_leave(item: AgendaItem, actor: User) -> None:
    """The item leaves the agenda: revoke the kernteam grants its accept made,
    except where the organisation has since got the dossier another way: a later
    hand-off (a colour, the art. 273f test), another accepted item of the same
    dossier (which takes the grant over), or an open invitation (idem)."""
    grants = list(
        ItemKernteamGrant.objects.select_for_update()
        .filter(item=item)
        .select_related("organisation")
    )
    dossier = item.dossier
    for grant in grants:
        audit_record(actor=actor, action=Action.DELETE, obj=grant)
        grant.delete()
        if dossier is None:
            continue
        organisation = grant.organisation
        heir = (
            AgendaItem.objects.select_for_update()
            .filter(dossier_id=dossier.pk, status=ItemStatus.ACCEPTED)
            .exclude(pk=item.pk)
            .order_by("-meeting__starts_at", "-pk")
            .first()
        )
        if heir is not None:
            taken, created = ItemKernteamGrant.objects.get_or_create(
                item=heir,
                organisation=organisation,
                defaults={"granted_at": grant.granted_at},
            )
            if created:
                audit_record(actor=actor, action=Action.CREATE, obj=taken)
            continue
        invitation = (
            ItemInvitation.objects.select_for_update()
            .filter(
                item__dossier_id=dossier.pk,
                organisation_id=organisation.pk,
                withdrawn_at__isnull=True,
            )
            .exclude(item__status=ItemStatus.REMOVED)
            .exclude(item_id=item.pk)
            .first()
        )
        if invitation is not None:
            if not invitation.granted_access:
                invitation.granted_access = True
                invitation.save(update_fields=["granted_access"])
                audit_record(
                    actor=actor,
                    action=Action.UPDATE,
                    obj=invitation,
                    changed_fields=["granted_access"],
                )
            continue
        if organisation.group_id in dossier_owner_group_ids(dossier=dossier):
            continue
        if HandOff.objects.filter(
            dossier_id=dossier.pk,
            to_organisation_id=organisation.pk,
            created_at__gte=grant.granted_at,
        ).exists():
            continue
        if organisation.group_id not in set(
            dossier_participant_group_ids(dossier=dossier)
        ):
            continue
        dossier_withdraw_invitation(
            dossier=dossier, organisation=organisation, actor=actor
        )


def _next_position(meeting: Meeting) -> int:
    top = AgendaItem.objects.filter(
        meeting=meeting, status=ItemStatus.ACCEPTED
    ).aggregate(top=Max("position"))["top"]
    return (top or 0) + 1


@transaction.atomic
def agenda_item_accept(*, item: AgendaItem, actor: User) -> AgendaItem:
    """Put a proposed (or removed) item on the agenda, last; the kernteam joins
    its dossier."""
    _require_agenda(actor)
    item = _lock_item(item)
    _require_open(item.meeting)
    if item.status == ItemStatus.ACCEPTED:
        return item
    item.status = ItemStatus.ACCEPTED
    item.position = _next_position(item.meeting)
    item.save(update_fields=["status", "position"])
    audit_record(actor=actor, action=Action.UPDATE, obj=item, changed_fields=["status"])
    _kernteam_join(item, actor)
    return item


@transaction.atomic
def agenda_item_remove(*, item: AgendaItem, actor: User) -> AgendaItem:
    """Take an item off the agenda; the builder will not propose it again. Its
    invitations are withdrawn, and with them the grants they made."""
    _require_agenda(actor)
    item = _lock_item(item)
    _require_open(item.meeting)
    if item.status == ItemStatus.REMOVED:
        return item
    if item.meeting.status != MeetingStatus.PLANNED:
        # Once the meeting runs, what was on the agenda is part of its record
        # (decisions, interventions, who was invited for it).
        raise ValidationError(
            _(
                "Het overleg is begonnen: een agendapunt gaat niet meer van de "
                "agenda. Leg bij het punt vast dat het niet besproken is."
            )
        )
    for invitation in ItemInvitation.objects.filter(
        item=item, withdrawn_at__isnull=True
    ).select_related("organisation"):
        _withdraw(invitation, item, actor)
    item.status = ItemStatus.REMOVED
    item.save(update_fields=["status"])
    _kernteam_leave(item, actor)
    audit_record(actor=actor, action=Action.UPDATE, obj=item, changed_fields=["status"])
    return item


def _accepted(meeting: Meeting) -> list[AgendaItem]:
    return list(
        AgendaItem.objects.select_for_update()
        .filter(meeting=meeting, status=ItemStatus.ACCEPTED)
        .order_by("position", "id")
    )


def _renumber(items: list[AgendaItem]) -> None:
    changed = []
    for number, item in enumerate(items, start=1):
        if item.position != number:
            item.position = number
            changed.append(item)
    AgendaItem.objects.bulk_update(changed, ["position"])


@transaction.atomic
def agenda_reorder(*, meeting: Meeting, item_ids: list[int], actor: User) -> None:
    """The agenda in a new order (drag and drop): ``item_ids`` must be exactly
    the accepted items of the meeting."""
    _require_agenda(actor)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _require_open(meeting)
    items = {i.pk: i for i in _accepted(meeting)}
    if len(item_ids) != len(set(item_ids)) or set(item_ids) != set(items):
        raise ValidationError(
            {
                "item": [
                    _(
                        "De volgorde past niet meer bij de agenda. Laad de pagina "
                        "opnieuw en probeer het nog eens."
                    )
                ]
            }
        )
    _renumber([items[pk] for pk in item_ids])
    audit_record(
        actor=actor,
        action=Action.UPDATE,
        obj=meeting,
        changed_fields=["agenda_order"],
    )


@transaction.atomic
def agenda_item_move(*, item: AgendaItem, direction: str, actor: User) -> None:
    """One place up or down (the keyboard's buttons); at either end nothing moves."""
    _require_agenda(actor)
    meeting = Meeting.objects.select_for_update().get(pk=item.meeting_id)
    _require_open(meeting)
    items = _accepted(meeting)
    index = next((n for n, i in enumerate(items) if i.pk == item.pk), None)
    if index is None:
        raise ValidationError(
            {"item": [_("Alleen een punt dat op de agenda staat kan verschuiven.")]}
        )
    other = index - 1 if direction == "up" else index + 1
    if direction not in ("up", "down"):
        raise ValidationError({"direction": [_("Kies omhoog of omlaag.")]})
    if 0 <= other < len(items):
        items[index], items[other] = items[other], items[index]
    _renumber(items)
    audit_record(
        actor=actor,
        action=Action.UPDATE,
        obj=meeting,
        changed_fields=["agenda_order"],
    )


@transaction.atomic
def agenda_item_set_duration(
    *, item: AgendaItem, minutes: int | None, actor: User
) -> AgendaItem:
    _require_agenda(actor)
    item = _lock_item(item)
    _require_open(item.meeting)
    if minutes is None or not 1 <= minutes <= MAX_ITEM_MINUTES:
        raise ValidationError(
            {
                "planned_minutes": [
                    _("Geef een duur van 1 tot %(max)d minuten.")
                    % {"max": MAX_ITEM_MINUTES}
                ]
            }
        )
    item.planned_minutes = minutes
    item.save(update_fields=["planned_minutes"])
    audit_record(
        actor=actor, action=Action.UPDATE, obj=item, changed_fields=["planned_minutes"]
    )
    return item


@transaction.atomic
def agenda_item_add(*, meeting: Meeting, reference: str, actor: User) -> AgendaItem:
    """The ketenregisseur puts a dossier on the agenda by its reference
    (DOS-<year>-<number>): accepted at once, the kernteam joins."""
    _require_agenda(actor)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _require_open(meeting)
    dossier = dossier_by_reference(reference)
    if dossier is None:
        raise ValidationError(
            {
                "reference": [
                    _(
                        "Er is geen dossier met dit kenmerk. Een kenmerk ziet eruit "
                        "als DOS-2026-000123."
                    )
                ]
            }
        )
    item = (
        AgendaItem.objects.select_for_update()
        .filter(meeting=meeting, dossier=dossier)
        .select_related("meeting", "dossier")
        .first()
    )
    if item is not None and item.status == ItemStatus.ACCEPTED:
        raise ValidationError({"reference": [_("Dit dossier staat al op de agenda.")]})
    if item is None:
        item = AgendaItem(
            meeting=meeting,
            kind=ItemKind.DOSSIER,
            dossier=dossier,
            reasons=[ItemReason.MANUAL],
            added_by=actor,
            is_repeat=bool(repeat_dossiers(meeting=meeting, dossier_ids=[dossier.pk])),
        )
    elif ItemReason.MANUAL not in item.reasons:
        item.reasons = [*item.reasons, ItemReason.MANUAL]
    item.status = ItemStatus.ACCEPTED
    item.position = _next_position(meeting)
    item.full_clean()
    created = item.pk is None
    item.save()
    audit_record(
        actor=actor,
        action=Action.CREATE if created else Action.UPDATE,
        obj=item,
        changed_fields=[] if created else ["status", "reasons"],
    )
    _kernteam_join(item, actor)
    return item


@transaction.atomic
def agenda_item_sketch_update(
    *, item: AgendaItem, actor: User, **sketch: str
) -> AgendaItem:
    """The voorbereidingsteam's sketch of a case: background, open actions,
    questions for the meeting, proposed interventions. Until the meeting starts."""
    if not may_edit_sketch(actor):
        raise PermissionDenied
    item = _lock_item(item)
    if item.meeting.status != MeetingStatus.PLANNED:
        raise ValidationError(
            _("Het overleg is begonnen; de schets kan niet meer worden gewijzigd.")
        )
    errors: dict[str, list[str]] = {}
    changed = []
    for name in SKETCH_FIELDS:
        value = sketch.get(name, "").strip()
        problems = text_problems(value, limit=MAX_SKETCH, multiline=True)
        if problems:
            errors[name] = problems
        if value != getattr(item, name):
            setattr(item, name, value)
            changed.append(name)
    if errors:
        raise ValidationError(errors)
    if not changed:
        return item
    item.sketch_updated_by = actor
    item.sketch_updated_at = timezone.now()
    item.full_clean()
    item.save(update_fields=[*changed, "sketch_updated_by", "sketch_updated_at"])
    audit_record(actor=actor, action=Action.UPDATE, obj=item, changed_fields=changed)
    return item


# --- invitations per item ----------------------------------------------------------


@transaction.atomic
def agenda_item_invite(
    *, item: AgendaItem, organisation: Organisation, actor: User
) -> ItemInvitation:
    """Invite a flexibele-schil organisation to one item: it takes part in the
    dossier for the meeting. The grant is made (and remembered as this
    invitation's) only when the organisation did not take part yet."""
    if not may_build_agenda(actor) or not _may(actor, "add_iteminvitation"):
        raise PermissionDenied
    item = _lock_item(item)
    _require_open(item.meeting)
    errors: list[str] = []
    if item.dossier is None:
        errors.append(_("Alleen voor een casus kunt u een organisatie uitnodigen."))
    elif item.status != ItemStatus.ACCEPTED:
        errors.append(_("Zet het punt eerst op de agenda."))
    if organisation.ring != Ring.FLEXIBELE_SCHIL:
        errors.append(
            _("Het kernteam neemt al deel; nodig alleen de flexibele schil uit.")
        )
    elif not convenant_valid(organisation.pk):
        errors.append(
            _("%(name)s heeft geen geldig convenant en krijgt geen persoonsgegevens.")
            % {"name": organisation.name}
        )
    elif ItemInvitation.objects.filter(
        item=item, organisation=organisation, withdrawn_at__isnull=True
    ).exists():
        errors.append(_("Deze organisatie is al uitgenodigd voor dit punt."))
    if errors:
        raise ValidationError({"organisation": errors})
    assert item.dossier is not None
    participating = organisation.group_id in set(
        dossier_participant_group_ids(dossier=item.dossier)
    )
    invitation = ItemInvitation.objects.create(
        item=item,
        organisation=organisation,
        granted_access=not participating,
        invited_by=actor,
    )
    audit_record(actor=actor, action=Action.CREATE, obj=invitation)
    if not participating:
        dossier_invite(dossier=item.dossier, organisation=organisation, actor=actor)
    return invitation


def _may(actor: User, codename: str) -> bool:
    return may(actor, f"casusoverleg.{codename}")


def _withdraw(invitation: ItemInvitation, item: AgendaItem, actor: User) -> None:
    """End one invitation; withdraw the dossier grant only when this invitation
    made it. When another open invitation of the organisation to the same dossier
    still needs the grant, that one takes it over instead."""
    invitation.withdrawn_at = timezone.now()
    invitation.withdrawn_by = actor
    invitation.save(update_fields=["withdrawn_at", "withdrawn_by"])
    audit_record(
        actor=actor,
        action=Action.UPDATE,
        obj=invitation,
        changed_fields=["withdrawn_at"],
    )
    if not invitation.granted_access or item.dossier is None:
        return
    heir = (
        ItemInvitation.objects.select_for_update()
        .filter(
            item__dossier_id=item.dossier.pk,
            organisation_id=invitation.organisation_id,
            withdrawn_at__isnull=True,
        )
        .exclude(item__status=ItemStatus.REMOVED)
        .exclude(pk=invitation.pk)
        .first()
    )
    if heir is not None:
        heir.granted_access = True
        heir.save(update_fields=["granted_access"])
        return
    if invitation.organisation.group_id in dossier_owner_group_ids(
        dossier=item.dossier
    ):
        return
    # Since the invitation, a colour or the art. 273f test may have routed the
    # dossier to this organisation (a hand-off): that route found it taking part
    # already and made no grant of its own, so the grant now serves it too.
    if HandOff.objects.filter(
        dossier_id=item.dossier.pk,
        to_organisation_id=invitation.organisation_id,
        created_at__gte=invitation.invited_at,
    ).exists():
        return
    dossier_withdraw_invitation(
        dossier=item.dossier, organisation=invitation.organisation, actor=actor
    )


@transaction.atomic
def agenda_item_invitation_withdraw(*, invitation: ItemInvitation, actor: User) -> None:
    if not may_build_agenda(actor) or not _may(actor, "change_iteminvitation"):
        raise PermissionDenied
    invitation = (
        ItemInvitation.objects.select_for_update(of=("self",))
        .select_related("organisation", "item__meeting", "item__dossier")
        .get(pk=invitation.pk)
    )
    _require_open(invitation.item.meeting)
    if invitation.withdrawn_at is not None:
        return
    _withdraw(invitation, invitation.item, actor)
