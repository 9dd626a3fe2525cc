"""Reads of the audit trail."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import connection
from django.db.models import BooleanField, Q
from django.db.models.expressions import RawSQL
from django.db.models.query import QuerySet
from django.utils import timezone

from audit.models import AuditEvent


@dataclass(frozen=True)
class AuditFilters:
    """What the trail can be searched on; every field optional."""

    username: str = ""
    organisation: str = ""
    action: str = ""
    object_type: str = ""
    object_id: str = ""
    # A person's id (signals.Person): the entries whose read or search showed them.
    person: int | None = None
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None

    def describe(self) -> str:
        """The filters in words for the trail itself, without personal data.

        A username typed in the filter is a person's identifier: only the fact
        that it was filled in is told, not its value.
        """
        parts = []
        if self.username:
            parts.append("gebruiker")
        if self.organisation:
            parts.append(f"organisatie={self.organisation}")
        if self.action:
            parts.append(f"actie={self.action}")
        if self.object_type:
            parts.append(f"objecttype={self.object_type}")
        if self.object_id:
            parts.append(f"object-id={self.object_id}")
        if self.person is not None:
            parts.append(f"persoon={self.person}")
        if self.date_from:
            parts.append(f"van={self.date_from.isoformat()}")
        if self.date_to:
            parts.append(f"tot={self.date_to.isoformat()}")
        return ", ".join(parts) or "geen filters"


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _shows_person(person_id: int) -> Q:
    """Entries whose ``person_ids`` hold ``person_id``: JSON containment on
    PostgreSQL (GIN index, migration 0004); SQLite has no containment lookup for
    JSON, so there the list is walked with ``json_each``."""
    if connection.vendor == "postgresql":
        return Q(person_ids__contains=[person_id])
    return Q(
        RawSQL(
            "EXISTS (SELECT 1 FROM json_each(audit_auditevent.person_ids) "
            "WHERE json_each.value = %s)",
            [person_id],
            output_field=BooleanField(),
        )
    )


def audit_search(*, filters: AuditFilters) -> QuerySet[AuditEvent]:
    """Entries matching ``filters``, newest first.

    Dates are whole days in the local time zone; ``date_to`` is inclusive. They
    become a range on ``at`` rather than ``at__date`` so the index on ``at`` is used.
    """
    events = AuditEvent.objects.all()
    if filters.username:
        events = events.filter(actor_username__icontains=filters.username)
    if filters.organisation:
        events = events.filter(organisation=filters.organisation)
    if filters.action:
        events = events.filter(action=filters.action)
    if filters.object_type:
        events = events.filter(object_type=filters.object_type)
    if filters.object_id:
        events = events.filter(object_id=filters.object_id)
    if filters.person is not None:
        events = events.filter(_shows_person(filters.person))
    if filters.date_from:
        events = events.filter(at__gte=_start_of(filters.date_from))
    if filters.date_to:
        events = events.filter(
            at__lt=_start_of(filters.date_to + datetime.timedelta(days=1))
        )
    return events.order_by("-at", "-id")
