"""What apps above signals do when a dossier's status changes (wiring only).

``signals`` knows nothing of screening, yet a melding's status for its reporter
and the meldpunt depends on whether its dossier is closed (docs/api-contract.md:
``closed``). An app above signals registers a hook at start-up
(``AppConfig.ready``); ``dossier_set_status`` calls each hook explicitly, in its
transaction, after the change. A hook writes through its own app's services.

Access keepers: an app above classification (the casusoverleg) may still need a
dossier for an organisation that a lowered colour would withdraw. It registers a
keeper that answers, for a dossier and an organisation, why the organisation
keeps the dossier (a short label for the routing note) or ``None``;
classification's withdrawal asks ``dossier_access_keep`` and skips those. A
keeper that keeps an organisation takes the grant over (its own records, through
its own app): when its need ends, revoking is its job.
"""

from __future__ import annotations

from collections.abc import Callable

from django_stubs_ext import StrOrPromise

from partners.models import Organisation, User
from signals.models import Dossier

StatusHook = Callable[[Dossier, User], None]
_HOOKS: list[StatusHook] = []


def dossier_status_hook_register(hook: StatusHook) -> None:
    if hook not in _HOOKS:
        _HOOKS.append(hook)


def dossier_status_hooks_run(*, dossier: Dossier, actor: User) -> None:
    for hook in _HOOKS:
        hook(dossier, actor)


AccessKeeper = Callable[[Dossier, Organisation, User], StrOrPromise | None]
_KEEPERS: list[AccessKeeper] = []


def dossier_access_keeper_register(keeper: AccessKeeper) -> None:
    if keeper not in _KEEPERS:
        _KEEPERS.append(keeper)


def dossier_access_keep(
    *, dossier: Dossier, organisation: Organisation, actor: User
) -> StrOrPromise | None:
    """Why the organisation still needs the dossier (the first keeper's label; that
    keeper has taken the grant over), or ``None`` when no app above needs it."""
    for keeper in _KEEPERS:
        reason = keeper(dossier, organisation, actor)
        if reason:
            return reason
    return None
