"""The running app's database role cannot empty or silence the audit trail.

The app role is made by the same command docker-compose.yml's ``migrate`` service
runs (``manage.py db_roles``); the tests then connect as it, as web, worker and beat do.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from audit.constants import Action
from audit.models import AuditEvent
from audit.services import audit_record
from partners.constants import Role
from partners.models import User
from partners.services import role_group
from signals.constants import Kind, Source, SubjectRole
from signals.models import Signal
from signals.services import SignalInput, signal_create

REFUSED = r"permission denied|must be owner"


def role_name() -> str:
    # Roles are cluster-wide: one per test database, so parallel runs do not meet.
    return f"{connection.settings_dict['NAME']}_app"[:63]


@contextmanager
def connected_as(role: str) -> Iterator[None]:
    """Django's own connection, logged in as ``role`` (trust auth on 127.0.0.1)."""
    owner = connection.settings_dict["USER"]
    connection.close()
    connection.settings_dict["USER"] = role
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict["USER"] = owner


@pytest.fixture
def app_role(transactional_db) -> Iterator[str]:
    role = role_name()
    call_command("db_roles", "--app-role", role)
    yield role
    with connection.cursor() as cursor:
        cursor.execute(f"DROP OWNED BY {connection.ops.quote_name(role)}")
        cursor.execute(f"DROP ROLE {connection.ops.quote_name(role)}")


def attempt(sql: str) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql)


def test_the_app_role_cannot_empty_or_silence_the_audit_trail(app_role, police_officer):
    with connected_as(app_role):
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_user")
            assert cursor.fetchone()[0] == app_role
        # INSERT and SELECT work: the app writes and reads its trail.
        with transaction.atomic():
            entry = audit_record(
                actor=police_officer,
                action=Action.READ,
                object_type="signals.dossier",
                object_id=7,
            )
        assert AuditEvent.objects.filter(pk=entry.pk).exists()
        before = AuditEvent.objects.count()

        for attack in (
            "TRUNCATE audit_auditevent",
            "ALTER TABLE audit_auditevent DISABLE TRIGGER "
            "audit_auditevent_no_update_delete",
            "ALTER TABLE audit_auditevent DISABLE TRIGGER ALL",
            "DROP TRIGGER audit_auditevent_no_update_delete ON audit_auditevent",
            "DROP TRIGGER audit_auditevent_no_truncate ON audit_auditevent",
            "SET session_replication_role = replica",
            "UPDATE audit_auditevent SET reason = 'verdoezeld'",
            "DELETE FROM audit_auditevent",
            "ALTER TABLE audit_auditevent OWNER TO CURRENT_USER",
            "INSERT INTO django_migrations (app, name, applied) "
            "VALUES ('audit', '9999_gone', now())",
            "CREATE TABLE audit_shadow (id int)",
        ):
            with pytest.raises(DatabaseError, match=REFUSED):
                attempt(attack)

        assert AuditEvent.objects.count() == before
        with connection.cursor() as cursor:
            # A GRANT by a non-owner only warns; the privileges stay as they were.
            cursor.execute("GRANT TRUNCATE, UPDATE ON audit_auditevent TO PUBLIC")
            cursor.execute(
                "SELECT privilege FROM unnest(ARRAY['SELECT', 'INSERT', 'UPDATE', "
                "'DELETE', 'TRUNCATE', 'TRIGGER', 'REFERENCES']) AS privilege "
                "WHERE has_table_privilege('audit_auditevent', privilege)"
            )
            assert [row[0] for row in cursor.fetchall()] == ["SELECT", "INSERT"]
            cursor.execute("SHOW session_replication_role")
            assert cursor.fetchone()[0] == "origin"
            cursor.execute(
                "SELECT count(*) FROM pg_trigger "
                "WHERE tgrelid = 'audit_auditevent'::regclass AND tgenabled = 'O'"
            )
            assert cursor.fetchone()[0] == 2


def test_the_app_role_has_what_the_app_needs(app_role, school_worker, as_user):
    client = as_user(school_worker)  # the session is stored before the switch
    with connected_as(app_role):
        signal = signal_create(
            user=school_worker,
            data=SignalInput(
                observed_at=timezone.now(),
                description="Fictieve waarneming bij het station.",
                subject_role=SubjectRole.VICTIM,
                kind=Kind.REGULAR,
                source=Source.EDUCATION,
            ),
        )
        assert client.get("/signalen/").status_code == 200
        assert client.get(f"/signalen/{signal.uuid}/").status_code == 200
        assert Signal.objects.filter(pk=signal.pk).exists()
        assert AuditEvent.objects.filter(object_id=str(signal.pk)).exists()


def test_the_command_runs_again_and_refuses_a_role_with_powers(app_role):
    call_command("db_roles", "--app-role", app_role)  # idempotent, every deploy
    with connection.cursor() as cursor:
        cursor.execute(f"ALTER ROLE {connection.ops.quote_name(app_role)} CREATEROLE")
    with pytest.raises(Exception, match="must be a plain login role"):
        call_command("db_roles", "--app-role", app_role)


@pytest.mark.django_db
def test_truncate_is_refused_by_a_trigger_even_with_the_privilege():
    """The owner role (not a superuser) holds TRUNCATE; the trigger still refuses."""
    role = connection.ops.quote_name(f"{role_name()}_owner")
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"CREATE ROLE {role}")
        cursor.execute(f"GRANT TRUNCATE ON audit_auditevent TO {role}")
        cursor.execute(f"SET LOCAL ROLE {role}")
        with pytest.raises(DatabaseError, match="append-only: TRUNCATE refused"):
            attempt("TRUNCATE audit_auditevent")
        transaction.set_rollback(True)


def test_the_readme_creates_the_first_beheerder_as_the_app_role(app_role):
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    snippet = re.search(
        r"docker compose run --rm web python manage.py shell -c '\n(.*?)'\n```",
        readme,
        re.DOTALL,
    )
    assert snippet, "README lost the first-beheerder command"
    with connected_as(app_role):
        exec(snippet.group(1), {})  # noqa: S102 - our own README, fictional names
        call_command("invite_user", "a.beheerder")  # the README's next step
        beheerder = User.objects.get(username="a.beheerder")
    assert beheerder.organisation.slug == "gemeente"
    assert beheerder.groups.filter(
        pk=role_group(Role.FUNCTIONEEL_BEHEERDER).pk
    ).exists()
    assert not beheerder.has_usable_password()
    assert [message.to for message in mail.outbox] == [[beheerder.email]]
