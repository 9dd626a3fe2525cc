"""The screening team's start page is its werkvoorraad: urgent first, then the
longest waiting, each linking to its screening page; audited; nobody else sees it."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone

from audit.constants import Action
from audit.models import AuditEvent
from classification.services import screening_take
from partners.models import ConvenantParticipation
from signals.models import Signal
from tests.classification.conftest import make_signal
from tests.conftest import verified_client

pytestmark = pytest.mark.django_db


def home(user) -> str:
    response = verified_client(user).get("/")
    assert response.status_code == 200
    return response.content.decode()


def section(html: str, key: str) -> str:
    match = re.search(
        rf'<section[^>]*data-section="{key}".*?</section>', html, flags=re.S
    )
    return match.group(0) if match else ""


def test_the_screeners_start_page_is_the_werkvoorraad(screener, school_worker, routing):
    old = make_signal(school_worker)
    Signal.objects.filter(pk=old.pk).update(
        received_at=timezone.now() - datetime.timedelta(days=3)
    )
    urgent = make_signal(school_worker, kind="urgent")
    screening_take(signal=old, actor=screener)
    html = home(screener)
    worklist = section(html, "werkvoorraad")
    assert worklist, "no werkvoorraad on the screener's start page"
    # Above the stacking list.
    assert html.index('data-section="werkvoorraad"') < html.index(
        'data-section="screening"'
    )
    # Urgent first, then the longest waiting; each opens its screening page.
    assert worklist.index(urgent.reference) < worklist.index(old.reference)
    assert f"/screening/{urgent.uuid}/" in worklist
    assert "Sam Screener" in worklist  # who took the old one
    assert AuditEvent.objects.filter(
        action=Action.LIST,
        object_type="classification.werkvoorraad",
        reason="startpagina: werkvoorraad",
    ).exists()


def test_nobody_else_and_no_screener_without_convenant_sees_it(
    screener, school_worker, police_officer, ketenregisseur, region, routing
):
    make_signal(school_worker)
    for user in (police_officer, ketenregisseur, school_worker):
        assert not section(home(user), "werkvoorraad"), user.username
    ConvenantParticipation.objects.filter(organisation=region.welzijn).update(
        withdrawn_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    assert not section(home(screener), "werkvoorraad")
