"""The dossier page as a reader meets it: sections with an in-page navigation,
actions that open their form where the user is, what "ready" means, what a
withheld answer looks like, and the order of its signals (issue "Ready for the
people who use it", items 4, 9, 13 and 16)."""

from __future__ import annotations

import datetime
import re

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

import signals.views.dossier as dossier_views
from audit.models import AuditEvent
from signals.constants import DossierStatus, Sharing
from signals.models import Dossier
from signals.selectors import dossier_ready_for_casusoverleg
from signals.services import (
    dossier_add_signal,
    dossier_create,
    dossier_invite,
    dossier_set_casemanager,
    dossier_set_status,
    enrichment_answer,
    enrichment_ask,
    mention_confirm,
)
from tests.signals import test_dossier_views
from tests.signals.test_dossier_views import content, enter_signal, url

pytestmark = pytest.mark.django_db

# The fixtures of the dossier view tests: a school signal in a screener's dossier.
school_signal = test_dossier_views.school_signal
dossier = test_dossier_views.dossier

SECTIONS = ["overzicht", "signalen", "personen", "veredelen", "deelnemers", "tijdlijn"]


def action(page: str, name: str) -> str:
    """The opening tag of the disclosure holding the action ``name``."""
    match = re.search(rf'<details class="app-action" data-action="{name}"[^>]*>', page)
    assert match, name
    return match.group(0)


# --- item 13: sections and actions -------------------------------------------------


def test_the_page_has_sections_with_an_in_page_navigation(as_user, screener, dossier):
    page = content(as_user(screener).get(url("detail", dossier)))
    nav = re.search(r'data-testid="section-nav">(.*?)</nav>', page, re.S)
    assert nav is not None
    assert re.findall(r'href="#([a-z]+)"', nav[1]) == SECTIONS
    for section in SECTIONS:
        assert f'<section class="app-dossier-section" id="{section}"' in page


def test_every_action_is_a_closed_disclosure_until_the_user_opens_it(
    as_user, screener, dossier
):
    page = content(as_user(screener).get(url("detail", dossier)))
    for name in ["status", "casemanager", "ask", "invite"]:
        assert " open" not in action(page, name)
    # The form sits inside its disclosure, in its own section.
    veredelen = page.split('id="veredelen"')[1].split("</section>")[0]
    assert f'action="{url("ask", dossier)}"' in veredelen
    assert "<summary" in veredelen and "Vraag uitzetten</summary>" in veredelen


def test_an_empty_question_comes_back_open_with_the_error_summary_in_it(
    as_user, screener, dossier
):
    response = as_user(screener).post(url("ask", dossier), {})
    page = content(response)
    assert "open" in action(page, "ask")
    for name in ["status", "casemanager", "invite"]:
        assert " open" not in action(page, name)
    opened = page.split('data-action="ask"')[1].split("</details>")[0]
    assert "data-error-summary" in opened and "autofocus" in opened
    assert '<a class="utrecht-link" href="#ask_organisations_0">' in opened
    assert re.search(r"<title>Fout: ", page)


def test_a_reader_without_change_rights_gets_no_actions(
    as_user, police_officer, dossier, region, screener
):
    dossier_invite(dossier=dossier, organisation=region.politie, actor=screener)
    page = content(as_user(police_officer).get(url("detail", dossier)))
    assert 'class="app-action"' not in page
    assert 'data-testid="section-nav"' in page


# --- item 4: ready means enrichment took place -------------------------------------


def test_a_dossier_nobody_was_asked_about_is_not_yet_enriched(
    as_user, screener, dossier
):
    assert not dossier_ready_for_casusoverleg(dossier=dossier)
    page = content(as_user(screener).get(url("detail", dossier)))
    assert 'data-ready="false"' in page
    assert "Nog niet veredeld" in page
    assert "Klaar voor het casusoverleg" not in page


def test_a_dossier_is_ready_once_every_asked_partner_responded(
    screener, dossier, region, police_contact
):
    (question,) = enrichment_ask(
        dossier=dossier,
        organisations=[region.politie],
        reason="r",
        question="q",
        actor=screener,
    )
    assert not dossier_ready_for_casusoverleg(dossier=dossier)
    enrichment_answer(request=question, actor=police_contact, no_information=True)
    assert dossier_ready_for_casusoverleg(dossier=dossier)


# --- item 9: a withheld answer does not tip off ------------------------------------


@pytest.fixture
def handled_questions(screener, dossier, region, police_contact, youth_care_contact):
    """The police answers for the screening team only; youth care has nothing."""
    police, youth_care = enrichment_ask(
        dossier=dossier,
        organisations=[region.politie, region.jeugdzorg],
        reason="Meerdere signalen.",
        question="Bekend?",
        actor=screener,
    )
    enrichment_answer(
        request=police,
        actor=police_contact,
        answer="Lopend onderzoek (fictief).",
        sharing=Sharing.SELECTED,
    )
    enrichment_answer(request=youth_care, actor=youth_care_contact, no_information=True)
    return police, youth_care


def _veredelen(page: str) -> str:
    return page.split('id="veredelen"')[1].split("</section>")[0]


def _timeline(page: str) -> str:
    return page.split('data-testid="timeline"')[1].split("</ol>")[0]


def test_a_withheld_answer_and_no_information_look_the_same_to_another_participant(
    as_user, school_worker, dossier, handled_questions, region, screener
):
    dossier_invite(dossier=dossier, organisation=region.school, actor=screener)
    page = content(as_user(school_worker).get(url("detail", dossier)))
    veredelen = _veredelen(page)
    rows = re.findall(
        r'<tr class="utrecht-table__row" data-enrichment="(\w+)" data-status="(\w+)">'
        r".*?</tr>",
        veredelen,
        re.S,
    )
    assert sorted(rows) == [("jeugdzorg", "handled"), ("politie", "handled")]
    assert veredelen.count('<td class="utrecht-table__cell">Afgehandeld</td>') == 2
    for tell in ["Geen informatie", "Beantwoord", "niet met uw organisatie gedeeld"]:
        assert tell not in page
    timeline = _timeline(page)
    assert timeline.count("Vraag afgehandeld") == 2
    assert "Lopend onderzoek" not in page


def test_the_screener_and_the_answering_organisation_see_what_happened(
    as_user, screener, police_contact, dossier, handled_questions
):
    page = content(as_user(screener).get(url("detail", dossier)))
    assert "Lopend onderzoek (fictief)." in _veredelen(page)
    assert "Geen informatie beschikbaar" in _veredelen(page)
    assert "Afgehandeld" not in _veredelen(page)
    assert "Vraag beantwoord: Geen informatie beschikbaar" in _timeline(page)


def test_an_answer_shared_with_every_participant_still_reads_as_answered(
    as_user, school_worker, screener, dossier, region, police_contact
):
    (question,) = enrichment_ask(
        dossier=dossier,
        organisations=[region.politie],
        reason="r",
        question="q",
        actor=screener,
    )
    enrichment_answer(
        request=question, actor=police_contact, answer="Bekend (fictief)."
    )
    dossier_invite(dossier=dossier, organisation=region.school, actor=screener)
    page = content(as_user(school_worker).get(url("detail", dossier)))
    assert 'data-status="answered"' in _veredelen(page)
    assert "Bekend (fictief)." in _veredelen(page)


# --- item 16: small ones ------------------------------------------------------------


def test_the_signal_table_is_sorted_by_the_observation_date_it_shows(
    as_user, screener, school_worker, dossier, school_signal
):
    now = timezone.now()
    # Received later, observed earlier: it goes below the signal observed last.
    older_observation = enter_signal(
        school_worker, observed_at=now - datetime.timedelta(days=20)
    )
    dossier_add_signal(dossier=dossier, signal=older_observation, actor=screener)
    page = content(as_user(screener).get(url("detail", dossier)))
    order = re.findall(r'data-signal="(SIG-[\w-]+)"', page)
    assert order == [school_signal.reference, older_observation.reference]


def test_an_age_reads_without_a_space_before_the_comma(
    as_user, screener, dossier, school_signal
):
    page = content(
        as_user(screener).get(
            reverse("dossiers:signal-persons", kwargs={"uuid": school_signal.uuid})
        )
    )
    confirmed = re.search(r'data-testid="confirmed-person">(.*?)</p>', page, re.S)
    assert confirmed is not None
    assert re.search(r"\d+ jaar, minderjarig", confirmed[1]), confirmed[1]


# --- item 11: the dossier list filters, searches and sorts ---------------------------

LIST = reverse("dossiers:list")


def listed(page: str) -> list[str]:
    return re.findall(r'data-dossier="(DOS-\d{4}-\d{6})"', page)


@pytest.fixture
def three_dossiers(screener, school_signal, region):
    """Weighed with a casemanager; asked with an open question; untouched."""
    weighed = dossier_create(actor=screener, signals=[school_signal])
    dossier_set_casemanager(dossier=weighed, casemanager=screener, actor=screener)
    dossier_set_status(dossier=weighed, status=DossierStatus.WEGING, actor=screener)
    asked = dossier_create(actor=screener, signals=[school_signal])
    enrichment_ask(
        dossier=asked,
        organisations=[region.politie],
        reason="r",
        question="q",
        actor=screener,
    )
    untouched = dossier_create(actor=screener, signals=[school_signal])
    Dossier.objects.filter(pk=untouched.pk).update(
        updated_at=timezone.now() - datetime.timedelta(days=60)
    )
    return weighed, asked, untouched


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, ["asked", "weighed", "untouched"]),
        ({"status": DossierStatus.WEGING}, ["weighed"]),
        ({"casemanager": "ik"}, ["weighed"]),
        ({"casemanager": "geen"}, ["asked", "untouched"]),
        ({"open": "ja"}, ["asked"]),
        ({"open": "nee"}, ["weighed", "untouched"]),
        ({"bijgewerkt": "30"}, ["asked", "weighed"]),
        ({"q": "sam screener"}, ["weighed"]),
        ({"volgorde": "oudst"}, ["untouched", "weighed", "asked"]),
        ({"volgorde": "open", "open": "ja"}, ["asked"]),
        ({"status": "nonsense"}, ["asked", "weighed", "untouched"]),
    ],
)
def test_the_list_filters_and_sorts_in_sql(
    as_user, screener, three_dossiers, query, expected
):
    weighed, asked, untouched = three_dossiers
    names = {"weighed": weighed, "asked": asked, "untouched": untouched}
    page = content(as_user(screener).get(LIST, query))
    assert listed(page) == [names[n].reference for n in expected]
    assert f"{len(expected)} dossier" in page


def test_a_reference_finds_its_dossier_and_the_filters_stay_in_the_paging_links(
    as_user, screener, three_dossiers, monkeypatch
):
    weighed, asked, untouched = three_dossiers
    page = content(as_user(screener).get(LIST, {"q": asked.reference.lower()}))
    assert listed(page) == [asked.reference]
    monkeypatch.setattr(dossier_views, "PAGE_SIZE", 1)
    page = content(as_user(screener).get(LIST, {"casemanager": "geen"}))
    assert listed(page) == [asked.reference]
    assert 'href="?casemanager=geen&amp;pagina=2" rel="next"' in page
    # The form shows the filter it applied.
    assert '<option value="geen" selected>' in page


def test_the_filtered_count_is_capped_too(
    as_user, screener, three_dossiers, monkeypatch
):
    monkeypatch.setattr(dossier_views, "COUNT_CAP", 1)
    page = content(as_user(screener).get(LIST, {"casemanager": "geen"}))
    assert "Meer dan 1 dossiers." in page


def test_a_partner_filters_only_its_own_scope(
    as_user, police_officer, screener, three_dossiers, region
):
    weighed, asked, untouched = three_dossiers
    dossier_invite(dossier=weighed, organisation=region.politie, actor=screener)
    page = content(as_user(police_officer).get(LIST, {"casemanager": "ik"}))
    assert listed(page) == []
    page = content(as_user(police_officer).get(LIST, {"q": asked.reference}))
    assert listed(page) == []  # asked, not invited: out of scope
    page = content(as_user(police_officer).get(LIST, {"status": DossierStatus.WEGING}))
    assert listed(page) == [weighed.reference]


def test_a_filtered_list_is_audited_without_what_was_typed(as_user, screener):
    content(as_user(screener).get(LIST, {"q": "Sam", "open": "ja"}))
    event = AuditEvent.objects.get(action="list", object_type="signals.dossier")
    assert event.reason == "dossierlijst, pagina 1, gefilterd op open, q"
    assert "Sam" not in event.reason


def test_filtering_costs_the_same_queries_for_few_or_many_dossiers(
    as_user, screener, school_signal
):
    client = as_user(screener)
    query = {"casemanager": "geen", "open": "nee", "q": "welzijn"}

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            content(client.get(LIST, query))
        return len(ctx.captured_queries)

    for _ in range(3):
        dossier_create(actor=screener, signals=[school_signal])
    content(client.get(LIST, query))
    few = queries()
    for _ in range(12):
        dossier_create(actor=screener, signals=[school_signal])
    assert queries() == few


# --- item 12: the "add to dossier" page offers and finds dossiers ------------------

ADD_SIGNAL = reverse("dossiers:add-signal")


@pytest.fixture
def second_signal(school_worker, screener, dossier):
    """A new signal about the dossier's person, stacked onto them."""
    signal = enter_signal(school_worker)
    person = dossier.dossierperson_set.get().person
    mention_confirm(mention=signal.persons.get(), person=person, actor=screener)
    return signal


def test_the_page_offers_the_dossiers_of_the_signals_persons(
    as_user, screener, school_worker, dossier, second_signal
):
    other = dossier_create(actor=screener, signals=[enter_signal(school_worker)])
    page = content(as_user(screener).get(ADD_SIGNAL, {"signal": second_signal.uuid}))
    offered = page.split('data-testid="candidates"')[1].split("</ul>")[0]
    assert re.findall(r'data-dossier="(DOS-[\d-]+)"', offered) == [dossier.reference]
    assert other.reference not in page
    assert f'value="{dossier.reference}"' in offered  # its own "Toevoegen" button
    event = AuditEvent.objects.filter(action="list", object_type="signals.dossier")
    assert event.get().reason == (
        f"dossiers bij signaal {second_signal.reference}: 1 voorgesteld"
    )
    # One click adds it.
    response = as_user(screener).post(
        ADD_SIGNAL, {"signal": str(second_signal.uuid), "dossier": dossier.reference}
    )
    assert response.status_code == 302
    assert dossier.signals.filter(pk=second_signal.pk).exists()
    page = content(as_user(screener).get(ADD_SIGNAL, {"signal": second_signal.uuid}))
    assert "bevat dit signaal al" in page


def test_the_search_as_you_type_answers_with_only_the_results(
    as_user, screener, dossier, second_signal
):
    client = as_user(screener)
    number = str(dossier.pk)
    query = {"signal": second_signal.uuid, "q": number}
    partial = content(client.get(ADD_SIGNAL, query, HTTP_HX_REQUEST="true"))
    assert "<html" not in partial
    assert f'data-dossier="{dossier.reference}"' in partial
    assert "Vary" in client.get(ADD_SIGNAL, query, HTTP_HX_REQUEST="true").headers
    search = AuditEvent.objects.filter(action="search", object_type="signals.dossier")
    assert search.count() == 2
    assert all(number not in event.reason for event in search)
    # Without JavaScript the same GET is the whole page with the results in it.
    page = content(client.get(ADD_SIGNAL, query))
    results = page.split('id="dossier-search-results"')[1]
    assert f'data-dossier="{dossier.reference}"' in results
    assert 'hx-get="/dossiers/signaal-toevoegen/"' in page
    assert 'hx-trigger="input changed delay:300ms, search"' in page
    # A name nobody has finds nothing, and says so.
    partial = content(
        client.get(
            ADD_SIGNAL,
            {"signal": second_signal.uuid, "q": "Onbekend"},
            HTTP_HX_REQUEST="true",
        )
    )
    assert 'data-testid="search-results-empty"' in partial


def test_the_page_is_for_those_who_change_dossiers_and_signals_they_see(
    as_user, police_officer, screener, second_signal
):
    response = as_user(police_officer).get(ADD_SIGNAL, {"signal": second_signal.uuid})
    assert response.status_code == 403
    response = as_user(screener).get(
        ADD_SIGNAL, {"signal": "00000000-0000-0000-0000-000000000000", "q": "DOS"}
    )
    assert response.status_code == 404
    assert as_user(screener).get(ADD_SIGNAL).status_code == 404


def test_the_search_is_scoped_before_it_matches(screener, dossier, monkeypatch):
    from signals.models import Dossier as DossierModel
    from signals.selectors import dossier_page

    monkeypatch.setattr(
        dossier_page,
        "dossier_list_visible_to",
        lambda *, user: DossierModel.objects.none(),
    )
    found = dossier_page.dossier_search_to_add(
        user=screener, signal=dossier.signals.get(), text=dossier.reference
    )
    assert found == []


def test_the_empty_filter_form_is_rendered_once(as_user, screener, monkeypatch):
    dossier_views._EMPTY_FILTER_FORM.clear()
    rendered = []
    original = render_to_string

    def counting(name, *args, **kwargs):
        rendered.append(name)
        return original(name, *args, **kwargs)

    monkeypatch.setattr(dossier_views, "render_to_string", counting)
    client = as_user(screener)
    for _ in range(3):
        assert 'data-testid="dossier-filters"' in content(client.get(LIST))
    assert rendered == ["dossiers/_list_filters.html"]
    # A filtered list shows its own values.
    page = content(client.get(LIST, {"open": "ja"}))
    assert '<option value="ja" selected>' in page
    assert len(rendered) == 2
