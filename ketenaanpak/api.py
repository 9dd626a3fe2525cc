"""What every API endpoint shares: body limit, error mapping, throttling, schema auth."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


class ApiBodyLimitMiddleware:
    """Refuse an API body over the limit with 413 before anything reads it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith("/api/"):
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = 0
            if length > settings.API_MAX_BODY_BYTES:
                return JsonResponse(
                    {
                        "detail": _("Het bericht is groter dan %(limit)d KiB.")
                        % {"limit": settings.API_MAX_BODY_BYTES // 1024}
                    },
                    status=413,
                )
        return self.get_response(request)


def nest_errors(message_dict: dict[str, list[str]]) -> dict[str, Any]:
    """Turn the services' dotted keys (``persons.1.name``) into DRF's nested shape.

    DRF reports a list field's errors by item index, for the failing items only:
    ``{"persons": {"1": {"name": [...]}}}``; service errors take the same shape.
    """
    nested: dict[str, Any] = {}
    for key, messages in message_dict.items():
        parts = key.split(".")
        if len(parts) == 3 and parts[1].isdigit():
            name, index, field = parts
            items = nested.setdefault(name, {})
            items.setdefault(index, {}).setdefault(field, []).extend(messages)
        else:
            nested.setdefault(key, []).extend(messages)
    return nested


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Domain errors from services become precise 400s (HackSoft's pattern)."""
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            exc = exceptions.ValidationError(nest_errors(exc.message_dict))
        else:
            exc = exceptions.ValidationError({"non_field_errors": exc.messages})
    return drf_exception_handler(exc, context)


# drf-spectacular registers an extension in an unannotated __init_subclass__.
class ApiTokenScheme(OpenApiAuthenticationExtension):  # type: ignore[no-untyped-call]
    target_class = "partners.authentication.ApiTokenAuthentication"
    match_subclasses = True  # ketenaanpak.throttling.ThrottledApiTokenAuthentication
    name = "tokenAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "`Token <sleutel>`; uitgegeven met `manage.py issue_api_token`.",
        }
