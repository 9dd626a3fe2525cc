"""Facts about the HTTP request that several apps need.

It lives in ``audit``, the lowest layer, so that every app (and the wiring in
``ketenaanpak``) can import it without an upward import.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """The client's address, trusting exactly ``TRUSTED_PROXY_COUNT`` reverse proxies.

    Behind N proxies the client is the N-th address from the right of
    X-Forwarded-For; anything further left was written by the client and is not
    believed. Axes and the audit trail both use this, so lockout and the trail agree.
    """
    proxies: int = settings.TRUSTED_PROXY_COUNT
    remote = str(request.META.get("REMOTE_ADDR", ""))
    if proxies <= 0:
        return remote
    forwarded = [
        part.strip()
        for part in str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",")
        if part.strip()
    ]
    if len(forwarded) < proxies:
        return remote
    return forwarded[-proxies]
