"""Inside a dossier each contribution reaches whom its owner shared it with
(docs/domain.md section 9): a signal or an answer for every participant, or only for
the organisations its owner ticked. The screening team and the ketenregisseur
read every contribution."""

from __future__ import annotations

import datetime
import html

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from partners.constants import Role
from signals.constants import EnrichmentStatus, Sharing
from signals.models import Dossier, EnrichmentRequest, Signal, SignalAudience
from signals.selectors import (
    dossier_persons,
    enrichment_readable_answers,
    person_age_facts,
    person_reader_signals,
    persons_as_read,
    question_persons,
    search,
    signal_get_visible,
    signal_list_visible_to,
)
from signals.services import (
    PersonInput,
    dossier_add_person,
    dossier_add_signal,
    dossier_create,
    dossier_invite,
    enrichment_answer,
    mention_confirm,
    person_create_from_mention,
    person_link_create,
    signal_set_sharing,
)
from signals.services.audience import audience_differences
from tests.factories import UserFactory
from tests.signals.test_dossiers import enter_signal
from tests.signals.test_enrichment_views import ask
from tests.signals.test_views import post_data

pytestmark = pytest.mark.django_db

CARE_DETAIL = "Zorgdetail: de jongere is in behandeling bij de GGZ (fictief)."


def readers(signal: Signal) -> set[int]:
    return set(
        SignalAudience.objects.filter(signal=signal).values_list("group_id", flat=True)
    )


def sees(user, signal: Signal) -> bool:
    return signal_list_visible_to(user=user).filter(pk=signal.pk).exists()


def opens(user, signal: Signal) -> bool:
    try:
        signal_get_visible(user=user, uuid=signal.uuid)
    except Http404:
        return False
    return True


@pytest.fixture
def shared_dossier(school_worker, screener, region):
    """A school signal shared with youth care only, in a dossier that the police
    and youth care take part in."""
    signal = enter_signal(
        school_worker,
        description="Leerling met dure spullen, steekwoord zeppelinvlucht (fictief).",
        sharing=Sharing.SELECTED,
        shared_with=["jeugdzorg"],
    )
    dossier = dossier_create(actor=screener, signals=[signal])
    for organisation in (region.politie, region.jeugdzorg):
        dossier_invite(dossier=dossier, organisation=organisation, actor=screener)
    return dossier, signal


def test_a_signal_shared_with_chosen_organisations_reaches_only_them(
    shared_dossier,
    region,
    police_officer,
    youth_care_contact,
    screener,
    ketenregisseur,
    school_worker,
):
    dossier, signal = shared_dossier
    assert readers(signal) == {region.school.group_id, region.jeugdzorg.group_id}
    assert audience_differences() == []
    assert sees(youth_care_contact, signal) and opens(youth_care_contact, signal)
    assert not sees(police_officer, signal) and not opens(police_officer, signal)
    assert not search(user=police_officer, query="zeppelinvlucht").signals
    assert [
        s.pk for s in search(user=youth_care_contact, query="zeppelinvlucht").signals
    ] == [signal.pk]
    # The owner, the screening team and the ketenregisseur read it as ever.
    for user in (school_worker, screener, ketenregisseur):
        assert opens(user, signal), user


def test_the_police_does_not_learn_of_the_signal_in_the_dossier(
    shared_dossier, as_user, police_officer, youth_care_contact, screener, school_worker
):
    """Not in the signal list, the timeline, the persons only it names or the
    links it supports."""
    dossier, signal = shared_dossier
    later = enter_signal(
        school_worker,
        description="Tweede schoolsignaal (fictief).",
        persons=[
            PersonInput(role="victim", name="Fictief Meisje", aliases=["fm_2010"]),
            PersonInput(role="perpetrator", aliases=["fictiefR"], estimated_age=24),
        ],
        sharing=Sharing.SELECTED,
        shared_with=["jeugdzorg"],
    )
    dossier_add_signal(dossier=dossier, signal=later, actor=screener)
    victim, perpetrator = (
        person_create_from_mention(mention=later.persons.get(role=role), actor=screener)
        for role in ("victim", "perpetrator")
    )
    person_link_create(
        person=victim,
        role="victim",
        other=perpetrator,
        other_role="perpetrator",
        signal=later,
        actor=screener,
    )
    for person, role in ((victim, "victim"), (perpetrator, "perpetrator")):
        dossier_add_person(dossier=dossier, person=person, role=role, actor=screener)
    url = reverse("dossiers:detail", kwargs={"uuid": dossier.uuid})
    page = as_user(police_officer).get(url)
    content = page.content.decode()
    assert page.status_code == 200
    for hidden in (signal, later):
        assert hidden.reference not in content
    assert "zeppelinvlucht" not in content
    # The perpetrator only the later signal names, and the link it supports.
    assert "fictiefR" not in content
    assert 'data-testid="person-links"' not in content
    shared = as_user(youth_care_contact).get(url).content.decode()
    assert "fictiefR" in shared
    assert "onderbouwd door <a" in shared
    assert reverse("signals:detail", kwargs={"uuid": signal.uuid}) in shared
    assert f"Signaal toegevoegd: {later.reference}" in shared
    assert f'href="{reverse("signals:detail", kwargs={"uuid": later.uuid})}"' in shared


def test_the_owner_widens_and_narrows_the_sharing_and_the_readers_follow(
    shared_dossier, school_worker, police_officer, region
):
    _, signal = shared_dossier
    signal_set_sharing(
        signal=signal, actor=school_worker, sharing=Sharing.PARTICIPANTS, shared_with=[]
    )
    assert opens(police_officer, signal)
    assert audience_differences() == []

    signal_set_sharing(
        signal=signal,
        actor=school_worker,
        sharing=Sharing.SELECTED,
        shared_with=["politie"],
    )
    assert readers(signal) == {region.school.group_id, region.politie.group_id}
    assert opens(police_officer, signal)

    # Shared with nobody else: the owner alone (and screening and regie by role).
    signal_set_sharing(
        signal=signal, actor=school_worker, sharing=Sharing.SELECTED, shared_with=[]
    )
    assert readers(signal) == {region.school.group_id}
    assert audience_differences() == []
    event = AuditEvent.objects.filter(action="update", object_id=str(signal.pk)).last()
    assert event is not None and event.changed_fields == ["shared_with", "sharing"]


def test_withheld_from_named_partners_it_reaches_every_other_participant(
    shared_dossier, school_worker, police_officer, youth_care_contact, screener, region
):
    """Opsporingsbelang the other way round: kept from the named organisations only,
    so a participant invited later reads it."""
    dossier, signal = shared_dossier
    signal_set_sharing(
        signal=signal,
        actor=school_worker,
        sharing=Sharing.EXCEPT,
        shared_with=["politie"],
    )
    assert not opens(police_officer, signal)
    assert opens(youth_care_contact, signal)
    dossier_invite(dossier=dossier, organisation=region.gemeente, actor=screener)
    assert readers(signal) == {
        region.school.group_id,
        region.jeugdzorg.group_id,
        region.gemeente.group_id,
    }
    assert audience_differences() == []


def test_withholding_from_nobody_is_refused(shared_dossier, school_worker):
    _, signal = shared_dossier
    with pytest.raises(ValidationError) as refused:
        signal_set_sharing(
            signal=signal, actor=school_worker, sharing=Sharing.EXCEPT, shared_with=[]
        )
    assert refused.value.message_dict == {
        "shared_with": ["Vink aan voor welke organisaties u het achterhoudt."]
    }


def test_only_the_owning_organisation_changes_the_sharing(
    shared_dossier, police_officer, youth_care_contact
):
    _, signal = shared_dossier
    for user in (police_officer, youth_care_contact):
        with pytest.raises(PermissionDenied):
            signal_set_sharing(
                signal=signal,
                actor=user,
                sharing=Sharing.PARTICIPANTS,
                shared_with=[],
            )
    assert Signal.objects.get(pk=signal.pk).sharing == Sharing.SELECTED


def test_a_change_made_past_the_services_is_repaired_by_the_nightly_check(
    shared_dossier, police_officer
):
    """A script that adds an organisation to the list directly refreshes nothing
    (no model receiver does the services' work); the nightly check finds the
    difference and repairs it."""
    from signals.tasks import verify_signal_audience

    _, signal = shared_dossier
    signal.shared_with.add(police_officer.organisation)
    assert not opens(police_officer, signal)
    assert audience_differences() == [
        (signal.pk, police_officer.organisation.group_id, "missing")
    ]
    assert verify_signal_audience() == 1
    assert opens(police_officer, signal)
    assert audience_differences() == []


@pytest.mark.parametrize(
    ("sharing", "shared_with", "field", "message"),
    [
        (
            Sharing.PARTICIPANTS,
            ["politie"],
            "shared_with",
            "Kies 'alleen met de organisaties die ik aanvink' om organisaties aan "
            "te vinken, of vink ze uit.",
        ),
        (
            Sharing.SELECTED,
            ["bestaat-niet"],
            "shared_with",
            "Met deze organisatie kunt u niet delen: bestaat-niet.",
        ),
        ("iedereen", [], "sharing", "Kies met wie u dit deelt."),
    ],
)
def test_a_bad_sharing_choice_is_refused_and_nothing_changes(
    shared_dossier, school_worker, police_officer, sharing, shared_with, field, message
):
    _, signal = shared_dossier
    with pytest.raises(ValidationError) as refused:
        signal_set_sharing(
            signal=signal, actor=school_worker, sharing=sharing, shared_with=shared_with
        )
    assert refused.value.message_dict == {field: [message]}
    signal.refresh_from_db()
    assert signal.sharing == Sharing.SELECTED
    assert [o.slug for o in signal.shared_with.all()] == ["jeugdzorg"]
    assert not opens(police_officer, signal)


def test_naming_the_own_organisation_changes_nothing(school_worker, region):
    signal = enter_signal(
        school_worker, sharing=Sharing.SELECTED, shared_with=["school", "jeugdzorg"]
    )
    assert [o.slug for o in signal.shared_with.all()] == ["jeugdzorg"]


def test_the_signal_form_stores_the_sharing(as_user, school_worker, region):
    client = as_user(school_worker)
    response = client.post(
        reverse("signals:create"),
        post_data(sharing=Sharing.SELECTED, shared_with=["jeugdzorg", "politie"]),
    )
    assert response.status_code == 302
    signal = Signal.objects.get()
    assert signal.sharing == Sharing.SELECTED
    assert sorted(o.slug for o in signal.shared_with.all()) == ["jeugdzorg", "politie"]


def test_the_signal_form_refuses_ticked_organisations_with_every_participant(
    as_user, school_worker, region
):
    response = as_user(school_worker).post(
        reverse("signals:create"),
        post_data(sharing=Sharing.PARTICIPANTS, shared_with=["politie"]),
    )
    assert response.status_code == 200
    assert (
        html.escape(
            "Kies 'alleen met de organisaties die ik aanvink' om organisaties aan "
            "te vinken, of vink ze uit."
        )
        in response.content.decode()
    )
    assert not Signal.objects.exists()


def test_the_signal_page_offers_the_owner_alone_to_change_the_sharing(
    shared_dossier, as_user, school_worker, youth_care_contact, police_officer
):
    _, signal = shared_dossier
    url = reverse("signals:detail", kwargs={"uuid": signal.uuid})
    sharing_url = reverse("signals:sharing", kwargs={"uuid": signal.uuid})
    owner_page = as_user(school_worker).get(url).content.decode()
    assert "Alleen met: Jeugdzorg De Verzonnen Linde." in owner_page
    assert f'action="{sharing_url}"' in owner_page
    reader_page = as_user(youth_care_contact).get(url).content.decode()
    assert "Alleen met: Jeugdzorg De Verzonnen Linde." in reader_page
    assert f'action="{sharing_url}"' not in reader_page

    refused = as_user(youth_care_contact).post(
        sharing_url, {"sharing": Sharing.PARTICIPANTS}
    )
    assert refused.status_code == 403
    # The police cannot read the signal at all, so cannot learn it exists.
    assert (
        as_user(police_officer)
        .post(sharing_url, {"sharing": Sharing.PARTICIPANTS})
        .status_code
        == 404
    )

    client = as_user(school_worker)
    bad = client.post(
        sharing_url, {"sharing": Sharing.PARTICIPANTS, "shared_with": ["om"]}
    )
    assert bad.status_code == 400
    assert "sharing_shared_with_error" in bad.content.decode()
    done = client.post(sharing_url, {"sharing": Sharing.PARTICIPANTS})
    assert done.status_code == 302
    assert opens(police_officer, signal)


@pytest.mark.parametrize(
    "posted",
    [{}, {"sharing": ""}, {"sharing": "everyone"}, {"shared_with": ["politie"]}],
    ids=["no-field", "empty", "unknown", "only-ticked"],
)
def test_the_sharing_form_fails_closed_without_a_valid_choice(
    shared_dossier, as_user, school_worker, police_officer, posted
):
    """A post without a (known) choice is a field error and widens nothing: it
    must not be read as "every participant"."""
    _, signal = shared_dossier
    sharing_url = reverse("signals:sharing", kwargs={"uuid": signal.uuid})
    response = as_user(school_worker).post(sharing_url, posted)
    assert response.status_code == 400
    assert "sharing_sharing_error" in response.content.decode()
    signal.refresh_from_db()
    assert signal.sharing == Sharing.SELECTED
    assert [o.slug for o in signal.shared_with.all()] == ["jeugdzorg"]
    assert not opens(police_officer, signal)


# --- answers ------------------------------------------------------------------------


@pytest.fixture
def asked(screener, school_worker, region) -> tuple[Dossier, EnrichmentRequest]:
    """A dossier that the police and the screener's organisation (welzijn, by
    invitation: making a dossier does not make it a participant) take part in,
    with a question to youth care."""
    dossier = dossier_create(actor=screener, signals=[enter_signal(school_worker)])
    for organisation in (region.politie, region.welzijn):
        dossier_invite(dossier=dossier, organisation=organisation, actor=screener)
    (question,) = ask(
        dossier, screener, region.jeugdzorg, question="Is deze jongere bij u bekend?"
    )
    return dossier, question


def answer_url(question: EnrichmentRequest) -> str:
    return reverse("dossiers:enrichment-answer", kwargs={"pk": question.pk})


def dossier_page(client, dossier: Dossier) -> str:
    response = client.get(reverse("dossiers:detail", kwargs={"uuid": dossier.uuid}))
    assert response.status_code == 200
    return response.content.decode()


def test_youth_care_shares_a_care_detail_with_the_asker_only(
    asked, as_user, youth_care_contact, police_officer, screener, ketenregisseur
):
    dossier, question = asked
    form = as_user(youth_care_contact).get(answer_url(question)).content.decode()
    # The dossier's participants are offered, not youth care itself.
    assert 'value="welzijn"' in form and 'value="politie"' in form
    assert 'name="shared_with" value="jeugdzorg"' not in form

    response = as_user(youth_care_contact).post(
        answer_url(question),
        {
            "answer": CARE_DETAIL,
            "sharing": Sharing.SELECTED,
            "shared_with": ["welzijn"],
        },
    )
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.sharing == Sharing.SELECTED
    assert [o.slug for o in question.shared_with.all()] == ["welzijn"]

    police_page = dossier_page(as_user(police_officer), dossier)
    assert CARE_DETAIL not in police_page
    # A withheld answer reads as any handled question: it does not tip off that
    # youth care holds something the police may not read.
    assert "Afgehandeld" in police_page
    assert "niet met uw organisatie gedeeld" not in police_page
    for user in (screener, ketenregisseur):
        page = dossier_page(as_user(user), dossier)
        assert CARE_DETAIL in page
        assert "Alleen gedeeld met: Welzijn Demostad." in page


def test_an_answer_for_every_participant_is_read_by_the_police(
    asked, youth_care_contact, police_officer
):
    dossier, question = asked
    enrichment_answer(request=question, actor=youth_care_contact, answer=CARE_DETAIL)
    assert enrichment_readable_answers(
        user=police_officer, enrichments=list(dossier.enrichments.all())
    ) == {question.pk}


def test_an_answer_cannot_be_shared_outside_the_dossier(
    asked, youth_care_contact, region
):
    _, question = asked
    with pytest.raises(ValidationError) as refused:
        enrichment_answer(
            request=question,
            actor=youth_care_contact,
            answer=CARE_DETAIL,
            sharing=Sharing.SELECTED,
            shared_with=["school"],  # took part in no dossier: only entered a signal
        )
    assert refused.value.message_dict == {
        "shared_with": ["Met deze organisatie kunt u niet delen: school."]
    }
    question.refresh_from_db()
    assert question.status == EnrichmentStatus.OPEN
    assert question.answer == ""
    assert not question.shared_with.exists()


def test_no_information_is_shared_with_every_participant(asked, youth_care_contact):
    _, question = asked
    enrichment_answer(
        request=question,
        actor=youth_care_contact,
        no_information=True,
        sharing=Sharing.SELECTED,
        shared_with=["welzijn"],
    )
    question.refresh_from_db()
    assert question.status == EnrichmentStatus.NO_INFORMATION
    assert question.sharing == Sharing.PARTICIPANTS
    assert not question.shared_with.exists()


def test_the_police_withholds_an_answer_from_a_named_partner(
    asked, region, screener, police_contact, police_officer, school_worker, as_user
):
    dossier, _ = asked
    dossier_invite(dossier=dossier, organisation=region.school, actor=screener)
    (question,) = ask(
        dossier, screener, region.politie, question="Is het account bij u bekend?"
    )
    enrichment_answer(
        request=question,
        actor=police_contact,
        answer="Lopend onderzoek naar het account (fictief).",
        sharing=Sharing.EXCEPT,
        shared_with=["school"],
    )
    enrichments = list(dossier.enrichments.all())
    assert question.pk not in enrichment_readable_answers(
        user=school_worker, enrichments=enrichments
    )
    assert question.pk in enrichment_readable_answers(
        user=police_officer, enrichments=enrichments
    )
    page = dossier_page(as_user(screener), dossier)
    assert "Lopend onderzoek naar het account (fictief)." in page
    assert "Gedeeld met alle deelnemers behalve: Fictief College." in page
    school_page = dossier_page(as_user(school_worker), dossier)
    assert "Lopend onderzoek" not in school_page


def test_the_migration_links_earlier_timeline_entries_to_their_signal(
    school_worker, screener
):
    """Entries from before DossierEvent.signal existed name the signal by reference."""
    import importlib

    from django.apps import apps

    from signals.models import DossierEvent

    migration = importlib.import_module("signals.migrations.0011_dossier_event_signal")
    signal = enter_signal(school_worker)
    dossier = dossier_create(actor=screener, signals=[enter_signal(school_worker)])
    dossier_add_signal(dossier=dossier, signal=signal, actor=screener)
    added = dossier.events.get(kind="signal_added")
    gone = DossierEvent.objects.create(
        dossier=dossier, kind="signal_added", detail="SIG-2020-999999"
    )
    DossierEvent.objects.filter(pk=added.pk).update(signal=None)

    counted = dossier.events.get(kind="created")
    DossierEvent.objects.filter(pk=counted.pk).update(detail="2 signalen")

    migration.link_signals(apps, None)

    added.refresh_from_db()
    gone.refresh_from_db()
    counted.refresh_from_db()
    assert added.signal_id == signal.pk
    assert gone.signal_id is None
    assert counted.detail == ""


def test_the_asked_organisation_is_not_shown_persons_of_a_signal_withheld_from_it(
    school_worker, screener, youth_care_contact, region, as_user
):
    shared = enter_signal(school_worker)  # names Fictief Meisje, for everyone
    withheld = enter_signal(
        school_worker,
        persons=[PersonInput(role="perpetrator", aliases=["fictiefR"])],
        sharing=Sharing.EXCEPT,
        shared_with=["jeugdzorg"],
    )
    persons = [
        (person_create_from_mention(mention=s.persons.get(), actor=screener), role)
        for s, role in ((shared, "victim"), (withheld, "perpetrator"))
    ]
    dossier = dossier_create(
        actor=screener, signals=[shared, withheld], persons=persons
    )
    (question,) = ask(
        dossier, screener, region.jeugdzorg, question="Is zij bij u bekend?"
    )
    page = as_user(youth_care_contact).get(answer_url(question)).content.decode()
    assert "Fictief Meisje" in page
    assert "fictiefR" not in page


def test_the_rule_for_an_asked_organisation_is_the_readers_rule(
    shared_dossier, school_worker, screener, region
):
    """signal_reaches_organisation_q answers as the stored readers do for
    participants."""
    from signals.selectors.sharing import signal_reaches_organisation_q

    _, selected = shared_dossier  # shared with youth care only
    withheld = enter_signal(
        school_worker, sharing=Sharing.EXCEPT, shared_with=["politie"]
    )
    everyone = enter_signal(school_worker)
    dossier = dossier_create(actor=screener, signals=[withheld, everyone, selected])
    for organisation in (
        region.politie,
        region.jeugdzorg,
        region.gemeente,
        region.welzijn,
    ):
        dossier_invite(dossier=dossier, organisation=organisation, actor=screener)
    for organisation in (
        region.politie,
        region.jeugdzorg,
        region.gemeente,
        region.welzijn,
        region.school,
    ):
        for signal in (selected, withheld, everyone):
            expected = organisation.group_id in readers(signal)
            assert (
                Signal.objects.filter(
                    signal_reaches_organisation_q(organisation.group_id)
                )
                .filter(pk=signal.pk)
                .exists()
                is expected
            ), (organisation.slug, signal.sharing)


# --- the merged person record ----------------------------------------------------------


@pytest.fixture
def merged(police_officer, school_worker, screener):
    """One person the screening team stacked from a police signal and a school
    signal that lies in no dossier (so only the school and the screening team
    read it); the school's mention adds a handle and a date of birth."""

    police_signal = enter_signal(
        police_officer,
        persons=[
            PersonInput(role="victim", name="Fictief Meisje", aliases=["fm_2010"])
        ],
    )
    school_signal = enter_signal(
        school_worker,
        persons=[
            PersonInput(
                role="victim",
                name="Fictief Meisje",
                aliases=["schoolgeheim_42"],
                date_of_birth=datetime.date(2011, 3, 1),
            )
        ],
    )
    person = person_create_from_mention(
        mention=police_signal.persons.get(), actor=screener
    )
    mention_confirm(mention=school_signal.persons.get(), person=person, actor=screener)
    person.refresh_from_db()
    assert person.aliases == ["fm_2010", "schoolgeheim_42"]
    return person, police_signal


def test_the_police_finds_a_person_only_by_what_it_may_read(
    merged, police_officer, screener
):
    person, _ = merged
    assert search(user=police_officer, query="schoolgeheim").persons == []
    (found,) = search(user=police_officer, query="fm_2010").persons
    assert found.pk == person.pk
    (merged_view,) = search(user=screener, query="schoolgeheim").persons
    assert merged_view.pk == person.pk


def test_the_police_reads_the_person_without_the_schools_handle_or_birth_date(
    merged, police_officer, screener, as_user
):
    person, police_signal = merged
    as_read = persons_as_read([person], readable=person_reader_signals(police_officer))[
        person.pk
    ]
    assert as_read.name == "Fictief Meisje"
    assert as_read.aliases == ["fm_2010"]
    assert as_read.date_of_birth is None
    assert persons_as_read([person], readable=person_reader_signals(screener)) == {
        person.pk: person
    }
    page = as_user(police_officer).post(reverse("dossiers:search"), {"q": "fm_2010"})
    content = page.content.decode()
    assert "fm_2010" in content and "schoolgeheim_42" not in content

    dossier = dossier_create(
        actor=screener, signals=[police_signal], persons=[(person, "victim")]
    )
    detail = as_user(police_officer).get(
        reverse("dossiers:detail", kwargs={"uuid": dossier.uuid})
    )
    assert "schoolgeheim_42" not in detail.content.decode()
    assert (
        "schoolgeheim_42"
        in as_user(screener)
        .get(reverse("dossiers:detail", kwargs={"uuid": dossier.uuid}))
        .content.decode()
    )


def test_a_record_no_signal_mentions_is_read_as_recorded(
    police_officer, screener, region, school_worker
):
    from signals.models import Person

    dossier = dossier_create(actor=screener, signals=[enter_signal(school_worker)])
    dossier_invite(dossier=dossier, organisation=region.politie, actor=screener)
    aunt = Person.objects.create(name="Fictieve Tante", aliases=["tante_f"])
    dossier_add_person(dossier=dossier, person=aunt, role="facilitator", actor=screener)
    (found,) = search(user=police_officer, query="tante_f").persons
    assert found.pk == aunt.pk
    assert persons_as_read([aunt], readable=person_reader_signals(police_officer)) == {
        aunt.pk: aunt
    }


def test_search_finds_no_dossier_through_a_person_its_page_hides(
    police_officer, school_worker, screener, region, as_user
):
    """The police know P from their own signal. In dossier D only a school signal
    withheld from the police names P: D's page hides P, so search may not lead
    from P to D."""
    own = enter_signal(
        police_officer,
        persons=[
            PersonInput(role="victim", name="Fictief Meisje", aliases=["fm_2010"])
        ],
    )
    person = person_create_from_mention(mention=own.persons.get(), actor=screener)
    withheld = enter_signal(
        school_worker,
        persons=[
            PersonInput(role="victim", name="Fictief Meisje", aliases=["fm_2010"])
        ],
        sharing=Sharing.EXCEPT,
        shared_with=["politie"],
    )
    mention_confirm(mention=withheld.persons.get(), person=person, actor=screener)
    other = enter_signal(
        school_worker, persons=[PersonInput(role="victim", name="Ander Kind")]
    )
    dossier = dossier_create(
        actor=screener, signals=[withheld, other], persons=[(person, "victim")]
    )
    dossier_invite(dossier=dossier, organisation=region.politie, actor=screener)
    rows = dossier_persons(dossier=dossier, user=police_officer)
    assert person.pk not in [r.person.pk for r in rows]  # page hides P
    results = search(user=police_officer, query="fm_2010")
    assert [p.pk for p in results.persons] == [person.pk]
    assert dossier.pk not in [d.pk for d in results.dossiers]


def test_the_question_page_leaves_out_a_person_only_a_withheld_signal_names(
    school_worker, screener, region, youth_care_contact, as_user
):
    youth_worker = UserFactory.create(
        username="jw", organisation=region.jeugdzorg, roles=[Role.PARTNERMEDEWERKER]
    )
    own = enter_signal(
        youth_worker,
        persons=[
            PersonInput(role="perpetrator", name="Fictieve R", aliases=["fictiefR"])
        ],
    )
    person = person_create_from_mention(mention=own.persons.get(), actor=screener)
    shared = enter_signal(school_worker)  # names Fictief Meisje, shared with all
    withheld = enter_signal(
        school_worker,
        persons=[PersonInput(role="perpetrator", aliases=["fictiefR"])],
        sharing=Sharing.EXCEPT,
        shared_with=["jeugdzorg"],
    )
    mention_confirm(mention=withheld.persons.get(), person=person, actor=screener)
    girl = person_create_from_mention(mention=shared.persons.get(), actor=screener)
    dossier = dossier_create(
        actor=screener,
        signals=[shared, withheld],
        persons=[(girl, "victim"), (person, "perpetrator")],
    )
    (question,) = ask(dossier, screener, region.jeugdzorg)
    shown = [dp.person_id for dp in question_persons(question=question)]
    # As a participant youth care would not see him on the dossier page:
    dossier_invite(dossier=dossier, organisation=region.jeugdzorg, actor=screener)
    assert person.pk not in [
        r.person.pk for r in dossier_persons(dossier=dossier, user=youth_worker)
    ]
    assert person.pk not in shown


def test_a_partners_estimate_counts_from_its_own_mention(
    police_officer, school_worker, screener
):
    now = timezone.now()
    school = enter_signal(
        school_worker,
        observed_at=now - datetime.timedelta(days=3 * 365),
        persons=[PersonInput(role="victim", name="Fictief Meisje", estimated_age=16)],
    )
    person = person_create_from_mention(mention=school.persons.get(), actor=screener)
    police = enter_signal(
        police_officer,
        persons=[PersonInput(role="victim", name="Fictief Meisje", estimated_age=16)],
    )
    mention_confirm(mention=police.persons.get(), person=person, actor=screener)
    as_read = persons_as_read([person], readable=person_reader_signals(police_officer))[
        person.pk
    ]
    facts = person_age_facts(as_read)
    assert as_read.estimated_on == timezone.localdate(police.observed_at), (
        as_read.estimated_on
    )
    assert facts.age == 16, facts


def test_the_persons_table_is_ordered_by_the_names_as_read(
    police_officer, school_worker, screener, region
):
    police = enter_signal(
        police_officer,
        persons=[
            PersonInput(role="perpetrator", aliases=["zz_hidden"]),
            PersonInput(role="victim", name="Mara"),
        ],
    )
    a = person_create_from_mention(
        mention=police.persons.get(role="perpetrator"), actor=screener
    )
    b = person_create_from_mention(
        mention=police.persons.get(role="victim"), actor=screener
    )
    school = enter_signal(
        school_worker,
        persons=[
            PersonInput(role="perpetrator", name="Zeno Geheim", aliases=["zz_hidden"])
        ],
    )
    mention_confirm(mention=school.persons.get(), person=a, actor=screener)
    a.refresh_from_db()
    assert a.name == "Zeno Geheim"
    dossier = dossier_create(
        actor=screener, signals=[police], persons=[(a, "perpetrator"), (b, "victim")]
    )
    dossier_invite(dossier=dossier, organisation=region.politie, actor=screener)
    rows = dossier_persons(dossier=dossier, user=police_officer)
    # Nameless as the police read it, so first: not after "Mara" as "Zeno" would.
    assert rows[0].person.pk == a.pk


def test_search_words_may_come_from_two_readable_mentions(police_officer, screener):
    one = enter_signal(
        police_officer, persons=[PersonInput(role="victim", name="Fictief Meisje")]
    )
    two = enter_signal(
        police_officer, persons=[PersonInput(role="victim", aliases=["fm_2010"])]
    )
    p = person_create_from_mention(mention=one.persons.get(), actor=screener)
    mention_confirm(mention=two.persons.get(), person=p, actor=screener)
    assert [x.pk for x in search(user=screener, query="meisje fm_2010").persons] == [
        p.pk
    ]
    assert [
        x.pk for x in search(user=police_officer, query="meisje fm_2010").persons
    ] == [p.pk]


def test_a_partners_person_search_reads_no_more_than_the_cap(
    police_officer, screener, monkeypatch
):
    import importlib

    # The package re-exports the function ``search`` under the module's name.
    search_module = importlib.import_module("signals.selectors.search")

    signal = enter_signal(
        police_officer,
        persons=[PersonInput(role="victim", aliases=[f"cap_{n}"]) for n in range(3)],
    )
    for mention in signal.persons.all():
        person_create_from_mention(mention=mention, actor=screener)
    assert len(search(user=police_officer, query="cap_").persons) == 3
    monkeypatch.setattr(search_module, "PERSON_MATCH_CAP", 2)
    monkeypatch.setattr(search_module, "RESULT_LIMIT", 1)
    results = search(user=police_officer, query="cap_")
    assert len(results.persons) == 1 and results.more_persons
    assert (
        search_module.partner_persons_matching(
            user=police_officer,
            readable=person_reader_signals(police_officer),
            query="cap_",
        ).count()
        == 2
    )


def test_changing_only_the_choice_refreshes_the_readers(
    shared_dossier, school_worker, police_officer, youth_care_contact
):
    """Same organisations, other choice: no m2m change, yet the readers follow."""
    _, signal = shared_dossier  # selected: youth care
    signal_set_sharing(
        signal=signal,
        actor=school_worker,
        sharing=Sharing.EXCEPT,
        shared_with=["jeugdzorg"],
    )
    assert opens(police_officer, signal)
    assert not opens(youth_care_contact, signal)
    assert audience_differences() == []


# --- one rule ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sharing", "shared_with", "om_reads", "police_reads"),
    [
        (Sharing.PARTICIPANTS, [], True, True),
        (Sharing.SELECTED, ["om"], True, False),
        (Sharing.EXCEPT, ["politie"], True, False),
    ],
)
def test_one_sharing_rule_decides_readers_answers_and_search_together(
    sharing,
    shared_with,
    om_reads,
    police_reads,
    region,
    school_worker,
    screener,
    youth_care_contact,
    om_officer,
    police_officer,
):
    """A signal and an answer shared the same way reach the same participants: the
    stored readers, the answers a participant reads and search all follow the one
    rule (signals.selectors.sharing.reaches_q)."""
    signal = enter_signal(
        school_worker,
        description="Steekwoord kolibriedans (fictief).",
        sharing=sharing,
        shared_with=shared_with,
    )
    dossier = dossier_create(actor=screener, signals=[signal])
    for organisation in (region.politie, region.om, region.jeugdzorg):
        dossier_invite(dossier=dossier, organisation=organisation, actor=screener)
    (question,) = ask(dossier, screener, region.jeugdzorg)
    enrichment_answer(
        request=question,
        actor=youth_care_contact,
        answer=CARE_DETAIL,
        sharing=sharing,
        shared_with=shared_with,
    )
    for user, organisation, expected in (
        (om_officer, region.om, om_reads),
        (police_officer, region.politie, police_reads),
    ):
        assert (organisation.group_id in readers(signal)) is expected
        answers = enrichment_readable_answers(user=user, enrichments=[question])
        assert (question.pk in answers) is expected
        found = search(user=user, query="kolibriedans").signals
        assert (signal in found) is expected
    assert audience_differences() == []
