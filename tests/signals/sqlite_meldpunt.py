"""Serve the demo settings on a fresh file-backed SQLite database, as `make demo` does,
with one meldpunt client whose organisation signed the convenant, and the police it
passes signals on to (fictional).

    python -m tests.signals.sqlite_meldpunt <database file> <port> <token file>

migrates, writes the client's token to the token file and then runs the development
server without reloader until it is killed. Used by the API's race test.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def main() -> None:
    database, port, token_file = sys.argv[1:]
    os.environ["DJANGO_SETTINGS_MODULE"] = "ketenaanpak.settings.dev"
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"

    import django

    django.setup()

    from django.core.management import call_command

    from partners.constants import Domain, OrganisationKind, Ring
    from partners.services import api_client_issue
    from tests.factories import ConvenantFactory, OrganisationFactory, sign

    call_command("migrate", verbosity=0, interactive=False)
    gemeente = OrganisationFactory.create(
        name="Gemeente Demostad",
        slug="gemeente",
        kind=OrganisationKind.GEMEENTE,
        domain=Domain.VEILIGHEID,
        ring=Ring.KERNTEAM,
    )
    politie = OrganisationFactory.create(
        name="Politie Eenheid Demoland",
        slug="politie",
        kind=OrganisationKind.POLITIE,
        domain=Domain.VEILIGHEID,
        ring=Ring.KERNTEAM,
    )
    sign(ConvenantFactory.create(), gemeente, politie)
    _, token = api_client_issue(organisation=gemeente, name="Meldpunt")
    # Written whole, then renamed: the test never reads half a token.
    partial = Path(f"{token_file}.partial")
    partial.write_text(token, encoding="utf-8")
    partial.rename(token_file)
    call_command("runserver", f"127.0.0.1:{port}", use_reloader=False, skip_checks=True)


if __name__ == "__main__":
    main()
