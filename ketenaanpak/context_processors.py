from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from partners.access import holds_permission


def _menu(user: Any) -> dict[str, bool]:
    """Which main-menu items to show; the same answers as ``perms`` gave.

    Read from the access principal that every page loads anyway, where ``perms``
    would load the user's model permissions a second time (two queries per page).
    """
    return {
        "signals": holds_permission(user, "signals.view_signal"),
        "trend": holds_permission(user, "signals.view_trend_signal"),
        "dossiers": holds_permission(user, "signals.view_dossier"),
        "enrichment": holds_permission(user, "signals.change_enrichmentrequest"),
        "beheer": holds_permission(user, "partners.change_organisation"),
        "audit": holds_permission(user, "audit.view_auditevent"),
    }


def site(request: HttpRequest) -> dict[str, Any]:
    return {
        "DEMO_MODE": settings.DEMO_MODE,
        "SESSION_IDLE_TIMEOUT": settings.SESSION_IDLE_TIMEOUT,
        # Lazy: pages without the menu (login, errors) look nothing up.
        "menu": SimpleLazyObject(lambda: _menu(request.user)),
    }
