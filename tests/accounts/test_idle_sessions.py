"""A session ends after 15 idle minutes and lives on while in use, though it is
written at most once a minute (accounts.middleware.IdleSessionMiddleware)."""

from __future__ import annotations

import datetime
import time

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.middleware import IDLE_RENEWED_KEY, IdleSessionMiddleware

pytestmark = pytest.mark.django_db

IDLE = settings.SESSION_IDLE_TIMEOUT


def logged_in(client: Client) -> bool:
    response = client.get("/")
    if response.status_code == 302:
        assert response["Location"].startswith("/inloggen/")
        return False
    assert response.status_code == 200
    return True


def stored(client: Client) -> Session:
    return Session.objects.get(pk=client.cookies[settings.SESSION_COOKIE_NAME].value)


def let_time_pass(client: Client, seconds: int, *, row_expires: bool = True) -> None:
    """The session as the server would find it ``seconds`` later: its renewal stamp
    and (unless ``row_expires`` is False) its row's expiry date are that much older."""
    row = stored(client)
    data = row.get_decoded()
    data[IDLE_RENEWED_KEY] -= seconds
    changes: dict[str, object] = {"session_data": SessionStore().encode(data)}
    if row_expires:
        changes["expire_date"] = row.expire_date - datetime.timedelta(seconds=seconds)
    Session.objects.filter(pk=row.pk).update(**changes)


def session_writes(captured: list[dict[str, str]]) -> list[str]:
    return [
        q["sql"]
        for q in captured
        if "django_session" in q["sql"] and not q["sql"].startswith("SELECT")
    ]


@pytest.fixture
def client(police_officer, as_user) -> Client:
    client = as_user(police_officer)
    assert logged_in(client)  # the first request stamps the session
    return client


def test_the_idle_timeout_is_fifteen_minutes_and_renewed_at_most_once_a_minute():
    assert IDLE == 15 * 60
    assert settings.SESSION_COOKIE_AGE == IDLE
    assert settings.SESSION_IDLE_RENEW_AFTER == 60
    assert not settings.SESSION_SAVE_EVERY_REQUEST


def test_a_session_in_use_outlives_fifteen_minutes(client):
    for _ in range(5):  # twenty minutes, a request every four
        let_time_pass(client, 4 * 60)
        assert logged_in(client)
    assert stored(client).expire_date > timezone.now() + datetime.timedelta(
        seconds=IDLE - 5
    )


def test_a_session_idle_for_just_under_fifteen_minutes_still_works(client):
    let_time_pass(client, IDLE - 10)
    assert logged_in(client)


def test_a_session_idle_for_fifteen_minutes_is_over_for_good(client):
    key = stored(client).pk
    let_time_pass(client, IDLE)
    assert not logged_in(client)
    # Not renewed by trying; the nightly task removes the row.
    assert Session.objects.get(pk=key).expire_date <= timezone.now()
    assert not logged_in(client)


def test_the_stamp_ends_an_idle_session_even_if_its_row_has_not_expired(client):
    key = stored(client).pk
    let_time_pass(client, IDLE, row_expires=False)
    assert stored(client).expire_date > timezone.now()
    assert not logged_in(client)
    assert not Session.objects.filter(pk=key).exists()


def test_requests_within_a_minute_of_the_renewal_write_nothing(client):
    before = stored(client)
    let_time_pass(client, 30)
    with CaptureQueriesContext(connection) as ctx:
        assert logged_in(client)
    assert session_writes(ctx.captured_queries) == []
    after = stored(client)
    assert after.expire_date == before.expire_date - datetime.timedelta(seconds=30)


def test_a_request_a_minute_after_the_renewal_renews_the_deadline(client):
    let_time_pass(client, 61)
    with CaptureQueriesContext(connection) as ctx:
        assert logged_in(client)
    assert len(session_writes(ctx.captured_queries)) == 1
    row = stored(client)
    assert row.expire_date > timezone.now() + datetime.timedelta(seconds=IDLE - 5)
    assert row.get_decoded()[IDLE_RENEWED_KEY] >= int(time.time()) - 5


def test_a_session_the_page_changes_anyway_gets_a_fresh_stamp():
    session = SessionStore()
    session.update({"choice": "a", IDLE_RENEWED_KEY: int(time.time()) - 30})
    session.create()
    request = RequestFactory().get("/")
    request.session = SessionStore(session_key=session.session_key)

    def page(request: HttpRequest) -> HttpResponse:
        request.session["choice"] = "b"
        return HttpResponse()

    IdleSessionMiddleware(page)(request)
    assert request.session[IDLE_RENEWED_KEY] >= int(time.time()) - 1


def test_a_visitor_without_a_session_gets_none_stored():
    before = Session.objects.count()
    response = Client().get("/inloggen/")
    assert response.status_code == 200
    assert Session.objects.count() == before
    assert settings.SESSION_COOKIE_NAME not in response.cookies


def test_logging_out_stores_no_new_session(client):
    key = stored(client).pk
    client.post("/uitloggen/")
    assert not Session.objects.filter(pk=key).exists()
    assert not logged_in(client)
    assert Session.objects.count() == 0
