"""The dossier pages: the list, one dossier and its change forms, bundling signals.

Every access test reads as a sentence about the personas of tests/conftest.py.
"""

from __future__ import annotations

import datetime
import html
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

import signals.services.dossier as dossier_services
import signals.views.dossier as dossier_views
from audit.models import AuditEvent
from partners.models import User
from signals.constants import DossierStatus, EnrichmentStatus
from signals.models import Dossier, DossierSignal, EnrichmentRequest, Signal
from signals.services import (
    PersonInput,
    SignalInput,
    dossier_create,
    dossier_invite,
    dossier_set_status,
    enrichment_answer,
    enrichment_ask,
    person_create_from_mention,
    signal_create,
)

pytestmark = pytest.mark.django_db

LIST = reverse("dossiers:list")
CREATE = reverse("dossiers:create")
ADD_SIGNAL = reverse("dossiers:add-signal")


def enter_signal(user: User, **changes) -> Signal:
    data = SignalInput(
        observed_at=timezone.now() - datetime.timedelta(hours=2),
        description="Leerling wordt na school opgehaald door een oudere jongen (fictief).",
        subject_role="victim",
        kind="regular",
        source="education",
        persons=[
            PersonInput(
                role="victim",
                name="Fictief Meisje",
                aliases=["fm_2010"],
                date_of_birth=datetime.date(2010, 5, 1),
            )
        ],
    )
    for key, value in changes.items():
        setattr(data, key, value)
    return signal_create(user=user, data=data)


def url(name: str, dossier: Dossier) -> str:
    return reverse(f"dossiers:{name}", kwargs={"uuid": dossier.uuid})


def content(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def error_at(page: str, field_id: str, message: str) -> bool:
    return f'id="{field_id}_error">{html.escape(message)}</div>' in page


def fresh(user: User) -> User:
    """The user as the next request sees them (the access facts are cached)."""
    return User.objects.get(pk=user.pk)


@pytest.fixture
def school_signal(school_worker) -> Signal:
    return enter_signal(school_worker)


@pytest.fixture
def dossier(screener, school_signal) -> Dossier:
    mention = school_signal.persons.get()
    person = person_create_from_mention(mention=mention, actor=screener)
    return dossier_create(
        actor=screener, signals=[school_signal], persons=[(person, mention.role)]
    )


# --- list ------------------------------------------------------------------------


def test_the_screener_lists_dossiers_last_updated_first_with_open_questions(
    as_user, screener, school_signal, region
):
    older = dossier_create(actor=screener, signals=[school_signal])
    newer = dossier_create(actor=screener, signals=[school_signal])
    enrichment_ask(
        dossier=older,
        organisations=[region.politie, region.jeugdzorg],
        reason="Meerdere signalen.",
        question="Bekend?",
        actor=screener,
    )
    page = content(as_user(screener).get(LIST))
    rows = re.findall(r'data-dossier="(DOS-\d{4}-\d{6})"', page)
    # Asking moved the older dossier to the top.
    assert rows == [older.reference, newer.reference]
    assert re.search(
        rf'data-dossier="{older.reference}".*?data-open-questions="2"', page, re.S
    )
    assert "Welzijn Demostad" in page
    assert "2 dossiers." in page
    event = AuditEvent.objects.filter(
        action="list", object_type="signals.dossier"
    ).get()
    assert event.reason == "dossierlijst, pagina 1"


def test_the_list_counts_no_further_than_the_cap(
    as_user, screener, school_signal, monkeypatch
):
    for _ in range(4):
        dossier_create(actor=screener, signals=[school_signal])
    client = as_user(screener)
    with CaptureQueriesContext(connection) as ctx:
        page = content(client.get(LIST))
    assert "4 dossiers." in page
    assert any("LIMIT 1001" in q["sql"] for q in ctx.captured_queries)

    monkeypatch.setattr(dossier_views, "COUNT_CAP", 3)
    monkeypatch.setattr(dossier_views, "PAGE_SIZE", 2)
    page = content(client.get(LIST))
    assert "Meer dan 3 dossiers." in page
    assert "Pagina 1</span>" in page  # no "van …": the last page is not counted
    assert 'href="?pagina=2" rel="next"' in page
    page = content(client.get(LIST, {"pagina": "2"}))
    assert 'href="?pagina=1" rel="prev"' in page


def test_the_list_costs_the_same_queries_for_10_or_40_dossiers(
    as_user, screener, school_signal, police_officer, region
):
    def create(n: int) -> None:
        for _ in range(n):
            dossier = dossier_create(actor=screener, signals=[school_signal])
            dossier_invite(dossier=dossier, organisation=region.politie, actor=screener)
            enrichment_ask(
                dossier=dossier,
                organisations=[region.jeugdzorg],
                reason="r",
                question="q",
                actor=screener,
            )

    client = as_user(police_officer)

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            content(client.get(LIST))
        return len(ctx.captured_queries)

    create(10)
    content(client.get(LIST))  # warm the permission-id cache
    ten = queries()
    create(30)
    forty = queries()
    assert ten == forty
    assert content(client.get(LIST)).count('data-open-questions="1"') == 40


def test_the_outsider_sees_no_dossier_and_the_police_only_its_own(
    as_user, outsider, police_officer, dossier, region, screener
):
    # Without a convenant the principal holds no dossier permission at all.
    assert as_user(outsider).get(LIST).status_code == 403
    assert dossier.reference not in content(as_user(police_officer).get(LIST))
    dossier_invite(dossier=dossier, organisation=region.politie, actor=screener)
    assert dossier.reference in content(as_user(police_officer).get(LIST))


def test_the_beheerder_has_no_dossier_list(as_user, beheerder):
    assert as_user(beheerder).get(LIST).status_code == 403


# --- detail: scope -----------------------------------------------------------------


def test_the_police_officer_gets_a_404_for_a_dossier_it_takes_no_part_in(
    as_user, police_officer, outsider, dossier
):
    assert as_user(police_officer).get(url("detail", dossier)).status_code == 404
    assert as_user(outsider).get(url("detail", dossier)).status_code == 404
    # Changing is no different from reading: the dossier does not exist for them.
    response = as_user(police_officer).post(
        url("status", dossier), {"status": DossierStatus.WEGING}
    )
    assert response.status_code == 404


def test_a_participant_reads_the_dossier_but_gets_no_change_forms(
    as_user, police_officer, dossier, region, screener
):
    dossier_invite(dossier=dossier, organisation=region.politie, actor=screener)
    page = content(as_user(police_officer).get(url("detail", dossier)))
    assert f"Dossier {dossier.reference}" in page
    assert "Fictief Meisje" in page
    assert url("status", dossier) not in page
    assert url("ask", dossier) not in page
    response = as_user(police_officer).post(
        url("status", dossier), {"status": DossierStatus.WEGING}
    )
    assert response.status_code == 403
    assert Dossier.objects.get(pk=dossier.pk).status == DossierStatus.SIGNALERING


def test_the_school_worker_sees_the_signal_but_the_dossier_only_while_invited(
    as_user, school_worker, screener, dossier, school_signal, region
):
    school = as_user(school_worker)
    signal_url = reverse("signals:detail", kwargs={"uuid": school_signal.uuid})
    assert school.get(signal_url).status_code == 200
    assert school.get(url("detail", dossier)).status_code == 404

    response = as_user(screener).post(
        url("invite", dossier),
        {"organisation": region.school.pk, "reason": "School kent de leerling."},
    )
    assert response.status_code == 302
    page = content(school.get(url("detail", dossier)))
    assert school_signal.reference in page

    response = as_user(screener).post(
        url("withdraw", dossier), {"organisation": region.school.pk}
    )
    assert response.status_code == 302
    assert school.get(url("detail", dossier)).status_code == 404
    assert school.get(signal_url).status_code == 200
    kinds = list(dossier.events.values_list("kind", flat=True)[:2])
    assert kinds == ["invitation_withdrawn", "invited"]


# --- detail: content ---------------------------------------------------------------


def test_the_dossier_page_shows_signals_persons_participants_veredelen_and_timeline(
    as_user, screener, dossier, school_signal, region, police_contact
):
    police_question, _ = enrichment_ask(
        dossier=dossier,
        organisations=[region.politie, region.jeugdzorg],
        reason="Meerdere signalen over ophalen na school.",
        question="Is fm_2010 bij jullie bekend?",
        actor=screener,
    )
    enrichment_answer(
        request=police_question,
        actor=police_contact,
        answer="Eén eerder incident <b>(fictief)</b>.",
    )
    dossier_invite(dossier=dossier, organisation=region.school, actor=screener)

    page = content(as_user(screener).get(url("detail", dossier)))
    signal_link = reverse("signals:detail", kwargs={"uuid": school_signal.uuid})
    assert (
        f'<a class="utrecht-link" href="{signal_link}">{school_signal.reference}</a>'
        in page
    )
    assert "Fictief College" in page  # signal owner and participant
    # The person with age route and band (born 2010: a minor).
    assert "Fictief Meisje" in page and "fm_2010" in page
    assert 'data-route="minor"' in page
    assert re.search(r'data-band="(under_14|14_17)"', page)
    participants = re.search(r'data-testid="participants">(.*?)</ul>', page, re.S)
    assert participants is not None
    # The screener made the dossier as screening team: Welzijn does not take part.
    assert "Welzijn Demostad" not in participants[1]
    assert "Fictief College" in participants[1]
    # Veredelen: the answer, escaped, and who has not answered yet.
    assert "Eén eerder incident &lt;b&gt;(fictief)&lt;/b&gt;." in page
    assert "Nog niet beantwoord door Jeugdzorg De Verzonnen Linde." in page
    assert 'data-ready="false"' in page
    # The timeline, newest first.
    events = re.findall(r'data-event="([a-z_]+)"', page)
    assert events == [
        "invited",
        "enrichment_answered",
        "enrichment_asked",
        "enrichment_asked",
        "created",
    ]
    assert AuditEvent.objects.filter(
        action="read", object_type="signals.dossier", object_id=str(dossier.pk)
    ).exists()


def test_a_dossier_whose_questions_are_all_answered_is_ready(
    as_user, screener, dossier, region, police_contact, youth_care_contact
):
    for request in enrichment_ask(
        dossier=dossier,
        organisations=[region.politie, region.jeugdzorg],
        reason="r",
        question="q",
        actor=screener,
    ):
        contact = police_contact if request.organisation == region.politie else None
        if contact:
            enrichment_answer(request=request, actor=contact, answer="Bekend.")
        else:
            enrichment_answer(
                request=request, actor=youth_care_contact, no_information=True
            )
    page = content(as_user(screener).get(url("detail", dossier)))
    assert 'data-ready="true"' in page
    assert "Klaar voor het casusoverleg" in page
    assert "Geen informatie beschikbaar" in page


# --- detail: changes ---------------------------------------------------------------


def test_the_screener_changes_the_status(as_user, screener, dossier):
    client = as_user(screener)
    response = client.post(url("status", dossier), {"status": DossierStatus.WEGING})
    assert response.status_code == 302
    assert Dossier.objects.get(pk=dossier.pk).status == DossierStatus.WEGING
    page = content(client.get(response["Location"]))
    assert "De status is nu: Weging en kwalificatie." in page


def test_an_unknown_status_is_refused_in_dutch_at_its_field(as_user, screener, dossier):
    page = content(as_user(screener).post(url("status", dossier), {"status": "rood"}))
    assert error_at(page, "status_status", "Kies een bestaande status.")
    assert Dossier.objects.get(pk=dossier.pk).status == DossierStatus.SIGNALERING


def test_the_casemanager_works_at_a_participating_organisation(
    as_user, screener, dossier, police_officer, region
):
    client = as_user(screener)
    page = content(
        client.post(url("casemanager", dossier), {"casemanager": police_officer.pk})
    )
    assert error_at(
        page,
        "casemanager_casemanager",
        "Kies een medewerker van een organisatie die aan dit dossier deelneemt.",
    )
    assert Dossier.objects.get(pk=dossier.pk).casemanager is None

    dossier_invite(dossier=dossier, organisation=region.politie, actor=screener)
    response = client.post(
        url("casemanager", dossier), {"casemanager": police_officer.pk}
    )
    assert response.status_code == 302
    assert Dossier.objects.get(pk=dossier.pk).casemanager == police_officer


def test_only_organisations_with_a_convenant_that_do_not_take_part_can_be_invited(
    as_user, screener, dossier, region
):
    dossier_invite(dossier=dossier, organisation=region.school, actor=screener)
    client = as_user(screener)
    page = content(client.get(url("detail", dossier)))
    invite_form = re.search(r'id="invite_organisation"(.*?)</select>', page, re.S)
    assert invite_form is not None
    options = invite_form[1]
    assert "Politie Eenheid Demoland" in options
    assert "Sportvereniging Nergenshuizen" not in options  # no convenant
    assert "Fictief College" not in options  # already takes part
    # Making the dossier did not make the screener's organisation take part.
    assert "Welzijn Demostad" in options

    page = content(
        client.post(url("invite", dossier), {"organisation": region.outsider_org.pk})
    )
    assert error_at(
        page,
        "invite_organisation",
        "Deze organisatie kan niet (meer) worden uitgenodigd; kies een andere.",
    )
    assert not dossier.dossiergroupobjectpermission_set.filter(
        group=region.outsider_org.group
    ).exists()


def test_withdrawing_asks_for_confirmation_and_reaches_the_screeners_organisation(
    as_user, screener, dossier, region
):
    # The screener's organisation (welzijn) made the dossier but takes part only
    # once invited (docs/domain.md section 9): an invitation like any other, that
    # can be withdrawn, or every welzijn employee would read the child for good.
    for organisation in (region.welzijn, region.school):
        dossier_invite(dossier=dossier, organisation=organisation, actor=screener)
    client = as_user(screener)
    page = content(client.get(url("detail", dossier)))
    assert re.search(r'data-confirm="Fictief College verliest de toegang', page)
    assert page.count('name="organisation" value=') == 2

    response = client.post(
        url("withdraw", dossier), {"organisation": region.welzijn.pk}, follow=True
    )
    assert "Deze organisatie neemt niet (meer) deel." not in content(response)
    assert not dossier.dossiergroupobjectpermission_set.filter(
        group=region.welzijn.group
    ).exists()


def test_an_owner_that_took_part_by_making_the_dossier_is_never_excluded(
    screener, dossier, region
):
    """An organisation that made the dossier as a participant holds its change
    grant; that one is not an invitation and cannot be withdrawn."""
    from partners.access import access_grant

    access_grant(
        obj=dossier,
        organisation=region.welzijn,
        actions=dossier_services.OWNER_ACTIONS,
        actor=screener,
    )
    with pytest.raises(ValidationError):
        dossier_services.dossier_withdraw_invitation(
            dossier=dossier, organisation=region.welzijn, actor=screener
        )
    assert dossier.dossiergroupobjectpermission_set.filter(
        group=region.welzijn.group
    ).exists()


def test_the_screener_asks_police_and_youth_care_a_question(
    as_user, screener, dossier, region
):
    response = as_user(screener).post(
        url("ask", dossier),
        {
            "organisations": [region.politie.pk, region.jeugdzorg.pk],
            "reason": "Meerdere signalen over ophalen na school.",
            "question": "Is deze jongere bij jullie bekend?",
        },
    )
    assert response.status_code == 302
    asked = EnrichmentRequest.objects.filter(dossier=dossier)
    assert {r.organisation.slug for r in asked} == {"politie", "jeugdzorg"}
    assert {r.status for r in asked} == {EnrichmentStatus.OPEN}
    page = content(as_user(screener).get(url("detail", dossier)))
    assert (
        "Nog niet beantwoord door Jeugdzorg De Verzonnen Linde, "
        "Politie Eenheid Demoland." in page
    )


def test_an_incomplete_question_is_refused_in_dutch_and_nothing_is_stored(
    as_user, screener, dossier, region
):
    page = content(
        as_user(screener).post(
            url("ask", dossier),
            {"organisations": [], "reason": "   ", "question": ""},
        )
    )
    assert "Kies ten minste één organisatie." in page
    assert error_at(page, "ask_reason", "Leg uit waarom dit dossier wordt ingebracht.")
    assert error_at(page, "ask_question", "Stel een concrete vraag.")
    assert not EnrichmentRequest.objects.exists()
    # The outsider without convenant is not even on the list to ask.
    page = content(
        as_user(screener).post(
            url("ask", dossier),
            {"organisations": [region.outsider_org.pk], "reason": "r", "question": "q"},
        )
    )
    assert "Deze organisatie kan geen vraag krijgen (geen geldig convenant)." in page
    assert not EnrichmentRequest.objects.exists()


# --- bundling signals --------------------------------------------------------------


def test_the_screener_creates_a_dossier_from_a_signal_with_its_confirmed_persons(
    as_user, screener, school_signal
):
    mention = school_signal.persons.get()
    person = person_create_from_mention(mention=mention, actor=screener)
    response = as_user(screener).post(CREATE, {"signal": str(school_signal.uuid)})
    dossier = Dossier.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("detail", dossier)
    assert list(dossier.signals.all()) == [school_signal]
    assert list(dossier.persons.all()) == [person]
    assert dossier.organisation.slug == "welzijn"


def test_only_screener_and_ketenregisseur_create_dossiers(
    as_user, school_worker, police_officer, ketenregisseur, school_signal
):
    data = {"signal": str(school_signal.uuid)}
    assert as_user(school_worker).post(CREATE, data).status_code == 403
    assert as_user(police_officer).post(CREATE, data).status_code == 403
    # The ketenregisseur may create, but not from a signal she cannot see.
    assert as_user(ketenregisseur).post(CREATE, data).status_code == 404
    assert as_user(ketenregisseur).post(CREATE, {"signal": "x"}).status_code == 404
    assert as_user(school_worker).get(CREATE).status_code == 405
    assert not Dossier.objects.exists()


def test_a_signal_is_added_to_a_dossier_by_reference_or_uuid(
    as_user, screener, dossier, police_officer
):
    police_signal = enter_signal(police_officer, source="criminal_justice")
    client = as_user(screener)
    response = client.post(
        ADD_SIGNAL,
        {"signal": str(police_signal.uuid), "dossier": dossier.reference.lower()},
    )
    assert response.status_code == 302
    assert police_signal in dossier.signals.all()

    other = enter_signal(police_officer)
    response = client.post(
        ADD_SIGNAL, {"signal": str(other.uuid), "dossier": str(dossier.uuid)}
    )
    assert response.status_code == 302
    assert dossier.signals.count() == 3


def test_an_unknown_dossier_reference_is_refused_in_dutch(
    as_user, screener, school_signal, dossier, police_officer
):
    client = as_user(screener)
    wrong_year = f"DOS-{dossier.created_at.year - 1}-{dossier.pk:06d}"
    for value, message in [
        ("DOS-2026-999999", "Er is geen dossier met deze referentie."),
        (wrong_year, "Er is geen dossier met deze referentie."),
        ("dossier 12", "Vul een dossierreferentie in zoals DOS-2026-000123."),
        ("", "Vul een dossierreferentie in."),
    ]:
        page = content(
            client.post(
                ADD_SIGNAL, {"signal": str(school_signal.uuid), "dossier": value}
            )
        )
        assert error_at(page, "id_dossier", message), value
    # A partner cannot add signals to dossiers at all.
    response = as_user(police_officer).post(
        ADD_SIGNAL, {"signal": str(school_signal.uuid), "dossier": dossier.reference}
    )
    assert response.status_code == 403


def test_a_refused_person_takes_the_added_signal_back_out(
    as_user, screener, dossier, school_worker, monkeypatch
):
    second = enter_signal(school_worker)
    person_create_from_mention(mention=second.persons.get(), actor=screener)

    def refuse(**kwargs):
        raise ValidationError({"person": ["Deze persoon kan er niet bij."]})

    # The service adds the signal and its persons as one unit.
    monkeypatch.setattr(dossier_services, "dossier_add_person", refuse)
    page = content(
        as_user(screener).post(
            ADD_SIGNAL, {"signal": str(second.uuid), "dossier": dossier.reference}
        )
    )
    assert "Deze persoon kan er niet bij." in page
    assert not DossierSignal.objects.filter(dossier=dossier, signal=second).exists()
    assert not dossier.events.filter(kind="signal_added").exists()


def test_adding_a_signal_brings_its_confirmed_persons_in_one_service(
    screener, dossier, school_worker
):
    from signals.services import dossier_add_signal_with_persons

    second = enter_signal(
        school_worker,
        persons=[
            PersonInput(role="victim", name="Fictief Meisje", aliases=["fm_2010"]),
            PersonInput(role="perpetrator", name="Fictieve Jongen", aliases=[]),
        ],
    )
    victim, perpetrator = second.persons.order_by("pk")
    person_create_from_mention(mention=victim, actor=screener)
    person_create_from_mention(mention=perpetrator, actor=screener)
    before = set(dossier.persons.values_list("pk", flat=True))

    assert dossier_add_signal_with_persons(
        dossier=dossier, signal=second, actor=screener
    )
    assert second in dossier.signals.all()
    victim.refresh_from_db()
    perpetrator.refresh_from_db()
    assert set(dossier.persons.values_list("pk", flat=True)) == before | {
        victim.person_id,
        perpetrator.person_id,
    }
    events = dossier.events.count()
    # Once in, adding it again changes nothing.
    assert not dossier_add_signal_with_persons(
        dossier=dossier, signal=second, actor=screener
    )
    assert dossier.events.count() == events


def test_the_dossier_views_hold_no_queryset_and_no_transaction():
    """Thin views: reads through selectors, writes (and their units) through
    services."""
    import inspect

    source = inspect.getsource(dossier_views)
    assert ".objects." not in source
    assert "transaction" not in source


def test_a_signal_the_reader_may_not_read_is_left_out_of_the_dossier(
    as_user, ketenregisseur, dossier, school_signal, monkeypatch
):
    from signals.selectors import contents as signal_selectors

    signal_link = reverse("signals:detail", kwargs={"uuid": school_signal.uuid})
    page = content(as_user(ketenregisseur).get(url("detail", dossier)))
    assert signal_link in page
    # The list follows the signal rule, whatever that rule becomes; a signal
    # outside it is not even named (tipping off).
    monkeypatch.setattr(
        signal_selectors, "signal_list_visible_to", lambda user: Signal.objects.none()
    )
    page = content(as_user(ketenregisseur).get(url("detail", dossier)))
    assert school_signal.reference not in page
    assert signal_link not in page


# --- detail: turning 18 --------------------------------------------------------------


def born_turning_18_on(day: datetime.date) -> datetime.date:
    """A date of birth whose 18th birthday is ``day`` (a leap day moves one on)."""
    if (day.month, day.day) == (2, 29):
        day += datetime.timedelta(days=1)
    return day.replace(year=day.year - 18)


def test_the_dossier_warns_about_an_18th_birthday_while_it_is_open(
    as_user, screener, dossier
):
    from signals.models import Person
    from signals.services import dossier_add_person

    today = timezone.localdate()
    Dossier.objects.filter(pk=dossier.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=20)
    )
    turned = Person.objects.create(
        name="Fictief Achttien",
        date_of_birth=born_turning_18_on(today - datetime.timedelta(days=5)),
    )
    before = Person.objects.create(
        name="Fictief Eerder",
        date_of_birth=born_turning_18_on(today - datetime.timedelta(days=40)),
    )
    soon = Person.objects.create(
        name="Fictief Bijna",
        date_of_birth=born_turning_18_on(today + datetime.timedelta(days=30)),
    )
    for person in (turned, before, soon):
        dossier_add_person(
            dossier=dossier, person=person, role="victim", actor=screener
        )
    client = as_user(screener)

    page = content(client.get(url("detail", dossier)))
    warning = re.search(
        r'data-testid="turned-18" data-person="(\d+)">(.*?)</div>', page, re.S
    )
    assert warning is not None and warning[1] == str(turned.pk)
    assert (
        "Is 18 geworden terwijl dit dossier openstaat: minderjarigenroute eindigt"
        in warning[2]
    )
    assert "Fictief Achttien" in warning[2]
    assert page.count('data-testid="turned-18"') == 1  # not who was 18 before
    soon_warning = re.search(
        r'data-testid="turns-18-soon" data-person="(\d+)">(.*?)</div>', page, re.S
    )
    assert soon_warning is not None and soon_warning[1] == str(soon.pk)
    assert "Wordt binnenkort 18: plan de overgang naar volwassenenzorg" in page
    assert page.count('data-testid="turns-18-soon"') == 1
    # The roles are shown by their Dutch label.
    assert "Mogelijk slachtoffer" in page

    dossier_set_status(dossier=dossier, status=DossierStatus.AFGESLOTEN, actor=screener)
    page = content(client.get(url("detail", dossier)))
    assert "Fictief Achttien" in page
    assert 'data-testid="turned-18"' not in page
    assert 'data-testid="turns-18-soon"' not in page
    assert "minderjarigenroute eindigt" not in page
