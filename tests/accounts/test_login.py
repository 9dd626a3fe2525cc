"""Login with password and TOTP, enrolment, lockout, idle expiry, logout, reset."""

from __future__ import annotations

import datetime
import re

import pytest
from django.contrib.sessions.models import Session
from django.core import mail
from django.test import Client
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.models import AuditEvent
from partners.models import UserSession
from tests.factories import TEST_PASSWORD, UserFactory
from tests.matching import first_group

pytestmark = pytest.mark.django_db


def code_for(device: TOTPDevice, *, offset: int = 0) -> str:
    totp = TOTP(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    totp.time = totp.time + offset * device.step
    return f"{totp.token():0{device.digits}d}"


def password_step(client: Client, username: str, password: str = TEST_PASSWORD):
    return client.post("/inloggen/", {"username": username, "password": password})


def is_logged_in(client: Client) -> bool:
    return client.get("/").status_code == 200


def test_password_alone_does_not_log_in(police_officer):
    client = Client()
    response = password_step(client, "pieter.agent")
    assert response.status_code == 302
    assert response["Location"] == "/inloggen/code/"
    assert not is_logged_in(client)


def test_password_and_totp_code_log_in_and_are_audited(police_officer):
    client = Client()
    password_step(client, "pieter.agent")
    device = TOTPDevice.objects.get(user=police_officer)
    response = client.post("/inloggen/code/", {"token": code_for(device)})
    assert response.status_code == 302
    assert is_logged_in(client)
    assert UserSession.objects.filter(user=police_officer).count() == 1
    assert AuditEvent.objects.filter(
        actor_id=police_officer.pk, action="login"
    ).exists()


def test_a_wrong_code_keeps_the_user_out_with_a_dutch_error(police_officer):
    client = Client()
    password_step(client, "pieter.agent")
    response = client.post("/inloggen/code/", {"token": "000000"})
    assert response.status_code == 200
    assert "Deze code is onjuist of verlopen" in response.content.decode()
    assert not is_logged_in(client)
    assert AuditEvent.objects.filter(
        actor_id=police_officer.pk, action="login_failed"
    ).exists()


def test_a_code_cannot_be_used_twice(police_officer):
    device = TOTPDevice.objects.get(user=police_officer)
    code = code_for(device)
    first = Client()
    password_step(first, "pieter.agent")
    first.post("/inloggen/code/", {"token": code})
    assert is_logged_in(first)
    second = Client()
    password_step(second, "pieter.agent")
    second.post("/inloggen/code/", {"token": code})
    assert not is_logged_in(second)


def test_the_code_step_cannot_be_reached_without_the_password_step(police_officer):
    client = Client()
    device = TOTPDevice.objects.get(user=police_officer)
    response = client.post("/inloggen/code/", {"token": code_for(device)})
    assert response.status_code == 302 and response["Location"] == "/inloggen/"
    assert not is_logged_in(client)


def test_a_wrong_password_shows_a_dutch_error(police_officer):
    response = password_step(Client(), "pieter.agent", "fout-wachtwoord")
    assert response.status_code == 200
    assert (
        "combinatie van gebruikersnaam en wachtwoord is onjuist"
        in response.content.decode()
    )


def test_a_new_user_enrols_with_a_qr_code_and_gets_recovery_codes(
    region, beheerder, django_capture_on_commit_callbacks
):
    from accounts.services import enrolment_invite

    user = UserFactory.create(
        username="nieuw.medewerker", organisation=region.school, totp=False
    )
    with django_capture_on_commit_callbacks(execute=True):
        enrolment_invite(user=user, actor=beheerder)
    link = first_group(r"https?://[^/]+(/\S+/)", mail.outbox[0].body)
    client = Client()
    client.get(link)
    response = client.post("/inloggen/activeren/", {"password": TEST_PASSWORD})
    assert response["Location"] == "/inloggen/instellen/"
    page = client.get("/inloggen/instellen/")
    html = page.content.decode()
    assert "<svg" in html  # the QR code
    assert not is_logged_in(client)
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    secret = first_group(r'data-testid="totp-secret">([A-Z2-7 ]+)<', html).replace(
        " ", ""
    )
    import base64

    assert base64.b32decode(secret) == device.bin_key
    wrong = client.post("/inloggen/instellen/", {"token": "123456"})
    assert "Deze code klopt niet" in wrong.content.decode()
    # django-otp throttles the device after a miss (1 s, 2 s, ...); let that time pass.
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_timestamp=None)
    response = client.post(
        "/inloggen/instellen/", {"token": code_for(device)}, follow=True
    )
    codes = re.findall(r"<li>(\d{5}-\d{5})</li>", response.content.decode())
    assert len(codes) == 10
    assert TOTPDevice.objects.get(user=user).confirmed
    assert is_logged_in(client)
    # The codes are shown once only.
    assert client.get("/account/herstelcodes/").status_code == 302


def test_a_recovery_code_works_exactly_once(police_officer):
    from accounts.services import recovery_codes_regenerate

    code = recovery_codes_regenerate(user=police_officer)[0]
    first = Client()
    password_step(first, "pieter.agent")
    first.post("/inloggen/code/", {"token": code})
    assert is_logged_in(first)
    assert not StaticToken.objects.filter(token=code).exists()
    second = Client()
    password_step(second, "pieter.agent")
    second.post("/inloggen/code/", {"token": code})
    assert not is_logged_in(second)


def test_five_wrong_passwords_lock_out_even_the_right_one(police_officer, settings):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        password_step(client, "pieter.agent", "fout-wachtwoord")
    response = password_step(client, "pieter.agent")
    assert response.status_code == 429
    assert "tijdelijk geblokkeerd" in response.content.decode()
    assert not is_logged_in(client)


def test_lockout_is_per_username_and_address(police_officer, om_officer, settings):
    attacker = Client(REMOTE_ADDR="198.51.100.7")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        password_step(attacker, "pieter.agent", "fout-wachtwoord")
    # The real officer at the office is not locked out by an attacker elsewhere...
    office = Client(REMOTE_ADDR="192.0.2.1")
    assert password_step(office, "pieter.agent").status_code == 302
    # ...and the attacker's address is not locked for another username.
    assert password_step(attacker, "olga.officier").status_code == 302


def test_wrong_codes_count_towards_the_lockout(police_officer, settings):
    client = Client()
    password_step(client, "pieter.agent")
    statuses = [
        client.post("/inloggen/code/", {"token": "000000"}).status_code
        for _ in range(settings.AXES_FAILURE_LIMIT)
    ]
    assert statuses[-1] == 429
    device = TOTPDevice.objects.get(user=police_officer)
    password_step(client, "pieter.agent")
    client.post("/inloggen/code/", {"token": code_for(device)})
    assert not is_logged_in(client)


def test_a_session_idle_for_fifteen_minutes_is_over(police_officer, as_user):
    client = as_user(police_officer)
    assert is_logged_in(client)
    session = Session.objects.get(session_key=client.session.session_key)
    assert session.expire_date <= timezone.now() + datetime.timedelta(
        minutes=15, seconds=5
    )
    Session.objects.filter(pk=session.pk).update(
        expire_date=timezone.now() - datetime.timedelta(seconds=1)
    )
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/inloggen/")


def test_an_expired_htmx_request_is_redirected_whole_not_swapped(police_officer):
    response = Client().get("/organisaties/", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert response["HX-Redirect"] == "/inloggen/"
    assert response.content == b""


def test_a_session_without_second_factor_is_ended(police_officer):
    client = Client()
    client.force_login(police_officer)  # a login that skipped the TOTP step
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/inloggen/")
    assert not is_logged_in(client)


def test_logout_ends_the_session_on_the_server(police_officer, as_user):
    client = as_user(police_officer)
    key = client.session.session_key
    client.post("/uitloggen/")
    assert not Session.objects.filter(pk=key).exists()
    assert not is_logged_in(client)
    assert AuditEvent.objects.filter(
        actor_id=police_officer.pk, action="logout"
    ).exists()


def test_ending_other_sessions_keeps_this_one(police_officer):
    device = TOTPDevice.objects.get(user=police_officer)
    phone, laptop = Client(), Client()
    password_step(phone, "pieter.agent")
    phone.post("/inloggen/code/", {"token": code_for(device, offset=-1)})
    password_step(laptop, "pieter.agent")
    laptop.post("/inloggen/code/", {"token": code_for(device)})
    assert is_logged_in(phone) and is_logged_in(laptop)
    response = laptop.post("/account/sessies/beeindigen/", follow=True)
    assert "1 andere sessie beëindigd." in response.content.decode()
    assert is_logged_in(laptop)
    assert not is_logged_in(phone)


def test_deactivating_a_user_ends_their_sessions(police_officer, beheerder, as_user):
    from partners.services import user_update

    client = as_user(police_officer)
    UserSession.objects.create(
        user=police_officer, session_key=client.session.session_key
    )
    user_update(user=police_officer, actor=beheerder, is_active=False)
    assert not is_logged_in(client)


def test_password_reset_mail_links_to_a_working_reset(
    police_officer, django_capture_on_commit_callbacks
):
    client = Client()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post("/wachtwoord-vergeten/", {"email": police_officer.email})
    assert response.status_code == 302
    assert len(callbacks) == 1  # queued only once the request's transaction commits
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert "Pieter" not in message.subject and "pieter" not in message.subject
    url = first_group(r"https?://[^/]+(/wachtwoord-herstellen/\S+)", message.body)
    form_page = client.get(url, follow=True)
    assert form_page.context["validlink"]
    new_password = "Een-nieuw-fictief-wachtwoord-9"
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": new_password, "new_password2": new_password},
    )
    assert done.status_code == 302
    police_officer.refresh_from_db()
    assert police_officer.check_password(new_password)


def test_password_reset_for_an_unknown_address_sends_nothing_and_says_the_same(
    police_officer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = Client().post(
            "/wachtwoord-vergeten/", {"email": "onbekend@example.org"}
        )
    assert response.status_code == 302
    assert mail.outbox == []


def test_the_admin_has_no_login_of_its_own(police_officer):
    response = Client().get("/django-admin/login/")
    assert response.status_code == 302 and response["Location"].startswith("/inloggen/")


def test_beheerder_resets_a_lost_authenticator_and_the_user_enrols_again(
    police_officer, beheerder, as_user
):
    officer_client = as_user(police_officer)
    UserSession.objects.create(
        user=police_officer, session_key=officer_client.session.session_key
    )
    response = as_user(beheerder).post(
        f"/beheer/gebruikers/{police_officer.pk}/tweestap-resetten/"
    )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=police_officer).exists()
    assert not is_logged_in(officer_client)  # the lost phone's session is gone too
    client = Client()
    # The new authenticator is set up through the mailed link only (test_enrolment).
    assert password_step(client, "pieter.agent").status_code == 403
    assert AuditEvent.objects.filter(
        object_id=str(police_officer.pk), changed_fields=["tweede_factor_gereset"]
    ).exists()


def test_only_a_beheerder_may_reset_someone_elses_second_factor(
    police_officer, om_officer, as_user
):
    response = as_user(om_officer).post(
        f"/beheer/gebruikers/{police_officer.pk}/tweestap-resetten/"
    )
    assert response.status_code == 403
    assert TOTPDevice.objects.filter(user=police_officer).exists()
