"""``{% dossier_banners dossier as banners %}``: the registered banners for the
dossier and the user reading the page (signals.dossier_banners)."""

from __future__ import annotations

from typing import Any

from django import template

from partners.access import request_user
from signals.dossier_banners import DossierBanner, dossier_banners
from signals.dossier_sections import DossierSection, dossier_sections
from signals.models import Dossier

register = template.Library()


@register.simple_tag(takes_context=True, name="dossier_banners")
def dossier_banners_tag(context: Any, dossier: Dossier) -> list[DossierBanner]:
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return []
    return dossier_banners(user=request_user(request), dossier=dossier)


@register.simple_tag(takes_context=True, name="dossier_sections")
def dossier_sections_tag(context: Any, dossier: Dossier) -> list[DossierSection]:
    """``{% dossier_sections dossier as sections %}``: the registered sections
    (signals.dossier_sections) for the dossier and the user reading the page."""
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return []
    return dossier_sections(user=request_user(request), dossier=dossier)
