"""Django admin: a read-only window on partners.

Every change goes through partners.services (audited, validated, group kept in
step), which the beheer pages under /organisaties/beheer/ call; the admin must not
become a way around them. The one write here, revoking an API client, calls the
service too. Tokens are issued with ``manage.py issue_api_token``.
"""

from typing import Any, TypeVar

from django.contrib import admin, messages
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from partners.models import (
    ApiClient,
    Convenant,
    ConvenantParticipation,
    Organisation,
    RoleProposal,
    User,
    UserSession,
)
from partners.services import api_client_revoke

_M = TypeVar("_M", bound=Model)
_P = TypeVar("_P", bound=Model)


class ReadOnlyAdmin(admin.ModelAdmin[_M]):
    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return self.get_fields(request, obj)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyInline(admin.TabularInline[_M, _P]):
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Organisation)
class OrganisationAdmin(ReadOnlyAdmin[Organisation]):
    list_display = [
        "name",
        "slug",
        "kind",
        "domain",
        "ring",
        "contact_person",
        "active",
    ]
    list_filter = ["ring", "domain", "kind", "active"]
    search_fields = ["name", "slug"]
    list_select_related = ["contact_person"]
    fields = [
        "name",
        "slug",
        "kind",
        "domain",
        "ring",
        "contact_person",
        "active",
        "group",
        "created_at",
        "updated_at",
    ]


class ConvenantParticipationInline(ReadOnlyInline[ConvenantParticipation, Convenant]):
    model = ConvenantParticipation
    fields = ["organisation", "signed_on", "withdrawn_on"]


@admin.register(Convenant)
class ConvenantAdmin(ReadOnlyAdmin[Convenant]):
    list_display = ["title", "valid_from", "valid_until"]
    search_fields = ["title"]
    fields = [
        "title",
        "purpose",
        "target_group",
        "valid_from",
        "valid_until",
        "created_at",
        "updated_at",
    ]
    inlines = [ConvenantParticipationInline]


@admin.register(User)
class UserAdmin(ReadOnlyAdmin[User]):
    list_display = [
        "username",
        "first_name",
        "last_name",
        "organisation",
        "is_active",
        "last_login",
    ]
    list_filter = ["is_active", "organisation"]
    search_fields = ["username", "first_name", "last_name", "email"]
    list_select_related = ["organisation"]
    # Never the password hash.
    fields = [
        "username",
        "first_name",
        "last_name",
        "email",
        "phone",
        "organisation",
        "groups",
        "is_active",
        "is_staff",
        "is_superuser",
        "last_login",
        "date_joined",
    ]


@admin.register(ApiClient)
class ApiClientAdmin(ReadOnlyAdmin[ApiClient]):
    list_display = [
        "name",
        "organisation",
        "token_prefix",
        "created_at",
        "last_used_at",
        "revoked_at",
    ]
    list_filter = ["organisation"]
    list_select_related = ["organisation"]
    # token_hash is left out on purpose: not even its hash leaves the database.
    fields = [
        "name",
        "organisation",
        "token_prefix",
        "created_at",
        "last_used_at",
        "revoked_at",
    ]
    actions = ["revoke"]

    def has_revoke_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("partners.change_apiclient")

    @admin.action(
        description=_("Geselecteerde tokens intrekken"), permissions=["revoke"]
    )
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiClient]) -> None:
        clients = list(queryset.filter(revoked_at__isnull=True))
        # Signed in: the admin admits staff only.
        actor = request.user if request.user.is_authenticated else None
        for client in clients:
            api_client_revoke(client=client, actor=actor)
        self.message_user(
            request,
            ngettext(
                "%(count)d token ingetrokken.",
                "%(count)d tokens ingetrokken.",
                len(clients),
            )
            % {"count": len(clients)},
            messages.SUCCESS,
        )


@admin.register(UserSession)
class UserSessionAdmin(ReadOnlyAdmin[UserSession]):
    list_display = ["user", "created_at", "ip_address"]
    list_select_related = ["user"]
    # The session key is a bearer secret: it is not shown.
    fields = ["user", "created_at", "ip_address", "user_agent"]


@admin.register(RoleProposal)
class RoleProposalAdmin(ReadOnlyAdmin[RoleProposal]):
    """Proposals are decided on the beheer pages (four eyes), never here."""

    list_display = ["user", "role", "proposed_by", "proposed_at", "outcome"]
    list_filter = ["outcome", "role"]
    list_select_related = ["user", "proposed_by"]
    fields = [
        "user",
        "role",
        "proposed_by",
        "proposed_at",
        "outcome",
        "decided_by",
        "decided_at",
    ]
