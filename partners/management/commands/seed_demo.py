from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from audit.constants import Client
from audit.context import origin
from partners.demo import seed_demo_region


class Command(BaseCommand):
    help = (
        "Build the fictional demo region (organisations, convenant, users, API client)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEMO_MODE:
            raise CommandError(
                "seed_demo only runs with DEMO_MODE=true: it sets known passwords."
            )
        with origin(client=Client.COMMAND, route="seed_demo"):
            region = seed_demo_region(today=timezone.localdate())
        out = self.stdout
        out.write(
            self.style.SUCCESS(
                "Fictieve demoregio klaar. Inloggen op http://127.0.0.1:8000/"
            )
        )
        out.write("")
        header = (
            f"{'gebruiker':<22} {'wachtwoord':<22} {'TOTP-geheim (base32)':<34} "
            "rol(len) – organisatie"
        )
        out.write(header)
        out.write("-" * len(header))
        for login in region.logins:
            out.write(
                f"{login.username:<22} {login.password:<22} {login.totp_secret:<34} "
                f"{login.roles} – {login.organisation}"
            )
        out.write("")
        out.write(
            "Zet het TOTP-geheim in een authenticator-app, of vraag de huidige code op met:"
        )
        out.write("  .venv/bin/python manage.py demo_totp <gebruiker>")
        out.write("")
        out.write(f"API-token voor '{region.api_client}': {region.api_token}")
