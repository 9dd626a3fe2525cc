"""The chain in one real Chromium: a school's signal becomes a dossier, is veredeld by
police and youth care, and the school sees the dossier only once it is invited (and
then not the answer the police shared with the dossier's owner alone).

One browser session per actor, logging out and in between, as people would.
"""

from __future__ import annotations

import datetime
import re
import time

import pytest
from django.utils import timezone
from django_otp.oath import hotp
from django_otp.plugins.otp_totp.models import TOTPDevice

from signals.models import Dossier, EnrichmentRequest, Signal
from signals.services import (
    PersonInput,
    SignalInput,
    person_create_from_mention,
    signal_create,
)
from tests.browser.conftest import axe_violations
from tests.factories import TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fresh_code(user) -> str:
    """An authenticator code the device has not accepted yet.

    A persona logs in several times within one 30-second step here; django-otp
    refuses a code twice, so take the next step (within its tolerance) when needed.
    """
    device = TOTPDevice.objects.get(user=user)
    now = (int(time.time()) - device.t0) // device.step + device.drift
    step = max(now, device.last_t + 1)
    assert step <= now + device.tolerance, "too many logins in one step"
    return f"{hotp(device.bin_key, step, digits=device.digits):0{device.digits}d}"


def log_in(page, live_server, user, path: str) -> None:
    page.goto(f"{live_server.url}{path}")
    page.wait_for_url("**/inloggen/**")
    page.get_by_label("Gebruikersnaam").fill(user.username)
    page.get_by_label("Wachtwoord").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Verder").click()
    page.wait_for_url("**/inloggen/code/")
    page.get_by_label("Verificatiecode").fill(fresh_code(user))
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(f"**{path}")


def log_out(page) -> None:
    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_url("**/inloggen/")


def test_a_school_signal_goes_through_the_chain(
    live_server,
    page,
    region,
    school_worker,
    screener,
    police_officer,
    police_contact,
    youth_care_contact,
):
    # Known before: the police reported "fm_2010" earlier and the screeners made
    # her a person, so the school's new mention gets a proposal.
    earlier = signal_create(
        user=police_officer,
        data=SignalInput(
            observed_at=timezone.now() - datetime.timedelta(days=30),
            description="Meisje gezien in de auto van een oudere man (fictief).",
            subject_role="victim",
            kind="regular",
            source="criminal_justice",
            persons=[
                PersonInput(
                    role="victim",
                    name="Fictief Meisje",
                    aliases=["fm_2010"],
                    estimated_age=15,
                )
            ],
        ),
    )
    known = person_create_from_mention(mention=earlier.persons.get(), actor=screener)

    # The school worker enters a signal.
    log_in(page, live_server, school_worker, "/signalen/nieuw/")
    yesterday = timezone.localtime() - datetime.timedelta(days=1)
    page.get_by_label("Waargenomen op").fill(yesterday.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Gebeurtenis").fill(
        "Leerling wordt na school opgehaald door een oudere jongen op een scooter."
    )
    page.get_by_label("Over wie gaat het signaal?").select_option(
        label="Mogelijk slachtoffer"
    )
    page.get_by_label("Bron", exact=True).select_option(
        label="Onderwijs (zorgteam, leerplicht, school)"
    )
    page.get_by_label("Steekwoorden").fill("scooter, ophalen")
    person = page.locator('[data-person="0"]')
    person.get_by_label("Rol").select_option(label="Mogelijk slachtoffer")
    person.get_by_label(re.compile(r"^Naam")).fill("Fictief Meisje")
    person.get_by_label(re.compile(r"^Bijnamen en accounts")).fill("fm_2010")
    person.get_by_label(re.compile(r"^Geschatte leeftijd")).fill("15")
    page.get_by_role("button", name="Signaal opslaan").click()
    page.wait_for_url(re.compile(r".*/signalen/[0-9a-f-]{36}/$"))
    signal = Signal.objects.get(organisation=region.school)
    log_out(page)

    # The screener finds it through the search page and opens it.
    log_in(page, live_server, screener, "/zoeken/")
    page.get_by_label("Zoekterm").fill("scooter")
    page.get_by_role("button", name="Zoeken").click()
    results = page.get_by_test_id("signal-results")
    results.get_by_role("link", name=signal.reference).wait_for()
    assert "scooter" not in page.url  # the query travelled in the body
    assert axe_violations(page) == []
    results.get_by_role("link", name=signal.reference).click()
    page.wait_for_url(f"**/signalen/{signal.uuid}/")
    assert page.get_by_text("Fictief Meisje").first.is_visible()

    # Stacking: the proposed person is confirmed.
    page.goto(f"{live_server.url}/signalen/{signal.uuid}/personen/")
    proposal = page.locator(f'[data-proposal="{known.pk}"]')
    assert proposal.get_by_text("zelfde account: fm_2010").is_visible()
    proposal.get_by_role("button", name="Zelfde persoon").click()
    page.get_by_test_id("confirmed-person").wait_for()
    assert signal.persons.get().person == known

    # A dossier from the signal, and a question to police and youth care.
    page.get_by_role("button", name="Dossier aanmaken").click()
    page.wait_for_url(re.compile(r".*/dossiers/[0-9a-f-]{36}/$"))
    dossier = Dossier.objects.get()
    assert list(dossier.persons.all()) == [known]
    assert page.get_by_role(
        "heading", name=f"Dossier {dossier.reference}", level=1
    ).is_visible()
    # The question is an action on the page: its button opens the form in place.
    page.locator('[data-action="ask"] > summary').click()
    page.get_by_label("Politie Eenheid Demoland", exact=True).check()
    page.get_by_label("Jeugdzorg De Verzonnen Linde", exact=True).check()
    page.get_by_label("Waarom wordt dit dossier ingebracht?").fill(
        "School ziet haar steeds opgehaald worden; eerder politiesignaal."
    )
    page.get_by_label("Vraag", exact=True).fill("Is zij of haar vriend bij u bekend?")
    page.get_by_role("button", name="Vraag uitzetten").click()
    page.get_by_test_id("not-answered-by").wait_for()
    assert page.get_by_test_id("readiness").get_attribute("data-ready") == "false"
    assert axe_violations(page) == []
    log_out(page)

    # The police contactpersoon answers with what the police knows.
    log_in(page, live_server, police_contact, "/veredelen/")
    assert axe_violations(page) == []
    page.get_by_role("link", name=re.compile(dossier.reference)).click()
    page.wait_for_url("**/veredelen/*/")
    assert page.get_by_role("rowheader", name="Fictief Meisje").is_visible()
    assert page.get_by_role("cell", name="fm_2010").is_visible()
    page.get_by_label("Antwoord").fill("Eén eerder signaal, geen lopend onderzoek.")
    # Police information for the screening team and the ketenregie only, not for
    # every participant: no organisation ticked (the screener's organisation does
    # not take part by making the dossier).
    page.get_by_label("Alleen met de organisaties die ik aanvink").check()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Antwoord versturen").click()
    page.wait_for_url("**/veredelen/")
    log_out(page)

    # Youth care has nothing.
    log_in(page, live_server, youth_care_contact, "/veredelen/")
    page.get_by_role("link", name=re.compile(dossier.reference)).click()
    page.wait_for_url("**/veredelen/*/")
    page.get_by_role("button", name="Geen informatie beschikbaar").click()
    page.wait_for_url("**/veredelen/")
    log_out(page)
    assert set(
        EnrichmentRequest.objects.filter(dossier=dossier).values_list(
            "status", flat=True
        )
    ) == {"answered", "no_information"}

    # The screener sees both answers: the dossier is ready for the casusoverleg.
    dossier_path = f"/dossiers/{dossier.uuid}/"
    log_in(page, live_server, screener, dossier_path)
    veredelen = page.locator('[data-enrichment="politie"]')
    assert veredelen.get_by_text(
        "Eén eerder signaal, geen lopend onderzoek."
    ).is_visible()
    assert veredelen.get_by_text(
        "Alleen gedeeld met: niemand buiten het screeningsteam en de ketenregie."
    ).is_visible()
    assert (
        page.locator('[data-enrichment="jeugdzorg"] [data-testid="answer"]')
        .get_by_text("Geen informatie beschikbaar")
        .is_visible()
    )
    readiness = page.get_by_test_id("readiness")
    assert readiness.get_attribute("data-ready") == "true"
    assert readiness.get_by_text("Klaar voor het casusoverleg").is_visible()
    log_out(page)

    # The school worker sees the own signal, but the dossier does not exist for her.
    log_in(page, live_server, school_worker, "/signalen/")
    assert page.get_by_role("link", name=signal.reference).is_visible()
    # Her own signal offers her the choice of whom it reaches inside a dossier.
    page.get_by_role("link", name=signal.reference).click()
    assert page.get_by_role(
        "group", name="Wijzigen met wie dit signaal gedeeld wordt"
    ).is_visible()
    assert axe_violations(page) == []
    response = page.goto(f"{live_server.url}{dossier_path}")
    assert response is not None and response.status == 404
    assert page.get_by_role("heading", name="Niet gevonden").is_visible()
    log_out(page)

    # Until the screener invites the school.
    log_in(page, live_server, screener, dossier_path)
    page.locator('[data-action="invite"] > summary').click()
    page.get_by_label("Organisatie", exact=True).select_option(label="Fictief College")
    page.get_by_role("button", name="Uitnodigen").click()
    page.get_by_test_id("participants").get_by_text("Fictief College").wait_for()
    log_out(page)

    log_in(page, live_server, school_worker, dossier_path)
    assert page.get_by_role(
        "heading", name=f"Dossier {dossier.reference}", level=1
    ).is_visible()
    assert page.get_by_role("link", name=signal.reference).is_visible()
    # The police shared its answer with no participant: to the school the question
    # reads "Afgehandeld", as one without information would (no tip-off).
    police = page.locator('[data-enrichment="politie"]')
    assert police.get_attribute("data-status") == "handled"
    assert police.get_by_text("Afgehandeld", exact=True).is_visible()
    assert page.get_by_text("niet met uw organisatie gedeeld").count() == 0
    assert page.get_by_text("Eén eerder signaal, geen lopend onderzoek.").count() == 0
