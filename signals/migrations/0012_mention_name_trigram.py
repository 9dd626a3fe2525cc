"""Trigram indexes for finding persons by what a signal's mention says (PostgreSQL
only): a partner finds a person by the names and handles in the signals it may
read, not by the screening team's merged record (signals.selectors.search)."""

from django.db import migrations

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS mention_name_trgm ON signals_signalperson "
    "USING gin (upper(name::text) gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS mention_aliases_trgm ON signals_signalperson "
    "USING gin (upper(aliases::text) gin_trgm_ops)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS mention_aliases_trgm",
    "DROP INDEX IF EXISTS mention_name_trgm",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in FORWARD:
            schema_editor.execute(statement, params=None)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in BACKWARD:
            schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [("signals", "0011_dossier_event_signal")]

    operations = [migrations.RunPython(forward, backward)]
