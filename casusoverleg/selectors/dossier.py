"""What the casusoverleg did with one dossier, for the dossier page's section
(casusoverleg/sections.py): the meetings where it was on the agenda and its
interventions, each as far as the reader may see it.

The rules are the meeting page's: an agenda item through ``items_visible_to``, an
intervention through ``intervention_ids_readable`` (criminal-justice kinds only in
the kernteam or for the organisation that carries them out); the link to an
intervention's action page only where ``actions_visible_to`` lets the reader
open it. A fixed number of queries, however many meetings or interventions.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Exists, OuterRef
from django.utils import timezone

from casusoverleg.constants import InterventionStatus, ItemStatus
from casusoverleg.models import AgendaItem, Intervention
from casusoverleg.selectors import intervention_ids_readable, items_visible_to
from casusoverleg.selectors.actions import OPEN_STATUSES, actions_visible_to
from partners.models import User
from signals.models import Dossier

# These two carry the reason the responsible organisation gave.
REASON_STATUSES = (InterventionStatus.NOT_POSSIBLE, InterventionStatus.NOT_DONE)


@dataclass(frozen=True)
class DossierIntervention:
    intervention: Intervention
    overdue: bool
    is_open: bool
    # The reader may open its action page (the responsible organisation, the
    # ketenregisseur).
    may_open: bool
    # The reason given with niet mogelijk / niet uitgevoerd, else "".
    reason: str


@dataclass(frozen=True)
class DossierCasusoverleg:
    # The accepted agenda items of this dossier, newest meeting first.
    items: list[AgendaItem]
    # Overdue first, then open by deadline, then the finished ones.
    interventions: list[DossierIntervention]


def dossier_casusoverleg(
    *, user: User, dossier: Dossier, today: datetime.date | None = None
) -> DossierCasusoverleg:
    """The meetings and interventions of ``dossier`` that ``user`` may see (the
    caller has read the dossier through the access layer)."""
    today = today or timezone.localdate()
    visible = items_visible_to(user=user).filter(status=ItemStatus.ACCEPTED)
    items = list(
        visible.filter(dossier=dossier)
        .select_related("meeting")
        .order_by("-meeting__starts_at", "-id")
    )
    candidates = list(
        Intervention.objects.filter(dossier=dossier)
        .filter(Exists(visible.filter(pk=OuterRef("item_id"))))
        .select_related("responsible", "item__meeting")
    )
    readable = intervention_ids_readable(
        user=user, intervention_ids=[i.pk for i in candidates]
    )
    shown = [i for i in candidates if i.pk in readable]
    openable: set[int] = set()
    if shown:
        openable = set(
            actions_visible_to(user=user)
            .filter(pk__in=[i.pk for i in shown])
            .values_list("pk", flat=True)
        )
    rows = []
    for intervention in shown:
        is_open = intervention.status in OPEN_STATUSES
        rows.append(
            DossierIntervention(
                intervention=intervention,
                overdue=is_open and intervention.deadline < today,
                is_open=is_open,
                may_open=intervention.pk in openable,
                reason=intervention.status_reason
                if intervention.status in REASON_STATUSES
                else "",
            )
        )
    rows.sort(
        key=lambda r: (
            0 if r.overdue else 1 if r.is_open else 2,
            r.intervention.deadline,
            r.intervention.order,
            r.intervention.pk,
        )
    )
    return DossierCasusoverleg(items=items, interventions=rows)
