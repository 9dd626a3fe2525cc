"""Django admin: a read-only window on notifications and their e-mail state.

The one write, giving a failed e-mail another round, goes through the service.
"""

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from notifications.models import Notification
from notifications.services import notification_email_retry


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin[Notification]):
    list_display = [
        "created_at",
        "recipient",
        "kind",
        "read_at",
        "email_status",
        "email_attempts",
        "emailed_at",
    ]
    list_filter = ["kind", "email_status"]
    list_select_related = ["recipient"]
    search_fields = ["recipient__username"]
    date_hierarchy = "created_at"
    ordering = ["-created_at", "-id"]
    show_full_result_count = False
    actions = ["retry_email"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return [field.name for field in Notification._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.action(
        description=_("Mislukte e-mail opnieuw versturen"),
        permissions=["change"],
    )
    def retry_email(
        self, request: HttpRequest, queryset: QuerySet[Notification]
    ) -> None:
        count = sum(
            notification_email_retry(notification=notification)
            for notification in queryset.filter(
                email_status=Notification.EmailStatus.FAILED
            )
        )
        self.message_user(
            request,
            ngettext(
                "%(count)d e-mail opnieuw in de wachtrij gezet.",
                "%(count)d e-mails opnieuw in de wachtrij gezet.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )
