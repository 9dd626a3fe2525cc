"""Create or update the restricted PostgreSQL role the running app connects as.

Run it as the role that owns the tables (the one ``migrate`` runs as), after every
``migrate``: docker-compose.yml's ``migrate`` service does. The app role

* logs in, and is no superuser, may not create roles or databases, replicate or
  bypass row security, and is no member of the owner;
* may SELECT and INSERT on the audit trail's tables, nothing more (no UPDATE, DELETE
  or TRUNCATE; owning nothing, it can neither disable nor drop a trigger);
* may SELECT, INSERT, UPDATE and DELETE on every other table of the schema, SELECT
  on ``django_migrations`` and use the sequences;
* gets the same on tables and sequences the owner creates later (default
  privileges), so a new migration's tables are covered before this runs again. A new
  audit table is narrowed to SELECT and INSERT when this runs after that migration.

Setting ``session_replication_role`` (which would silence every trigger) is reserved
to superusers by PostgreSQL itself.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction

# Never granted to the app role, whatever the table.
APP_ROLE_ATTRIBUTES = (
    "rolsuper",
    "rolcreaterole",
    "rolcreatedb",
    "rolreplication",
    "rolbypassrls",
)


def append_only_tables() -> list[str]:
    """Every table of the audit app: the trail and whatever joins it later."""
    return sorted(
        model._meta.db_table
        for model in apps.get_app_config("audit").get_models(include_auto_created=True)
    )


class Command(BaseCommand):
    help = (
        "Create or update the PostgreSQL role the app connects as: INSERT and SELECT "
        "only on the audit trail, data access elsewhere, owner of nothing. Run as the "
        "owner role after migrate."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--app-role", required=True, help="name of the role web/worker/beat use"
        )
        parser.add_argument(
            "--app-password-file",
            help="file holding the app role's password (unchanged when omitted)",
        )

    def handle(
        self, *args: Any, app_role: str, app_password_file: str | None, **options: Any
    ) -> None:
        if connection.vendor != "postgresql":
            raise CommandError("db_roles is for PostgreSQL; SQLite has no roles.")
        password = None
        if app_password_file:
            try:
                password = Path(app_password_file).read_text(encoding="utf-8").strip()
            except OSError as exc:
                raise CommandError(f"Cannot read {app_password_file}.") from exc
            if not password:
                raise CommandError(f"{app_password_file} is empty.")
        with transaction.atomic():
            self._apply(app_role, password)
        self.stdout.write(
            f"{app_role}: SELECT, INSERT on {', '.join(append_only_tables())}; "
            "SELECT, INSERT, UPDATE, DELETE on the other tables."
        )

    def _apply(self, role: str, password: str | None) -> None:
        q = connection.ops.quote_name
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_user, current_schema(), current_database()")
            owner, schema, database = cursor.fetchone()
            if role == owner:
                raise CommandError(
                    f"Run db_roles as the owner role, not as the app role {role}."
                )
            cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role])
            if cursor.fetchone() is None:
                cursor.execute(
                    f"CREATE ROLE {q(role)} LOGIN NOSUPERUSER NOCREATEDB "
                    "NOCREATEROLE NOREPLICATION NOBYPASSRLS"
                )
            cursor.execute(
                f"SELECT {', '.join(APP_ROLE_ATTRIBUTES)}, rolcanlogin "
                "FROM pg_roles WHERE rolname = %s",
                [role],
            )
            *powers, can_login = cursor.fetchone()
            granted = [
                a for a, on in zip(APP_ROLE_ATTRIBUTES, powers, strict=True) if on
            ]
            if granted or not can_login:
                raise CommandError(
                    f"Role {role} must be a plain login role; it has "
                    f"{', '.join(granted) or 'no LOGIN'}."
                )
            cursor.execute("SELECT pg_has_role(%s, %s, 'MEMBER')", [role, owner])
            if cursor.fetchone()[0]:
                raise CommandError(f"Role {role} is a member of the owner {owner}.")
            cursor.execute(
                "SELECT tablename FROM pg_tables "
                "WHERE schemaname = %s AND tableowner = %s",
                [schema, role],
            )
            if owned := [row[0] for row in cursor.fetchall()]:
                raise CommandError(f"Role {role} owns tables: {', '.join(owned)}.")
            if password is not None:
                cursor.execute("SELECT quote_literal(%s)", [password])
                cursor.execute(f"ALTER ROLE {q(role)} PASSWORD {cursor.fetchone()[0]}")

            app, on_schema = q(role), q(schema)
            audit = ", ".join(q(table) for table in append_only_tables())
            for statement in (
                f"GRANT CONNECT ON DATABASE {q(database)} TO {app}",
                f"GRANT USAGE ON SCHEMA {on_schema} TO {app}",
                f"REVOKE ALL ON ALL TABLES IN SCHEMA {on_schema} FROM {app}",
                f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA {on_schema} FROM {app}",
                f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES "
                f"IN SCHEMA {on_schema} TO {app}",
                f"REVOKE UPDATE, DELETE ON {audit} FROM {app}",
                f"REVOKE INSERT, UPDATE, DELETE ON django_migrations FROM {app}",
                f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA {on_schema} TO {app}",
                f"ALTER DEFAULT PRIVILEGES FOR ROLE {q(owner)} IN SCHEMA {on_schema} "
                f"GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {app}",
                f"ALTER DEFAULT PRIVILEGES FOR ROLE {q(owner)} IN SCHEMA {on_schema} "
                f"GRANT USAGE ON SEQUENCES TO {app}",
            ):
                cursor.execute(statement)
