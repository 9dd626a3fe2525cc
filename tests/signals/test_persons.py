"""Stacking persons (stapelen): proposals, the screener's decisions, links, ages.

Every person here is fictional.
"""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import signals.selectors.person as person_selectors
from audit.models import AuditEvent
from signals.constants import AgeBand, AgeRoute, MatchDecision
from signals.models import Person, PersonLink, PersonMention, Signal, SignalPerson
from signals.selectors.person import (
    person_age_facts,
    person_match_candidates,
    persons_for_mention_ids,
)
from signals.services import PersonInput, SignalInput, signal_create
from signals.services.person import (
    mention_confirm,
    mention_reject,
    person_create_from_mention,
    person_link_create,
    person_update,
)

pytestmark = pytest.mark.django_db

D = datetime.date


def enter_signal(user, *persons: PersonInput, days_ago: int = 1) -> Signal:
    return signal_create(
        user=user,
        data=SignalInput(
            observed_at=timezone.now() - datetime.timedelta(days=days_ago),
            description="Leerling wordt na school opgehaald door een oudere jongen.",
            subject_role="victim",
            kind="regular",
            source="education",
            persons=list(persons),
        ),
    )


def mention(user, **fields) -> SignalPerson:
    fields.setdefault("role", "victim")
    return enter_signal(user, PersonInput(**fields)).persons.get()


def known(**fields) -> Person:
    return Person.objects.create(**fields)


def proposals_for(m: SignalPerson, user) -> dict[int, person_selectors.MatchProposal]:
    return {p.person.pk: p for p in person_match_candidates(mention=m, user=user)}


# --- proposals -----------------------------------------------------------------------


def test_the_same_handle_with_at_sign_and_other_case_is_a_strong_proposal(
    school_worker, screener
):
    king = known(name="", aliases=["kingR", "koning_r"])
    m = mention(school_worker, role="perpetrator", aliases=["@KINGr"], estimated_age=24)
    [proposal] = person_match_candidates(mention=m, user=screener)
    assert proposal.person == king
    assert proposal.score >= 80
    assert proposal.reasons == ["zelfde account: @KINGr"]


def test_a_similar_name_with_a_close_date_of_birth_is_a_medium_proposal(
    school_worker, screener
):
    meisje = known(name="Fictief Meisje", date_of_birth=D(2010, 3, 1))
    same_day = known(name="Fictieve Meisje", date_of_birth=D(2010, 4, 2))
    m = mention(school_worker, name="Fictif Meisje", date_of_birth=D(2010, 4, 2))
    found = proposals_for(m, screener)
    assert set(found) == {meisje.pk, same_day.pk}
    assert 50 <= found[meisje.pk].score < 80
    [reason] = found[meisje.pk].reasons
    assert reason.startswith("lijkende naam (")
    assert reason.endswith("%) en geboortedatum binnen een jaar")
    assert found[same_day.pk].reasons[0].endswith("en zelfde geboortedatum")
    assert found[same_day.pk].score > found[meisje.pk].score


def test_names_in_another_order_and_without_accents_still_resemble(
    school_worker, screener
):
    noor = known(name="Noor de Vriës", date_of_birth=D(2009, 5, 5))
    m = mention(school_worker, name="de vries, noor", date_of_birth=D(2009, 5, 5))
    assert proposals_for(m, screener)[noor.pk].reasons == [
        "zelfde naam en zelfde geboortedatum"
    ]


def test_a_similar_name_with_estimated_ages_within_three_years(school_worker, screener):
    two_years_ago = timezone.localdate() - datetime.timedelta(days=2 * 366)
    # Estimated 19 two years ago: 21 now; the mention says about 23.
    ricky = known(name="Ricky Fictief", estimated_age=19, estimated_on=two_years_ago)
    known(name="Ricky Fictief", estimated_age=30, estimated_on=two_years_ago)  # 32
    m = mention(
        school_worker, role="perpetrator", name="Rikky Fictief", estimated_age=23
    )
    found = proposals_for(m, screener)
    assert set(found) == {ricky.pk}
    assert found[ricky.pk].reasons[0].endswith("en (geschatte) leeftijd scheelt 2 jaar")


def test_no_proposal_for_a_dissimilar_name_even_with_the_same_birthday(
    school_worker, screener
):
    known(name="Johanna Voorbeeld", date_of_birth=D(2010, 3, 1))
    known(name="Fictief Meisje", date_of_birth=D(2015, 3, 1))  # name alike, age not
    known(name="Fictief Meisje")  # name alike, no age to compare
    m = mention(school_worker, name="Fictief Meisje", date_of_birth=D(2010, 3, 1))
    assert person_match_candidates(mention=m, user=screener) == []


def test_a_rejected_person_is_not_proposed_again(school_worker, screener):
    king = known(name="", aliases=["kingR"])
    other_king = known(name="", aliases=["@kingr"])
    m = mention(school_worker, role="perpetrator", aliases=["kingR"])
    assert set(proposals_for(m, screener)) == {king.pk, other_king.pk}

    mention_reject(mention=m, person=other_king, actor=screener)

    assert set(proposals_for(m, screener)) == {king.pk}
    assert PersonMention.objects.get(mention=m, person=other_king).decision == (
        MatchDecision.REJECTED
    )


def test_the_confirmed_person_is_not_proposed_again(school_worker, screener):
    king = known(name="", aliases=["kingR"])
    m = mention(school_worker, role="perpetrator", aliases=["kingR"])
    mention_confirm(mention=m, person=king, actor=screener)
    assert person_match_candidates(mention=m, user=screener) == []


def test_a_rejection_holds_only_for_that_mention(school_worker, screener):
    king = known(name="", aliases=["kingR"])
    first = mention(school_worker, role="perpetrator", aliases=["kingR"])
    second = mention(school_worker, role="perpetrator", aliases=["kingR"])
    mention_reject(mention=first, person=king, actor=screener)
    assert set(proposals_for(second, screener)) == {king.pk}


def test_a_shared_handle_with_a_clashing_birth_date_is_flagged(school_worker, screener):
    king = known(name="", aliases=["kingR"], date_of_birth=D(1990, 1, 1))
    m = mention(
        school_worker,
        role="perpetrator",
        aliases=["kingR"],
        date_of_birth=D(2001, 1, 1),
    )
    [proposal] = person_match_candidates(mention=m, user=screener)
    assert proposal.person == king
    assert "let op: andere geboortedatum" in proposal.reasons
    assert proposal.score < 80


def test_only_the_screening_team_gets_proposals(
    school_worker, screener, police_officer, ketenregisseur, outsider
):
    known(name="", aliases=["kingR"])
    m = mention(school_worker, role="perpetrator", aliases=["kingR"])
    for user in (police_officer, school_worker, ketenregisseur, outsider):
        assert person_match_candidates(mention=m, user=user) == []
    assert len(person_match_candidates(mention=m, user=screener)) == 1


def test_proposals_are_prefiltered_in_sql_and_the_query_count_stays_flat(
    school_worker, screener, monkeypatch
):
    meisje = known(name="Fictief Meisje", date_of_birth=D(2010, 3, 1))
    m = mention(
        school_worker,
        name="Fictief Meisje",
        aliases=["fm_2010"],
        date_of_birth=D(2010, 3, 1),
    )
    scored: list[int] = []
    real_score = person_selectors._score

    def counting_score(mention, keys, age, person, today):
        scored.append(person.pk)
        return real_score(mention, keys, age, person, today)

    monkeypatch.setattr(person_selectors, "_score", counting_score)

    def unrelated(start: int, stop: int) -> None:
        Person.objects.bulk_create(
            Person(
                name=f"Zz Onbekend {n}",
                aliases=[f"handle_{n}"],
                date_of_birth=D(1970, 1, 1) + datetime.timedelta(days=n),
            )
            for n in range(start, stop)
        )

    def measure() -> tuple[int, list[int]]:
        scored.clear()
        with CaptureQueriesContext(connection) as queries:
            found = person_match_candidates(mention=m, user=screener)
        assert [p.person for p in found] == [meisje]
        return len(queries), list(scored)

    person_match_candidates(mention=m, user=screener)  # the principal is cached now
    unrelated(0, 5)
    few_queries, few_scored = measure()
    unrelated(5, 50)
    many_queries, many_scored = measure()

    assert few_queries == many_queries <= 4
    assert few_scored == many_scored == [meisje.pk]


def test_a_mention_without_name_or_handle_proposes_nothing_and_reads_nothing(
    school_worker, screener
):
    known(name="Fictief Meisje", date_of_birth=D(2010, 3, 1))
    m = mention(school_worker, date_of_birth=D(2010, 3, 1))
    assert person_match_candidates(mention=m, user=screener) == []


def test_the_proposal_search_is_audited(school_worker, screener):
    known(name="", aliases=["kingR"])
    m = mention(school_worker, role="perpetrator", aliases=["kingR"])
    person_match_candidates(mention=m, user=screener)
    event = AuditEvent.objects.get(action="search", object_id=str(m.pk))
    assert event.object_type == "signals.signalperson"
    assert event.actor_username == screener.username
    assert "kingR" not in event.reason


# --- creating and confirming -------------------------------------------------------


def test_a_person_is_created_from_a_mention_which_is_then_confirmed(
    school_worker, screener
):
    signal = enter_signal(
        school_worker,
        PersonInput(
            role="perpetrator",
            name="Ricky Fictief",
            aliases=["kingR", "@KingR"],
            estimated_age=24,
            gender="m",
            municipality="Demostad",
        ),
        days_ago=10,
    )
    m = signal.persons.get()
    person = person_create_from_mention(mention=m, actor=screener)

    person.refresh_from_db()
    assert person.name == "Ricky Fictief"
    assert person.aliases == ["kingR"]  # "@KingR" is the same handle
    assert person.estimated_age == 24
    assert person.estimated_on == timezone.localdate(signal.observed_at)
    assert (person.gender, person.municipality) == ("m", "Demostad")
    m.refresh_from_db()
    assert m.person == person
    assert PersonMention.objects.get(mention=m).decision == MatchDecision.CONFIRMED
    assert set(
        AuditEvent.objects.filter(actor_username=screener.username).values_list(
            "action", "object_type"
        )
    ) >= {
        ("create", "signals.person"),
        ("create", "signals.personmention"),
        ("update", "signals.signalperson"),
    }


def test_a_mention_already_linked_cannot_become_a_second_person(
    school_worker, screener
):
    m = mention(school_worker, name="Fictief Meisje")
    person_create_from_mention(mention=m, actor=screener)
    with pytest.raises(ValidationError) as error:
        person_create_from_mention(mention=m, actor=screener)
    assert "person" in error.value.message_dict
    assert Person.objects.count() == 1


def test_confirming_merges_new_handles_and_never_overwrites_known_facts(
    school_worker, screener
):
    meisje = known(
        name="Fictief Meisje",
        aliases=["fm_2010"],
        date_of_birth=D(2010, 3, 1),
        gender="",
        municipality="",
    )
    m = mention(
        school_worker,
        name="Fictieve Meisje",
        aliases=["@FM_2010", "meisje.fictief"],
        date_of_birth=D(2010, 4, 1),
        gender="f",
        municipality="Demostad",
    )

    mention_confirm(mention=m, person=meisje, actor=screener)

    meisje.refresh_from_db()
    assert meisje.aliases == ["fm_2010", "meisje.fictief"]
    assert meisje.name == "Fictief Meisje"
    assert meisje.date_of_birth == D(2010, 3, 1)
    assert (meisje.gender, meisje.municipality) == ("f", "Demostad")
    m.refresh_from_db()
    assert m.person == meisje
    assert m.date_of_birth == D(2010, 4, 1)  # the mention keeps what was reported
    event = AuditEvent.objects.get(
        action="update", object_type="signals.person", object_id=str(meisje.pk)
    )
    assert event.changed_fields == ["aliases", "gender", "municipality"]


def test_confirming_fills_an_unknown_date_of_birth(school_worker, screener):
    king = known(name="Ricky Fictief", aliases=["kingR"])
    m = mention(
        school_worker,
        role="perpetrator",
        aliases=["kingR"],
        date_of_birth=D(2001, 2, 3),
    )
    mention_confirm(mention=m, person=king, actor=screener)
    king.refresh_from_db()
    assert king.date_of_birth == D(2001, 2, 3)
    assert king.aliases == ["kingR"]


def test_a_rejected_proposal_can_still_be_confirmed_later(school_worker, screener):
    king = known(name="", aliases=["kingR"])
    m = mention(school_worker, role="perpetrator", aliases=["kingR"])
    mention_reject(mention=m, person=king, actor=screener)
    mention_confirm(mention=m, person=king, actor=screener)
    assert PersonMention.objects.get(mention=m, person=king).decision == (
        MatchDecision.CONFIRMED
    )


def test_a_mention_is_confirmed_as_one_person_only(school_worker, screener):
    first = known(name="", aliases=["kingR"])
    second = known(name="", aliases=["kingr"])
    m = mention(school_worker, role="perpetrator", aliases=["kingR"])
    mention_confirm(mention=m, person=first, actor=screener)
    with pytest.raises(ValidationError):
        mention_confirm(mention=m, person=second, actor=screener)
    with pytest.raises(ValidationError):
        mention_reject(mention=m, person=first, actor=screener)
    m.refresh_from_db()
    assert m.person == first


# --- updating ------------------------------------------------------------------------


def test_vulnerability_factors_are_checked_against_the_list(screener):
    meisje = known(name="Fictief Meisje")
    with pytest.raises(ValidationError) as error:
        person_update(
            person=meisje, actor=screener, vulnerability_factors=["lvb", "verzonnen"]
        )
    assert list(error.value.message_dict) == ["vulnerability_factors"]

    person_update(
        person=meisje, actor=screener, vulnerability_factors=["lvb", "misbruik", "lvb"]
    )
    meisje.refresh_from_db()
    assert meisje.vulnerability_factors == ["lvb", "misbruik"]
    event = AuditEvent.objects.get(action="update", object_id=str(meisje.pk))
    assert event.changed_fields == ["vulnerability_factors"]


def test_a_new_estimate_ages_from_today(screener):
    king = known(name="Ricky Fictief")
    person_update(person=king, actor=screener, estimated_age=22)
    king.refresh_from_db()
    assert (king.estimated_age, king.estimated_on) == (22, timezone.localdate())


def test_a_birth_date_in_the_future_is_refused(screener):
    meisje = known(name="Fictief Meisje")
    with pytest.raises(ValidationError) as error:
        person_update(
            person=meisje,
            actor=screener,
            date_of_birth=timezone.localdate() + datetime.timedelta(days=1),
        )
    assert "date_of_birth" in error.value.message_dict


# --- links ---------------------------------------------------------------------------


@pytest.fixture
def victim_and_perpetrator(school_worker, screener):
    signal = enter_signal(
        school_worker,
        PersonInput(role="victim", name="Fictief Meisje", date_of_birth=D(2010, 3, 1)),
        PersonInput(role="perpetrator", aliases=["kingR"], estimated_age=24),
    )
    victim_mention, perpetrator_mention = signal.persons.all()
    victim = person_create_from_mention(mention=victim_mention, actor=screener)
    perpetrator = person_create_from_mention(
        mention=perpetrator_mention, actor=screener
    )
    return signal, victim, perpetrator


def test_a_link_is_supported_by_a_signal_that_mentions_both(
    victim_and_perpetrator, screener
):
    signal, victim, perpetrator = victim_and_perpetrator
    link = person_link_create(
        person=victim,
        role="victim",
        other=perpetrator,
        other_role="perpetrator",
        signal=signal,
        actor=screener,
    )
    assert PersonLink.objects.get() == link
    assert AuditEvent.objects.filter(
        action="create", object_type="signals.personlink", object_id=str(link.pk)
    ).exists()
    with pytest.raises(ValidationError):  # the same koppeling, seen from the other side
        person_link_create(
            person=perpetrator,
            role="perpetrator",
            other=victim,
            other_role="victim",
            signal=signal,
            actor=screener,
        )


def test_a_link_needs_a_signal_that_mentions_both_persons(
    victim_and_perpetrator, school_worker, screener
):
    _, victim, perpetrator = victim_and_perpetrator
    only_victim = enter_signal(
        school_worker, PersonInput(role="victim", name="Fictief Meisje")
    )
    # Mentioned, but not yet confirmed as the victim: not enough either.
    with pytest.raises(ValidationError) as error:
        person_link_create(
            person=victim,
            role="victim",
            other=perpetrator,
            other_role="perpetrator",
            signal=only_victim,
            actor=screener,
        )
    assert list(error.value.message_dict) == ["signal"]

    mention_confirm(mention=only_victim.persons.get(), person=victim, actor=screener)
    with pytest.raises(ValidationError) as error:
        person_link_create(
            person=victim,
            role="victim",
            other=perpetrator,
            other_role="perpetrator",
            signal=only_victim,
            actor=screener,
        )
    assert list(error.value.message_dict) == ["signal"]
    assert not PersonLink.objects.exists()


def test_a_person_is_not_linked_to_themself(victim_and_perpetrator, screener):
    signal, victim, _ = victim_and_perpetrator
    with pytest.raises(ValidationError) as error:
        person_link_create(
            person=victim,
            role="victim",
            other=victim,
            other_role="lovergirl",
            signal=signal,
            actor=screener,
        )
    assert "other" in error.value.message_dict


# --- who may ------------------------------------------------------------------------


def test_a_police_officer_may_not_stack_persons(
    victim_and_perpetrator, police_officer, school_worker
):
    signal, victim, perpetrator = victim_and_perpetrator
    m = mention(school_worker, name="Fictief Meisje")
    attempts = [
        lambda: person_create_from_mention(mention=m, actor=police_officer),
        lambda: mention_confirm(mention=m, person=victim, actor=police_officer),
        lambda: mention_reject(mention=m, person=victim, actor=police_officer),
        lambda: person_update(person=victim, actor=police_officer, name="Ander"),
        lambda: person_link_create(
            person=victim,
            role="victim",
            other=perpetrator,
            other_role="perpetrator",
            signal=signal,
            actor=police_officer,
        ),
    ]
    for attempt in attempts:
        with pytest.raises(PermissionDenied):
            attempt()
    m.refresh_from_db()
    assert m.person is None
    assert not PersonMention.objects.filter(mention=m).exists()
    assert not PersonLink.objects.exists()
    assert not AuditEvent.objects.filter(
        actor_username=police_officer.username
    ).exists()


def test_an_outsider_without_convenant_may_not_either(outsider):
    with pytest.raises(PermissionDenied):
        person_update(person=known(name="Fictief Meisje"), actor=outsider, name="X")


# --- reads ---------------------------------------------------------------------------


def test_persons_of_mentions_in_one_query_for_the_screening_team_only(
    victim_and_perpetrator, screener, police_officer
):
    signal, victim, perpetrator = victim_and_perpetrator
    ids = list(signal.persons.values_list("pk", flat=True))
    assert persons_for_mention_ids(user=police_officer, mention_ids=ids) == {}
    found = persons_for_mention_ids(user=screener, mention_ids=ids)
    assert set(found.values()) == {victim, perpetrator}
    assert AuditEvent.objects.filter(
        action="list", object_type="signals.person"
    ).exists()


def test_age_facts_let_an_estimate_grow_up(db):
    today = D(2026, 6, 1)
    estimated = Person(
        name="Ricky Fictief", estimated_age=17, estimated_on=D(2025, 6, 1)
    )
    assert person_age_facts(estimated, today) == person_selectors.AgeFacts(
        age=18, route=AgeRoute.YOUNG_ADULT, band=AgeBand.FROM_18_TO_23
    )
    born = Person(name="Fictief Meisje", date_of_birth=D(2012, 6, 2))
    facts = person_age_facts(born, today)
    assert (facts.age, facts.route, facts.band) == (
        13,
        AgeRoute.MINOR,
        AgeBand.UNDER_14,
    )
    assert person_age_facts(Person(name="Onbekend"), today).route == AgeRoute.UNKNOWN
