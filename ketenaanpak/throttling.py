"""Kept apart from ketenaanpak.api: DRF imports its throttle and authentication
classes while it loads rest_framework.views, which ketenaanpak.api itself imports."""

from __future__ import annotations

import math
import time
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.cache import cache
from rest_framework import authentication, exceptions
from rest_framework.request import Request
from rest_framework.throttling import SimpleRateThrottle

from audit.http import client_ip
from partners.authentication import ApiTokenAuthentication
from partners.models import ApiClient

if TYPE_CHECKING:
    # Not at runtime: DRF imports this module while it loads rest_framework.views.
    from rest_framework.views import APIView

_PERIODS = {"s": 1, "m": 60, "h": 60 * 60, "d": 24 * 60 * 60}


class ApiClientRateThrottle(SimpleRateThrottle):
    """Per machine client. A courtesy against runaway retries, not a security control."""

    scope = "api_client"

    def get_cache_key(self, request: Request, view: APIView) -> str | None:
        client = request.user
        if client is None or not getattr(client, "is_authenticated", False):
            return None
        return self.cache_format % {"scope": self.scope, "ident": f"client-{client.pk}"}


class TokenFailureThrottle:
    """Failed token authentications per client address (``API_TOKEN_FAILURE_RATE``,
    e.g. ``10/minute``), counted in fixed windows in the shared cache: Redis in
    production, so every web container counts together, and atomically (INCR)."""

    def __init__(self, request: Request) -> None:
        count, _, period = settings.API_TOKEN_FAILURE_RATE.partition("/")
        self.limit = int(count)
        self.duration = _PERIODS[period[:1]]
        now = time.time()
        window = int(now // self.duration)
        self.key = f"throttle_api_token_failure_{client_ip(request)}_{window}"
        self.remaining = (window + 1) * self.duration - now

    def wait(self) -> float | None:
        """Seconds until the address may try again, or None if it may now."""
        if (cache.get(self.key) or 0) >= self.limit:
            return self.remaining
        return None

    def record_failure(self) -> None:
        cache.add(self.key, 0, timeout=math.ceil(self.remaining) + 1)
        try:
            cache.incr(self.key)
        except ValueError:  # expired between add and incr: a new window
            cache.set(self.key, 1, timeout=self.duration)


class ThrottledApiTokenAuthentication(ApiTokenAuthentication):
    """The meldpunt's token authentication, with failures throttled per address:
    past the limit every token from that address gets 429 with ``Retry-After``,
    a good one too (checking it would go on answering guesses). A request
    without a token is no guess and is not counted."""

    def authenticate(self, request: Request) -> tuple[ApiClient, None] | None:
        throttle = TokenFailureThrottle(request)
        wait = throttle.wait()
        if wait is not None and self.presents_token(request):
            raise exceptions.Throttled(wait=wait)
        try:
            return super().authenticate(request)
        except exceptions.AuthenticationFailed:
            throttle.record_failure()
            raise

    def presents_token(self, request: Request) -> bool:
        header = authentication.get_authorization_header(request).split()
        return bool(header) and header[0].lower() == self.keyword.lower().encode()
