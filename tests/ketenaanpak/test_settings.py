"""Production refuses unsafe settings and passes Django's deployment checks."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from ketenaanpak.env import env_bool, env_int, env_list, env_secret

ROOT = Path(__file__).resolve().parents[2]
GOOD_KEY = "k" * 20 + "-production-secret-" + "x" * 30

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "ketenaanpak.settings.production",
    "DJANGO_SECRET_KEY": GOOD_KEY,
    "DJANGO_ALLOWED_HOSTS": "ketenaanpak.example.org",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/postgres",
    # Not 15 or 14, the test workers' Redis databases (ketenaanpak/settings/test.py).
    "REDIS_URL": "redis://127.0.0.1:6379/12",
    "PATH": os.environ.get("PATH", ""),
}


def run_manage(*args: str, **overrides: str) -> subprocess.CompletedProcess[str]:
    env = {**PRODUCTION_ENV, **overrides}
    env = {key: value for key, value in env.items() if value is not None}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_passes_check_deploy():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ({"DJANGO_DEBUG": "true"}, "DJANGO_DEBUG must be off"),
        ({"DJANGO_SECRET_KEY": ""}, "DJANGO_SECRET_KEY"),
        ({"DJANGO_ALLOWED_HOSTS": ""}, "DJANGO_ALLOWED_HOSTS"),
        ({"DEMO_MODE": "true"}, "DEMO_MODE must be off"),
        ({"DATABASE_URL": "sqlite:///tmp.sqlite3"}, "PostgreSQL"),
        ({"DJANGO_DEBUG": "ture"}, "is not a boolean"),
    ],
)
def test_production_refuses_to_start_on_unsafe_settings(override, message):
    result = run_manage("check", **override)
    assert result.returncode != 0
    assert message in result.stderr


def test_the_default_secret_key_is_refused():
    from ketenaanpak.settings.base import INSECURE_SECRET_KEY

    result = run_manage("check", DJANGO_SECRET_KEY=INSECURE_SECRET_KEY)
    assert result.returncode != 0 and "DJANGO_SECRET_KEY" in result.stderr


def test_env_helpers_are_typed(monkeypatch, tmp_path):
    monkeypatch.setenv("X_BOOL", "yes")
    assert env_bool("X_BOOL", False) is True
    monkeypatch.setenv("X_BOOL", "misschien")
    with pytest.raises(ImproperlyConfigured):
        env_bool("X_BOOL", False)
    monkeypatch.setenv("X_INT", "abc")
    with pytest.raises(ImproperlyConfigured):
        env_int("X_INT", 1)
    monkeypatch.setenv("X_INT", "-1")
    with pytest.raises(ImproperlyConfigured):
        env_int("X_INT", 1, minimum=0)
    monkeypatch.setenv("X_LIST", " a, b ,,c ")
    assert env_list("X_LIST") == ["a", "b", "c"]
    secret = tmp_path / "secret"
    secret.write_text("uit-een-bestand\n")
    monkeypatch.setenv("X_SECRET_FILE", str(secret))
    assert env_secret("X_SECRET") == "uit-een-bestand"
    monkeypatch.setenv("X_SECRET_FILE", str(tmp_path / "ontbreekt"))
    with pytest.raises(ImproperlyConfigured):
        env_secret("X_SECRET")


def test_client_ip_trusts_only_the_configured_proxies(rf, settings):
    from audit.http import client_ip

    request = rf.get(
        "/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9"
    )
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request) == "10.0.0.2"
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request) == "203.0.113.9"  # the spoofed 6.6.6.6 is ignored


@pytest.mark.django_db
def test_every_model_change_has_a_migration():
    from django.core.management import call_command

    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


@pytest.mark.django_db
def test_errors_are_dutch_pages(police_officer, as_user, settings):
    settings.DEBUG = False
    client = as_user(police_officer)
    missing = client.get("/bestaat-niet/")
    assert missing.status_code == 404
    assert "Niet gevonden" in missing.content.decode()
    forbidden = client.get("/beheer/audit/")
    assert forbidden.status_code == 403
    assert "Geen toegang" in forbidden.content.decode()
