"""The search page: a POST form, results in three sections, never outside scope."""

from __future__ import annotations

import datetime
import importlib

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from signals.models import Signal
from signals.services import (
    PersonInput,
    SignalInput,
    dossier_create,
    person_create_from_mention,
    signal_create,
)

pytestmark = pytest.mark.django_db

SEARCH = reverse("dossiers:search")
# The package re-exports the function ``search`` under the module's own name.
search_selectors = importlib.import_module("signals.selectors.search")


def enter(user, description: str, keywords=(), persons=()) -> Signal:
    return signal_create(
        user=user,
        data=SignalInput(
            observed_at=timezone.now() - datetime.timedelta(hours=1),
            description=description,
            subject_role="victim",
            kind="regular",
            source="education",
            keywords=list(keywords),
            persons=list(persons),
        ),
    )


def content(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def section(page: str, testid: str) -> str:
    start = page.index(f'data-testid="{testid}"')
    end = page.find("</section>", start)
    return page[start:end]


@pytest.fixture
def world(school_worker, police_officer, screener):
    school = enter(
        school_worker,
        "Meisje stapt na school op een scooter bij het station",
        ["scooter"],
        [PersonInput(role="victim", name="Fictief Meisje", aliases=["fm_2010"])],
    )
    police = enter(police_officer, "Jongen met scooter biedt meisjes geld aan")
    person = person_create_from_mention(mention=school.persons.get(), actor=screener)
    dossier = dossier_create(
        actor=screener, signals=[school], persons=[(person, "victim")]
    )
    return school, police, person, dossier


def test_the_form_posts_so_the_query_stays_out_of_urls(as_user, screener):
    page = content(as_user(screener).get(SEARCH))
    assert '<form method="post"' in page
    assert 'name="q"' in page
    assert "Geen signalen gevonden" not in page


def test_the_screener_finds_signals_persons_and_dossiers(as_user, screener, world):
    school, police, person, dossier = world
    page = content(as_user(screener).post(SEARCH, {"q": "scooter"}))
    signals = section(page, "signal-results")
    assert school.reference in signals and police.reference in signals
    page = content(as_user(screener).post(SEARCH, {"q": "fm_2010"}))
    assert "Fictief Meisje" in section(page, "person-results")
    assert dossier.reference in section(page, "dossier-results")
    assert "Meer resultaten" not in page


def test_the_school_worker_finds_only_what_the_school_may_see(
    as_user, school_worker, world
):
    school, police, person, dossier = world
    page = content(as_user(school_worker).post(SEARCH, {"q": "scooter"}))
    assert school.reference in page
    assert police.reference not in page
    page = content(as_user(school_worker).post(SEARCH, {"q": "fm_2010"}))
    # The person through the school's own signal; the dossier not (not invited).
    assert "Fictief Meisje" in section(page, "person-results")
    assert dossier.reference not in page


def test_the_outsider_finds_nothing(as_user, outsider, world):
    page = content(as_user(outsider).post(SEARCH, {"q": "scooter"}))
    assert "Geen signalen gevonden." in page
    assert "Geen personen gevonden." in page
    assert "Geen dossiers gevonden." in page


def test_too_many_hits_ask_to_refine(as_user, screener, world, monkeypatch):
    monkeypatch.setattr(search_selectors, "RESULT_LIMIT", 1)
    page = content(as_user(screener).post(SEARCH, {"q": "scooter"}))
    assert "Meer resultaten; verfijn uw zoekopdracht." in section(
        page, "signal-results"
    )
    assert section(page, "signal-results").count("data-signal=") == 1


def test_an_empty_query_is_refused_in_dutch_and_the_query_is_not_audited(
    as_user, screener, world
):
    page = content(as_user(screener).post(SEARCH, {"q": ""}))
    assert 'id="id_q_error">Vul een zoekterm in.</div>' in page
    content(as_user(screener).post(SEARCH, {"q": "Fictief Meisje"}))
    event = AuditEvent.objects.get(action="search", object_type="signals.search")
    assert "Fictief" not in event.reason and "Meisje" not in event.reason
