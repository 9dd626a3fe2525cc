from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from audit.constants import Client
from audit.context import origin
from partners.models import Organisation
from partners.services import api_client_issue


class Command(BaseCommand):
    help = "Issue an API token for a machine client of an organisation; shown once."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--organisation", required=True, help="organisation slug")
        parser.add_argument(
            "--name", required=True, help="client name, e.g. 'Meldpunt'"
        )

    def handle(self, *args: Any, organisation: str, name: str, **options: Any) -> None:
        org = Organisation.objects.filter(slug=organisation, active=True).first()
        if org is None:
            raise CommandError(f"No active organisation with slug '{organisation}'.")
        from django.core.exceptions import ValidationError

        with origin(client=Client.COMMAND, route="issue_api_token"):
            try:
                client, token = api_client_issue(organisation=org, name=name)
            except ValidationError as exc:
                raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(f"client: {client.name} ({org.slug})")
        self.stdout.write(f"token: {token}")
        self.stderr.write("The token is shown only now; only its hash is stored.")
