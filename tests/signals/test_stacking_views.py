"""Stapelen on the page: the screener sees proposals per mention and decides."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from signals.constants import MatchDecision
from signals.models import Person, PersonMention, Signal, SignalPerson
from signals.services import (
    PersonInput,
    SignalInput,
    person_create_from_mention,
    signal_create,
)

pytestmark = pytest.mark.django_db


def enter(user, *persons: PersonInput) -> Signal:
    return signal_create(
        user=user,
        data=SignalInput(
            observed_at=timezone.now() - datetime.timedelta(hours=2),
            description="Leerling wordt na school opgehaald (fictief).",
            subject_role="victim",
            kind="regular",
            source="education",
            persons=list(persons),
        ),
    )


def persons_url(signal: Signal) -> str:
    return reverse("dossiers:signal-persons", kwargs={"uuid": signal.uuid})


def content(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


@pytest.fixture
def known(police_officer, screener) -> Person:
    """Fictief Meisje, known from an earlier police signal."""
    earlier = enter(
        police_officer,
        PersonInput(role="victim", name="Fictief Meisje", aliases=["fm_2010"]),
    )
    return person_create_from_mention(mention=earlier.persons.get(), actor=screener)


@pytest.fixture
def school_signal(school_worker) -> Signal:
    return enter(
        school_worker,
        PersonInput(role="victim", name="Fictief Meisje", aliases=["@FM_2010"]),
        PersonInput(role="perpetrator", name="", aliases=[], estimated_age=25),
    )


def test_the_screener_sees_the_proposal_with_score_and_reasons(
    as_user, screener, known, school_signal
):
    page = content(as_user(screener).get(persons_url(school_signal)))
    assert f'data-proposal="{known.pk}"' in page
    score = re.search(r'data-score="(\d+)"', page)
    assert score is not None and int(score[1]) >= 85
    assert "zelfde account: @FM_2010" in page
    assert "Zelfde persoon" in page and "Andere persoon" in page
    assert page.count("Nieuwe persoon") == 2  # one per undecided mention


def test_zelfde_persoon_links_the_mention_and_shows_the_person(
    as_user, screener, known, school_signal
):
    mention = school_signal.persons.get(role="victim")
    client = as_user(screener)
    response = client.post(
        persons_url(school_signal),
        {"mention": mention.pk, "person": known.pk, "decision": "confirm"},
    )
    assert response.status_code == 302
    mention.refresh_from_db()
    assert mention.person == known
    page = content(client.get(persons_url(school_signal)))
    assert 'data-testid="confirmed-person"' in page
    assert f'data-proposal="{known.pk}"' not in page
    assert "Gekoppeld: deze vermelding is Fictief Meisje." in page


def test_andere_persoon_is_remembered_and_not_proposed_again(
    as_user, screener, known, school_signal
):
    mention = school_signal.persons.get(role="victim")
    client = as_user(screener)
    response = client.post(
        persons_url(school_signal),
        {"mention": mention.pk, "person": known.pk, "decision": "reject"},
    )
    assert response.status_code == 302
    assert (
        PersonMention.objects.get(mention=mention, person=known).decision
        == MatchDecision.REJECTED
    )
    assert f'data-proposal="{known.pk}"' not in content(
        client.get(persons_url(school_signal))
    )


def test_nieuwe_persoon_creates_a_person_from_the_mention(
    as_user, screener, school_signal
):
    mention = school_signal.persons.get(role="victim")
    response = as_user(screener).post(
        persons_url(school_signal), {"mention": mention.pk, "decision": "new"}
    )
    assert response.status_code == 302
    mention.refresh_from_db()
    assert mention.person is not None
    assert mention.person.name == "Fictief Meisje"


def test_a_mention_without_name_or_handle_cannot_become_a_person(
    as_user, screener, school_signal
):
    nameless = school_signal.persons.get(role="perpetrator")
    page = content(
        as_user(screener).post(
            persons_url(school_signal), {"mention": nameless.pk, "decision": "new"}
        )
    )
    assert "Zonder naam, bijnaam of account is er geen persoon te maken." in page
    assert not Person.objects.exists()
    nameless.refresh_from_db()
    assert nameless.person is None


def test_only_the_screening_team_stacks(
    as_user, school_worker, ketenregisseur, police_contact, known, school_signal
):
    mention = school_signal.persons.get(role="victim")
    for user in (school_worker, ketenregisseur, police_contact):
        client = as_user(user)
        assert client.get(persons_url(school_signal)).status_code == 403
        response = client.post(
            persons_url(school_signal),
            {"mention": mention.pk, "person": known.pk, "decision": "confirm"},
        )
        assert response.status_code == 403
    mention.refresh_from_db()
    assert mention.person is None


def test_a_mention_of_another_signal_is_not_found_here(
    as_user, screener, known, school_signal, police_officer
):
    other = enter(police_officer, PersonInput(role="victim", name="Fictieve Jongen"))
    foreign = SignalPerson.objects.get(signal=other)
    response = as_user(screener).post(
        persons_url(school_signal),
        {"mention": foreign.pk, "person": known.pk, "decision": "confirm"},
    )
    assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.person is None


def test_the_stacking_page_offers_to_make_a_dossier(as_user, screener, school_signal):
    page = content(as_user(screener).get(persons_url(school_signal)))
    assert f'action="{reverse("dossiers:create")}"' in page
    assert f'value="{school_signal.uuid}"' in page
    assert "Dit signaal zit nog in geen dossier." in page


def test_a_police_screener_stacking_a_signal_does_not_make_the_police_a_participant(
    as_user, region, school_signal, police_officer
):
    """The screening team works on every melding as screening team: stacking a
    signal at signalering into a dossier lets no other employee of the screener's
    organisation read the signal, the dossier or the child (docs/domain.md section 9)."""
    from partners.constants import Role
    from signals.models import Dossier
    from signals.selectors import dossier_participants, search
    from tests.factories import UserFactory

    police_screener = UserFactory(
        username="paula.screener",
        organisation=region.politie,
        roles=[Role.SCREENER],
    )
    client = as_user(police_screener)
    victim = school_signal.persons.get(role="victim")
    assert (
        client.post(
            persons_url(school_signal), {"mention": victim.pk, "decision": "new"}
        ).status_code
        == 302
    )
    created = client.post(reverse("dossiers:create"), {"signal": school_signal.uuid})
    assert created.status_code == 302
    dossier = Dossier.objects.get()
    assert dossier.status == "signalering"

    officer = as_user(police_officer)
    signal_url = reverse("signals:detail", kwargs={"uuid": school_signal.uuid})
    dossier_url = reverse("dossiers:detail", kwargs={"uuid": dossier.uuid})
    assert officer.get(signal_url).status_code == 404
    assert officer.get(dossier_url).status_code == 404
    found = search(user=police_officer, query="Fictief Meisje")
    assert (found.signals, found.persons, found.dossiers) == ([], [], [])
    assert list(dossier_participants(dossier=dossier)) == []
    # The screener still works on it, as screening team.
    assert client.get(dossier_url).status_code == 200
