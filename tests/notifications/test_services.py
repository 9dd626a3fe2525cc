"""Creating notifications, queueing their e-mail on commit, choosing recipients."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from notifications import services
from notifications.models import Notification
from notifications.services import (
    notification_mark_read,
    notifications_mark_all_read,
    notify,
    recipients_with_roles,
)
from partners.constants import Role
from partners.models import ConvenantParticipation
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LINK = "/signalen/0b6c1f7e-3a52-4f7e-9a1e-2c4d5e6f7a8b/"
TITLE = "Urgent signaal SIG-2026-000123 ontvangen"


def _notify(recipients, **kwargs):
    return notify(
        recipients=recipients,
        kind=kwargs.pop("kind", Notification.Kind.URGENT_SIGNAL),
        title=kwargs.pop("title", TITLE),
        link=kwargs.pop("link", LINK),
        **kwargs,
    )


class RecordingTask:
    """Stands in for the Celery task to see exactly what would go to Redis."""

    def __init__(self) -> None:
        self.calls: list[tuple[tuple, dict]] = []

    def delay(self, *args, **kwargs) -> None:
        self.calls.append((args, kwargs))


# --- notify ----------------------------------------------------------------------


def test_notify_creates_rows_at_once_but_queues_mail_only_on_commit(
    ketenregisseur, screener, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        created = _notify([ketenregisseur, screener])
        # The rows are in the caller's transaction already ...
        assert Notification.objects.filter(pk__in=[n.pk for n in created]).count() == 2
    # ... but nothing was sent before the commit.
    assert len(callbacks) == 2
    assert mail.outbox == []
    assert {n.email_status for n in created} == {Notification.EmailStatus.PENDING}

    for callback in callbacks:
        callback()
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [ketenregisseur.email, screener.email]
    )
    assert set(
        Notification.objects.filter(pk__in=[n.pk for n in created]).values_list(
            "email_status", flat=True
        )
    ) == {Notification.EmailStatus.SENT}


def test_only_the_notification_id_is_queued(
    ketenregisseur, monkeypatch, django_capture_on_commit_callbacks
):
    task = RecordingTask()
    monkeypatch.setattr(services, "send_notification_email", task)
    with django_capture_on_commit_callbacks(execute=True):
        [notification] = _notify([ketenregisseur])
    assert task.calls == [((notification.pk,), {})]


def test_a_rolled_back_transaction_notifies_nobody(
    ketenregisseur, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        _notify([ketenregisseur])
        raise RuntimeError("the caller's service failed afterwards")
    assert callbacks == []
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_without_email_the_notification_is_in_the_app_only(
    ketenregisseur, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        [notification] = _notify([ketenregisseur], email=False)
    assert callbacks == []
    assert notification.email_status == Notification.EmailStatus.NOT_NEEDED
    assert mail.outbox == []


def test_a_recipient_without_address_is_not_mailed(
    region, django_capture_on_commit_callbacks
):
    no_address = UserFactory.create(organisation=region.gemeente, email="")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        [notification] = _notify([no_address])
    assert callbacks == []
    assert notification.email_status == Notification.EmailStatus.NOT_NEEDED


def test_notify_skips_duplicates_and_inactive_users(ketenregisseur, screener):
    screener.is_active = False
    screener.save()
    created = _notify([ketenregisseur, ketenregisseur, screener])
    assert [n.recipient_id for n in created] == [ketenregisseur.pk]


@pytest.mark.parametrize(
    "link",
    [
        "https://elders.example.com/signalen/",
        "//elders.example.com/signalen/",
        "signalen/",
        "/\\elders.example.com",
        "/signalen/\n/x",
        "javascript:alert(1)",
    ],
)
def test_a_link_must_stay_inside_the_app(ketenregisseur, link):
    with pytest.raises(ValidationError):
        _notify([ketenregisseur], link=link)
    assert not Notification.objects.exists()


def test_an_unknown_kind_is_refused(ketenregisseur):
    with pytest.raises(ValidationError):
        _notify([ketenregisseur], kind="roddel")


# --- reading ---------------------------------------------------------------------


def test_mark_read_keeps_the_first_time(ketenregisseur):
    [notification] = _notify([ketenregisseur], email=False)
    notification_mark_read(notification=notification, user=ketenregisseur)
    first = notification.read_at
    assert first is not None
    notification_mark_read(notification=notification, user=ketenregisseur)
    notification.refresh_from_db()
    assert notification.read_at == first


def test_nobody_marks_another_users_notification_read(ketenregisseur, screener):
    [notification] = _notify([ketenregisseur], email=False)
    with pytest.raises(Notification.DoesNotExist):
        notification_mark_read(notification=notification, user=screener)
    notification.refresh_from_db()
    assert notification.read_at is None


def test_mark_all_read_touches_only_the_users_own(ketenregisseur, screener):
    _notify([ketenregisseur, screener], email=False)
    _notify([ketenregisseur], email=False, kind=Notification.Kind.TREND_SIGNAL)
    assert notifications_mark_all_read(user=ketenregisseur) == 2
    assert not Notification.objects.filter(
        recipient=ketenregisseur, read_at__isnull=True
    ).exists()
    assert Notification.objects.get(recipient=screener).read_at is None


# --- recipients ------------------------------------------------------------------


def test_recipients_are_active_holders_of_the_roles(
    ketenregisseur, screener, police_officer, beheerder
):
    assert recipients_with_roles(roles=[Role.KETENREGISSEUR, Role.SCREENER]) == sorted(
        [ketenregisseur, screener], key=lambda u: u.pk
    )
    assert recipients_with_roles(roles=[]) == []


def test_a_user_with_two_of_the_roles_is_one_recipient(region):
    both = UserFactory.create(
        organisation=region.gemeente, roles=[Role.KETENREGISSEUR, Role.SCREENER]
    )
    assert recipients_with_roles(roles=[Role.KETENREGISSEUR, Role.SCREENER]) == [both]


def test_recipients_skip_inactive_users(ketenregisseur, region):
    gone = UserFactory.create(organisation=region.gemeente, roles=[Role.KETENREGISSEUR])
    gone.is_active = False
    gone.save()
    assert recipients_with_roles(roles=[Role.KETENREGISSEUR]) == [ketenregisseur]


def test_recipients_skip_organisations_without_a_valid_convenant(
    region, police_officer, school_worker, outsider
):
    # The outsider's organisation never signed; the school withdrew yesterday.
    ConvenantParticipation.objects.filter(organisation=region.school).update(
        withdrawn_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    assert recipients_with_roles(roles=[Role.PARTNERMEDEWERKER]) == [police_officer]


def test_recipients_skip_inactive_organisations(region, police_officer):
    region.politie.active = False
    region.politie.save()
    assert recipients_with_roles(roles=[Role.PARTNERMEDEWERKER]) == []
