"""The start page per role: each lands on what waits for it now (issue 11, items 6
and 10), read through the selectors, audited, in a fixed number of queries."""

from __future__ import annotations

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from audit.constants import Action
from audit.models import AuditEvent
from notifications.models import Notification
from partners.constants import Role
from partners.models import Convenant, ConvenantParticipation, User
from partners.services import user_update
from signals.models import EnrichmentRequest, Signal, SignalAudience
from signals.services import (
    PersonInput,
    SignalInput,
    dossier_create,
    enrichment_answer,
    enrichment_ask,
    signal_create,
)
from tests.accounts.test_account_help import lock_out
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def enter(user, *, days_ago: int = 0, kind: str = "regular") -> Signal:
    signal = signal_create(
        user=user,
        data=SignalInput(
            observed_at=timezone.now() - datetime.timedelta(days=days_ago, hours=1),
            description="Fictieve melding",
            subject_role="unknown" if kind == "trend" else "victim",
            kind=kind,
            source="education",
            persons=[]
            if kind == "trend"
            else [PersonInput(role="victim", name="Fictief Kind", estimated_age=15)],
        ),
    )
    if days_ago:
        received = timezone.now() - datetime.timedelta(days=days_ago)
        Signal.objects.filter(pk=signal.pk).update(received_at=received)
        SignalAudience.objects.filter(signal=signal).update(received_at=received)
        signal.refresh_from_db()
    return signal


def section(html: str, key: str) -> str:
    match = re.search(
        rf'<section[^>]*data-section="{key}".*?</section>', html, flags=re.S
    )
    return match.group(0) if match else ""


def home(client) -> str:
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_screener_lands_on_the_meldingen_waiting_oldest_first_with_their_age(
    as_user, screener, school_worker, police_officer
):
    newer = enter(school_worker, days_ago=1)
    older = enter(police_officer, days_ago=3)
    stacked = enter(police_officer, days_ago=9)
    dossier_create(actor=screener, signals=[stacked])
    trend = enter(school_worker, days_ago=5, kind="trend")

    page = section(home(as_user(screener)), "screening")
    assert older.reference in page and newer.reference in page
    assert page.index(older.reference) < page.index(newer.reference)
    assert "wacht 3 dagen" in page and "wacht 1 dag" in page
    assert stacked.reference not in page and trend.reference not in page
    assert f"/signalen/{older.uuid}/personen/" in page
    assert AuditEvent.objects.filter(
        actor_id=screener.pk, action=Action.LIST, object_type="signals.signal"
    ).exists()


def test_a_partner_sees_its_questions_its_own_signals_and_its_messages(
    as_user, screener, police_officer, school_worker, region
):
    # pieter.agent as the demo has him: partnermedewerker and vaste contactpersoon.
    user_update(
        user=police_officer,
        actor=None,
        roles=[Role.PARTNERMEDEWERKER, Role.CONTACTPERSOON],
    )
    own = enter(police_officer, days_ago=2)
    other = enter(school_worker, days_ago=1)
    dossier = dossier_create(actor=screener, signals=[own, other])
    question = enrichment_ask(
        dossier=dossier,
        organisations=[region.politie],
        reason="Fictieve reden.",
        question="Is dit account bekend?",
        actor=screener,
    )[0]

    html = home(as_user(police_officer))
    questions = section(html, "questions")
    assert dossier.reference in questions
    assert f"/veredelen/{question.pk}/" in questions
    signals = section(html, "own_signals")
    assert own.reference in signals and "in een dossier" in signals
    assert other.reference not in signals
    messages = section(html, "messages")
    assert f"Nieuwe vraag over dossier {dossier.reference}" in messages
    # The school's worker (no contactpersoon) has no questions section.
    school = home(as_user(school_worker))
    assert section(school, "questions") == ""
    assert other.reference in section(school, "own_signals")


def test_the_ketenregisseur_sees_dossiers_ready_and_questions_overdue(
    as_user, ketenregisseur, screener, police_officer, police_contact, region
):
    ready = dossier_create(actor=screener, signals=[enter(police_officer)])
    not_asked = dossier_create(actor=screener, signals=[enter(police_officer)])
    waiting = dossier_create(actor=screener, signals=[enter(police_officer)])
    for dossier in (ready, waiting):
        enrichment_ask(
            dossier=dossier,
            organisations=[region.politie],
            reason="Fictieve reden.",
            question="Bekend?",
            actor=screener,
        )
    enrichment_answer(
        request=EnrichmentRequest.objects.get(dossier=ready),
        actor=police_contact,
        no_information=True,
    )
    EnrichmentRequest.objects.filter(dossier=waiting).update(
        asked_at=timezone.now() - datetime.timedelta(days=20)
    )

    html = home(as_user(ketenregisseur))
    ready_part = section(html, "ready")
    assert ready.reference in ready_part
    assert not_asked.reference not in ready_part
    assert waiting.reference not in ready_part
    overdue = section(html, "overdue")
    assert waiting.reference in overdue and "20 dagen" in overdue
    assert region.politie.name in overdue
    assert section(html, "screening") == ""


def test_the_beheerder_sees_locked_users_expiring_convenants_and_proposals(
    as_user, beheerder, police_officer, region, settings
):
    second: User = UserFactory(  # type: ignore[assignment]
        username="bram.beheer",
        organisation=region.gemeente,
        roles=[Role.FUNCTIONEEL_BEHEERDER],
    )
    lock_out(settings)
    user_update(
        user=police_officer,
        actor=second,
        roles=[Role.PARTNERMEDEWERKER, Role.SCREENER],
    )
    ending = Convenant.objects.create(
        title="Aanvullend convenant (fictief)",
        purpose="Fictief.",
        target_group="Fictief.",
        valid_from=timezone.localdate() - datetime.timedelta(days=300),
        valid_until=timezone.localdate() + datetime.timedelta(days=30),
    )

    html = home(as_user(beheerder))
    page = "".join(
        section(html, key) for key in ("locked", "proposals", "expiring", "readers")
    )
    assert 'data-locked="pieter.agent"' in page
    assert "/beheer/gebruikers/%d/ontgrendelen/" % police_officer.pk in page
    assert "Screener voor Pieter Agent" in page
    # the link opens the user's page with the proposal's decide form (the decide
    # URL itself takes a POST only: a link to it answered 405)
    assert 'href="/organisaties/beheer/gebruikers/%d/"' % police_officer.pk in page
    assert ending.title in page and "over 30 dagen" in page
    # the region's own convenant runs for a year: not listed
    assert region.convenant.title not in page
    assert "Er is geen herstel van de lezers vastgelegd" in page


def test_the_stored_readers_check_shows_its_last_repair(as_user, beheerder):
    from audit.services import audit_record

    audit_record(
        actor=None,
        action=Action.UPDATE,
        object_type="signals.signalaudience",
        reason="nachtelijke controle: 2 signalen hersteld",
    )
    page = section(home(as_user(beheerder)), "readers")
    assert "nachtelijke controle: 2 signalen hersteld" in page


def test_a_user_with_several_roles_sees_the_sections_of_each(
    as_user, region, school_worker
):
    both = UserFactory(
        organisation=region.politie,
        roles=[Role.SCREENER, Role.PARTNERMEDEWERKER, Role.FUNCTIONEEL_BEHEERDER],
    )
    waiting = enter(school_worker, days_ago=2)
    html = home(as_user(both))
    assert waiting.reference in section(html, "screening")
    assert section(html, "own_signals") and section(html, "locked")
    assert html.count('data-section="messages"') == 1


def test_an_organisation_without_a_convenant_is_told_why_it_sees_nothing(
    as_user, outsider, police_officer, region
):
    html = home(as_user(outsider))
    assert 'data-testid="no-convenant"' in html
    assert "geen geldig convenant" in html
    assert section(html, "own_signals") == ""
    assert 'data-testid="no-convenant"' not in home(as_user(police_officer))
    # The police withdraws: its officer is told too.
    ConvenantParticipation.objects.filter(organisation=region.politie).update(
        withdrawn_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    assert 'data-testid="no-convenant"' in home(as_user(police_officer))


def test_the_start_page_takes_the_same_queries_however_much_waits(
    as_user, screener, ketenregisseur, police_officer, region
):
    """Counted per role with twelve and with twenty-four of everything waiting
    (more than a section shows, so each also counts its rows)."""
    user_update(
        user=police_officer,
        actor=None,
        roles=[Role.PARTNERMEDEWERKER, Role.CONTACTPERSOON],
    )
    users = (screener, ketenregisseur, police_officer)

    def add(count: int) -> None:
        for _ in range(count):
            dossier = dossier_create(
                actor=screener, signals=[enter(police_officer, days_ago=2)]
            )
            enter(police_officer, days_ago=1)
            enrichment_ask(
                dossier=dossier,
                organisations=[region.politie],
                reason="Fictieve reden.",
                question="Bekend?",
                actor=screener,
            )
        EnrichmentRequest.objects.update(
            asked_at=timezone.now() - datetime.timedelta(days=30)
        )

    def queries() -> dict[str, int]:
        counts = {}
        for user in users:
            client = as_user(user)
            client.get("/")
            with CaptureQueriesContext(connection) as captured:
                home(client)
            counts[user.username] = len(captured)
        return counts

    add(12)
    few = queries()
    add(12)
    assert Notification.objects.filter(recipient=police_officer).count() == 24
    assert queries() == few


def _forbidden(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 403
    return response.content.decode()


def test_the_403_page_says_whom_to_ask_by_role(
    as_user, beheerder, school_worker, outsider
):
    beheer = _forbidden(as_user(beheerder), "/signalen/")
    assert "Neem contact op met de functioneel beheerder" not in beheer
    assert "andere functioneel beheerder" in beheer
    partner = _forbidden(as_user(school_worker), "/organisaties/beheer/")
    assert "Neem contact op met de functioneel beheerder" in partner
    outside = _forbidden(as_user(outsider), "/signalen/")
    assert "geen geldig convenant" in outside


def test_the_demo_gives_every_role_work_on_its_start_page(capsys, as_user):
    """seed_demo: each demo role's start page shows real work; the logins come
    last and no e-mail fills the console above them."""
    from django.core.management import call_command

    call_command("seed_demo")
    out = capsys.readouterr().out
    assert out.index("gebruiker ") > out.index("Fictieve demoregio klaar")
    assert out.rstrip().splitlines()[-1].startswith("riek.riec is (fictief)")

    def page(username: str) -> str:
        return home(as_user(User.objects.get(username=username)))

    expected = {
        "sam.screener": ["screening"],
        "pieter.agent": ["questions", "own_signals", "messages"],
        "kim.regisseur": ["ready", "overdue", "messages"],
        "fenna.beheer": ["locked", "proposals", "expiring"],
    }
    for username, keys in expected.items():
        html = page(username)
        for key in keys:
            part = section(html, key)
            assert part, (username, key)
            assert "<li" in part or "<tr" in part, (username, key)
    assert "wacht 8 dagen" in section(page("sam.screener"), "screening")
    assert 'data-testid="no-convenant"' in page("otto.buiten")
    assert Signal.objects.count() >= 12


def test_the_demo_settings_serve_the_dutch_error_pages():
    """The demo runs with debug off (a mistyped URL shows our 404, not Django's
    technical page listing every route) and still serves static files."""
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k != "DJANGO_DEBUG"}
    env["DJANGO_SETTINGS_MODULE"] = "ketenaanpak.settings.dev"
    script = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.DEBUG, s.WHITENOISE_USE_FINDERS, s.WHITENOISE_AUTOREFRESH)"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.split() == ["False", "True", "True"]
