"""Celery tasks of the casusoverleg: actions (reminders around deadlines)."""

from __future__ import annotations

from celery import shared_task

from audit.constants import Client
from audit.context import origin


@shared_task
def send_intervention_reminders() -> int:
    """Beat, daily: a reminder before and after each open intervention's deadline,
    once each, to the responsible organisation (no arguments, no personal data;
    the notifications e-mail task mails them)."""
    from casusoverleg.services.actions import intervention_reminders_send

    with origin(client=Client.TASK, route="casusoverleg.send_intervention_reminders"):
        return intervention_reminders_send()
