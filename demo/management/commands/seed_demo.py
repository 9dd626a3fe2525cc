import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.test.utils import override_settings
from django.utils import timezone

from audit.constants import Client
from audit.context import origin
from casusoverleg.demo import seed_demo_casusoverleg
from classification.demo import seed_demo_classification
from partners.demo import LOCKED_USER, seed_demo_region
from signals.demo import seed_bulk_signals, seed_demo_signals

QUIET_EMAIL = "django.core.mail.backends.locmem.EmailBackend"


class Command(BaseCommand):
    help = (
        "Build the fictional demo region (organisations, convenant, users, API client, "
        "signals, dossiers and their screening and colours). "
        "With --size N: about N signals for benchmarks."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--size",
            type=int,
            default=None,
            help="add about N bulk signals with one dossier each (benchmarks only)",
        )

    def handle(self, *args: Any, size: int | None = None, **options: Any) -> None:
        if not settings.DEMO_MODE:
            raise CommandError(
                "seed_demo only runs with DEMO_MODE=true: it sets known passwords."
            )
        if size is not None and size < 1:
            raise CommandError("--size must be a positive number of signals.")
        today = timezone.localdate()
        # The alerts the seeded work raises stay in the app (Berichten): their
        # e-mails would fill the console above the logins printed below.
        with (
            override_settings(EMAIL_BACKEND=QUIET_EMAIL),
            origin(client=Client.COMMAND, route="seed_demo"),
        ):
            region = seed_demo_region(today=today)
            if size is None:
                seed_demo_signals(today=today)
                seed_demo_classification(today=today)
                seed_demo_casusoverleg(today=today)
            else:
                started = time.monotonic()
                result = seed_bulk_signals(size=size, today=today)
                self.stderr.write(
                    f"{result.signals} signals, {result.dossiers} dossiers "
                    f"in {time.monotonic() - started:.0f} s"
                )
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
        out.write(
            f"{LOCKED_USER} is (fictief) geblokkeerd: ontgrendel als fenna.beheer "
            "vanaf de startpagina."
        )
