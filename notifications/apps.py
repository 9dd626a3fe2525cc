from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Meldingen")

    def ready(self) -> None:
        from accounts.lockout import account_locked_listen
        from notifications.receivers import role_proposal_notify
        from notifications.services import account_locked_notify
        from partners.services import role_proposal_listen

        role_proposal_listen(role_proposal_notify)
        account_locked_listen(account_locked_notify)
