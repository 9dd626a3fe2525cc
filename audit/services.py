from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol

from django.db import connection, models

from audit.constants import WRITE_ACTIONS, Action
from audit.context import current_origin
from audit.models import AuditEvent


class AuditActor(Protocol):
    """What the trail needs to know of whoever acts; partners.User provides it."""

    pk: Any

    def get_username(self) -> str: ...

    @property
    def audit_organisation(self) -> tuple[int | None, str]: ...

    @property
    def audit_roles(self) -> str: ...


class AuditOutsideTransaction(RuntimeError):
    """A change was audited outside the transaction that makes the change."""


def audit_record(
    *,
    actor: AuditActor | None,
    action: Action | str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str | int = "",
    reason: str = "",
    changed_fields: Iterable[str] = (),
) -> AuditEvent:
    """Append one entry to the trail.

    An entry about a change must be written inside the atomic block of that change,
    so that the entry and the change commit, or roll back, together.
    """
    if action in WRITE_ACTIONS and not connection.in_atomic_block:
        raise AuditOutsideTransaction(
            f"audit of '{action}' must run inside the transaction of the change"
        )
    if obj is not None:
        object_type = obj._meta.label_lower
        object_id = obj.pk
    origin = current_origin()
    organisation_id: int | None = None
    organisation = ""
    roles = ""
    actor_id = None
    username = ""
    if actor is not None and actor.pk is not None:
        actor_id = actor.pk
        username = actor.get_username()
        organisation_id, organisation = actor.audit_organisation
        roles = actor.audit_roles
    return AuditEvent.objects.create(
        actor_id=actor_id,
        actor_username=username,
        organisation_id=organisation_id,
        organisation=organisation,
        roles=roles[:200],
        client=origin.client,
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        route=origin.route,
        reason=reason[:500],
        changed_fields=sorted(changed_fields),
        ip_address=origin.ip_address,
        request_id=origin.request_id,
    )
