from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "home.html")


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
