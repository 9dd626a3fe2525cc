"""The start page per role: what waits for this user now (wiring only).

Each app reads its own part through its selectors; this module only says which
sections a role sees, in which order, rendered by which template. A user with
several roles sees the sections of each, once. Classification and the casusoverleg
add theirs by appending a ``Section`` to ``SECTIONS`` (this module may import every
app; the apps never import it).

A section's ``load`` returns the template context, or None when the user may not
do that work (no permission, or no valid convenant: the access principal then
holds no permission for case work), so the section is left out.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from casusoverleg.selectors.actions import (
    actions_start_open,
    actions_start_overdue,
    next_meeting_start,
)
from classification.selectors_start import werkvoorraad_start
from notifications.selectors import notification_unread_latest
from partners.access import may, principal_for
from partners.constants import Role
from partners.logins import locked_out_users
from partners.models import User
from partners.selectors import (
    CONVENANT_EXPIRY_WARNING_DAYS,
    convenants_expiring,
    role_proposals_pending,
)
from signals.constants import ENRICHMENT_DUE_DAYS
from signals.selectors.start import (
    START_COUNT_CAP,
    START_ROWS,
    audience_check_latest,
    dossiers_ready,
    questions_overdue,
    questions_to_answer,
    signals_own_recent,
    signals_waiting_for_screening,
)

Loader = Callable[[User], "dict[str, Any] | None"]


@dataclass(frozen=True)
class Section:
    key: str
    title: str | Promise
    template: str
    # The roles that see it; empty: every role.
    roles: frozenset[str]
    load: Loader


def _one(name: str, reader: Callable[..., Any]) -> Loader:
    def load(user: User) -> dict[str, Any] | None:
        value = reader(user=user)
        return None if value is None else {name: value}

    return load


def _beheer(reader: Callable[[User], dict[str, Any]]) -> Loader:
    """A part of the chain's administration: for whoever may manage users (kept
    under a missing convenant, so a beheerder can record the renewed one)."""

    def load(user: User) -> dict[str, Any] | None:
        if not may(user, "partners.change_user"):
            return None
        return reader(user)

    return load


def _readers(user: User) -> dict[str, Any] | None:
    latest = audience_check_latest(user=user)
    return None if latest is False else {"audience_check": latest}


def _next_meeting(user: User) -> dict[str, Any] | None:
    found = next_meeting_start(user=user)
    return None if found is False else {"next": found}


def _messages(user: User) -> dict[str, Any] | None:
    # An alert names a dossier or signal: while the organisation has no valid
    # convenant the start page names none (its inbox still lists them).
    principal = principal_for(user)
    if principal is None or principal.group_id is None:
        return None
    return {"notifications": notification_unread_latest(user=user, limit=5)}


SCREENER = frozenset({Role.SCREENER})
PARTNER = frozenset({Role.PARTNERMEDEWERKER, Role.CONTACTPERSOON})
REGISSEUR = frozenset({Role.KETENREGISSEUR})
BEHEERDER = frozenset({Role.FUNCTIONEEL_BEHEERDER})

SECTIONS: list[Section] = [
    # The screening team's start page is its werkvoorraad (classification).
    Section(
        "werkvoorraad",
        _("Werkvoorraad screening"),
        "classification/_start_worklist.html",
        SCREENER,
        lambda user: werkvoorraad_start(user=user),
    ),
    Section(
        "screening",
        _("Meldingen die wachten op screening"),
        "start/_screening.html",
        SCREENER,
        _one("waiting", signals_waiting_for_screening),
    ),
    Section(
        "questions",
        _("Vragen aan uw organisatie"),
        "start/_questions.html",
        PARTNER,
        _one("waiting", questions_to_answer),
    ),
    Section(
        "ready",
        _("Dossiers klaar voor weging"),
        "start/_ready.html",
        REGISSEUR,
        _one("waiting", dossiers_ready),
    ),
    Section(
        "overdue",
        _("Vragen over de termijn"),
        "start/_overdue.html",
        REGISSEUR,
        _one("waiting", questions_overdue),
    ),
    Section(
        "next_meeting",
        _("Volgend casusoverleg"),
        "casusoverleg/actions/_start_meeting.html",
        REGISSEUR,
        _next_meeting,
    ),
    Section(
        "actions_overdue",
        _("Interventies over de termijn"),
        "casusoverleg/actions/_start_overdue.html",
        REGISSEUR,
        _one("waiting", actions_start_overdue),
    ),
    Section(
        "actions",
        _("Acties van uw organisatie"),
        "casusoverleg/actions/_start_open.html",
        PARTNER,
        _one("waiting", actions_start_open),
    ),
    Section(
        "own_signals",
        _("Signalen van uw organisatie"),
        "start/_own_signals.html",
        PARTNER,
        _one("waiting", signals_own_recent),
    ),
    Section(
        "locked",
        _("Geblokkeerde gebruikers"),
        "start/_locked.html",
        BEHEERDER,
        _beheer(lambda user: {"locked": locked_out_users(limit=START_ROWS)}),
    ),
    Section(
        "proposals",
        _("Rolvoorstellen die wachten op een tweede beheerder"),
        "start/_proposals.html",
        BEHEERDER,
        _beheer(
            lambda user: {"proposals": list(role_proposals_pending()[:START_ROWS])}
        ),
    ),
    Section(
        "expiring",
        _("Convenanten die binnenkort aflopen"),
        "start/_expiring.html",
        BEHEERDER,
        _beheer(
            lambda user: {
                "expiring": convenants_expiring(),
                "expiry_days": CONVENANT_EXPIRY_WARNING_DAYS,
            }
        ),
    ),
    Section(
        "readers",
        _("Controle van de lezers van signalen"),
        "start/_readers.html",
        BEHEERDER,
        _readers,
    ),
    Section(
        "messages",
        _("Ongelezen berichten"),
        "start/_messages.html",
        frozenset(),
        _messages,
    ),
]


@dataclass(frozen=True)
class StartPage:
    sections: list[tuple[Section, dict[str, Any]]]
    # The organisation has no valid convenant today: it sees no case work.
    without_convenant: bool
    roles: frozenset[str]


def start_page(user: User) -> StartPage:
    principal = principal_for(user)
    roles = principal.roles if principal is not None else frozenset()
    sections = []
    for section in SECTIONS:
        if section.roles and not section.roles & roles:
            continue
        context = section.load(user)
        if context is not None:
            sections.append(
                (
                    section,
                    {
                        **context,
                        "cap": START_COUNT_CAP,
                        "due_days": ENRICHMENT_DUE_DAYS,
                    },
                )
            )
    return StartPage(
        sections=sections,
        without_convenant=principal is not None and principal.group_id is None,
        roles=roles,
    )
