"""Celery tasks of classification: the CoMensha report's PDF. Ids only; the
row's status is the truth (classification.services_comensha), so a task
delivered twice renders once."""

from __future__ import annotations

from celery import shared_task

from audit.constants import Client
from audit.context import origin


@shared_task
def render_comensha_pdf(report_id: int) -> str:
    """Render one report's PDF; returns the resulting status."""
    from classification.services_comensha import comensha_pdf_render

    with origin(client=Client.TASK, route="classification.render_comensha_pdf"):
        return comensha_pdf_render(report_id=report_id)


@shared_task
def sweep_comensha_pdfs() -> int:
    """Beat: queue failed (attempts left) and lost renders again."""
    from classification.services_comensha import comensha_pdf_sweep

    with origin(client=Client.TASK, route="classification.sweep_comensha_pdfs"):
        return len(comensha_pdf_sweep())
