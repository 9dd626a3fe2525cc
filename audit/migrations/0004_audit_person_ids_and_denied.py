"""Which persons a read or search showed (ids), and denied attempts.

``person_ids`` is added nullable without a default, so no existing row is rewritten
(the append-only triggers of 0002 refuse UPDATE; on SQLite a default would make
Django rebuild the table and lose them). On PostgreSQL a GIN index serves the
beheerder's search by person (``person_ids @> '[id]'``).
"""

from django.db import migrations, models

INDEX = "audit_auditevent_person_ids_gin"


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX {INDEX} ON audit_auditevent "
            "USING gin (person_ids jsonb_path_ops)"
        )


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0003_refuse_truncate'),
    ]

    operations = [
        migrations.AddField(
            model_name='auditevent',
            name='person_ids',
            field=models.JSONField(blank=True, null=True, verbose_name="personen (id's)"),
        ),
        migrations.AlterField(
            model_name='auditevent',
            name='action',
            field=models.CharField(choices=[('create', 'aangemaakt'), ('read', 'ingezien'), ('update', 'gewijzigd'), ('delete', 'verwijderd'), ('list', 'lijst bekeken'), ('search', 'gezocht'), ('export', 'geëxporteerd'), ('grant', 'toegang verleend'), ('revoke', 'toegang ingetrokken'), ('login', 'ingelogd'), ('login_failed', 'inlogpoging mislukt'), ('logout', 'uitgelogd'), ('denied', 'buiten bereik geweigerd')], max_length=16, verbose_name='actie'),
        ),
        migrations.RunPython(forward, backward),
    ]
