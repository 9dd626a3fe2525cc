import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers


def _to_login(request: HttpRequest) -> HttpResponse:
    """htmx follows HX-Redirect itself; a 302 would swap the login page into a fragment."""
    login_url = reverse("accounts:login")
    if getattr(request, "htmx", False):
        response = HttpResponse(status=200)
        response["HX-Redirect"] = login_url
        return response
    return redirect(f"{login_url}?next={request.get_full_path()}")


class RequireLoginMiddleware(LoginRequiredMiddleware):
    """Every page needs a login unless marked ``login_not_required``.

    The API authenticates with tokens of its own and is left to DRF.
    """

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: Any,
        view_kwargs: Any,
    ) -> HttpResponseBase | None:
        if request.path.startswith("/api/"):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)

    def handle_no_permission(  # type: ignore[override]
        self, request: HttpRequest, view_func: Any
    ) -> HttpResponse:
        return _to_login(request)


def _authenticated(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    return bool(getattr(user, "is_authenticated", False))


class NoStoreForUsersMiddleware:
    """Every response to a logged-in user says ``Cache-Control: no-store``.

    Pages, fragments, redirects and API answers may carry personal data; neither the
    browser nor a proxy may keep them. A response counts as the user's when the
    request came in logged in (a logout answers the user too) or left logged in (a
    login), including a machine client that DRF authenticated by token.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        logged_in = _authenticated(request)
        response = self.get_response(request)
        if logged_in or _authenticated(request):
            add_never_cache_headers(response)
        return response


class RequireVerifiedUserMiddleware:
    """A session that is logged in but did not pass the second factor is ended.

    Our login only calls ``login()`` after the TOTP step, so this catches sessions
    made any other way (a forgotten code path, the Django admin, a stale device).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        # OTPMiddleware gives the user is_verified().
        if user.is_authenticated and not getattr(user, "is_verified")():  # noqa: B009
            logout(request)
            return _to_login(request)
        return self.get_response(request)


# When the session's idle deadline was last moved (seconds since the epoch).
IDLE_RENEWED_KEY = "accounts_idle_renewed"


class IdleSessionMiddleware:
    """Ends a session after ``SESSION_IDLE_TIMEOUT`` without activity, writing it
    to the database at most once per ``SESSION_IDLE_RENEW_AFTER``.

    Saving the session on every request (``SESSION_SAVE_EVERY_REQUEST``) cost an
    UPDATE and a commit per page. Here a request renews the deadline (saves the
    session, which moves the row's expire date) only when the last renewal is older
    than the renew interval, or when the session is saved anyway. The deadline
    counts from the last renewal, which is never later than the last request: a
    session ends after 14 to 15 idle minutes, never later than 15. The database
    refuses the row past its expire date; the stamp enforces the same deadline here,
    whatever the session engine.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = request.session
        renewed = session.get(IDLE_RENEWED_KEY)
        now = time.time()
        if (
            isinstance(renewed, int | float)
            and now - renewed >= settings.SESSION_IDLE_TIMEOUT
        ):
            session.flush()
            renewed = None
        response = self.get_response(request)
        # An empty session (a visitor, or one just logged out) is never stored.
        if not session.is_empty() and (
            session.modified
            or not isinstance(renewed, int | float)
            or now - renewed >= settings.SESSION_IDLE_RENEW_AFTER
        ):
            session[IDLE_RENEWED_KEY] = int(now)
        return response
