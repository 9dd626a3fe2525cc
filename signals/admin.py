"""Django admin: the indicator lists are editable reference data; signals are read-only.

Signals are entered through signal_create (validated, audited) on /signalen/nieuw/
or the API; the admin shows only what the signal selectors let the user see, audits
each look, and never shows who reported (docs/threat-model.md: retaliation).
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse

from audit.constants import Action
from audit.services import audit_record
from partners.admin import ReadOnlyAdmin, ReadOnlyInline
from signals.models import Indicator, Signal, SignalPerson
from signals.selectors import signal_list_visible_to


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin[Indicator]):
    list_display = ["label", "code", "list", "group", "order", "active"]
    list_filter = ["list", "group", "active"]
    list_editable = ["order", "active"]
    search_fields = ["code", "label"]
    ordering = ["list", "group", "order", "code"]
    fields = ["code", "list", "group", "label", "order", "active"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Signals refer to indicators: retire one by making it inactive.
        return False


class SignalPersonInline(ReadOnlyInline[SignalPerson, Signal]):
    model = SignalPerson
    fields = [
        "role",
        "name",
        "aliases",
        "date_of_birth",
        "estimated_age",
        "gender",
        "municipality",
    ]


@admin.register(Signal)
class SignalAdmin(ReadOnlyAdmin[Signal]):
    list_display = [
        "__str__",
        "received_at",
        "kind",
        "subject_role",
        "source",
        "organisation",
        "status",
    ]
    list_filter = ["kind", "status", "source"]
    list_select_related = ["organisation"]
    ordering = ["-received_at", "-id"]
    show_full_result_count = False
    # No reporter_name, _organisation, _phone or _email: not even the admin shows them.
    fields = [
        "uuid",
        "organisation",
        "api_client",
        "external_id",
        "observed_at",
        "description",
        "relevance",
        "non_verbal",
        "subject_role",
        "kind",
        "source",
        "keywords",
        "indicators",
        "passed_on_to",
        "sharing",
        "shared_with",
        "reporter_anonymous",
        "status",
        "feedback",
        "bilateral",
        "received_at",
        "updated_at",
    ]
    inlines = [SignalPersonInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Signal]:
        # The same scope as everywhere: staff status grants no need to know.
        if not request.user.is_authenticated:
            return Signal.objects.none()
        return signal_list_visible_to(user=request.user)

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        return {}

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        audit_record(
            actor=request.user if request.user.is_authenticated else None,
            action=Action.LIST,
            object_type="signals.signal",
            reason="signalen bekeken in Django-admin",
        )
        return super().changelist_view(request, extra_context)

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        signal = self.get_object(request, object_id)
        if signal is not None:
            audit_record(
                actor=request.user if request.user.is_authenticated else None,
                action=Action.READ,
                obj=signal,
                reason="signaal bekeken in Django-admin",
            )
        return super().change_view(request, object_id, form_url, extra_context)
