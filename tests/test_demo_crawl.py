"""Our own version of the outside probe: crawl the demo region as every demo persona.

The demo region is seeded once for the module. Each persona starts at the start
page and follows every same-site link breadth first (HTML pages, casusoverleg
pages, PDF downloads read with ``pdftotext``), up to a cap of pages. Every answer
must be 200, 302 or 404 (never a 500), and no page may show a dossier reference,
a signal reference or a person's name the persona may not see according to the
access layer (docs/domain.md section 9: need to know; out of scope looks like
nonexistent). The allowed sets come from the selectors themselves.
"""

from __future__ import annotations

import html
import re
import subprocess
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from django.core.management import call_command
from django.db import transaction

from partners.access import forget_principal
from partners.demo import USERS
from partners.models import Organisation, User
from signals.models import Dossier, Person, Signal, SignalPerson
from signals.selectors import signal_list_visible_to
from signals.selectors.contents import question_persons, question_reader_signals
from signals.selectors.dossier import dossier_list_visible_to, enrichment_inbox
from signals.selectors.search import person_list_visible_to
from tests.conftest import verified_client

PERSONAS = [username for username, *_ in USERS]
# Pages per persona: enough to reach every kind of page of the demo (lists,
# details, casusoverleg, minutes PDFs) while the whole module stays fast.
MAX_PAGES = 70
# Who finds a minutes PDF to read within the cap: the ketenregisseur and the
# kernteam's contacts, whose organisations took part in the last casusoverleg.
READS_MINUTES = {
    "kim.regisseur",
    "pieter.agent",
    "olga.officier",
    "gijs.ggd",
    "bo.jeugdbescherming",
    "gert.gemeente",
}
# Pages per path (query strings aside): filters and pagination of one list
# would otherwise eat the whole budget.
MAX_PER_PATH = 2
SKIP_PREFIXES = ("/uitloggen/", "/static/", "/media/", "/__", "/api/")
HREF = re.compile(r"""(?:href|hx-get)\s*=\s*["']([^"']+)["']""", re.IGNORECASE)
ID = re.compile(r"/(?:\d+|[0-9a-f]{8}-[0-9a-f-]{27})(?=/|$)")
REFERENCE = re.compile(r"\b(?:DOS|SIG)-\d{4}-\d{6}\b")


@dataclass(frozen=True)
class Region:
    dossiers: dict[str, int]
    signals: dict[str, int]
    names: frozenset[str]
    excluded_names: frozenset[str]


@pytest.fixture(scope="module")
def region(django_db_setup: None, django_db_blocker: Any) -> Iterator[Region]:
    """The demo region, seeded once in a transaction rolled back after the module."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", stdout=_Null())
        names = frozenset(
            n.strip()
            for n in [
                *Person.objects.values_list("name", flat=True),
                *SignalPerson.objects.values_list("name", flat=True),
            ]
            if n and n.strip()
        )
        excluded: set[str] = set()
        for first, last in User.objects.values_list("first_name", "last_name"):
            excluded |= {first, last, f"{first} {last}"}
        excluded |= set(Organisation.objects.values_list("name", flat=True))
        yield Region(
            dossiers={d.reference: d.pk for d in Dossier.objects.all()},
            signals={s.reference: s.pk for s in Signal.objects.all()},
            names=names,
            excluded_names=frozenset(e for e in excluded if e),
        )
        transaction.set_rollback(True)


class _Null:
    def write(self, *_: object) -> None:
        pass

    def flush(self) -> None:
        pass


@dataclass(frozen=True)
class Allowed:
    references: frozenset[str]
    names: frozenset[str]


def allowed_for(user: User) -> Allowed:
    """What the access layer lets ``user`` see."""
    dossiers = dossier_list_visible_to(user=user)
    signals = signal_list_visible_to(user=user)
    references = {d.reference for d in dossiers} | {s.reference for s in signals}
    names = set(person_list_visible_to(user=user).values_list("name", flat=True))
    names |= set(
        SignalPerson.objects.filter(signal__in=signals.values("pk")).values_list(
            "name", flat=True
        )
    )
    # A question put to the user's organisation (veredelen, domain.md section 5)
    # shows its dossier, the persons it is asked about and the signals it reads.
    for question in enrichment_inbox(user=user):
        references.add(question.dossier.reference)
        references |= {s.reference for s in question_reader_signals(question=question)}
        names |= {p.person.name for p in question_persons(question=question)}
    return Allowed(
        references=frozenset(references),
        names=frozenset(n.strip() for n in names if n),
    )


def _links(base: str, body: str) -> Iterator[str]:
    for raw in HREF.findall(body):
        href = html.unescape(raw).strip()
        if href.startswith(("mailto:", "tel:", "javascript:", "#", "data:")):
            continue
        url, _ = urldefrag(urljoin(base, href))
        parts = urlsplit(url)
        if parts.netloc not in ("", "testserver"):
            continue
        path = parts.path or "/"
        yield path + (f"?{parts.query}" if parts.query else "")


def _text(response: Any) -> tuple[str, str]:
    """(kind, text) of a response: 'pdf', 'html' or 'other'."""
    ctype = response.get("Content-Type", "")
    content = (
        b"".join(response.streaming_content)
        if getattr(response, "streaming", False)
        else response.content
    )
    if "pdf" in ctype:
        out = subprocess.run(
            ["pdftotext", "-layout", "-", "-"],
            input=content,
            capture_output=True,
            check=True,
            timeout=30,
        )
        return "pdf", out.stdout.decode("utf-8", "replace")
    text = content.decode("utf-8", "replace")
    return ("html" if "html" in ctype else "other"), text


def _around(text: str, match: re.Match[str]) -> str:
    start, end = match.span()
    context = text[max(0, start - 80) : end + 40]
    return f"{match.group()!r} in {' '.join(context.split())!r}"


@dataclass
class Crawl:
    visited: list[tuple[str, int]]
    problems: list[str]
    pdfs: int = 0
    references_seen: int = 0


def crawl(user: User, region: Region, allowed: Allowed) -> Crawl:
    client = verified_client(user)
    forbidden_refs = (set(region.dossiers) | set(region.signals)) - allowed.references
    forbidden_names = sorted(
        region.names - allowed.names - region.excluded_names, key=len, reverse=True
    )
    visible_names = allowed.names | region.excluded_names
    name_patterns = [
        (
            re.compile(r"(?<!\w)" + re.escape(n) + r"(?!\w)"),
            # A visible name that contains a hidden one ("Fictieve Vrouw Oranje"
            # and "Fictieve Vrouw") is blanked out before the hidden one is sought.
            [
                re.compile(r"(?<!\w)" + re.escape(v) + r"(?!\w)")
                for v in sorted(visible_names, key=len, reverse=True)
                if n in v and n != v
            ],
        )
        for n in forbidden_names
    ]
    # Breadth first, but a page of a kind not met yet (its path with ids blanked
    # out) goes before a further page of a known kind, so the cap buys breadth.
    fresh: deque[str] = deque(["/"])
    queue: deque[str] = deque()
    shapes: set[str] = {"/"}
    seen: set[str] = {"/"}
    per_path: dict[str, int] = {}
    result = Crawl(visited=[], problems=[])
    while (fresh or queue) and len(result.visited) < MAX_PAGES:
        url = fresh.popleft() if fresh else queue.popleft()
        response = client.get(url)
        result.visited.append((url, response.status_code))
        if response.status_code not in (200, 302, 404):
            result.problems.append(f"{url}: status {response.status_code}")
            continue
        targets: list[str] = []
        if response.status_code == 302:
            targets.append(response["Location"])
            text, kind = "", "other"
        else:
            kind, text = _text(response)
            result.pdfs += kind == "pdf"
            if kind == "html":
                targets.extend(_links(url, text))
                text = html.unescape(text)
        for match in REFERENCE.finditer(text):
            result.references_seen += match.group() in allowed.references
            if match.group() in forbidden_refs:
                result.problems.append(f"{url}: shows {_around(text, match)}")
        for pattern, containing in name_patterns:
            masked = text
            for visible in containing:
                masked = visible.sub("\u2588", masked)
            found = pattern.search(masked)
            if found:
                result.problems.append(f"{url}: shows {_around(masked, found)}")
        for target in targets:
            target = urldefrag(urljoin(url, target))[0]
            parts = urlsplit(target)
            if parts.netloc not in ("", "testserver"):
                continue
            target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
            path = parts.path or "/"
            if target in seen or path.startswith(SKIP_PREFIXES):
                continue
            if per_path.get(path, 0) >= MAX_PER_PATH:
                continue
            seen.add(target)
            per_path[path] = per_path.get(path, 0) + 1
            shape = ID.sub("/_", path)
            if shape in shapes:
                queue.append(target)
            else:
                shapes.add(shape)
                fresh.append(target)
    return result


@pytest.mark.parametrize("username", PERSONAS)
def test_a_persona_meets_nothing_outside_its_need_to_know(
    region: Region, db: None, username: str
) -> None:
    user = User.objects.get(username=username)
    forget_principal(user)
    allowed = allowed_for(user)
    if username == "otto.buiten":
        # No valid convenant: nothing at all.
        assert allowed == Allowed(references=frozenset(), names=frozenset())
    result = crawl(user, region, allowed)
    assert len(result.visited) > 1, result.visited
    if allowed.references:
        # the crawl got past the login into the persona's own work
        assert result.references_seen, result.visited
    if username in READS_MINUTES:
        # the crawl reaches the casusoverleg and reads its minutes as PDF text
        assert result.pdfs, result.visited
    assert not result.problems, "\n".join(result.problems)
