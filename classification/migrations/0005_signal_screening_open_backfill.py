"""Signal.screening_open for meldingen that were screened before it existed: a
melding whose screening moved past vaststellen leaves the werkvoorraad."""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

OPEN_PHASES = ("onderzoeken", "verifieren", "vaststellen")


def backfill(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    Signal = apps.get_model("signals", "Signal")
    Screening = apps.get_model("classification", "Screening")
    done = Screening.objects.exclude(phase__in=OPEN_PHASES).values("signal_id")
    Signal.objects.filter(pk__in=done).update(screening_open=False)


class Migration(migrations.Migration):
    dependencies = [
        ("classification", "0004_perpetrator_decision"),
        ("signals", "0018_signal_screening_open"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
