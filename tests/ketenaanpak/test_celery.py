"""A real task through the real Redis broker and a real worker (not eager mode)."""

from __future__ import annotations

import time

import pytest
import redis
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.core import mail

from accounts.tasks import send_password_reset_mail
from ketenaanpak.celery import app


@pytest.fixture
def redis_worker():
    assert settings.CELERY_BROKER_URL.startswith("redis://"), "tests use the real Redis"
    redis.Redis.from_url(settings.CELERY_BROKER_URL).ping()
    app.conf.task_always_eager = False
    try:
        with start_worker(
            app, pool="solo", perform_ping_check=False, shutdown_timeout=10
        ):
            yield
    finally:
        app.conf.task_always_eager = True


def test_celery_is_configured_for_work_that_must_not_be_lost():
    conf = app.conf
    assert conf.task_acks_late is True
    assert conf.task_reject_on_worker_lost is True
    assert conf.worker_prefetch_multiplier == 1
    assert conf.task_serializer == "json"
    assert conf.broker_transport_options["visibility_timeout"] >= 3600


@pytest.mark.django_db(transaction=True)
def test_password_reset_mail_goes_through_redis_and_a_worker(
    police_officer, redis_worker
):
    result = send_password_reset_mail.delay(police_officer.pk)
    # Only the id travels through Redis, never the address or the name.
    deadline = time.monotonic() + 20
    while not mail.outbox and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(mail.outbox) == 1, f"task {result.id} did not run"
    assert mail.outbox[0].to == [police_officer.email]
    assert "/wachtwoord-herstellen/" in mail.outbox[0].body


@pytest.mark.django_db
def test_the_task_is_idempotent_for_an_unknown_or_inactive_user(police_officer):
    police_officer.is_active = False
    police_officer.save()
    assert send_password_reset_mail.apply(args=(police_officer.pk,)).get() is False
    assert send_password_reset_mail.apply(args=(987654,)).get() is False
    assert mail.outbox == []
