from typing import Any

from django.contrib import admin
from django.db import transaction
from django.http import HttpRequest, HttpResponse

from audit.constants import Action
from audit.models import AuditEvent
from audit.services import audit_record


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin[AuditEvent]):
    """Read-only: the trail is append-only, in the app as in the database."""

    list_display = [
        "at",
        "actor_username",
        "organisation",
        "action",
        "object_type",
        "object_id",
        "client",
    ]
    list_filter = ["action", "client", "object_type"]
    search_fields = ["actor_username", "organisation", "object_type", "object_id"]
    date_hierarchy = "at"
    ordering = ["-at", "-id"]
    show_full_result_count = False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(
        self, request: HttpRequest, obj: AuditEvent | None = None
    ) -> bool:
        return False

    def has_delete_permission(
        self, request: HttpRequest, obj: AuditEvent | None = None
    ) -> bool:
        return False

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        return {}

    # Reading the trail through the admin is accounted for like the search page.
    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        user = request.user
        if user.is_authenticated and user.has_perm("audit.view_auditevent"):
            with transaction.atomic():
                audit_record(
                    actor=user,
                    action=Action.SEARCH,
                    object_type="audit.auditevent",
                    reason="audittrail bekeken in Django-admin",
                )
        return super().changelist_view(request, extra_context)

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        user = request.user
        if user.is_authenticated and user.has_perm("audit.view_auditevent"):
            with transaction.atomic():
                audit_record(
                    actor=user,
                    action=Action.READ,
                    object_type="audit.auditevent",
                    object_id=object_id[:64],
                    reason="auditregel bekeken in Django-admin",
                )
        return super().change_view(request, object_id, form_url, extra_context)
