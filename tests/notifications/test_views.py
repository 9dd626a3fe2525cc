"""The inbox at /berichten/: everyone sees their own notifications and nobody else's."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from notifications.models import Notification
from notifications.views import PAGE_SIZE

pytestmark = pytest.mark.django_db

INBOX = "/berichten/"
COUNT = "/berichten/aantal/"


def notification(user, title: str, *, minutes_ago: int = 0, read: bool = False):
    created = timezone.now() - datetime.timedelta(minutes=minutes_ago)
    return Notification.objects.create(
        recipient=user,
        kind=Notification.Kind.GENERAL,
        title=title,
        link="/signalen/",
        created_at=created,
        read_at=created if read else None,
        email_status=Notification.EmailStatus.NOT_NEEDED,
    )


def titles(response) -> list[str]:
    return [n.title for n in response.context["page_obj"].object_list]


def test_the_urls_are_where_the_nav_expects_them():
    assert reverse("notifications:inbox") == INBOX
    assert reverse("notifications:count") == COUNT


def test_the_inbox_shows_only_the_users_own_notifications(
    as_user, police_officer, school_worker
):
    notification(police_officer, "Nieuwe veredelingsvraag voor de politie")
    notification(school_worker, "Uitnodiging voor het fictief college")

    response = as_user(police_officer).get(INBOX)

    assert response.status_code == 200
    assert titles(response) == ["Nieuwe veredelingsvraag voor de politie"]
    assert "Nieuwe veredelingsvraag voor de politie" in response.content.decode()
    assert "fictief college" not in response.content.decode()


def test_the_inbox_lists_unread_first_then_newest(as_user, ketenregisseur):
    notification(ketenregisseur, "oud en ongelezen", minutes_ago=60)
    notification(ketenregisseur, "nieuw en gelezen", minutes_ago=1, read=True)
    notification(ketenregisseur, "nieuwer en ongelezen", minutes_ago=5)
    notification(ketenregisseur, "oud en gelezen", minutes_ago=90, read=True)

    response = as_user(ketenregisseur).get(INBOX)

    assert titles(response) == [
        "nieuwer en ongelezen",
        "oud en ongelezen",
        "nieuw en gelezen",
        "oud en gelezen",
    ]


def test_the_inbox_pages_by_fifty(as_user, ketenregisseur):
    Notification.objects.bulk_create(
        Notification(
            recipient=ketenregisseur,
            kind=Notification.Kind.GENERAL,
            title=f"melding {n}",
            link="/signalen/",
            email_status=Notification.EmailStatus.NOT_NEEDED,
        )
        for n in range(PAGE_SIZE + 1)
    )
    client = as_user(ketenregisseur)
    assert len(titles(client.get(INBOX))) == 50
    assert len(titles(client.get(INBOX, {"pagina": 2}))) == 1


def test_opening_marks_read_and_follows_the_link(as_user, screener):
    mine = notification(screener, "Urgent signaal SIG-2026-000001 ontvangen")
    mine.link = "/signalen/nieuw/"
    mine.save()

    response = as_user(screener).post(f"/berichten/{mine.pk}/openen/")

    assert response.status_code == 302
    assert response["Location"] == "/signalen/nieuw/"
    mine.refresh_from_db()
    assert mine.read_at is not None


def test_opening_another_users_notification_is_not_found(
    as_user, police_officer, school_worker
):
    theirs = notification(school_worker, "Nieuwe veredelingsvraag")

    response = as_user(police_officer).post(f"/berichten/{theirs.pk}/openen/")

    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_opening_is_a_post_only(as_user, screener):
    mine = notification(screener, "Nieuw trendsignaal")
    assert as_user(screener).get(f"/berichten/{mine.pk}/openen/").status_code == 405
    mine.refresh_from_db()
    assert mine.read_at is None


def test_a_link_that_leaves_the_app_is_never_followed(as_user, screener):
    # Written past the validation (as a careless migration might): still no redirect.
    mine = notification(screener, "Algemeen")
    Notification.objects.filter(pk=mine.pk).update(link="//elders.example.com/")

    response = as_user(screener).post(f"/berichten/{mine.pk}/openen/")

    assert response["Location"] == INBOX


def test_all_read_marks_only_the_users_own(as_user, police_officer, school_worker):
    notification(police_officer, "een")
    notification(police_officer, "twee")
    theirs = notification(school_worker, "drie")

    response = as_user(police_officer).post("/berichten/alles-gelezen/")

    assert response.status_code == 302
    assert not Notification.objects.filter(
        recipient=police_officer, read_at__isnull=True
    ).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_the_unread_count_counts_only_the_users_own_unread(
    as_user, police_officer, school_worker
):
    notification(police_officer, "een")
    notification(police_officer, "twee")
    notification(police_officer, "gelezen", read=True)
    notification(school_worker, "niet van hem")
    client = as_user(police_officer)

    response = client.get(COUNT, headers={"HX-Request": "true"})

    assert response.status_code == 200
    assert response.context["unread_count"] == 2
    assert 'data-unread="2"' in response.content.decode()
    assert "2 ongelezen" in response.content.decode()
    assert "<html" not in response.content.decode()  # a fragment, not a page

    client.post("/berichten/alles-gelezen/")
    response = client.get(COUNT)
    assert response.context["unread_count"] == 0
    assert "ongelezen" not in response.content.decode()


def test_notifications_need_a_login():
    response = Client().get(COUNT)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    response = Client().get(COUNT, headers={"HX-Request": "true"})
    assert response["HX-Redirect"] == reverse("accounts:login")
