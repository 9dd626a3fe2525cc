"""Kept apart from ketenaanpak.api: DRF imports its throttle classes while it loads
rest_framework.views, which ketenaanpak.api itself imports."""

from typing import Any

from rest_framework.throttling import SimpleRateThrottle


class ApiClientRateThrottle(SimpleRateThrottle):
    """Per machine client. A courtesy against runaway retries, not a security control."""

    scope = "api_client"

    def get_cache_key(self, request: Any, view: Any) -> str | None:
        client = request.user
        if client is None or not getattr(client, "is_authenticated", False):
            return None
        return self.cache_format % {"scope": self.scope, "ident": f"client-{client.pk}"}
