"""Dutch labels for the codes the trail stores, for the beheerder's audit page.

The trail stores codes (role names, an organisation's slug and id, a model label) so
that it outlives renames; a person reads labels. Apps above ``audit`` register the
labels they own in their ``AppConfig.ready`` (partners: roles and organisation
names; an app with a search or list that is no model: its object type), so this app
imports nothing of ours. ``label_events`` looks everything up once per page.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.apps import apps
from django.utils.text import capfirst

from audit.models import AuditEvent

OrganisationNames = Callable[[set[int]], Mapping[int, str]]

_role_labels: dict[str, Any] = {}
_object_type_labels: dict[str, Any] = {}
_organisation_names: list[OrganisationNames] = []
_reason_labels: dict[str, Any] = {}


def register_role_labels(labels: Mapping[str, Any]) -> None:
    _role_labels.update(labels)


def register_object_type_labels(labels: Mapping[str, Any]) -> None:
    """Labels for object types that are no model (``signals.search``) or whose
    model's own name is not Dutch (a third-party model)."""
    _object_type_labels.update(labels)


def register_reason_labels(labels: Mapping[str, Any]) -> None:
    """Labels for reasons that are codes (a login's ``TOTPDevice``)."""
    _reason_labels.update(labels)


def register_organisation_names(lookup: OrganisationNames) -> None:
    """``lookup(ids)`` answers {id: name} for the organisation ids given, in one query."""
    _organisation_names.append(lookup)


def object_type_label(object_type: str) -> str:
    if not object_type:
        return ""
    if object_type in _object_type_labels:
        return str(_object_type_labels[object_type])
    try:
        model = apps.get_model(object_type)
    except (LookupError, ValueError):
        return object_type
    return str(capfirst(model._meta.verbose_name))


def roles_label(roles: str) -> str:
    return ", ".join(
        str(_role_labels.get(role, role)) for role in roles.split(",") if role
    )


def label_events(events: Iterable[AuditEvent]) -> None:
    """Set ``organisation_label``, ``roles_label``, ``object_type_label`` and
    ``reason_label`` on each event: the organisation's current name (else the slug
    stored), the Dutch labels of the roles, the object type and a coded reason
    (else the code)."""
    events = list(events)
    ids = {event.organisation_id for event in events if event.organisation_id}
    names: dict[int, str] = {}
    if ids:
        for lookup in _organisation_names:
            names.update(lookup(ids))
    types: dict[str, str] = {}
    roles: dict[str, str] = {}
    for event in events:
        if event.roles not in roles:
            roles[event.roles] = roles_label(event.roles)
        if event.object_type not in types:
            types[event.object_type] = object_type_label(event.object_type)
        # Display attributes for the page, not fields.
        setattr(  # noqa: B010
            event,
            "organisation_label",
            names.get(event.organisation_id or 0) or event.organisation,
        )
        setattr(event, "roles_label", roles[event.roles])  # noqa: B010
        setattr(event, "object_type_label", types[event.object_type])  # noqa: B010
        reason = _reason_labels.get(event.reason)
        setattr(  # noqa: B010
            event, "reason_label", str(reason) if reason is not None else event.reason
        )
