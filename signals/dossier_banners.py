"""Banners on the dossier page that apps above signals provide (wiring only).

``signals`` knows nothing of classification, so an app above it registers a
provider at start-up (``AppConfig.ready``); the dossier page renders whatever the
providers return for the dossier and the user reading it. A provider returns
banners without personal data and links the user can open.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from partners.models import User
from signals.models import Dossier


@dataclass(frozen=True)
class DossierBanner:
    title: str
    text: str
    link: str = ""
    link_text: str = ""
    # "error" for what must be acted on now, "info" otherwise.
    level: str = "error"


BannerProvider = Callable[[User, Dossier], list[DossierBanner]]
_PROVIDERS: list[BannerProvider] = []


def dossier_banner_register(provider: BannerProvider) -> None:
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)


def dossier_banners(*, user: User, dossier: Dossier) -> list[DossierBanner]:
    banners: list[DossierBanner] = []
    for provider in _PROVIDERS:
        banners.extend(provider(user, dossier))
    return banners
