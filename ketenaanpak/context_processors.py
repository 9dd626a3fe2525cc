from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from partners.access import RequestUser, holds_permission


def _menu(user: RequestUser) -> dict[str, bool]:
    """Which main-menu items to show; the same answers as ``perms`` gave.

    Read from the access principal that every page loads anyway, where ``perms``
    would load the user's model permissions a second time (two queries per page).
    """
    return {
        "signals": holds_permission(user, "signals.view_signal"),
        "trend": holds_permission(user, "signals.view_trend_signal"),
        "dossiers": holds_permission(user, "signals.view_dossier"),
        "enrichment": holds_permission(user, "signals.change_enrichmentrequest"),
        "screening": holds_permission(user, "signals.screen_signal"),
        "hand_offs": holds_permission(user, "classification.view_handoff"),
        "casusoverleg": holds_permission(user, "casusoverleg.view_meeting"),
        "actions": holds_permission(user, "casusoverleg.view_intervention"),
        "beheer": holds_permission(user, "partners.change_organisation"),
        "audit": holds_permission(user, "audit.view_auditevent"),
    }


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    # "page" on the item's own page, "true" anywhere else in its section, "" outside.
    current: str
    name: str  # the URL name


# (menu key or None for everyone, label, URL name, query, section prefix or None)
_NAV = (
    ("signals", _("Signalen"), "signals:list", "", None),
    ("trend", _("Trendlijst"), "signals:list", "soort=trend", None),
    ("dossiers", _("Dossiers"), "dossiers:list", "", None),
    ("enrichment", _("Veredelen"), "dossiers:enrichment-inbox", "", None),
    ("screening", _("Screening"), "classification:worklist", "", None),
    ("hand_offs", _("Overdrachten"), "classification:hand-offs", "", None),
    ("casusoverleg", _("Casusoverleg"), "casusoverleg:list", "", None),
    ("actions", _("Acties"), "casusoverleg:actions", "", None),
    ("signals", _("Zoeken"), "dossiers:search", "", None),
    (None, _("Organisaties"), "partners:overview", "", None),
    ("beheer", _("Beheer"), "partners:beheer-organisations", "", None),
    ("audit", _("Audittrail"), "audit:search", "", None),
    (None, _("Berichten"), "notifications:inbox", "", None),
    (None, _("Mijn account"), "accounts:sessions", "", "/account/"),
)


def _nav(request: HttpRequest, menu: Any) -> list[NavItem]:
    """The main menu for this user, the item of the current page marked.

    The most specific item wins: the longest section that holds the path, and of
    two equal sections the one whose query the request carries (the trend list).
    """
    items = []
    for key, label, name, query, section in _NAV:
        if key is not None and not menu[key]:
            continue
        path = reverse(name)
        items.append((f"{name}?{query}", label, path, query, section or path))
    best, best_score = None, (-1, -1)
    for ident, _label, _path, query, section in items:
        wanted = dict(part.split("=", 1) for part in query.split("&") if part)
        if not request.path.startswith(section) or any(
            request.GET.get(k) != v for k, v in wanted.items()
        ):
            continue
        score = (len(section), len(wanted))
        if score > best_score:
            best, best_score = ident, score
    return [
        NavItem(
            label=str(label),
            url=f"{path}?{query}" if query else path,
            current=(
                ("page" if request.path == path else "true") if ident == best else ""
            ),
            name=ident.partition("?")[0],
        )
        for ident, label, path, query, _section in items
    ]


def site(request: HttpRequest) -> dict[str, Any]:
    menu = SimpleLazyObject(lambda: _menu(request.user))
    return {
        "DEMO_MODE": settings.DEMO_MODE,
        "SESSION_IDLE_TIMEOUT": settings.SESSION_IDLE_TIMEOUT,
        "REGION_NAME": settings.REGION_NAME,
        "REGION_LOGO_STATIC": settings.REGION_LOGO_STATIC,
        # Lazy: pages without the menu (login, errors) look nothing up.
        "menu": menu,
        "nav": SimpleLazyObject(lambda: _nav(request, menu)),
    }
