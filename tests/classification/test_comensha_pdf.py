"""The CoMensha report's PDF renders in the worker (ids only), its state is the
row's, beat sweeps failed and lost renders again, and the page shows it."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from classification.constants_risk import ConsentBasis, PdfStatus
from classification.models import ComenshaReport
from classification.services_comensha import (
    MAX_PDF_ATTEMPTS,
    comensha_pdf_render,
    comensha_pdf_retry,
    comensha_pdf_sweep,
    comensha_report_create,
)
from tests.classification.risk_helpers import dossier_about
from tests.conftest import verified_client

pytestmark = pytest.mark.django_db


def report_of(screener) -> ComenshaReport:
    dossier, person = dossier_about(screener, age=17)
    return comensha_report_create(
        dossier=dossier,
        person=person,
        actor=screener,
        consent_basis=ConsentBasis.PERSON,
        consent_reference="Formulier 3 (fictief)",
    )


def test_the_task_gets_the_id_only_and_renders_once(
    screener, monkeypatch, django_capture_on_commit_callbacks
):
    sent: list[tuple[object, ...]] = []
    from classification import tasks

    monkeypatch.setattr(
        tasks.render_comensha_pdf, "delay", lambda *args: sent.append(args)
    )
    with django_capture_on_commit_callbacks(execute=True):
        report = report_of(screener)
    assert sent == [(report.pk,)]
    assert report.pdf_status == PdfStatus.QUEUED
    assert comensha_pdf_render(report_id=report.pk) == PdfStatus.DONE
    report.refresh_from_db()
    assert report.pdf_status == PdfStatus.DONE and report.pdf_rendered_at
    assert report.pdf is not None
    assert bytes(report.pdf).startswith(b"%PDF")
    # Delivered twice: the second run leaves it as it is.
    assert comensha_pdf_render(report_id=report.pk) == PdfStatus.DONE
    assert report.pdf_attempts == 1


def test_a_failed_render_keeps_a_fixed_message_and_beat_retries(screener, monkeypatch):
    report = report_of(screener)
    from classification import services_comensha

    def broken(report: ComenshaReport) -> bytes:
        raise RuntimeError(f"boom {report.person.name}")

    monkeypatch.setattr(services_comensha, "comensha_pdf_bytes", broken)
    assert comensha_pdf_render(report_id=report.pk) == PdfStatus.FAILED
    report.refresh_from_db()
    assert report.pdf_status == PdfStatus.FAILED
    assert report.person.name not in report.pdf_error  # never the exception's text
    assert "opnieuw geprobeerd" in report.pdf_error
    # Too soon for the sweep; two minutes later it is queued again.
    assert comensha_pdf_sweep() == []
    later = timezone.now() + datetime.timedelta(minutes=3)
    assert comensha_pdf_sweep(now=later) == [report.pk]
    report.refresh_from_db()
    assert report.pdf_status == PdfStatus.QUEUED
    # The eager task of the sweep's commit is not run here; render by hand until
    # the attempts are used up.
    for _attempt in range(MAX_PDF_ATTEMPTS - 1):
        ComenshaReport.objects.filter(pk=report.pk).update(pdf_status=PdfStatus.QUEUED)
        comensha_pdf_render(report_id=report.pk)
    report.refresh_from_db()
    assert report.pdf_attempts == MAX_PDF_ATTEMPTS
    assert "meerdere pogingen" in report.pdf_error
    assert comensha_pdf_sweep(now=later + datetime.timedelta(hours=1)) == []
    # The page offers to try again; whoever reads the report may.
    client = verified_client(screener)
    detail = reverse("risk:comensha_detail", kwargs={"uuid": report.uuid})
    html = client.get(detail).content.decode()
    assert "PDF opnieuw maken" in html
    monkeypatch.undo()
    comensha_pdf_retry(report=report, actor=screener)
    report.refresh_from_db()
    assert report.pdf_status == PdfStatus.QUEUED and report.pdf_attempts == 0


def test_a_lost_render_is_queued_again(screener):
    report = report_of(screener)
    ComenshaReport.objects.filter(pk=report.pk).update(
        pdf_status=PdfStatus.RUNNING,
        pdf_attempts=1,
        pdf_started_at=timezone.now() - datetime.timedelta(minutes=20),
    )
    assert comensha_pdf_sweep() == [report.pk]
    report.refresh_from_db()
    assert report.pdf_status == PdfStatus.QUEUED
    assert "onderbroken" in report.pdf_error


def test_the_page_polls_while_the_pdf_is_made(screener, outsider):
    report = report_of(screener)
    client = verified_client(screener)
    detail = reverse("risk:comensha_detail", kwargs={"uuid": report.uuid})
    html = client.get(detail).content.decode()
    assert 'data-status="queued"' in html and "hx-trigger" in html
    assert "Download als PDF" not in html
    comensha_pdf_render(report_id=report.pk)
    fragment = client.get(detail, headers={"HX-Request": "true"}).content.decode()
    assert fragment.startswith('<div id="comensha-pdf"')
    assert "Download als PDF" in fragment and "hx-trigger" not in fragment
    # Retrying is for a failed render only, and not for an outsider.
    assert (
        client.post(
            reverse("risk:comensha_pdf_retry", kwargs={"uuid": report.uuid})
        ).status_code
        == 302
    )
    report.refresh_from_db()
    assert report.pdf_status == PdfStatus.DONE
    assert (
        verified_client(outsider)
        .post(reverse("risk:comensha_pdf_retry", kwargs={"uuid": report.uuid}))
        .status_code
        == 404
    )
