"""Celery tasks of the casusoverleg: minutes. Ids only; the row's status is the
truth (casusoverleg.services.minutes), so a task delivered twice renders once."""

from __future__ import annotations

from celery import shared_task

from audit.constants import Client
from audit.context import origin


@shared_task
def render_minutes(minutes_id: int) -> str:
    """Render one version of a meeting's minutes; returns the resulting status."""
    from casusoverleg.services.minutes import minutes_render

    with origin(client=Client.TASK, route="casusoverleg.render_minutes"):
        return minutes_render(minutes_id=minutes_id)


@shared_task
def sweep_minutes() -> int:
    """Beat: queue failed (attempts left) and lost renders again."""
    from casusoverleg.services.minutes import minutes_sweep

    with origin(client=Client.TASK, route="casusoverleg.sweep_minutes"):
        return len(minutes_sweep())
