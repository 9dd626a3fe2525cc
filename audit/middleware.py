from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from audit.constants import Client
from audit.context import origin
from audit.http import client_ip
from audit.services import ObjectNotVisible, audit_denied


class AuditContextMiddleware:
    """Records which route and address every audit entry of this request comes from."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        client = Client.API if request.path.startswith("/api/") else Client.WEB
        with origin(
            client=client,
            route=f"{request.method} {request.path}",
            ip_address=client_ip(request) or None,
        ):
            return self.get_response(request)

    def process_exception(
        self, request: HttpRequest, exception: Exception
    ) -> HttpResponse | None:
        """A lookup out of scope: record the denied attempt, then let Django answer
        404. Called after the view's transaction has rolled back, so the entry
        stays (within the origin of ``__call__``: route and address are known)."""
        if isinstance(exception, ObjectNotVisible):
            audit_denied(exception)
        return None
