"""docker-compose.yml: the app runs as the restricted database role, migrate as the owner."""

from __future__ import annotations

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
APP_URL = (
    "postgres://ketenaanpak_app:$$(cat /run/secrets/postgres_app_password)"
    "@db:5432/ketenaanpak"
)


def services() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]


def shell(command: list[str]) -> str:
    assert command[:2] == ["sh", "-c"] or command[0] == "CMD-SHELL", command
    return command[-1]


def test_web_worker_and_beat_connect_as_the_app_role_only():
    for name in ("web", "worker", "beat"):
        service = services()[name]
        assert f"export DATABASE_URL={APP_URL} && exec " in shell(service["command"])
        assert "postgres_password" not in service["secrets"], name
        assert "postgres_app_password" in service["secrets"], name
        assert service["depends_on"]["migrate"] == {
            "condition": "service_completed_successfully"
        }


def test_the_worker_health_check_can_load_the_settings():
    """Production settings refuse to load without DATABASE_URL."""
    check = shell(services()["worker"]["healthcheck"]["test"])
    assert check.startswith(f"export DATABASE_URL={APP_URL} && celery ")


def test_migrate_runs_as_the_owner_and_grants_the_app_role():
    migrate = services()["migrate"]
    command = shell(migrate["command"])
    assert command.startswith(
        "export DATABASE_URL=postgres://ketenaanpak:$$(cat /run/secrets/postgres_password)"
    )
    assert command.endswith(
        "python manage.py migrate --noinput && python manage.py db_roles "
        "--app-role ketenaanpak_app --app-password-file /run/secrets/postgres_app_password"
    )
