from functools import partial
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.forms import PasswordResetForm, SetPasswordForm
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from partners.models import User

if TYPE_CHECKING:
    # Generic in django-stubs only; Django's class takes no parameters at runtime.
    _SetPasswordForm = SetPasswordForm[User]
else:
    _SetPasswordForm = SetPasswordForm


class PasswordStepForm(forms.Form):
    username = forms.CharField(
        label=_("Gebruikersnaam"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("Wachtwoord"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    error_messages = {
        "invalid_login": _(
            "Deze combinatie van gebruikersnaam en wachtwoord is onjuist. "
            "Na vijf pogingen wordt inloggen tijdelijk geblokkeerd."
        ),
    }

    def __init__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        self.request = request
        self.user: User | None = None
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        username = cleaned.get("username")
        password = cleaned.get("password")
        if username and password:
            # Axes' backend sees this call: it counts failures and refuses a locked
            # username/address pair before the password is even checked.
            user = authenticate(self.request, username=username, password=password)
            if user is None or not isinstance(user, User):
                raise forms.ValidationError(
                    self.error_messages["invalid_login"], code="invalid_login"
                )
            self.user = user
        return cleaned


class LinkPasswordForm(forms.Form):
    """The password step on an enrolment link: the link names the user."""

    password = forms.CharField(
        label=_("Wachtwoord"),
        strip=False,
        widget=forms.PasswordInput(
            attrs={"autocomplete": "current-password", "autofocus": True}
        ),
        error_messages={"required": _("Vul uw wachtwoord in.")},
    )

    def __init__(
        self, request: HttpRequest, user: User, *args: Any, **kwargs: Any
    ) -> None:
        self.request = request
        self.user = user
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        password = cleaned.get("password")
        if password:
            # Through axes, as on the login page: failures count towards the lockout.
            user = authenticate(
                self.request, username=self.user.get_username(), password=password
            )
            if user is None or user.pk != self.user.pk:
                raise forms.ValidationError(
                    _("Dit wachtwoord is onjuist."), code="invalid_login"
                )
        return cleaned


class ChoosePasswordForm(_SetPasswordForm):
    """A new account chooses its password on its invitation link."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].widget.attrs["autofocus"] = True


class CodeForm(forms.Form):
    token = forms.CharField(
        label=_("Verificatiecode"),
        help_text=_(
            "De zes cijfers uit uw authenticator-app, of een van uw herstelcodes."
        ),
        max_length=16,
        min_length=6,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "autofocus": True,
            }
        ),
        error_messages={
            "required": _("Vul de verificatiecode in."),
            "min_length": _("Een verificatiecode heeft zes cijfers."),
        },
    )


class QueuedPasswordResetForm(PasswordResetForm):
    """Sends the reset mail through Celery with only the user's id in the message."""

    email = forms.EmailField(
        label=_("E-mailadres"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def save(self, *args: Any, **kwargs: Any) -> None:
        from accounts.tasks import send_password_reset_mail

        for user in self.get_users(self.cleaned_data["email"]):
            # Enqueued once the request's transaction commits; only the id travels.
            transaction.on_commit(partial(send_password_reset_mail.delay, user.pk))
