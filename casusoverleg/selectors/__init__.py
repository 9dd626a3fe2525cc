"""Who sees which meeting and agenda item (docs/domain.md sections 7 and 9).

The one rule, used by every page, PDF and list of the casusoverleg:

* the ketenregisseur and the screening team (voorbereidingsteam) see every meeting
  and every item, proposed or accepted;
* any other organisation sees an item only when it is on the agenda (accepted) and
  the organisation may see the item's dossier through the access layer's grants
  (owner, kernteam joined, or invited to this item); trend items and items
  without a dossier are the regisseur's and the screening team's alone;
* it sees a meeting when it sees one of its items, or when it is a kernteam
  organisation (always at the table) — the meeting's date and place hold no
  personal data; its items are still filtered by the rule above.

Each area adds its selectors as a module of this package (agenda, minutes,
actions); tests/test_gate.py walks them all.

Without a valid convenant the principal holds no case-work permission, so all
of this answers nothing (tests/test_gate.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from casusoverleg.constants import InterventionKind, ItemStatus
from casusoverleg.models import AgendaItem, Intervention, Meeting
from partners.access import may, not_visible, permission_id, principal_for
from partners.constants import Ring
from partners.models import Organisation, User
from signals.models import DossierGroupObjectPermission
from signals.selectors.dossier import dossier_list_visible_to, dossier_sees_all


def meeting_sees_all(user: User) -> bool:
    """The ketenregisseur and the voorbereidingsteam see every item."""
    return may(user, "casusoverleg.view_meeting") and dossier_sees_all(user)


def items_visible_to(*, user: User) -> QuerySet[AgendaItem]:
    """Every agenda item ``user`` may see, in SQL."""
    if meeting_sees_all(user):
        return AgendaItem.objects.all()
    if not may(user, "casusoverleg.view_agendaitem"):
        return AgendaItem.objects.none()
    dossiers = dossier_list_visible_to(user=user).filter(pk=OuterRef("dossier_id"))
    return AgendaItem.objects.filter(status=ItemStatus.ACCEPTED).filter(
        Exists(dossiers)
    )


def meeting_items_visible_to(*, user: User, meeting: Meeting) -> QuerySet[AgendaItem]:
    """The items of one meeting ``user`` may see, in agenda order."""
    return (
        items_visible_to(user=user)
        .filter(meeting=meeting)
        .select_related("dossier")
        .order_by("position", "id")
    )


def _is_kernteam(user: User) -> bool:
    principal = principal_for(user)
    if principal is None or principal.group_id is None:
        return False
    return Organisation.objects.filter(
        pk=principal.organisation_id, ring=Ring.KERNTEAM
    ).exists()


def meetings_visible_to(*, user: User) -> QuerySet[Meeting]:
    """The meetings ``user`` may see (newest first)."""
    if meeting_sees_all(user):
        return Meeting.objects.all()
    if not may(user, "casusoverleg.view_meeting"):
        return Meeting.objects.none()
    if _is_kernteam(user):
        # Always at the table: every meeting, its items still filtered.
        return Meeting.objects.all()
    return Meeting.objects.filter(
        Exists(items_visible_to(user=user).filter(meeting_id=OuterRef("pk")))
    )


def meeting_get_visible(*, user: User, meeting_uuid: Any) -> Meeting:
    """One meeting ``user`` may see, else the 404 of the access layer (audited as
    a denied attempt)."""
    try:
        return (
            meetings_visible_to(user=user)
            .select_related("chair")
            .get(uuid=meeting_uuid)
        )
    except (Meeting.DoesNotExist, ValueError) as exc:
        raise not_visible(user, Meeting, meeting_uuid) from exc


def item_get_visible(*, user: User, meeting: Meeting, item_id: Any) -> AgendaItem:
    """One item of ``meeting`` that ``user`` may see, else a 404."""
    try:
        return (
            items_visible_to(user=user)
            .select_related("dossier", "meeting")
            .get(meeting=meeting, pk=item_id)
        )
    except (AgendaItem.DoesNotExist, ValueError) as exc:
        raise not_visible(user, AgendaItem, item_id) from exc


def organisation_sees_item_q(*, group_id: int) -> Q:
    """On ``AgendaItem``: the items the organisation of auth group ``group_id``
    may see as a partner (accepted, its group holds the dossier's view grant).
    For the minutes rendered per organisation, outside a request."""
    grants = DossierGroupObjectPermission.objects.filter(
        content_object_id=OuterRef("dossier_id"),
        group_id=group_id,
        permission_id=permission_id("signals", "view_dossier"),
    )
    return Q(status=ItemStatus.ACCEPTED) & Q(Exists(grants))


def intervention_ids_readable(
    *, user: User, intervention_ids: Iterable[int]
) -> set[int]:
    """Of ``intervention_ids``, those ``user`` may read: every one for the screening
    team and the ketenregisseur; else those of a dossier the organisation sees, and
    of the criminal-justice kinds only in the kernteam or where the organisation
    carries it out itself (as on the meeting page and in the minutes). For what an
    intervention waits for ("wacht op"), which may be another case's."""
    ids = set(intervention_ids)
    if not ids:
        return set()
    principal = principal_for(user)
    if principal is None or principal.group_id is None:
        return set()
    interventions = Intervention.objects.filter(pk__in=ids)
    if not dossier_sees_all(user):
        dossiers = dossier_list_visible_to(user=user).filter(pk=OuterRef("dossier_id"))
        interventions = interventions.filter(Exists(dossiers))
        if not _is_kernteam(user):
            interventions = interventions.filter(
                ~Q(kind__in=(InterventionKind.OPSPORING, InterventionKind.VERDACHTEN))
                | Q(responsible_id=principal.organisation_id)
            )
    return set(interventions.values_list("pk", flat=True))


def depends_on_blank(interventions: Iterable[Intervention], readable: set[int]) -> None:
    """Blank, in memory and for display only, what an intervention waits for when
    the reader may not read that one (``intervention_ids_readable``)."""
    for intervention in interventions:
        if (
            intervention.depends_on_id is not None
            and intervention.depends_on_id not in readable
        ):
            intervention.depends_on = None
