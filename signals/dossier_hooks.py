"""What apps above signals do when a dossier's status changes (wiring only).

``signals`` knows nothing of screening, yet a melding's status for its reporter
and the meldpunt depends on whether its dossier is closed (docs/api-contract.md:
``closed``). An app above signals registers a hook at start-up
(``AppConfig.ready``); ``dossier_set_status`` calls each hook explicitly, in its
transaction, after the change. A hook writes through its own app's services.
"""

from __future__ import annotations

from collections.abc import Callable

from partners.models import User
from signals.models import Dossier

StatusHook = Callable[[Dossier, User], None]
_HOOKS: list[StatusHook] = []


def dossier_status_hook_register(hook: StatusHook) -> None:
    if hook not in _HOOKS:
        _HOOKS.append(hook)


def dossier_status_hooks_run(*, dossier: Dossier, actor: User) -> None:
    for hook in _HOOKS:
        hook(dossier, actor)
