"""Login in two steps (password, then TOTP), enrolment, logout, reset, sessions."""

from __future__ import annotations

from io import BytesIO

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import PasswordChangeForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import (
    require_GET,
    require_http_methods,
    require_POST,
)

from accounts import services
from accounts.forms import (
    ChoosePasswordForm,
    CodeForm,
    LinkPasswordForm,
    PasswordStepForm,
    QueuedPasswordResetForm,
)
from accounts.models import EnrolmentLink
from partners.access import request_user
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


def _enrolment_needed(request: HttpRequest) -> HttpResponse:
    """The password is right but no authenticator is set up: only a link helps."""
    services.pending_clear(request)
    return render(request, "accounts/enrolment_needed.html", status=403)


def _link_invalid(request: HttpRequest, reason: str) -> HttpResponse:
    request.session.pop(services.LINK_KEY, None)
    services.pending_clear(request)
    return render(
        request,
        "accounts/enrolment_link_invalid.html",
        {"reason": reason},
        status=404 if reason == services.EnrolmentLinkInvalid.UNKNOWN else 410,
    )


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
            # Never the enrolment: a password alone must not add an authenticator.
            return _enrolment_needed(request)
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
        if services.pending_link_id(request) is not None:
            return redirect("accounts:enrol")
        return _enrolment_needed(request)
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
@require_GET
def enrolment_link_view(request: HttpRequest, token: str) -> HttpResponse:
    """The link from the e-mail. Opening it spends nothing (mail scanners open
    links too); it is remembered in the session and the token leaves the URL."""
    try:
        link = services.enrolment_link_for_token(token)
    except services.EnrolmentLinkInvalid as exc:
        return _link_invalid(request, exc.reason)
    if request.user.is_authenticated:
        services.logout_complete(request)
    services.pending_clear(request)
    request.session.cycle_key()
    request.session[services.LINK_KEY] = link.pk
    return redirect("accounts:activate")


@login_not_required
@never_cache
@sensitive_post_parameters("password", "new_password1", "new_password2")
@require_http_methods(["GET", "POST"])
def activate_view(request: HttpRequest) -> HttpResponse:
    """The password step on an enrolment link: a new account chooses one."""
    link_id = request.session.get(services.LINK_KEY)
    if not isinstance(link_id, int):
        messages.info(request, _("Open de link uit uw e-mail opnieuw."))
        return redirect("accounts:login")
    try:
        link = services.enrolment_link_get(link_id=link_id)
    except services.EnrolmentLinkInvalid as exc:
        return _link_invalid(request, exc.reason)
    user = link.user
    if services.is_locked_out(request, user):
        return _locked_out(request)
    data = request.POST if request.method == "POST" else None
    choose = not user.has_usable_password()
    form: ChoosePasswordForm | LinkPasswordForm = (
        ChoosePasswordForm(user, data)
        if choose
        else LinkPasswordForm(request, user, data)
    )
    if data is not None:
        valid = form.is_valid()
        if getattr(request, "axes_locked_out", False):
            return _locked_out(request)
        if valid:
            if choose:
                try:
                    services.enrolment_password_set(
                        user=user,
                        password=form.cleaned_data["new_password1"],
                        link=link,
                    )
                except services.EnrolmentLinkInvalid as exc:
                    return _link_invalid(request, exc.reason)
            services.pending_start(request, user, link=link)
            return redirect("accounts:enrol")
    return render(
        request,
        "accounts/activate.html",
        {
            "form": form,
            "subject": user,
            "choose": choose,
            "invitation": link.purpose == EnrolmentLink.Purpose.INVITATION,
        },
    )


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
    link_id = services.pending_link_id(request)
    if link_id is None:
        return _enrolment_needed(request)
    try:
        services.enrolment_link_get(link_id=link_id, user=user)
    except services.EnrolmentLinkInvalid as exc:
        return _link_invalid(request, exc.reason)
    if services.is_locked_out(request, user):
        services.pending_clear(request)
        return _locked_out(request)
    device = services.totp_device_for_enrolment(user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = services.enrolment_confirm(
                user=user,
                device=device,
                token=form.cleaned_data["token"],
                link_id=link_id,
            )
        except services.EnrolmentLinkInvalid as exc:
            return _link_invalid(request, exc.reason)
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


def _beheer_subject(request: HttpRequest, pk: int) -> User:
    if not request.user.has_perm("partners.change_user"):
        raise PermissionDenied
    return get_object_or_404(User, pk=pk)


def _back_to_subject(request: HttpRequest, user: User) -> HttpResponse:
    fallback = reverse("partners:beheer-user-edit", kwargs={"pk": user.pk})
    candidate = request.POST.get("next")
    return redirect(_safe_next(request, candidate) if candidate else fallback)


@require_POST
def second_factor_reset_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Functioneel beheer: a user lost their phone; the old one stops working now
    and a new one is set up through the link mailed to the user."""
    user = _beheer_subject(request, pk)
    link = services.second_factor_reset(user=user, actor=request_user(request))
    name = user.get_full_name() or user.username
    if link is not None:
        messages.success(
            request,
            _(
                "De tweestapsverificatie van %(name)s is opnieuw ingesteld: de oude "
                "authenticator-app werkt niet meer en de sessies zijn beëindigd. De "
                "gebruiker krijgt een e-mail met een link om een nieuwe te koppelen."
            )
            % {"name": name},
        )
    else:
        messages.warning(
            request,
            _(
                "De tweestapsverificatie van %(name)s is opnieuw ingesteld, maar er "
                "is geen link verstuurd: vul een e-mailadres in en verstuur dan een "
                "uitnodiging."
            )
            % {"name": name},
        )
    return _back_to_subject(request, user)


@require_POST
def enrolment_invite_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Functioneel beheer: mail a new user the link to activate their account."""
    user = _beheer_subject(request, pk)
    try:
        services.enrolment_invite(user=user, actor=request_user(request))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _(
                "De uitnodiging voor %(name)s is verstuurd. Een eerder verstuurde "
                "link werkt niet meer."
            )
            % {"name": user.get_full_name() or user.username},
        )
    return _back_to_subject(request, user)


@require_POST
def unlock_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Functioneel beheer: a colleague locked out after too many failures."""
    user = _beheer_subject(request, pk)
    services.user_unlock(user=user, actor=request_user(request))
    messages.success(
        request,
        _("Het account van %(name)s is ontgrendeld.")
        % {"name": user.get_full_name() or user.username},
    )
    return _back_to_subject(request, user)


@never_cache
@sensitive_post_parameters("old_password", "new_password1", "new_password2")
@require_http_methods(["GET", "POST"])
def password_change_view(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    form = PasswordChangeForm(user, request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            ended = services.password_change(
                request, user=user, password=form.cleaned_data["new_password1"]
            )
            messages.success(
                request,
                ngettext(
                    "Uw wachtwoord is gewijzigd. %(count)d andere sessie is beëindigd.",
                    "Uw wachtwoord is gewijzigd. %(count)d andere sessies zijn "
                    "beëindigd.",
                    ended,
                )
                % {"count": ended},
            )
            return redirect("accounts:sessions")
        if form.has_error("old_password", "password_incorrect"):
            services.password_wrong(request, user)
            if services.is_locked_out(request, user):
                services.logout_complete(request)
                return _locked_out(request)
    return render(request, "accounts/password_change.html", {"form": form})


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
