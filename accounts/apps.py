from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Inloggen en sessies")

    def ready(self) -> None:
        from audit.labels import register_object_type_labels, register_reason_labels

        # django-otp's model names are English; the audit page shows these.
        register_object_type_labels(
            {
                "otp_totp.totpdevice": _("Authenticator-app (TOTP)"),
                "otp_static.staticdevice": _("Herstelcodes"),
            }
        )
        # A login names the kind of second factor used (accounts.services).
        register_reason_labels(
            {
                "TOTPDevice": _("met authenticator-app"),
                "StaticDevice": _("met herstelcode"),
            }
        )
