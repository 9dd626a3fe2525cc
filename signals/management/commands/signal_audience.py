from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from audit.constants import Action
from audit.services import audit_record
from signals.services.audience import audience_differences, audience_rebuild


class Command(BaseCommand):
    help = (
        "Compare the stored readers of every signal (SignalAudience) with the rule "
        "(owner plus dossier participants), or rebuild them from it."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        action = parser.add_mutually_exclusive_group(required=True)
        action.add_argument("--check", action="store_true")
        action.add_argument("--rebuild", action="store_true")

    def handle(self, *args: Any, check: bool, rebuild: bool, **options: Any) -> None:
        if rebuild:
            with transaction.atomic():
                audience_rebuild()
                audit_record(
                    actor=None,
                    action=Action.UPDATE,
                    object_type="signals.signalaudience",
                    reason="signal_audience --rebuild",
                )
        differences = audience_differences()
        for signal_id, group_id, kind in differences[:50]:
            self.stdout.write(f"signal {signal_id} group {group_id}: {kind}")
        if differences:
            raise CommandError(
                f"{len(differences)} differences between stored readers and the rule."
            )
        self.stdout.write("Stored readers match the rule.")
