from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions
from rest_framework.request import Request

from partners.models import ApiClient
from partners.services import api_client_authenticate


class ApiTokenAuthentication(authentication.BaseAuthentication):
    """``Authorization: Token <key>`` for machine clients (docs/api-contract.md)."""

    keyword = "Token"

    def authenticate(self, request: Request) -> tuple[ApiClient, None] | None:
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Ongeldige tokenheader."))
        try:
            token = header[1].decode()
        except UnicodeError as exc:
            raise exceptions.AuthenticationFailed(_("Ongeldige tokenheader.")) from exc
        client = api_client_authenticate(token)
        if client is None:
            raise exceptions.AuthenticationFailed(_("Ongeldig of ingetrokken token."))
        return client, None

    def authenticate_header(self, request: Any) -> str:
        return self.keyword
