"""Login in two steps (password, then TOTP), enrolment, logout, reset, sessions."""

from __future__ import annotations

from io import BytesIO

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from accounts import services
from accounts.forms import CodeForm, PasswordStepForm, QueuedPasswordResetForm
from partners.models import User, UserSession

NEXT_KEY = "accounts_next"


def _safe_next(request: HttpRequest, candidate: str | None) -> str:
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("home")


def _locked_out(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/locked_out.html", status=429)


@login_not_required
@never_cache
@sensitive_post_parameters("password")
@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("home")
    form = PasswordStepForm(request, data=request.POST or None)
    if request.method == "POST":
        if getattr(request, "axes_locked_out", False):
            return _locked_out(request)
        if form.is_valid():
            assert form.user is not None
            next_url = _safe_next(request, request.POST.get("next"))
            services.pending_start(request, form.user)
            request.session[NEXT_KEY] = next_url
            if services.has_confirmed_totp(form.user):
                return redirect("accounts:verify")
            return redirect("accounts:enrol")
    return render(
        request,
        "accounts/login.html",
        {"form": form, "next": request.GET.get("next", "")},
    )


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def verify_view(request: HttpRequest) -> HttpResponse:
    user = services.pending_user(request)
    if user is None:
        messages.info(request, _("Log opnieuw in: de inlogstap is verlopen."))
        return redirect("accounts:login")
    if not services.has_confirmed_totp(user):
        return redirect("accounts:enrol")
    if services.is_locked_out(request, user):
        services.pending_clear(request)
        return _locked_out(request)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = services.verify_code(user, form.cleaned_data["token"])
        if device is not None:
            next_url = request.session.pop(NEXT_KEY, reverse("home"))
            services.login_complete(request, user, device)
            return redirect(next_url)
        services.second_factor_failed(request, user)
        if services.is_locked_out(request, user):
            services.pending_clear(request)
            return _locked_out(request)
        form.add_error(
            "token", _("Deze code is onjuist of verlopen. Probeer de volgende code.")
        )
    return render(request, "accounts/verify.html", {"form": form})


def _qr_svg(data: str) -> str:
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=10)
    buffer = BytesIO()
    image.save(buffer)
    svg = buffer.getvalue().decode()
    return svg[svg.index("<svg") :]


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def enrol_view(request: HttpRequest) -> HttpResponse:
    user = services.pending_user(request)
    if user is None:
        messages.info(request, _("Log opnieuw in: de inlogstap is verlopen."))
        return redirect("accounts:login")
    if services.has_confirmed_totp(user):
        return redirect("accounts:verify")
    if services.is_locked_out(request, user):
        services.pending_clear(request)
        return _locked_out(request)
    device = services.totp_device_for_enrolment(user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = services.enrolment_confirm(
            user=user, device=device, token=form.cleaned_data["token"]
        )
        if codes is not None:
            device.refresh_from_db()
            services.login_complete(request, user, device)
            request.session["accounts_recovery_codes"] = codes
            return redirect("accounts:recovery-codes")
        services.second_factor_failed(request, user)
        form.add_error(
            "token",
            _(
                "Deze code klopt niet. Controleer de tijd op uw telefoon en probeer het opnieuw."
            ),
        )
    from base64 import b32encode

    secret = b32encode(device.bin_key).decode()
    return render(
        request,
        "accounts/enrol.html",
        {
            "form": form,
            # qrcode's SVG of our own otpauth URI; no user input reaches it.
            "qr_svg": mark_safe(_qr_svg(device.config_url)),  # noqa: S308
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        },
    )


@never_cache
def recovery_codes_view(request: HttpRequest) -> HttpResponse:
    codes = request.session.pop("accounts_recovery_codes", None)
    if codes is None:
        return redirect("accounts:sessions")
    return render(
        request,
        "accounts/recovery_codes.html",
        {"codes": codes, "next": request.session.pop(NEXT_KEY, reverse("home"))},
    )


@require_POST
def recovery_codes_regenerate_view(request: HttpRequest) -> HttpResponse:
    assert isinstance(request.user, User)
    request.session["accounts_recovery_codes"] = services.recovery_codes_regenerate(
        user=request.user
    )
    return redirect("accounts:recovery-codes")


@login_not_required
@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    services.logout_complete(request)
    messages.success(request, _("U bent uitgelogd."))
    return redirect("accounts:login")


@never_cache
def sessions_view(request: HttpRequest) -> HttpResponse:
    assert isinstance(request.user, User)
    sessions = UserSession.objects.filter(user=request.user)
    return render(
        request,
        "accounts/sessions.html",
        {"sessions": sessions, "current_key": request.session.session_key},
    )


@require_POST
def sessions_end_others_view(request: HttpRequest) -> HttpResponse:
    assert isinstance(request.user, User)
    count = UserSession.end_all_for(request.user, keep=request.session.session_key)
    messages.success(
        request,
        ngettext(
            "%(count)d andere sessie beëindigd.",
            "%(count)d andere sessies beëindigd.",
            count,
        )
        % {"count": count},
    )
    return redirect("accounts:sessions")


@require_POST
def second_factor_reset_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Functioneel beheer: a user lost their phone and enrols again at next login."""
    if not request.user.has_perm("partners.change_user"):
        raise PermissionDenied
    user = get_object_or_404(User, pk=pk)
    services.second_factor_reset(user=user, actor=request.user)
    messages.success(
        request,
        _(
            "De tweestapsverificatie van %(name)s is gereset. Bij de volgende login "
            "stelt deze gebruiker een nieuwe authenticator-app in."
        )
        % {"name": user.get_full_name() or user.username},
    )
    return redirect(_safe_next(request, request.POST.get("next")))


class PasswordResetView(auth_views.PasswordResetView):
    form_class = QueuedPasswordResetForm
    template_name = "accounts/password_reset.html"
    success_url = reverse_lazy("accounts:password-reset-done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password-reset-complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"
