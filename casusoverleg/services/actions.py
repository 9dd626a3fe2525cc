"""Writes of my organisation's actions: progress and outcome of an intervention,
and the reminders around its deadline (docs/domain.md section 8).

Only the responsible organisation's users and the ketenregisseur record
progress (``casusoverleg.selectors.actions``: anyone else does not see the
intervention, a 404). Every change is a new ``InterventionUpdate`` row (the
history) and sets the intervention's current status; "niet mogelijk
(omstandigheden gewijzigd)" and "niet uitgevoerd" need a reason, which the next
meeting's agenda and the minutes read.
"""

from __future__ import annotations

import datetime
import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override

from audit.constants import Action
from audit.services import audit_record
from casusoverleg.constants import (
    MAX_NOTE,
    REMINDER_BEFORE_DAYS,
    ReminderKind,
)
from casusoverleg.models import Intervention, InterventionReminder, InterventionUpdate
from casusoverleg.selectors.actions import (
    OPEN_STATUSES,
    PROGRESS_STATUSES,
    REASON_STATUSES,
    action_may_change,
    actions_visible_to,
)
from notifications.models import Notification
from notifications.services import notify
from partners.access import not_visible
from partners.constants import ROLE_GROUP_PREFIX, Role
from partners.models import Organisation, User
from partners.text import text_problems

logger = logging.getLogger(__name__)

REASON_REQUIRED = gettext_lazy(
    "Geef een toelichting: waarom is de actie niet mogelijk of niet uitgevoerd? "
    "Het volgende casusoverleg leest die."
)


def _clean_text(
    errors: dict[str, list[str]], field: str, value: str, *, required: str = ""
) -> str:
    value = value.strip()
    if not value and required:
        errors.setdefault(field, []).append(required)
    problems = text_problems(value, limit=MAX_NOTE, multiline=True)
    if problems:
        errors.setdefault(field, []).extend(problems)
    return value


@transaction.atomic
def intervention_progress(
    *,
    intervention: Intervention,
    actor: User,
    status: str,
    note: str = "",
    outcome: str = "",
) -> InterventionUpdate:
    """Record progress on ``intervention``: a new status (in uitvoering,
    uitgevoerd, niet mogelijk, niet uitgevoerd) with a note, and the outcome.

    A user who does not see the intervention gets the access layer's 404; one who
    sees it without the change permission a PermissionDenied. A bad input raises
    a ValidationError per field and stores nothing."""
    locked = (
        actions_visible_to(user=actor)
        .select_for_update(of=("self",))
        .filter(pk=intervention.pk)
        .first()
    )
    if locked is None:
        raise not_visible(actor, Intervention, intervention.uuid)
    if not action_may_change(user=actor, intervention=locked):
        raise PermissionDenied
    errors: dict[str, list[str]] = {}
    if status not in PROGRESS_STATUSES:
        errors["status"] = [_("Kies de stand van zaken.")]
    note = _clean_text(
        errors,
        "note",
        note,
        required=str(REASON_REQUIRED) if status in REASON_STATUSES else "",
    )
    outcome = _clean_text(errors, "outcome", outcome)
    if errors:
        raise ValidationError(errors)

    now = timezone.now()
    changed = ["status", "status_changed_at", "status_changed_by"]
    locked.status = status
    locked.status_changed_at = now
    locked.status_changed_by = actor
    # The reason belongs to the unfinished statuses; any other status clears it
    # (the history keeps every earlier one).
    reason = note if status in REASON_STATUSES else ""
    if reason != locked.status_reason:
        locked.status_reason = reason
        changed.append("status_reason")
    if outcome and outcome != locked.outcome:
        locked.outcome = outcome
        changed.append("outcome")
    locked.full_clean()
    locked.save(update_fields=changed)
    # The history keeps every outcome too: a new one replaces the current.
    entry = note
    if "outcome" in changed:
        entry = "\n\n".join(
            part
            for part in (note, _("Resultaat: %(text)s") % {"text": outcome})
            if part
        )
    update = InterventionUpdate(
        intervention=locked,
        status=status,
        note=entry[:MAX_NOTE],
        by=actor,
        at=now,
    )
    update.full_clean()
    update.save()
    audit_record(actor=actor, action=Action.UPDATE, obj=locked, changed_fields=changed)
    audit_record(actor=actor, action=Action.CREATE, obj=update)
    intervention.refresh_from_db()
    return update


# --- reminders --------------------------------------------------------------------


def _recipients(intervention: Intervention) -> list[User]:
    """The responsible organisation's vaste contactpersoon (the one recorded on
    the organisation and whoever holds the role) and the intervention's owner:
    only those who can open the link, i.e. see the intervention today."""
    organisation: Organisation = intervention.responsible
    candidates = list(
        User.objects.filter(
            Q(groups__name=f"{ROLE_GROUP_PREFIX}{Role.CONTACTPERSOON}")
            | Q(pk=organisation.contact_person_id or 0)
            | Q(pk=intervention.owner_id or 0),
            organisation=organisation,
            is_active=True,
        )
        .distinct()
        .order_by("pk")
    )
    return [
        user
        for user in candidates
        if actions_visible_to(user=user).filter(pk=intervention.pk).exists()
    ]


def _title(kind: str, deadline: datetime.date) -> str:
    """Names no person and no case: only that a deadline nears or passed."""
    when = date_format(deadline, "j F Y")
    if kind == ReminderKind.BEFORE:
        return _(
            "Herinnering: een actie van uw organisatie moet uiterlijk %(date)s "
            "klaar zijn"
        ) % {"date": when}
    return _(
        "Herinnering: de termijn van een actie van uw organisatie is verstreken "
        "(%(date)s)"
    ) % {"date": when}


def _due(today: datetime.date) -> list[tuple[Intervention, str]]:
    """Open interventions owed a reminder today: before, from
    ``REMINDER_BEFORE_DAYS`` ahead up to the deadline itself; after, once the
    deadline has passed. Each kind once (already sent ones are left out)."""
    soon = today + datetime.timedelta(days=REMINDER_BEFORE_DAYS)
    done = set(
        InterventionReminder.objects.filter(
            intervention__status__in=OPEN_STATUSES, intervention__deadline__lte=soon
        ).values_list("intervention_id", "kind")
    )
    due: list[tuple[Intervention, str]] = []
    for intervention in (
        Intervention.objects.filter(status__in=OPEN_STATUSES, deadline__lte=soon)
        .select_related("responsible")
        .order_by("deadline", "id")
    ):
        kind = (
            ReminderKind.AFTER if intervention.deadline < today else ReminderKind.BEFORE
        )
        if (intervention.pk, kind) not in done:
            due.append((intervention, kind))
    return due


def intervention_reminders_send(*, today: datetime.date | None = None) -> int:
    """Send the reminders due today, each in its own transaction; returns how
    many were sent. Run by beat (``casusoverleg.tasks.actions``); safe to run
    twice at once (the unique reminder row decides who sends)."""
    today = today or timezone.localdate()
    sent = 0
    for intervention, kind in _due(today):
        try:
            with transaction.atomic():
                if _remind(intervention, kind):
                    sent += 1
        except IntegrityError:
            # Another run sent this one in the meantime.
            continue
    logger.info("event=intervention_reminders_sent count=%d", sent)
    return sent


def _remind(intervention: Intervention, kind: str) -> bool:
    recipients = _recipients(intervention)
    if not recipients:
        # Nobody can open it today (no contactpersoon, no convenant): left unsent,
        # so it goes out once someone can.
        logger.info(
            "event=intervention_reminder_no_recipient intervention=%s kind=%s",
            intervention.pk,
            kind,
        )
        return False
    reminder = InterventionReminder.objects.create(intervention=intervention, kind=kind)
    with override("nl"):
        title = _title(kind, intervention.deadline)
    notify(
        recipients=recipients,
        kind=Notification.Kind.INTERVENTION_REMINDER,
        title=title,
        link=reverse("casusoverleg:action", kwargs={"uuid": intervention.uuid}),
    )
    audit_record(actor=None, action=Action.CREATE, obj=reminder)
    return True
