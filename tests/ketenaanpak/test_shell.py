"""The page shell (templates/base.html and its includes): navigation, breadcrumbs,
the region in the header, and what every form does with errors and help texts."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from casusoverleg.models import AgendaItem
from signals.models import Signal
from tests.chain import Chain, build_chain

pytestmark = pytest.mark.django_db


@dataclass
class Page(HTMLParser):
    """What a test needs to know of a page's markup."""

    ids: set[str] = field(default_factory=set)
    described_by: list[tuple[str, str]] = field(default_factory=list)
    current: dict[str, str] = field(default_factory=dict)
    summary_links: list[str] = field(default_factory=list)
    crumbs: list[tuple[str, str | None]] = field(default_factory=list)
    title: str = ""
    _in: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if "id" in a:
            self.ids.add(a["id"])
        for ref in a.get("aria-describedby", "").split():
            self.described_by.append((a.get("id") or a.get("name") or tag, ref))
        if tag == "title":
            self._in.append("title")
        if "utrecht-breadcrumb-nav__link" in a.get("class", ""):
            self._in.append("crumb")
            self.crumbs.append(("", a.get("href") or None))
        if tag == "a" and "app-nav__link" in a.get("class", ""):
            self._in.append("nav")
            self._nav = (a["href"], a.get("aria-current", ""))

    def handle_endtag(self, tag: str) -> None:
        if tag in ("a", "span") and self._in and self._in[-1] in ("nav", "crumb"):
            self._in.pop()
        if tag == "title" and self._in and self._in[-1] == "title":
            self._in.pop()

    def handle_data(self, data: str) -> None:
        if self._in and self._in[-1] == "title":
            self.title += data
        if self._in and self._in[-1] == "nav" and data.strip():
            self.current.setdefault(data.strip(), self._nav[1])
        if self._in and self._in[-1] == "crumb" and data.strip():
            label, link = self.crumbs[-1]
            self.crumbs[-1] = (label + data.strip(), link)


def parse(response, ok: tuple[int, ...] = (200,)) -> Page:
    assert response.status_code in ok, response.status_code
    page = Page()
    page.feed(response.content.decode())
    return page


@pytest.fixture
def chain(region, screener, police_officer, school_worker) -> Chain:
    return build_chain(
        region=region,
        screener=screener,
        police_officer=police_officer,
        school_worker=school_worker,
    )


# --- navigation, breadcrumbs, header ------------------------------------------------


def test_the_menu_marks_the_page_and_the_section_the_user_is_in(
    as_user, ketenregisseur, beheerder, chain
):
    client = as_user(ketenregisseur)
    on_list = parse(client.get(reverse("signals:list")))
    assert on_list.current["Signalen"] == "page"
    assert on_list.current["Trendlijst"] == ""
    on_trend = parse(client.get(reverse("signals:list") + "?soort=trend"))
    assert on_trend.current["Trendlijst"] == "page"
    assert on_trend.current["Signalen"] == ""
    on_detail = parse(
        client.get(reverse("signals:detail", kwargs={"uuid": chain.school_signal.uuid}))
    )
    assert on_detail.current["Signalen"] == "true"  # in the section, not its page
    assert [k for k, v in on_detail.current.items() if v] == ["Signalen"]
    on_password = parse(client.get(reverse("accounts:password-change")))
    assert on_password.current["Mijn account"] == "true"

    beheer = parse(as_user(beheerder).get(reverse("partners:beheer-users")))
    assert beheer.current["Beheer"] == "true"
    assert beheer.current["Organisaties"] == ""


def test_a_detail_page_has_breadcrumbs_back_to_its_list(as_user, school_worker, chain):
    signal = chain.school_signal
    page = parse(
        as_user(school_worker).get(
            reverse("signals:detail", kwargs={"uuid": signal.uuid})
        )
    )
    assert page.crumbs == [
        ("Start", "/"),
        ("Signalen", reverse("signals:list")),
        (signal.reference, None),  # the current page, not a link
    ]
    content = as_user(school_worker).get("/").content.decode()
    assert "utrecht-breadcrumb-nav" not in content  # nothing above the start page


def test_the_header_has_room_for_the_region(client: Client, region):
    assert (
        "app-brand__region"
        not in client.get(reverse("accounts:login")).content.decode()
    )
    with override_settings(REGION_NAME="Regio Demoland"):
        named = client.get(reverse("accounts:login")).content.decode()
    assert '<span class="app-brand__region">Regio Demoland</span>' in named
    with override_settings(
        REGION_NAME="Regio Demoland", REGION_LOGO_STATIC="favicon.svg"
    ):
        logo = client.get(reverse("accounts:login")).content.decode()
    assert 'src="/static/favicon.svg" alt="Regio Demoland"' in logo


# --- help texts and errors ------------------------------------------------------------


def test_every_aria_describedby_on_the_signal_form_points_at_something(
    as_user, school_worker
):
    page = parse(as_user(school_worker).get(reverse("signals:create")))
    helped = [ref for _el, ref in page.described_by if ref.endswith("_helptext")]
    assert len(helped) >= 10, helped  # the help texts are described, and found:
    assert [(el, ref) for el, ref in page.described_by if ref not in page.ids] == []


def test_the_code_field_is_described_by_its_help_text(client: Client, school_worker):
    from tests.factories import TEST_PASSWORD

    client.post(
        reverse("accounts:login"),
        {"username": school_worker.username, "password": TEST_PASSWORD},
    )
    page = parse(client.get(reverse("accounts:verify")))
    assert page.described_by, "the code field has a help text"
    assert [(el, ref) for el, ref in page.described_by if ref not in page.ids] == []


def _signal_form_data(chain: Chain) -> dict[str, str]:
    return {"persons-TOTAL_FORMS": "1", "persons-INITIAL_FORMS": "0"}


def _nothing(chain: Chain) -> dict[str, str]:
    return {}


def _school_action(chain: Chain) -> str:
    """The progress form of an action the casusoverleg gave the school."""
    import datetime

    from django.utils import timezone

    from casusoverleg.models import AgendaItem, Intervention, Meeting

    someone = chain.school_signal.created_by
    assert someone is not None
    meeting = Meeting.objects.create(
        starts_at=timezone.now(), chair=someone, created_by=someone
    )
    item = AgendaItem.objects.create(
        meeting=meeting, dossier=chain.dossier, status="accepted"
    )
    action = Intervention.objects.create(
        dossier=chain.dossier,
        item=item,
        kind="hulpverlening",
        description="Gesprek met de mentor",
        responsible=chain.school_signal.organisation,
        deadline=timezone.localdate() + datetime.timedelta(days=7),
        created_by=someone,
    )
    return reverse("casusoverleg:action-progress", kwargs={"uuid": action.uuid})


def _meeting(chain: Chain, status: str = "planned") -> AgendaItem:
    """A casusoverleg chaired by the ketenregisseur persona, the chain's dossier
    on its agenda."""
    import datetime

    from django.utils import timezone

    from casusoverleg.models import Meeting
    from partners.models import User

    chair = User.objects.get(username="kim.regisseur")
    meeting = Meeting.objects.create(
        starts_at=timezone.now() + datetime.timedelta(days=1),
        place="Zaal 1",
        chair=chair,
        created_by=chair,
        status=status,
    )
    item = AgendaItem.objects.create(
        meeting=meeting, dossier=chain.dossier, status="accepted"
    )
    return item


def _meeting_item_url(name: str, status: str = "in_progress") -> Callable[[Chain], str]:
    def url(chain: Chain) -> str:
        item = _meeting(chain, status)
        kwargs: dict[str, object] = {"uuid": item.meeting.uuid}
        if name in ("decision", "contribution", "intervention"):
            kwargs["item_id"] = item.pk
        return reverse(f"casusoverleg:{name}", kwargs=kwargs)

    return url


def _agenda_item_url(chain: Chain, action: str) -> str:
    """A form of one item on the agenda page (duration) or its own page (invite)."""
    item = _meeting(chain, "planned")
    return reverse(
        f"casusoverleg:agenda-item-{action}",
        kwargs={"uuid": item.meeting.uuid, "item_id": item.pk},
    )


# (persona or None for anonymous, URL, data): each form sent empty, as a browser
# would send it (with at least the CSRF token, so the form is bound).
def _perpetrator_at_vaststellen(chain: Chain) -> Signal:
    """A perpetrator melding of the school, screened up to vaststellen."""
    from classification.services import (
        screening_record_step,
        screening_skip_phase,
        screening_take,
    )
    from partners.models import User
    from tests.classification.conftest import make_signal

    school_worker = chain.school_signal.created_by
    assert school_worker is not None
    screener = User.objects.get(username="sam.screener")
    signal = make_signal(school_worker, role="perpetrator")
    screening = screening_take(signal=signal, actor=screener)
    screening_record_step(screening=screening, actor=screener, note="Bevraagd.")
    screening_skip_phase(screening=screening, actor=screener, reason="Anoniem.")
    return signal


def _perpetrator_url(chain: Chain) -> str:
    signal = _perpetrator_at_vaststellen(chain)
    return reverse("classification:perpetrator-decide", kwargs={"uuid": signal.uuid})


def _test_273f_url(chain: Chain) -> str:
    """The OM's answer form of a perpetrator melding put to the 273f test."""
    from classification.models import HandOff
    from classification.services_perpetrator import perpetrator_decide
    from partners.models import User

    signal = _perpetrator_at_vaststellen(chain)
    decision = perpetrator_decide(
        screening=signal.screening,
        actor=User.objects.get(username="sam.screener"),
        outcome="strong_suspicion",
        rationale="Sterk vermoeden.",
    )
    hand_off = HandOff.objects.get(
        perpetrator_decision=decision, to_organisation__kind="om"
    )
    return reverse("classification:test-273f", kwargs={"hand_off_id": hand_off.pk})


FORMS = {
    "perpetrator": ("screener", _perpetrator_url, _nothing),
    "test_273f": ("om_officer", _test_273f_url, _nothing),
    "signal": ("school_worker", lambda c: reverse("signals:create"), _signal_form_data),
    "sharing": (
        "school_worker",
        lambda c: reverse("signals:sharing", kwargs={"uuid": c.school_signal.uuid}),
        _nothing,
    ),
    "ask": (
        "screener",
        lambda c: reverse("dossiers:ask", kwargs={"uuid": c.dossier.uuid}),
        _nothing,
    ),
    "invite": (
        "screener",
        lambda c: reverse("dossiers:invite", kwargs={"uuid": c.dossier.uuid}),
        _nothing,
    ),
    "person-link": (
        "screener",
        lambda c: reverse(
            "dossiers:signal-person-link", kwargs={"uuid": c.school_signal.uuid}
        ),
        _nothing,
    ),
    "add-signal": (
        "screener",
        lambda c: reverse("dossiers:add-signal"),
        lambda c: {"signal": str(c.school_signal.uuid)},
    ),
    "answer": (
        "police_contact",
        lambda c: reverse("dossiers:enrichment-answer", kwargs={"pk": c.question.pk}),
        _nothing,
    ),
    "search": ("screener", lambda c: reverse("dossiers:search"), _nothing),
    "password": (
        "school_worker",
        lambda c: reverse("accounts:password-change"),
        _nothing,
    ),
    "login": (None, lambda c: reverse("accounts:login"), _nothing),
    "action-progress": ("school_worker", _school_action, _nothing),
    "meeting": ("ketenregisseur", lambda c: reverse("casusoverleg:schedule"), _nothing),
    "meeting-attendance": (
        "ketenregisseur",
        _meeting_item_url("attendance-add", "planned"),
        _nothing,
    ),
    "meeting-decision": ("ketenregisseur", _meeting_item_url("decision"), _nothing),
    "meeting-contribution": (
        "ketenregisseur",
        _meeting_item_url("contribution"),
        _nothing,
    ),
    "meeting-intervention": (
        "ketenregisseur",
        _meeting_item_url("intervention"),
        _nothing,
    ),
    "meeting-correction": (
        "ketenregisseur",
        _meeting_item_url("correction", "closed"),
        _nothing,
    ),
    "agenda-add": (
        "ketenregisseur",
        lambda c: reverse(
            "casusoverleg:agenda-add", kwargs={"uuid": _meeting(c).meeting.uuid}
        ),
        _nothing,
    ),
    "agenda-duration": (
        "ketenregisseur",
        lambda c: _agenda_item_url(c, "duration"),
        _nothing,
    ),
    "agenda-invite": (
        "ketenregisseur",
        lambda c: _agenda_item_url(c, "invite"),
        _nothing,
    ),
    "organisation": (
        "beheerder",
        lambda c: reverse("partners:beheer-organisation-create"),
        _nothing,
    ),
    "user": ("beheerder", lambda c: reverse("partners:beheer-user-create"), _nothing),
    "convenant": (
        "beheerder",
        lambda c: reverse("partners:beheer-convenant-create"),
        lambda c: {
            "participations-TOTAL_FORMS": "0",
            "participations-INITIAL_FORMS": "0",
        },
    ),
}


@pytest.mark.parametrize("name", FORMS)
def test_a_form_sent_empty_says_so_at_its_top_and_in_the_title(
    name, request, chain, police_contact, beheerder, ketenregisseur, as_user
):
    persona, url, data = FORMS[name]
    client = as_user(request.getfixturevalue(persona)) if persona else Client()
    response = client.post(url(chain), {"csrfmiddlewaretoken": "x", **data(chain)})
    page = parse(response, ok=(200, 400))
    html = response.content.decode()
    summary = re.search(r"<div[^>]*data-error-summary.*?</div>", html, re.S)
    assert summary, "an error summary at the top of the form"
    page.summary_links = re.findall(r'href="([^"]*)"', summary.group(0))

    assert page.title.startswith("Fout: "), page.title
    assert html.count("data-error-summary") == 1
    assert "Er is een probleem" in html
    assert page.summary_links, "the summary links to the fields"
    # Each link and each description leads to an element on the page.
    assert [href for href in page.summary_links if href[1:] not in page.ids] == []
    assert [(el, ref) for el, ref in page.described_by if ref not in page.ids] == []
    assert 'aria-invalid="true"' in html


def test_a_page_without_errors_has_no_summary_and_a_plain_title(
    as_user, screener, chain
):
    response = as_user(screener).get(
        reverse("dossiers:detail", kwargs={"uuid": chain.dossier.uuid})
    )
    assert not parse(response).title.startswith("Fout")
    assert "data-error-summary" not in response.content.decode()


def test_a_group_of_checkboxes_is_a_fieldset_described_by_its_help_text(
    as_user, beheerder
):
    response = as_user(beheerder).get(reverse("partners:beheer-user-create"))
    page = parse(response)
    assert ("fieldset", "id_roles_helptext") in page.described_by
    assert "id_roles_helptext" in page.ids
