"""Store the Dutch tsvector of ``search_text`` in a generated column (PostgreSQL only).

Computing to_tsvector per row while walking the newest signals cost ~25 µs a row;
a stored column makes the match a cheap comparison and feeds the GIN index. The
column is not a model field: PostgreSQL fills it, signals.selectors.search reads it.
"""

from django.db import migrations

FORWARD = [
    "DROP INDEX IF EXISTS signal_search_gin",
    "ALTER TABLE signals_signal ADD COLUMN IF NOT EXISTS search_vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('dutch'::regconfig, search_text)) STORED",
    "CREATE INDEX IF NOT EXISTS signal_search_vector_gin ON signals_signal "
    "USING gin (search_vector)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS signal_search_vector_gin",
    "ALTER TABLE signals_signal DROP COLUMN IF EXISTS search_vector",
    "CREATE INDEX IF NOT EXISTS signal_search_gin ON signals_signal "
    "USING gin (to_tsvector('dutch'::regconfig, search_text))",
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
    dependencies = [("signals", "0004_signal_search_index")]

    operations = [migrations.RunPython(forward, backward)]
