from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from ketenaanpak.start import start_page
from partners.access import principal_for, request_user
from partners.constants import Role


def home(request: HttpRequest) -> HttpResponse:
    """The start page: per role what waits for the user now (ketenaanpak.start)."""
    return render(request, "home.html", {"start": start_page(request_user(request))})


def permission_denied(
    request: HttpRequest, exception: Exception | None = None
) -> HttpResponse:
    """The 403 page says whom to ask, by who is asking: a functioneel beheerder is
    not sent to the functioneel beheerder, and an organisation without a valid
    convenant learns that this is why."""
    principal = principal_for(request.user)
    roles = principal.roles if principal is not None else frozenset()
    return render(
        request,
        "403.html",
        {
            "is_beheerder": Role.FUNCTIONEEL_BEHEERDER in roles,
            "without_convenant": principal is not None and principal.group_id is None,
        },
        status=403,
    )


@login_not_required
def admin_login_redirect(
    request: HttpRequest, extra_context: object = None
) -> HttpResponse:
    """The Django admin has no login of its own: everyone passes our 2FA login."""
    target = request.GET.get("next", reverse("admin:index"))
    return redirect(f"{reverse('accounts:login')}?{urlencode({'next': target})}")


@login_not_required
@require_GET
def health(request: HttpRequest) -> HttpResponse:
    """Liveness for the container health check: the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
