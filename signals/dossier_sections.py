"""Sections of the dossier page that apps above signals provide (wiring only).

Like ``signals.dossier_banners``: an app above signals registers a provider at
start-up (``AppConfig.ready``), the dossier page renders each returned section
(its own template, its own context) with an entry in the in-page navigation.
A provider is called for a user who already reads the dossier and decides what
of its own data that user sees.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from partners.models import User
from signals.models import Dossier


@dataclass(frozen=True)
class DossierSection:
    # The section's HTML id, the in-page navigation's target.
    id: str
    title: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)


SectionProvider = Callable[[User, Dossier], list[DossierSection]]
_PROVIDERS: list[SectionProvider] = []


def dossier_section_register(provider: SectionProvider) -> None:
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)


def dossier_sections(*, user: User, dossier: Dossier) -> list[DossierSection]:
    sections: list[DossierSection] = []
    for provider in _PROVIDERS:
        sections.extend(provider(user, dossier))
    return sections
