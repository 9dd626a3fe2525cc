"""Enrolling an authenticator needs the one-time link mailed to the user."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.http.response import HttpResponseBase
from django.test import Client
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import EnrolmentLink
from audit.models import AuditEvent
from partners.models import UserSession
from tests.accounts.test_login import code_for, is_logged_in, password_step
from tests.factories import TEST_PASSWORD, UserFactory
from tests.matching import first_group

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Een-zelfgekozen-fictief-wachtwoord-7"


@pytest.fixture
def newcomer(region):
    """A school worker whose account the beheerder just created, without a password."""
    return UserFactory(
        username="nina.nieuw",
        first_name="Nina",
        last_name="Nieuw",
        organisation=region.school,
        totp=False,
        password=None,
    )


def mailed_link(outbox_index: int = -1) -> str:
    body = mail.outbox[outbox_index].body
    return first_group(r"https?://[^/]+(/inloggen/activeren/\S+/)", body)


def send(client: Client, path: str, capture) -> HttpResponseBase:
    with capture(execute=True):
        return client.post(path)


@pytest.fixture
def invite(beheerder, django_capture_on_commit_callbacks):
    """The beheerder's invitation through the service; returns the mailed link."""

    def invite(user) -> str:
        from accounts.services import enrolment_invite

        with django_capture_on_commit_callbacks(execute=True):
            enrolment_invite(user=user, actor=beheerder)
        return mailed_link()

    return invite


def enrol(client: Client, user) -> None:
    """The enrolment page after a successful password step: scan, confirm."""
    client.get("/inloggen/instellen/")
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    client.post("/inloggen/instellen/", {"token": code_for(device)})


def test_the_password_alone_never_reaches_the_enrolment(region):
    UserFactory(username="nieuw.medewerker", organisation=region.school, totp=False)
    client = Client()
    response = password_step(client, "nieuw.medewerker")
    assert response.status_code == 403
    assert "Nog geen authenticator-app gekoppeld" in response.content.decode()
    page = client.get("/inloggen/instellen/")
    assert page.status_code == 302 and page["Location"] == "/inloggen/"
    assert not TOTPDevice.objects.exists()  # no secret was made, let alone shown
    assert not is_logged_in(client)


def test_the_beheerder_invites_and_the_link_activates_the_account_once(
    newcomer, beheerder, as_user, django_capture_on_commit_callbacks
):
    response = send(
        as_user(beheerder),
        f"/beheer/gebruikers/{newcomer.pk}/uitnodigen/",
        django_capture_on_commit_callbacks,
    )
    assert response.status_code == 302
    assert AuditEvent.objects.filter(
        actor_id=beheerder.pk,
        object_id=str(newcomer.pk),
        changed_fields=["uitnodiging_verstuurd"],
    ).exists()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [newcomer.email]
    for personal in ("Nina", "Nieuw", "nina.nieuw", "Fictief College"):
        assert personal not in message.subject and personal not in message.body
    link = mailed_link()
    token = link.rstrip("/").rsplit("/", 1)[1]
    stored = EnrolmentLink.objects.get(user=newcomer)
    assert stored.token_hash == EnrolmentLink.hash_token(token)
    assert token not in stored.token_hash

    client = Client()
    assert client.get(link)["Location"] == "/inloggen/activeren/"
    page = client.get("/inloggen/activeren/")
    assert "nina.nieuw" in page.content.decode()  # the username is on the page only
    response = client.post(
        "/inloggen/activeren/",
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response["Location"] == "/inloggen/instellen/"
    enrol(client, newcomer)
    assert is_logged_in(client)
    assert TOTPDevice.objects.get(user=newcomer).confirmed

    again = Client().get(link)
    assert again.status_code == 410
    assert "Deze link is al gebruikt" in again.content.decode()


def test_an_expired_link_is_refused(newcomer, invite):
    link = invite(newcomer)
    EnrolmentLink.objects.filter(user=newcomer).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    response = Client().get(link)
    assert response.status_code == 410
    assert "Deze link is verlopen" in response.content.decode()


def test_a_link_that_expires_during_enrolment_enrols_nothing(newcomer, invite):
    client = Client()
    client.get(invite(newcomer))
    client.post(
        "/inloggen/activeren/",
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    client.get("/inloggen/instellen/")
    EnrolmentLink.objects.filter(user=newcomer).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    device = TOTPDevice.objects.get(user=newcomer, confirmed=False)
    response = client.post("/inloggen/instellen/", {"token": code_for(device)})
    assert response.status_code == 410
    assert not TOTPDevice.objects.filter(user=newcomer, confirmed=True).exists()
    assert not is_logged_in(client)


def test_a_new_link_replaces_the_old_one(newcomer, invite):
    old = invite(newcomer)
    new = invite(newcomer)
    assert old != new
    response = Client().get(old)
    assert response.status_code == 410
    assert "nieuwe link verstuurd" in response.content.decode()
    assert Client().get(new).status_code == 302


def test_an_unknown_link_says_so_in_dutch(region):
    response = Client().get("/inloggen/activeren/niet-bestaand-token/")
    assert response.status_code == 404
    assert "Deze link is ongeldig" in response.content.decode()


def test_the_reset_ends_sessions_and_the_link_needs_the_password_too(
    police_officer, beheerder, as_user, django_capture_on_commit_callbacks
):
    officer_client = as_user(police_officer)
    UserSession.objects.create(
        user=police_officer, session_key=officer_client.session.session_key
    )
    response = send(
        as_user(beheerder),
        f"/beheer/gebruikers/{police_officer.pk}/tweestap-resetten/",
        django_capture_on_commit_callbacks,
    )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=police_officer).exists()
    assert not is_logged_in(officer_client)  # the lost phone's session is gone
    assert not UserSession.objects.filter(user=police_officer).exists()
    assert AuditEvent.objects.filter(
        actor_id=beheerder.pk,
        object_id=str(police_officer.pk),
        changed_fields=["tweede_factor_gereset"],
    ).exists()

    # Whoever holds only the password gets no enrolment...
    thief = Client()
    assert password_step(thief, "pieter.agent").status_code == 403
    assert thief.get("/inloggen/instellen/").status_code == 302
    # ...and whoever holds only the link neither.
    link = mailed_link()
    finder = Client()
    finder.get(link)
    wrong = finder.post("/inloggen/activeren/", {"password": "fout-wachtwoord"})
    assert "Dit wachtwoord is onjuist" in wrong.content.decode()
    assert finder.get("/inloggen/instellen/").status_code == 302
    assert not TOTPDevice.objects.filter(user=police_officer).exists()

    officer = Client()
    officer.get(link)
    response = officer.post("/inloggen/activeren/", {"password": TEST_PASSWORD})
    assert response["Location"] == "/inloggen/instellen/"
    enrol(officer, police_officer)
    assert is_logged_in(officer)


def test_an_enrolled_user_gets_no_invitation(police_officer, beheerder, as_user):
    response = as_user(beheerder).post(
        f"/beheer/gebruikers/{police_officer.pk}/uitnodigen/", follow=True
    )
    assert "heeft al een authenticator-app" in response.content.decode()
    assert not EnrolmentLink.objects.exists()
    assert mail.outbox == []


def test_only_a_beheerder_sends_links(newcomer, om_officer, as_user):
    response = as_user(om_officer).post(f"/beheer/gebruikers/{newcomer.pk}/uitnodigen/")
    assert response.status_code == 403
    assert not EnrolmentLink.objects.exists()


def test_the_user_page_offers_the_invitation_or_the_reset(
    newcomer, police_officer, beheerder, as_user
):
    client = as_user(beheerder)
    new_page = client.get(f"/organisaties/beheer/gebruikers/{newcomer.pk}/")
    assert "Uitnodiging versturen" in new_page.content.decode()
    assert f"/beheer/gebruikers/{newcomer.pk}/uitnodigen/" in new_page.content.decode()
    enrolled = client.get(f"/organisaties/beheer/gebruikers/{police_officer.pk}/")
    assert "Tweestapsverificatie opnieuw instellen" in enrolled.content.decode()
    assert "Uitnodiging versturen" not in enrolled.content.decode()


def test_the_first_beheerder_is_invited_from_the_command_line(
    newcomer, django_capture_on_commit_callbacks
):
    from django.core.management import call_command

    with django_capture_on_commit_callbacks(execute=True):
        call_command("invite_user", "nina.nieuw")
    assert mail.outbox[-1].to == [newcomer.email]
    assert Client().get(mailed_link()).status_code == 302
