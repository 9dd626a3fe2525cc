from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.db import models

from partners.access import principal_for
from partners.models import User


class OrganisationModelBackend(ModelBackend):
    """Django's username/password backend, loading the session's user together with
    their organisation: every page names it (header, audit entry), and a second
    query per request for it is waste.

    ``user.has_perm`` (and ``perms`` in templates) answers from the access
    principal, like ``partners.access.holds_permission``: the role permissions gated
    by the convenant and the organisation being active, one query per request. The
    audit trail and the account pages of functioneel beheer ask Django's
    ``has_perm``, so without this a user of an organisation that left the chain
    would keep them."""

    def get_user(self, user_id: Any) -> User | None:
        try:
            user = User._default_manager.select_related("organisation").get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None

    def get_all_permissions(
        self, user_obj: Any, obj: models.Model | None = None
    ) -> set[str]:
        if (
            not getattr(user_obj, "is_active", False)
            or user_obj.is_anonymous
            or obj is not None
        ):
            return set()
        if user_obj.is_superuser:
            return super().get_all_permissions(user_obj, obj=obj)
        principal = principal_for(user_obj)
        return set(principal.permissions) if principal is not None else set()
