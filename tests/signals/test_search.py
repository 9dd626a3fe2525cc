"""Search finds signals, persons and dossiers, and never outside the user's scope."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from audit.models import AuditEvent
from signals.models import Person, Signal
from signals.selectors.search import search
from signals.services import (
    PersonInput,
    SignalInput,
    dossier_create,
    dossier_invite,
    signal_create,
)

pytestmark = pytest.mark.django_db


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


@pytest.fixture
def signals(school_worker, police_officer):
    school = enter(
        school_worker,
        "Meisje stapt na school in een dure auto bij het station",
        ["scooter"],
    )
    police = enter(
        police_officer, "Jongen biedt meisjes geld aan op het station", ["loverboy"]
    )
    return school, police


def test_dutch_stemming_finds_a_word_in_another_form(school_worker, signals):
    school, _ = signals
    # "stations" and "station" share the Dutch stem.
    assert [s.pk for s in search(user=school_worker, query="stations").signals] == [
        school.pk
    ]


def test_keywords_are_searchable(school_worker, signals):
    assert [s.pk for s in search(user=school_worker, query="scooter").signals] == [
        signals[0].pk
    ]


def test_search_never_leaves_the_users_scope(
    school_worker, police_officer, outsider, screener, signals
):
    school, police = signals
    assert {s.pk for s in search(user=school_worker, query="station").signals} == {
        school.pk
    }
    assert {s.pk for s in search(user=police_officer, query="station").signals} == {
        police.pk
    }
    assert search(user=outsider, query="station").signals == []
    assert {s.pk for s in search(user=screener, query="station").signals} == {
        school.pk,
        police.pk,
    }


def test_persons_are_found_by_name_or_handle_only_when_visible(
    screener, school_worker, police_officer
):
    from signals.services.person import person_create_from_mention

    signal = enter(
        school_worker,
        "Melding over een account",
        persons=[PersonInput(role="perpetrator", aliases=["KingR"])],
    )
    person = person_create_from_mention(mention=signal.persons.get(), actor=screener)
    assert search(user=screener, query="@kingr").persons == [person]
    assert search(user=school_worker, query="kingr").persons == [person]
    assert search(user=police_officer, query="kingr").persons == []


def test_dossiers_are_found_through_their_signals_for_participants_only(
    screener, school_worker, police_officer, region, signals
):
    school, _ = signals
    dossier = dossier_create(actor=screener, signals=[school])
    assert search(user=screener, query="auto").dossiers == [dossier]
    assert search(user=police_officer, query="auto").dossiers == []
    dossier_invite(dossier=dossier, organisation=region.politie, actor=screener)
    fresh = type(police_officer).objects.get(pk=police_officer.pk)
    assert search(user=fresh, query="auto").dossiers == [dossier]


def test_a_search_is_audited_without_its_words(school_worker, signals):
    search(user=school_worker, query="Fictief Meisje")
    event = AuditEvent.objects.filter(action="search").latest("id")
    assert "Fictief" not in event.reason and "Meisje" not in event.reason
    assert event.actor_username == "sofie.mentor"


def test_the_full_text_query_uses_the_stored_vector(screener, signals):
    with CaptureQueriesContext(connection) as ctx:
        search(user=screener, query="station")
    signal_sql = next(
        q["sql"] for q in ctx.captured_queries if "websearch_to_tsquery" in q["sql"]
    )
    assert '"signals_signal"."search_vector" @@' in signal_sql
    assert "to_tsvector" not in signal_sql


def test_an_empty_or_whitespace_query_finds_nothing_and_costs_nothing(
    screener, signals
):
    with CaptureQueriesContext(connection) as ctx:
        results = search(user=screener, query="   ")
    assert results.signals == [] and len(ctx.captured_queries) == 0


def test_hostile_queries_are_just_text(screener, signals):
    for query in ("'; DROP TABLE signals_signal; --", "a & | ! ( ) :*", "\\x00"):
        search(user=screener, query=query)
    assert Signal.objects.count() == 2
    assert Person.objects.count() == 0
