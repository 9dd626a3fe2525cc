"""Trigram indexes for finding persons by part of a name or handle (PostgreSQL only).

Person search matches substrings (``icontains``: names are not words a stemmer
should touch), which without an index reads every person. pg_trgm is a trusted
extension (PostgreSQL 13+): the database owner may create it.
"""

from django.db import migrations

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS person_name_trgm ON signals_person "
    "USING gin (upper(name::text) gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS person_aliases_trgm ON signals_person "
    "USING gin (upper(aliases::text) gin_trgm_ops)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS person_aliases_trgm",
    "DROP INDEX IF EXISTS person_name_trgm",
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
    dependencies = [("signals", "0006_signal_audience")]

    operations = [migrations.RunPython(forward, backward)]
