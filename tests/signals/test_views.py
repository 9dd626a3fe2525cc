"""Entering, listing and reading signals through the HTML pages."""

from __future__ import annotations

import datetime
import html
import re
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from audit.constants import Action
from audit.models import AuditEvent
from partners.constants import Role
from signals.constants import Kind, Source, Status, SubjectRole
from signals.models import Signal, SignalPerson
from signals.services import PersonInput, SignalInput, signal_create
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

CREATE = reverse("signals:create")
LIST = reverse("signals:list")
HOUR = datetime.timedelta(hours=1)
DAY = datetime.timedelta(days=1)


def detail_url(signal: Signal) -> str:
    return reverse("signals:detail", kwargs={"uuid": signal.uuid})


def local(moment: datetime.datetime) -> str:
    """As a datetime-local input sends it."""
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def person_fields(index: int, **values: str) -> dict[str, str]:
    blank = dict.fromkeys(
        [
            "role",
            "name",
            "aliases",
            "date_of_birth",
            "estimated_age",
            "gender",
            "municipality",
        ],
        "",
    )
    return {
        f"persons-{index}-{key}": value for key, value in {**blank, **values}.items()
    }


def post_data(*persons: dict[str, str], **overrides: Any) -> dict[str, Any]:
    """A valid form as the browser sends it; each person is a dict of its fields."""
    data: dict[str, Any] = {
        "observed_at": local(timezone.now() - DAY),
        "description": "Leerling stapt na school in een dure auto bij een oudere man.",
        "relevance": "Herhaaldelijk gezien, spijbelt sindsdien.",
        "non_verbal": "Schrok en keek weg toen de mentor het vroeg.",
        "subject_role": SubjectRole.VICTIM,
        "kind": Kind.REGULAR,
        "source": Source.EDUCATION,
        "keywords": "dure auto, station,  Oudere vriend ",
        "indicators": [],
        "passed_on_to": [],
        "reporter_name": "",
        "reporter_organisation": "",
        "reporter_phone": "",
        "reporter_email": "",
        "persons-TOTAL_FORMS": str(len(persons)),
        "persons-INITIAL_FORMS": "0",
        "persons-MIN_NUM_FORMS": "0",
        "persons-MAX_NUM_FORMS": "20",
    }
    for index, person in enumerate(persons):
        data.update(person_fields(index, **person))
    data.update(overrides)
    return data


def enter(user, **overrides: Any) -> Signal:
    """A signal entered through the service, as the form would."""
    values: dict[str, Any] = {
        "observed_at": timezone.now() - HOUR,
        "description": "Fictieve waarneming.",
        "subject_role": SubjectRole.VICTIM,
        "kind": Kind.REGULAR,
        "source": Source.EDUCATION,
        **overrides,
    }
    return signal_create(user=user, data=SignalInput(**values))


def page(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def without_csrf_token(response) -> str:
    """The page minus the one thing that differs per request."""
    content = response.content.decode()
    content = re.sub(r'"X-CSRFToken": "[^"]*"', "", content)
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", content)


def error_next_to(content: str, field_id: str, message: str) -> bool:
    return f'id="{field_id}_error">{html.escape(message)}</div>' in content


@pytest.fixture
def school_signal(school_worker) -> Signal:
    return enter(
        school_worker,
        description="Signaal van de school",
        reporter_name="Fictieve Ouder",
        reporter_phone="0600000000",
        reporter_email="ouder@example.org",
    )


# --- entry -----------------------------------------------------------------------


def test_the_school_worker_enters_a_full_signal_with_two_persons(
    region, school_worker, as_user
):
    client = as_user(school_worker)
    victim = {
        "role": "victim",
        "name": "Fictief Meisje",
        "aliases": "meisje_demo, @demo.meisje",
        "date_of_birth": "2011-03-04",
        "gender": "f",
        "municipality": "Demostad",
    }
    perpetrator = {"role": "perpetrator", "aliases": "Demo-Dave", "estimated_age": "24"}
    data = post_data(
        victim,
        perpetrator,
        indicators=["uiterlijk.uitdagend", "gedrag.opgehaald_gebracht"],
        passed_on_to=["politie", "welzijn"],
        reporter_name="Fictieve Ouder",
        reporter_organisation="Ouderraad",
        reporter_phone="0600000000",
        reporter_email="ouder@example.org",
    )

    response = client.post(CREATE, data)

    signal = Signal.objects.get()
    assert response.status_code == 302
    assert response["Location"] == detail_url(signal)
    assert signal.organisation == region.school
    assert signal.created_by == school_worker
    assert signal.kind == Kind.REGULAR and signal.subject_role == SubjectRole.VICTIM
    assert signal.keywords == ["dure auto", "station", "oudere vriend"]
    assert {i.code for i in signal.indicators.all()} == {
        "uiterlijk.uitdagend",
        "gedrag.opgehaald_gebracht",
    }
    assert {o.slug for o in signal.passed_on_to.all()} == {"politie", "welzijn"}
    assert signal.reporter_phone == "0600000000"
    persons = list(signal.persons.order_by("id"))
    assert [p.role for p in persons] == ["victim", "perpetrator"]
    assert persons[0].name == "Fictief Meisje"
    assert persons[0].aliases == ["meisje_demo", "@demo.meisje"]
    assert persons[0].date_of_birth == datetime.date(2011, 3, 4)
    assert persons[1].estimated_age == 24 and persons[1].name == ""
    created = AuditEvent.objects.get(action=Action.CREATE)
    assert (created.object_type, created.object_id) == (
        "signals.signal",
        str(signal.pk),
    )
    assert created.actor_id == school_worker.pk

    shown = page(client.get(response["Location"]))
    assert f"Het signaal is opgeslagen onder referentie {signal.reference}." in shown
    assert f"Signaal {signal.reference}" in shown
    assert "Fictief Meisje" in shown and "Demo-Dave" in shown
    assert "Uiterlijke en fysieke gesteldheid" in shown
    assert "Politie Eenheid Demoland" in shown
    assert "0600000000" in shown


def test_the_form_shows_every_field_of_a_signal_in_dutch(
    region, school_worker, as_user
):
    content = page(as_user(school_worker).get(CREATE))
    for label in [
        "Waargenomen op",
        "Gebeurtenis",
        "Relevantie",
        "Non-verbale uitingen",
        "Over wie gaat het signaal?",
        "Soort signaal",
        "Bron",
        "Steekwoorden",
        "Indicatoren",
        "Al doorgegeven aan",
        "De melder wil anoniem blijven",
        "Naam melder",
        "Telefoon melder",
        "E-mail melder",
        "Betrokken personen",
        "Geschatte leeftijd",
        "Extra persoon",
    ]:
        assert label in content, label
    assert 'type="datetime-local"' in content
    # Kinds are explained; indicators are grouped; the school is not its own partner.
    assert "bilateraal" in content and "Een verschijnsel, niet een persoon" in content
    assert "Gedragssignalen op seksueel gebied</legend>" in content
    assert "Loverboy-checklist (mogelijke dader)</legend>" in content
    assert 'value="politie"' in content and 'value="school"' not in content


def test_the_extra_person_button_adds_a_person_form_without_javascript(
    region, school_worker, as_user
):
    data = post_data({"role": "victim", "name": "Fictief Meisje"}, description="")
    data["extra_persoon"] = "1"

    content = page(as_user(school_worker).post(CREATE, data))

    assert 'name="persons-TOTAL_FORMS" value="2"' in content
    assert 'name="persons-1-role"' in content
    assert 'value="Fictief Meisje"' in content
    # Half-typed input is kept and not yet judged; nothing is stored.
    assert "Beschrijf wat er is gebeurd." not in content
    assert Signal.objects.count() == 0


def test_the_extra_person_button_stops_at_the_limit(region, school_worker, as_user):
    data = post_data(*[{} for _ in range(20)])
    data["extra_persoon"] = "1"

    content = page(as_user(school_worker).post(CREATE, data))

    assert 'name="persons-TOTAL_FORMS" value="20"' in content
    assert "Er kunnen hooguit 20 personen bij één signaal." in content


def test_person_forms_left_empty_are_ignored(region, school_worker, as_user):
    data = post_data({}, {"role": "network", "name": "Fictieve Vriendin"}, {})

    response = as_user(school_worker).post(CREATE, data)

    assert response.status_code == 302
    assert list(SignalPerson.objects.values_list("name", flat=True)) == [
        "Fictieve Vriendin"
    ]


def test_a_signal_without_persons_is_fine(region, school_worker, as_user):
    response = as_user(school_worker).post(CREATE, post_data(kind=Kind.TREND))

    assert response.status_code == 302
    assert Signal.objects.get().persons.count() == 0


FUTURE = timezone.now() + 2 * DAY
NOT_HERE = {"role": "victim", "name": "Fictief Meisje"}


@pytest.mark.parametrize(
    ("persons", "overrides", "field_id", "message"),
    [
        pytest.param(
            [],
            {"observed_at": local(FUTURE)},
            "id_observed_at",
            "Het tijdstip van waarneming ligt in de toekomst.",
            id="observed-in-the-future",
        ),
        pytest.param(
            [],
            {"observed_at": "gisteren"},
            "id_observed_at",
            "Voer een geldige datum/tijd in.",
            id="observed-not-a-date",
        ),
        pytest.param(
            [],
            {"description": "   "},
            "id_description",
            "Beschrijf wat er is gebeurd.",
            id="empty-description",
        ),
        pytest.param(
            [],
            {"description": "Zag iets\x00vreemds"},
            "id_description",
            "Deze tekst bevat een teken dat niet is toegestaan "
            "(stuurteken of tekenrichting-teken).",
            id="nul-in-description",
        ),
        pytest.param(
            [],
            {"relevance": "belletje\x07"},
            "id_relevance",
            "Deze tekst bevat een teken dat niet is toegestaan "
            "(stuurteken of tekenrichting-teken).",
            id="control-character-in-relevance",
        ),
        pytest.param(
            [],
            {"indicators": ["bestaat.niet"]},
            "id_indicators",
            "Selecteer een geldige keuze. bestaat.niet is geen beschikbare keuze.",
            id="unknown-indicator",
        ),
        pytest.param(
            [NOT_HERE],
            {"kind": Kind.TREND},
            "id_persons",
            "Een trendsignaal gaat over een verschijnsel, niet over personen.",
            id="trend-with-a-person",
        ),
        pytest.param(
            [{"role": "perpetrator", "estimated_age": "150"}],
            {},
            "id_persons-0-estimated_age",
            "De geschatte leeftijd ligt tussen 0 en 120 jaar.",
            id="age-150",
        ),
        pytest.param(
            # The service counts filled-in persons only: its persons.1 is form 2.
            [
                {},
                NOT_HERE,
                {"role": "victim", "date_of_birth": FUTURE.date().isoformat()},
            ],
            {},
            "id_persons-2-date_of_birth",
            "De geboortedatum ligt in de toekomst.",
            id="born-in-the-future",
        ),
        pytest.param(
            [{"name": "Zonder rol"}],
            {},
            "id_persons-0-role",
            "Kies een rol.",
            id="person-without-role",
        ),
        pytest.param(
            [],
            {"reporter_anonymous": "on", "reporter_name": "Fictieve Ouder"},
            "id_reporter_anonymous",
            "Een anonieme melding bevat geen naam, telefoonnummer of e-mailadres.",
            id="anonymous-with-a-name",
        ),
    ],
)
def test_bad_input_is_shown_in_dutch_next_to_its_field_and_nothing_is_stored(
    region, school_worker, as_user, persons, overrides, field_id, message
):
    content = page(
        as_user(school_worker).post(CREATE, post_data(*persons, **overrides))
    )

    assert error_next_to(content, field_id, message), message
    assert "Er is een probleem" in content
    assert Signal.objects.count() == 0
    assert SignalPerson.objects.count() == 0
    assert not AuditEvent.objects.filter(action=Action.CREATE).exists()


def test_only_partner_staff_with_a_convenant_may_enter_signals(
    region, outsider, beheerder, as_user
):
    contact = UserFactory(
        username="carla.contact", organisation=region.om, roles=[Role.CONTACTPERSOON]
    )
    for user in (contact, outsider, beheerder):
        client = as_user(user)
        assert client.get(CREATE).status_code == 403
        assert client.post(CREATE, post_data()).status_code == 403
    assert Signal.objects.count() == 0
    # The contact person may list, but is offered no button to enter a signal.
    assert "Nieuw signaal" not in page(as_user(contact).get(LIST))


# --- rendering -------------------------------------------------------------------


def test_html_in_a_signal_is_shown_as_text(region, school_worker, as_user):
    signal = enter(
        school_worker,
        description='<script>alert("x")</script>\n<b>vet</b>',
        keywords=["<img src=x onerror=alert(1)>"],
        persons=[PersonInput(role="victim", name="<i>Fictief</i>")],
    )

    content = page(as_user(school_worker).get(detail_url(signal)))

    assert (
        "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;<br>&lt;b&gt;vet&lt;/b&gt;"
        in (content)
    )
    assert "&lt;img src=x onerror=alert(1)&gt;" in content
    assert "&lt;i&gt;Fictief&lt;/i&gt;" in content
    assert "<script>alert" not in content
    assert "<b>vet" not in content and "<i>Fictief" not in content


def test_the_detail_page_shows_indicators_by_group_and_the_partners_passed_on_to(
    region, school_worker, as_user
):
    signal = enter(
        school_worker,
        indicator_codes=["uiterlijk.uitdagend"],
        passed_on_to=["politie"],
        kind=Kind.URGENT,
    )

    content = page(as_user(school_worker).get(detail_url(signal)))

    assert "Uiterlijke en fysieke gesteldheid" in content
    assert 'data-indicator="uiterlijk.uitdagend"' in content
    assert "Politie Eenheid Demoland" in content
    assert "Urgent signaal" in content
    assert "Fictief College" in content


# --- access ----------------------------------------------------------------------


def test_the_police_officer_neither_finds_nor_opens_the_schools_signal(
    school_signal, police_officer, as_user
):
    client = as_user(police_officer)

    assert client.get(detail_url(school_signal)).status_code == 404
    assert school_signal.reference not in page(client.get(LIST))


def test_the_screener_sees_the_schools_signal_with_its_reporter(
    school_signal, screener, as_user
):
    client = as_user(screener)

    assert school_signal.reference in page(client.get(LIST))
    content = page(client.get(detail_url(school_signal)))
    assert "Signaal van de school" in content
    assert "Fictieve Ouder" in content and "ouder@example.org" in content


def test_the_outsider_sees_nothing(school_signal, outsider, as_user):
    client = as_user(outsider)

    # Without a convenant the principal holds no signal permission at all.
    response = client.get(LIST)
    assert response.status_code == 403
    assert school_signal.reference not in response.content.decode()
    assert client.get(detail_url(school_signal)).status_code == 404


def test_out_of_scope_looks_exactly_like_missing(
    school_signal, police_officer, as_user
):
    client = as_user(police_officer)
    missing = reverse(
        "signals:detail", kwargs={"uuid": "00000000-0000-4000-8000-000000000000"}
    )

    hidden, absent = client.get(detail_url(school_signal)), client.get(missing)

    assert hidden.status_code == absent.status_code == 404
    assert without_csrf_token(hidden) == without_csrf_token(absent)


def test_the_ketenregisseur_reads_a_trend_but_not_who_reported_it(
    region, school_worker, ketenregisseur, as_user
):
    trend = enter(
        school_worker,
        kind=Kind.TREND,
        subject_role=SubjectRole.UNKNOWN,
        description="Nieuwe groep jongens rond het station",
        reporter_name="Fictieve Buurtvader",
        reporter_phone="0611111111",
    )
    regular = enter(school_worker, description="Regulier")
    client = as_user(ketenregisseur)

    listing = page(client.get(LIST))
    assert trend.reference in listing and regular.reference not in listing
    content = page(client.get(detail_url(trend)))
    assert "Nieuwe groep jongens rond het station" in content
    assert "Fictieve Buurtvader" not in content and "0611111111" not in content
    assert 'data-testid="reporter-hidden"' in content
    assert client.get(detail_url(regular)).status_code == 404


def test_only_users_who_may_read_signals_get_the_list(region, beheerder, as_user):
    assert as_user(beheerder).get(LIST).status_code == 403


# --- list ------------------------------------------------------------------------


def test_the_list_shows_the_columns_newest_first_and_marks_a_trend(
    region, school_worker, as_user
):
    older = enter(school_worker, source=Source.BYSTANDER)
    trend = enter(school_worker, kind=Kind.TREND, subject_role=SubjectRole.UNKNOWN)

    content = page(as_user(school_worker).get(LIST))

    for header in ["Referentie", "Ontvangen", "Soort", "Over wie", "Bron", "Eigenaar"]:
        assert f'scope="col">{header}</th>' in content
    assert content.index(trend.reference) < content.index(older.reference)
    row = content[content.index(f'data-signal="{trend.reference}"') :]
    row = row[: row.index("</tr>")]
    assert 'data-kind="trend"' in row and "app-kind--trend" in row and "Trend" in row
    assert "Omstanders" in content and "Fictief College" in content
    assert str(Status.RECEIVED.label) in content
    assert "Nieuw signaal" in content


def test_the_list_is_paginated_by_fifty(region, school_worker, as_user):
    signals = [enter(school_worker) for _ in range(51)]
    client = as_user(school_worker)

    first = client.get(LIST)
    second = client.get(LIST, {"pagina": 2})

    assert len(first.context["page_obj"].object_list) == 50
    assert [s.pk for s in second.context["page_obj"].object_list] == [signals[0].pk]
    assert "Pagina 1 van 2" in page(first)


def test_the_list_and_the_detail_are_audited(school_signal, screener, as_user):
    client = as_user(screener)

    client.get(LIST)
    listed = AuditEvent.objects.get(action=Action.LIST)
    assert listed.object_type == "signals.signal"
    assert listed.actor_id == screener.pk
    assert "Signaal van de school" not in listed.reason
    assert "Fictieve Ouder" not in listed.reason

    client.get(detail_url(school_signal))
    read = AuditEvent.objects.get(action=Action.READ)
    assert (read.object_type, read.object_id) == (
        "signals.signal",
        str(school_signal.pk),
    )


def test_a_refused_detail_is_not_audited_as_a_read(
    school_signal, police_officer, as_user
):
    as_user(police_officer).get(detail_url(school_signal))

    assert not AuditEvent.objects.filter(action=Action.READ).exists()


def test_the_list_costs_the_same_number_of_queries_for_10_or_40_signals(
    region, school_worker, screener, as_user
):
    client = as_user(screener)
    for _ in range(10):
        enter(school_worker, persons=[PersonInput(role="victim")])
    client.get(LIST)  # warm caches that are per process, not per row

    with CaptureQueriesContext(connection) as ten:
        assert client.get(LIST).status_code == 200
    for _ in range(30):
        enter(school_worker, persons=[PersonInput(role="victim")])
    with CaptureQueriesContext(connection) as forty:
        response = client.get(LIST)

    assert len(response.context["page_obj"].object_list) == 40
    assert len(forty.captured_queries) == len(ten.captured_queries)


def listed(content: str) -> set[str]:
    return set(re.findall(r'data-signal="(SIG-\d{4}-\d{6})"', content))


def test_the_list_filters_by_kind_and_ignores_an_unknown_one(
    region, school_worker, as_user
):
    regular = enter(school_worker)
    urgent = enter(school_worker, kind=Kind.URGENT)
    trend = enter(school_worker, kind=Kind.TREND, subject_role=SubjectRole.UNKNOWN)
    client = as_user(school_worker)

    trends = page(client.get(LIST, {"soort": "trend"}))
    assert listed(trends) == {trend.reference}
    assert '<option value="trend" selected>' in trends
    assert listed(page(client.get(LIST, {"soort": "urgent"}))) == {urgent.reference}
    assert listed(page(client.get(LIST, {"soort": "regular"}))) == {regular.reference}
    everything = {regular.reference, urgent.reference, trend.reference}
    for ignored in ("", "alles", "trend' OR 1=1", "TREND"):
        content = page(client.get(LIST, {"soort": ignored}))
        assert listed(content) == everything, ignored
        assert '<option value="" selected>' in content
    assert AuditEvent.objects.filter(
        action=Action.LIST, reason="signalenlijst, pagina 1, soort trend"
    ).exists()


def test_the_kind_filter_stays_inside_the_users_scope(
    region, school_worker, police_officer, as_user
):
    enter(police_officer, kind=Kind.TREND, subject_role=SubjectRole.UNKNOWN)
    own = enter(school_worker, kind=Kind.TREND, subject_role=SubjectRole.UNKNOWN)
    content = page(as_user(school_worker).get(LIST, {"soort": "trend"}))
    assert listed(content) == {own.reference}


def test_the_ketenregisseur_finds_the_trend_list_in_the_menu(
    region, school_worker, ketenregisseur, as_user
):
    trend = enter(school_worker, kind=Kind.TREND, subject_role=SubjectRole.UNKNOWN)
    content = page(as_user(ketenregisseur).get(reverse("home")))
    assert f'href="{LIST}?soort=trend">Trendlijst</a>' in content
    assert listed(page(as_user(ketenregisseur).get(LIST, {"soort": "trend"}))) == {
        trend.reference
    }
    # The list page offers it to everyone; the menu only to who reads all trends.
    content = page(as_user(school_worker).get(LIST))
    assert 'href="?soort=trend" data-testid="trend-list">Trendlijst</a>' in content
    assert f'href="{LIST}?soort=trend">Trendlijst</a>' not in content


def test_the_kind_filter_is_kept_from_page_to_page(region, school_worker, as_user):
    for _ in range(51):
        enter(school_worker, kind=Kind.TREND, subject_role=SubjectRole.UNKNOWN)
    enter(school_worker)
    content = page(as_user(school_worker).get(LIST, {"soort": "trend"}))
    assert 'href="?soort=trend&amp;pagina=2" rel="next"' in content
    second = page(as_user(school_worker).get(LIST, {"soort": "trend", "pagina": 2}))
    assert len(listed(second)) == 1


# --- Django admin ----------------------------------------------------------------


def test_the_admin_shows_a_signal_read_only_without_its_reporter(
    school_signal, screener, police_officer, as_user
):
    for user in (screener, police_officer):
        user.is_staff = True
        user.save()
    change = reverse("admin:signals_signal_change", args=[school_signal.pk])
    changelist = reverse("admin:signals_signal_changelist")

    content = page(as_user(screener).get(change))
    assert "Signaal van de school" in content
    assert "Fictieve Ouder" not in content and "0600000000" not in content
    assert 'name="description"' not in content  # read-only: no input
    assert AuditEvent.objects.filter(
        action=Action.READ, object_id=str(school_signal.pk)
    ).exists()
    # Staff status is no need to know: the police officer's admin is scoped too.
    police = as_user(police_officer)
    assert school_signal.reference not in page(police.get(changelist))
    assert police.get(change).status_code == 302  # "does not exist", back to list
    assert AuditEvent.objects.filter(action=Action.LIST, actor_id=police_officer.pk)
