from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from partners.access import principal_for


def _menu(user: Any) -> dict[str, bool]:
    """Which main-menu items to show; the same answers as ``perms`` gave.

    Read from the access principal that every page loads anyway, where ``perms``
    would load the user's model permissions a second time (two queries per page).
    Model permissions come from role groups only (partners.services), and a
    superuser has them all.
    """
    principal = principal_for(user)

    def has_perm(perm: str) -> bool:
        if user.is_active and user.is_superuser:
            return True
        return principal is not None and principal.has_permission(perm)

    return {
        "signals": has_perm("signals.view_signal"),
        "trend": has_perm("signals.view_trend_signal"),
        "dossiers": has_perm("signals.view_dossier"),
        "enrichment": has_perm("signals.change_enrichmentrequest"),
        "beheer": has_perm("partners.change_organisation"),
        "audit": has_perm("audit.view_auditevent"),
    }


def site(request: HttpRequest) -> dict[str, Any]:
    return {
        "DEMO_MODE": settings.DEMO_MODE,
        "SESSION_IDLE_TIMEOUT": settings.SESSION_IDLE_TIMEOUT,
        # Lazy: pages without the menu (login, errors) look nothing up.
        "menu": SimpleLazyObject(lambda: _menu(request.user)),
    }
