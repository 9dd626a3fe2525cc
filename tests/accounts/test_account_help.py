"""Beheer helps a locked-out colleague; a user changes their own password."""

from __future__ import annotations

import pytest
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.models import AuditEvent
from partners.models import User, UserSession
from tests.accounts.test_login import code_for, is_logged_in, password_step
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Een-ander-fictief-wachtwoord-8"


def lock_out(settings, username: str = "pieter.agent") -> Client:
    office = Client(REMOTE_ADDR="192.0.2.10")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        password_step(office, username, "fout-wachtwoord")
    return office


def status_cell(html: str, username: str) -> str:
    row = html.split(f'<td class="utrecht-table__cell">{username}</td>', 1)[1]
    return row.split("</tr>", 1)[0]


def test_a_locked_out_user_shows_as_geblokkeerd_and_the_beheerder_unlocks(
    police_officer, om_officer, beheerder, as_user, settings
):
    office = lock_out(settings)
    assert password_step(office, "pieter.agent").status_code == 429
    client = as_user(beheerder)
    listing = client.post("/organisaties/beheer/gebruikers/", {}).content.decode()
    locked = status_cell(listing, "pieter.agent")
    assert "geblokkeerd" in locked and "actief" not in locked
    assert "Ontgrendelen" in locked
    assert "actief" in status_cell(listing, "olga.officier")
    page = client.get(f"/organisaties/beheer/gebruikers/{police_officer.pk}/")
    assert "geblokkeerd" in page.content.decode()

    response = client.post(f"/beheer/gebruikers/{police_officer.pk}/ontgrendelen/")
    assert response.status_code == 302
    assert AuditEvent.objects.filter(
        actor_id=beheerder.pk,
        object_id=str(police_officer.pk),
        changed_fields=["ontgrendeld"],
    ).exists()
    listing = client.post("/organisaties/beheer/gebruikers/", {}).content.decode()
    assert "geblokkeerd" not in status_cell(listing, "pieter.agent")
    assert password_step(office, "pieter.agent")["Location"] == "/inloggen/code/"


def test_an_account_locked_across_addresses_shows_as_geblokkeerd(
    police_officer, beheerder, as_user, settings
):
    for number in range(settings.ACCOUNT_LOCKOUT_LIMIT):
        password_step(
            Client(REMOTE_ADDR=f"198.51.100.{number}"), "pieter.agent", "fout"
        )
    page = as_user(beheerder).get(
        f"/organisaties/beheer/gebruikers/{police_officer.pk}/"
    )
    assert "Ontgrendelen" in page.content.decode()


def test_only_a_beheerder_unlocks(police_officer, om_officer, as_user, settings):
    lock_out(settings)
    response = as_user(om_officer).post(
        f"/beheer/gebruikers/{police_officer.pk}/ontgrendelen/"
    )
    assert response.status_code == 403
    assert (
        password_step(Client(REMOTE_ADDR="192.0.2.10"), "pieter.agent").status_code
        == 429
    )


def log_in(username: str, user: User, offset: int) -> Client:
    client = Client()
    password_step(client, username)
    device = TOTPDevice.objects.get(user=user)
    client.post("/inloggen/code/", {"token": code_for(device, offset=offset)})
    assert is_logged_in(client)
    return client


def test_changing_the_password_keeps_this_session_and_ends_the_others(
    police_officer,
):
    phone = log_in("pieter.agent", police_officer, offset=-1)
    laptop = log_in("pieter.agent", police_officer, offset=0)
    page = laptop.get("/account/sessies/")
    assert "/account/wachtwoord/" in page.content.decode()

    wrong = laptop.post(
        "/account/wachtwoord/",
        {
            "old_password": "fout-wachtwoord",
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )
    assert "Uw oude wachtwoord is niet juist ingevoerd" in wrong.content.decode()

    response = laptop.post(
        "/account/wachtwoord/",
        {
            "old_password": TEST_PASSWORD,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
        follow=True,
    )
    assert "Uw wachtwoord is gewijzigd. 1 andere sessie is beëindigd." in (
        response.content.decode()
    )
    police_officer.refresh_from_db()
    assert police_officer.check_password(NEW_PASSWORD)
    assert is_logged_in(laptop)
    assert not is_logged_in(phone)
    assert list(
        UserSession.objects.filter(user=police_officer).values_list(
            "session_key", flat=True
        )
    ) == [laptop.session.session_key]
    assert AuditEvent.objects.filter(
        actor_id=police_officer.pk, changed_fields=["wachtwoord"]
    ).exists()


def test_guessing_the_current_password_runs_into_the_lockout(police_officer, settings):
    client = log_in("pieter.agent", police_officer, offset=0)
    statuses = [
        client.post(
            "/account/wachtwoord/",
            {
                "old_password": f"gok-{attempt}",
                "new_password1": NEW_PASSWORD,
                "new_password2": NEW_PASSWORD,
            },
        ).status_code
        for attempt in range(settings.AXES_FAILURE_LIMIT)
    ]
    assert statuses[-1] == 429
    assert not is_logged_in(client)
    police_officer.refresh_from_db()
    assert police_officer.check_password(TEST_PASSWORD)
