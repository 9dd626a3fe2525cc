"""Each role logs in, lands on its start page and does its main task from there, in
one real Chromium: the screener stacks a waiting melding's person, the police's
vaste contactpersoon answers a question, the ketenregisseur opens a dossier ready
for weighing, the functioneel beheerder unlocks a colleague."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from partners.constants import Role
from partners.logins import user_is_locked_out
from partners.services import user_update
from signals.constants import EnrichmentStatus
from signals.models import EnrichmentRequest, Signal
from signals.services import (
    PersonInput,
    SignalInput,
    dossier_create,
    enrichment_answer,
    enrichment_ask,
    signal_create,
)
from tests.accounts.test_account_help import lock_out
from tests.browser.conftest import axe_violations
from tests.browser.test_chain import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def enter(user, *, days_ago: int) -> Signal:
    signal = signal_create(
        user=user,
        data=SignalInput(
            observed_at=timezone.now() - datetime.timedelta(days=days_ago, hours=2),
            description="Fictieve melding bij de schoolpoort.",
            subject_role="victim",
            kind="regular",
            source="education",
            persons=[
                PersonInput(role="victim", name="Fictief Meisje", aliases=["fm_2099"])
            ],
        ),
    )
    Signal.objects.filter(pk=signal.pk).update(
        received_at=timezone.now() - datetime.timedelta(days=days_ago)
    )
    return signal


def ask(screener, dossier, organisation) -> EnrichmentRequest:
    return enrichment_ask(
        dossier=dossier,
        organisations=[organisation],
        reason="Fictieve reden.",
        question="Is dit meisje bij jullie bekend?",
        actor=screener,
    )[0]


def start_section(page, key: str):
    return page.locator(f'section[data-section="{key}"]')


def test_the_screener_stacks_a_waiting_melding_from_the_start_page(
    live_server, page, screener, school_worker
):
    signal = enter(school_worker, days_ago=3)
    log_in(page, live_server, screener, "/")
    waiting = start_section(page, "screening")
    row = waiting.locator(f'tr[data-signal="{signal.reference}"]')
    assert "wacht 3 dagen" in row.inner_text()
    assert axe_violations(page) == []
    row.get_by_role("link", name="Personen stapelen").click()
    page.wait_for_url(f"**/signalen/{signal.uuid}/personen/")
    page.get_by_role("button", name="Nieuwe persoon").click()
    page.wait_for_load_state()
    assert signal.persons.get().person_id is not None


def test_the_contactpersoon_answers_a_question_from_the_start_page(
    live_server, page, screener, police_officer, police_contact, region
):
    dossier = dossier_create(
        actor=screener, signals=[enter(police_officer, days_ago=2)]
    )
    question = ask(screener, dossier, region.politie)
    log_in(page, live_server, police_contact, "/")
    questions = start_section(page, "questions")
    assert dossier.reference in questions.inner_text()
    assert axe_violations(page) == []
    questions.get_by_role("link", name="Beantwoorden").click()
    page.wait_for_url(f"**/veredelen/{question.pk}/")
    page.get_by_role("button", name="Geen informatie beschikbaar").click()
    page.wait_for_load_state()
    question.refresh_from_db()
    assert question.status != EnrichmentStatus.OPEN
    page.goto(f"{live_server.url}/")
    assert start_section(page, "questions").get_by_test_id("nothing-waiting").count()


def test_the_ketenregisseur_opens_a_ready_dossier_from_the_start_page(
    live_server, page, ketenregisseur, screener, police_officer, police_contact, region
):
    dossier = dossier_create(
        actor=screener, signals=[enter(police_officer, days_ago=5)]
    )
    enrichment_answer(
        request=ask(screener, dossier, region.politie),
        actor=police_contact,
        no_information=True,
    )
    log_in(page, live_server, ketenregisseur, "/")
    ready = start_section(page, "ready")
    assert axe_violations(page) == []
    ready.get_by_role("link", name=dossier.reference).click()
    page.wait_for_url(f"**/dossiers/{dossier.uuid}/")
    assert (
        page.get_by_role("heading", level=1).inner_text().find(dossier.reference) >= 0
    )


def test_the_beheerder_unlocks_a_colleague_from_the_start_page(
    live_server, page, beheerder, police_officer, settings
):
    user_update(user=police_officer, actor=None, roles=[Role.PARTNERMEDEWERKER])
    lock_out(settings)
    assert user_is_locked_out(user=police_officer)
    log_in(page, live_server, beheerder, "/")
    locked = start_section(page, "locked")
    assert axe_violations(page) == []
    locked.get_by_role("button", name="Ontgrendelen").click()
    page.wait_for_url(f"{live_server.url}/")
    assert not user_is_locked_out(user=police_officer)
    assert start_section(page, "locked").get_by_test_id("none-locked").count()
