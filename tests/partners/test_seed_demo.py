"""The demo region: deterministic, complete, and its printed logins work."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django_otp.oath import TOTP

from partners.constants import Role
from partners.demo import CONTACT_PERSONS, ORGANISATIONS
from partners.models import Organisation, User
from partners.services import api_client_authenticate
from tests.matching import first_group

pytestmark = pytest.mark.django_db


def seed(capsys) -> str:
    call_command("seed_demo")
    return capsys.readouterr().out


def test_seed_demo_builds_the_whole_region_and_is_repeatable(capsys):
    first = seed(capsys)
    second = seed(capsys)
    assert first == second
    assert Organisation.objects.count() == len(ORGANISATIONS) + 1
    assert set(
        Organisation.objects.filter(ring="kernteam").values_list("kind", flat=True)
    ) == {
        "gemeente",
        "politie",
        "om",
        "ggd",
        "jeugdbescherming",
    }
    # has_valid_convenant is an annotation of with_valid_convenant(), which
    # django-stubs cannot see.
    valid = Organisation.objects.with_valid_convenant().filter(
        has_valid_convenant=True  # type: ignore[misc]
    )
    assert valid.count() == len(ORGANISATIONS)
    assert not valid.filter(slug="sportclub").exists()
    for role in Role:
        assert User.objects.filter(groups__name=f"rol:{role}").exists(), role
    for slug, username in CONTACT_PERSONS.items():
        contact = Organisation.objects.get(slug=slug).contact_person
        assert contact is not None and contact.username == username
    token = first_group(r"API-token voor '[^']+': (\S+)", first)
    client = api_client_authenticate(token)
    assert client is not None and client.organisation.slug == "gemeente"


def test_a_printed_login_works_with_the_printed_totp_secret(capsys):
    import base64

    out = seed(capsys)
    line = next(line for line in out.splitlines() if line.startswith("kim.regisseur"))
    username, password, secret = line.split()[:3]
    client = Client()
    client.post("/inloggen/", {"username": username, "password": password})
    code = f"{TOTP(base64.b32decode(secret)).token():06d}"
    client.post("/inloggen/code/", {"token": code})
    assert client.get("/organisaties/").status_code == 200


def test_seed_demo_refuses_outside_demo_mode(settings):
    settings.DEMO_MODE = False
    with pytest.raises(CommandError):
        call_command("seed_demo")


def test_the_demo_shows_a_signal_shared_with_the_police_alone(capsys):
    from signals.models import Signal

    seed(capsys)
    urgent = Signal.objects.get(kind="urgent", organisation__slug="jeugdzorg")
    assert urgent.sharing == "selected"
    assert [o.slug for o in urgent.shared_with.all()] == ["politie"]
