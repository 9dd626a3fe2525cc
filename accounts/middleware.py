from collections.abc import Callable
from typing import Any

from django.contrib.auth import logout
from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse


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
