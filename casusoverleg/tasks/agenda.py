"""Celery tasks of the casusoverleg: agenda.

Only ids travel through Redis. The ``AgendaBuild`` row is the source of truth:
``agenda_build_run`` takes it from queued to running under a row lock, so a task
delivered twice builds once; beat sends lost builds again."""

from __future__ import annotations

from celery import shared_task

from casusoverleg.services.agenda import agenda_build_run, agenda_builds_sweep


@shared_task(acks_late=True, reject_on_worker_lost=True)
def build_agenda(build_id: int) -> str:
    """Propose the agenda items of one build's meeting."""
    return agenda_build_run(build_id=build_id)


@shared_task
def sweep_agenda_builds() -> int:
    """Beat: send again the builds whose task was lost (queued or running too long)."""
    return len(agenda_builds_sweep())
