from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol

from django.db import connection, models
from django.http import Http404

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
    person_ids: Iterable[int] = (),
) -> AuditEvent:
    """Append one entry to the trail.

    An entry about a change must be written inside the atomic block of that change,
    so that the entry and the change commit, or roll back, together. A read or
    search names the persons it showed in ``person_ids`` (ids, never names).
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
        person_ids=sorted({int(pk) for pk in person_ids}) or None,
        ip_address=origin.ip_address,
        request_id=origin.request_id,
    )


class ObjectNotVisible(Http404):
    """An object out of the user's scope: answered as absent (404), and recorded
    as a denied attempt (who, which object, through which route).

    Raised by the access layer's lookups. The entry cannot be written where it is
    raised: the request's transaction (``ATOMIC_REQUESTS``) rolls back with the
    404. ``AuditContextMiddleware`` writes it after that rollback.
    """

    def __init__(
        self, *, actor: AuditActor | None, object_type: str, object_id: Any
    ) -> None:
        super().__init__()
        self.actor = actor
        self.object_type = object_type
        self.object_id = str(object_id)[:64]


def audit_denied(denial: ObjectNotVisible) -> AuditEvent:
    """Record a denied attempt to open an object out of scope."""
    return audit_record(
        actor=denial.actor,
        action=Action.DENIED,
        object_type=denial.object_type,
        object_id=denial.object_id,
        reason="buiten bereik: 404",
    )
