"""Koppelingen on the page: the screener links two persons a signal mentions, and the
link shows on that signal's persons page and in the dossier that holds them."""

from __future__ import annotations

import datetime
import html
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from signals.constants import PersonRole
from signals.models import Dossier, Person, PersonLink, Signal
from signals.selectors import dossier_person_links
from signals.services import (
    PersonInput,
    SignalInput,
    dossier_add_person,
    dossier_add_signal,
    dossier_create,
    dossier_invite,
    mention_confirm,
    person_create_from_mention,
    person_link_create,
    signal_create,
)

pytestmark = pytest.mark.django_db

VICTIM = PersonRole.VICTIM.value
PERPETRATOR = PersonRole.PERPETRATOR.value


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


def link_url(signal: Signal) -> str:
    return reverse("dossiers:signal-person-link", kwargs={"uuid": signal.uuid})


def dossier_url(dossier: Dossier) -> str:
    return reverse("dossiers:detail", kwargs={"uuid": dossier.uuid})


def content(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def error_at(page: str, field_id: str, message: str) -> bool:
    return f'id="{field_id}_error">{html.escape(message)}</div>' in page


def links_on(page: str) -> str:
    found = re.search(r'data-testid="person-links">(.*?)</ul>', page, re.S)
    return found[1] if found else ""


def link_data(person: Person, other: Person) -> dict[str, object]:
    return {
        "person": person.pk,
        "role": VICTIM,
        "other": other.pk,
        "other_role": PERPETRATOR,
    }


@pytest.fixture
def school_signal(school_worker) -> Signal:
    return enter(
        school_worker,
        PersonInput(role="victim", name="Fictief Meisje", aliases=["fm_2010"]),
        PersonInput(role="perpetrator", name="Fictieve Jongen", aliases=["@kingR"]),
    )


@pytest.fixture
def girl(screener, school_signal) -> Person:
    mention = school_signal.persons.get(role="victim")
    return person_create_from_mention(mention=mention, actor=screener)


@pytest.fixture
def boy(screener, school_signal) -> Person:
    mention = school_signal.persons.get(role="perpetrator")
    return person_create_from_mention(mention=mention, actor=screener)


@pytest.fixture
def dossier(screener, school_signal, girl, boy) -> Dossier:
    return dossier_create(
        actor=screener,
        signals=[school_signal],
        persons=[(girl, VICTIM), (boy, PERPETRATOR)],
    )


def test_the_form_appears_once_two_mentions_are_confirmed_persons(
    as_user, screener, school_signal, girl
):
    client = as_user(screener)
    page = content(client.get(persons_url(school_signal)))
    assert 'data-testid="person-link-form"' not in page
    assert "Koppelen kan zodra ten minste twee vermeldingen" in page

    boy = person_create_from_mention(
        mention=school_signal.persons.get(role="perpetrator"), actor=screener
    )
    page = content(client.get(persons_url(school_signal)))
    assert 'data-testid="person-link-form"' in page
    assert f'action="{link_url(school_signal)}"' in page
    form = page[page.index('data-testid="person-link-form"') :]
    for person in (girl, boy):
        assert f'<option value="{person.pk}">{person.name}' in form
    for role in PersonRole:
        assert f'<option value="{role.value}">{role.label}</option>' in form


def test_the_screener_links_two_persons_and_sees_it_on_signal_and_dossier(
    as_user, screener, school_signal, girl, boy, dossier
):
    client = as_user(screener)
    response = client.post(link_url(school_signal), link_data(girl, boy))
    assert response.status_code == 302
    assert response["Location"] == persons_url(school_signal) + "#koppelingen"

    link = PersonLink.objects.get()
    assert (link.person, link.role, link.other, link.other_role) == (
        girl,
        VICTIM,
        boy,
        PERPETRATOR,
    )
    assert (link.signal, link.created_by) == (school_signal, screener)
    assert AuditEvent.objects.filter(
        action="create", object_type="signals.personlink", object_id=str(link.pk)
    ).exists()

    page = content(client.get(persons_url(school_signal)))
    assert "Gekoppeld: Fictief Meisje en Fictieve Jongen." in page
    assert (
        "Fictief Meisje (mogelijk slachtoffer) ↔ "
        "Fictieve Jongen (mogelijke dader (loverboy))"
    ) in links_on(page)

    page = content(client.get(dossier_url(dossier)))
    shown = links_on(page)
    signal_link = reverse("signals:detail", kwargs={"uuid": school_signal.uuid})
    assert (
        "Fictief Meisje (mogelijk slachtoffer) ↔ "
        "Fictieve Jongen (mogelijke dader (loverboy)), onderbouwd door "
        f'<a class="utrecht-link" href="{signal_link}">{school_signal.reference}</a>'
    ) in shown


def test_an_invited_participant_reads_the_link_in_the_dossier(
    as_user, screener, police_officer, region, school_signal, girl, boy, dossier
):
    person_link_create(
        person=girl,
        role=VICTIM,
        other=boy,
        other_role=PERPETRATOR,
        signal=school_signal,
        actor=screener,
    )
    dossier_invite(dossier=dossier, organisation=region.politie, actor=screener)
    shown = links_on(content(as_user(police_officer).get(dossier_url(dossier))))
    assert "Fictief Meisje (mogelijk slachtoffer) ↔ Fictieve Jongen" in shown
    assert school_signal.reference in shown


def test_only_the_screening_team_links_persons(
    as_user,
    school_worker,
    ketenregisseur,
    police_officer,
    school_signal,
    girl,
    boy,
    dossier,
):
    for user in (school_worker, ketenregisseur, police_officer):
        response = as_user(user).post(link_url(school_signal), link_data(girl, boy))
        assert response.status_code == 403
    assert not PersonLink.objects.exists()


def test_a_link_only_by_post(as_user, screener, school_signal, girl, boy):
    assert as_user(screener).get(link_url(school_signal)).status_code == 405


def test_a_person_not_confirmed_in_this_signal_is_refused_in_dutch(
    as_user, screener, police_officer, school_signal, girl, boy
):
    elsewhere = enter(police_officer, PersonInput(role="perpetrator", name="Fictief X"))
    stranger = person_create_from_mention(
        mention=elsewhere.persons.get(), actor=screener
    )
    page = content(
        as_user(screener).post(link_url(school_signal), link_data(girl, stranger))
    )
    assert error_at(
        page,
        "link_other",
        "Kies een persoon die in dit signaal als persoon is bevestigd.",
    )
    assert not PersonLink.objects.exists()
    # The page is the persons page again, with the choices still offered.
    assert 'data-testid="person-link-form"' in page
    assert f'<option value="{girl.pk}" selected>' in page


def test_the_services_refusals_are_shown_at_their_field(
    as_user, screener, school_signal, girl, boy
):
    client = as_user(screener)
    page = content(client.post(link_url(school_signal), link_data(girl, girl)))
    assert error_at(
        page, "link_other", "Een persoon kan niet aan zichzelf worden gekoppeld."
    )
    assert not PersonLink.objects.exists()

    assert client.post(link_url(school_signal), link_data(girl, boy)).status_code == 302
    page = content(
        client.post(
            link_url(school_signal),
            link_data(boy, girl)
            | {
                "role": PERPETRATOR,
                "other_role": VICTIM,
            },
        )
    )
    assert error_at(
        page, "link_other", "Deze koppeling is met dit signaal al vastgelegd."
    )
    assert PersonLink.objects.count() == 1


def test_a_missing_role_is_refused_in_dutch(
    as_user, screener, school_signal, girl, boy
):
    page = content(
        as_user(screener).post(
            link_url(school_signal), link_data(girl, boy) | {"role": ""}
        )
    )
    assert error_at(page, "link_role", "Kies een rol.")
    assert not PersonLink.objects.exists()


def test_the_screener_cannot_link_on_a_signal_outside_the_register(
    as_user, screener, school_signal, girl, boy
):
    missing = reverse(
        "dossiers:signal-person-link",
        kwargs={"uuid": "00000000-0000-0000-0000-000000000000"},
    )
    assert as_user(screener).post(missing, link_data(girl, boy)).status_code == 404


def test_the_dossier_shows_only_links_its_own_signals_support(
    as_user, screener, police_officer, school_signal, girl, boy, dossier
):
    """A link between the dossier's persons supported by a signal outside it stays
    out: the dossier's participants share its signals, not that one."""
    other = enter(
        police_officer,
        PersonInput(role="victim", name="Fictief Meisje", aliases=["fm_2010"]),
        PersonInput(role="perpetrator", name="Fictieve Jongen", aliases=["@kingR"]),
    )
    mention_confirm(
        mention=other.persons.get(role="victim"), person=girl, actor=screener
    )
    mention_confirm(
        mention=other.persons.get(role="perpetrator"), person=boy, actor=screener
    )
    person_link_create(
        person=girl,
        role=VICTIM,
        other=boy,
        other_role=PERPETRATOR,
        signal=other,
        actor=screener,
    )
    page = content(as_user(screener).get(dossier_url(dossier)))
    assert other.reference not in page
    assert "Geen koppelingen tussen de personen in dit dossier." in page

    dossier_add_signal(dossier=dossier, signal=other, actor=screener)
    assert other.reference in links_on(
        content(as_user(screener).get(dossier_url(dossier)))
    )


def test_dossier_person_links_is_one_query(
    screener,
    police_officer,
    school_signal,
    girl,
    boy,
    dossier,
    django_assert_num_queries,
):
    police_signal = enter(
        police_officer,
        PersonInput(role="victim", name="Fictief Meisje"),
        PersonInput(role="facilitator", name="Fictieve Tante"),
    )
    mention_confirm(
        mention=police_signal.persons.get(role="victim"), person=girl, actor=screener
    )
    aunt = person_create_from_mention(
        mention=police_signal.persons.get(role="facilitator"), actor=screener
    )
    dossier_add_signal(dossier=dossier, signal=police_signal, actor=screener)
    dossier_add_person(dossier=dossier, person=aunt, role="facilitator", actor=screener)
    for other, role, signal in (
        (boy, PERPETRATOR, school_signal),
        (aunt, "facilitator", police_signal),
    ):
        person_link_create(
            person=girl,
            role=VICTIM,
            other=other,
            other_role=role,
            signal=signal,
            actor=screener,
        )
    with django_assert_num_queries(1):
        rows = [
            (link.person.name, link.other.name, link.signal.reference)
            for link in dossier_person_links(dossier=dossier, user=screener)
        ]
    assert sorted(rows) == [
        ("Fictief Meisje", "Fictieve Jongen", school_signal.reference),
        ("Fictief Meisje", "Fictieve Tante", police_signal.reference),
    ]
