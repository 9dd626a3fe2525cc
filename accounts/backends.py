from typing import Any

from django.contrib.auth.backends import ModelBackend

from partners.models import User


class OrganisationModelBackend(ModelBackend):
    """Django's username/password backend, loading the session's user together with
    their organisation: every page names it (header, audit entry), and a second
    query per request for it is waste."""

    def get_user(self, user_id: Any) -> User | None:
        try:
            user = User._default_manager.select_related("organisation").get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
