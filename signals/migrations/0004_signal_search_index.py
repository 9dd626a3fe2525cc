"""Full-text search over signals: a Dutch tsvector GIN index on PostgreSQL.

SQLite (the embedded demo) has no such index; search falls back to LIKE there.
The expression must stay identical to the one in signals.selectors.search.
"""

from django.db import migrations

CREATE = (
    "CREATE INDEX IF NOT EXISTS signal_search_gin ON signals_signal "
    "USING gin (to_tsvector('dutch'::regconfig, search_text))"
)
DROP = "DROP INDEX IF EXISTS signal_search_gin"


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("signals", "0003_signal_search_text")]

    operations = [migrations.RunPython(forward, backward)]
