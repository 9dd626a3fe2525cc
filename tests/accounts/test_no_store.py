"""No answer to a logged-in user may be kept by a browser or proxy cache."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from partners.services import api_client_issue
from signals.constants import Kind, Source, SubjectRole
from signals.services import SignalInput, signal_create
from tests.signals.test_api import EXAMPLE

pytestmark = pytest.mark.django_db


def no_store(response) -> bool:
    directives = {
        part.strip() for part in response.get("Cache-Control", "").split(",") if part
    }
    return "no-store" in directives and "private" in directives


@pytest.fixture
def school_signal(school_worker):
    return signal_create(
        user=school_worker,
        data=SignalInput(
            observed_at=timezone.now(),
            description="Fictieve waarneming op het schoolplein.",
            subject_role=SubjectRole.VICTIM,
            kind=Kind.REGULAR,
            source=Source.EDUCATION,
        ),
    )


def test_every_page_with_personal_data_is_no_store(
    as_user, school_worker, school_signal
):
    client = as_user(school_worker)
    for path in (
        "/",
        "/signalen/",
        reverse("signals:detail", kwargs={"uuid": school_signal.uuid}),
        "/dossiers/",
        "/zoeken/?q=schoolplein",
        "/berichten/",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        assert no_store(response), (path, response.get("Cache-Control"))


def test_an_htmx_request_and_its_fragment_are_no_store(as_user, screener):
    client = as_user(screener)
    for path in ("/signalen/", "/berichten/aantal/"):
        response = client.get(path, HTTP_HX_REQUEST="true")
        assert response.status_code == 200, path
        assert no_store(response), (path, response.get("Cache-Control"))


def test_a_redirect_after_a_post_is_no_store(as_user, police_officer):
    response = as_user(police_officer).post("/berichten/alles-gelezen/")
    assert response.status_code == 302
    assert no_store(response), response.get("Cache-Control")


def test_the_logout_answer_is_no_store(as_user, police_officer):
    response = as_user(police_officer).post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert no_store(response), response.get("Cache-Control")


def test_answers_to_a_machine_client_are_no_store(region):
    _client, token = api_client_issue(organisation=region.gemeente, name="Meldpunt")
    http = Client(HTTP_AUTHORIZATION=f"Token {token}")
    created = http.post(
        "/api/v1/signals/", data=json.dumps(EXAMPLE), content_type="application/json"
    )
    assert created.status_code == 201, created.content
    assert no_store(created), created.get("Cache-Control")
    read = http.get(f"/api/v1/signals/{created.json()['id']}/")
    assert read.status_code == 200
    assert no_store(read), read.get("Cache-Control")
