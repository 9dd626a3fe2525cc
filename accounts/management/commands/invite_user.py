from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from accounts.services import enrolment_invite
from audit.constants import Client
from audit.context import origin
from partners.models import User


class Command(BaseCommand):
    help = (
        "Mail a user the one-time link to choose a password and set up an "
        "authenticator (the first functioneel beheerder; later the beheer page)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, username: str, **options: Any) -> None:
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user '{username}'.")
        with origin(client=Client.COMMAND, route="invite_user"):
            try:
                link = enrolment_invite(user=user, actor=None)
            except ValidationError as exc:
                raise CommandError("; ".join(exc.messages)) from exc
        until = f"{link.expires_at:%Y-%m-%d %H:%M} UTC"
        self.stdout.write(
            f"Invitation mailed to the user's address; valid until {until}."
        )
