"""Every page a persona can reach passes axe-core and reflows to 320 CSS px.

The pages are found by following links from the start page (same origin, GET only),
not from a list: a page that a later change links from anywhere is walked too. Pages
whose URLs differ only in ids or numbers count once (one signal stands for all).
"""

from __future__ import annotations

import re
from collections import deque
from urllib.parse import parse_qsl, urldefrag, urlencode, urlsplit

import pytest

from casusoverleg.selectors import meetings_visible_to
from tests.browser.conftest import AXE, signed_in_context
from tests.chain import build_chain
from tests.chain_casusoverleg import Meetings, build_casusoverleg

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
PAGES_PER_PERSONA = 40
# Links the walk does not follow: they end the session, download, or leave the app.
SKIP = re.compile(r"^/(uitloggen|api|django-admin|static)/|/(pdf|export|download)/")
# The casusoverleg's pages each persona's walk must reach (tests/chain_casusoverleg.py).
MEETING = {"/casusoverleg/", "/casusoverleg/ID/", "/casusoverleg/ID/vergadering/"}
ACTIONS = {"/casusoverleg/acties/", "/casusoverleg/acties/ID/"}
CASUSOVERLEG = {
    "ketenregisseur": MEETING
    | ACTIONS
    | {
        "/casusoverleg/nieuw/",
        "/casusoverleg/ID/agenda/",
        "/casusoverleg/ID/agenda/N/",
        "/casusoverleg/ID/verslag/",
    },
    "police_officer": MEETING | ACTIONS | {"/casusoverleg/ID/verslag/"},
    "school_worker": MEETING | ACTIONS | {"/casusoverleg/ID/verslag/"},
    "screener": MEETING | {"/casusoverleg/ID/agenda/", "/casusoverleg/ID/agenda/N/"},
}
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def pattern(url: str) -> str:
    """The page a URL stands for: ids and numbers replaced, query keys kept."""
    parts = urlsplit(url)
    path = re.sub(r"\d+", "N", UUID.sub("ID", parts.path))
    query = sorted(
        (key, re.sub(r"\d+", "N", value))
        for key, value in parse_qsl(parts.query, keep_blank_values=True)
    )
    return path + ("?" + urlencode(query) if query else "")


@pytest.fixture
def chain(region, ketenregisseur, screener, police_officer, school_worker, beheerder):
    return build_chain(
        region=region,
        screener=screener,
        police_officer=police_officer,
        school_worker=school_worker,
    )


@pytest.fixture
def meetings(chain, region, ketenregisseur, screener, police_officer, school_worker):
    """A closed casusoverleg (minutes, correction, actions) and a planned one."""
    return build_casusoverleg(
        region=region,
        dossier=chain.dossier,
        ketenregisseur=ketenregisseur,
        screener=screener,
        police_officer=police_officer,
        school_worker=school_worker,
    )


def walk(
    page, base: str, visit, start: str = "/", seen: set[str] | None = None
) -> list[str]:
    """Visit the distinct pages reachable from ``start`` by links, breadth first
    (``seen``: patterns walked before, shared between walks)."""
    queue = deque([start])
    seen = set() if seen is None else seen
    seen.add(pattern(start))
    pages: list[str] = []
    while queue and len(pages) < PAGES_PER_PERSONA:
        path = queue.popleft()
        page.set_viewport_size({"width": 1280, "height": 900})
        response = page.goto(base + path)
        assert response is not None and response.status == 200, (path, response)
        pages.append(path)
        hrefs = page.eval_on_selector_all(
            "a[href]:not([download])", "links => links.map(a => a.href)"
        )
        for href in hrefs:
            href = urldefrag(href).url
            if not href.startswith(base):
                continue
            link = href[len(base) :] or "/"
            if SKIP.search(link) or pattern(link) in seen:
                continue
            seen.add(pattern(link))
            queue.append(link)
        visit(path)
    return pages


def check(page) -> dict[str, object]:
    """What is wrong on the current page: axe violations and overflow at 320 px."""
    result = page.evaluate(
        "async (tags) => await axe.run(document,"
        " {runOnly: tags, resultTypes: ['violations']})",
        WCAG_22_AA,
    )
    problems: dict[str, object] = {
        v["id"]: [n["target"] for n in v["nodes"]][:3] for v in result["violations"]
    }
    if page.title().startswith("Fout:"):
        problems["error-title-on-get"] = page.title()
    page.set_viewport_size({"width": 320, "height": 640})
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > 320:
        problems["wider-than-320"] = width
    return problems


@pytest.mark.parametrize(
    "persona",
    ["ketenregisseur", "screener", "police_officer", "school_worker", "beheerder"],
)
def test_every_page_a_persona_reaches_passes_axe_and_reflows(
    persona, request, live_server, browser, chain, meetings: Meetings
):
    user = request.getfixturevalue(persona)
    context = signed_in_context(browser, live_server, user)
    context.add_init_script(path=str(AXE))  # in every page the walk opens
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        failures = {}

        def visit(path: str) -> None:
            if problems := check(page):
                failures[path] = problems

        seen: set[str] = set()
        pages = walk(page, live_server.url, visit, seen=seen)
        assert len(pages) > 3, pages  # the walk got past the start page
        # One meeting stands for all, but a closed and a planned one show other
        # pages (minutes, the record; the attendance and start forms): walk the
        # meeting the first walk did not reach, with its own pages seen afresh.
        meeting_pages = re.compile(r"^/casusoverleg/ID/")
        for meeting in meetings_visible_to(user=user).filter(
            pk__in=[meetings.closed.pk, meetings.upcoming.pk]
        ):
            start = f"/casusoverleg/{meeting.uuid}/"
            if any(path.startswith(start) for path in pages):
                continue
            seen -= {p for p in seen if meeting_pages.match(p)}
            pages += walk(page, live_server.url, visit, start=start, seen=seen)
        walked = {pattern(path) for path in pages}
        assert CASUSOVERLEG.get(persona, set()) <= walked, sorted(walked)
        assert failures == {}, failures
    finally:
        context.close()
