"""Who sees which dossier, and what is open in it (docs/domain.md sections 5 and 9)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from audit.constants import Action
from audit.services import audit_record
from partners.access import (
    can,
    may,
    not_visible,
    permission_id,
    principal_for,
    table_count,
    visible_count,
    visible_to,
)
from partners.models import Organisation, User
from signals.constants import EnrichmentStatus
from signals.models import (
    Dossier,
    DossierGroupObjectPermission,
    DossierPerson,
    EnrichmentRequest,
)
from signals.selectors.sharing import reaches_q


def dossier_sees_all(user: User) -> bool:
    """The screening team and the ketenregisseur work on every dossier."""
    return may(user, "signals.view_dossier") and may(user, "signals.view_all_dossier")


def dossier_list_visible_to(*, user: User) -> QuerySet[Dossier]:
    """Every dossier list, search, count and export starts here: scoped in SQL.

    An organisation sees a dossier while it participates: its group holds the view
    grant (owner, kernteam joined on oranje/rood, or invited), under a valid convenant.
    """
    if dossier_sees_all(user):
        return Dossier.objects.all()
    return visible_to(Dossier.objects.all(), user=user)


def dossier_list_newest_first(*, user: User) -> QuerySet[Dossier]:
    """The user's dossiers, last updated first: what the dossier list pages show.

    Same scope as ``dossier_list_visible_to``. An organisation's list is read from
    its own view grants in the order of their copy of the dossier's ``updated_at``
    (index ``dossier_grant_newest``): a page of 50 reads 50 index entries, where a
    condition on every dossier would walk the newest dossiers until 50 pass.
    """
    if dossier_sees_all(user):
        return Dossier.objects.order_by("-updated_at", "-id")
    principal = principal_for(user)
    if principal is None or not may(user, "signals.view_dossier"):
        return Dossier.objects.none()
    return Dossier.objects.filter(
        dossiergroupobjectpermission__group_id__in=principal.group_ids,
        dossiergroupobjectpermission__permission_id=permission_id(
            "signals", "view_dossier"
        ),
    ).order_by(
        "-dossiergroupobjectpermission__dossier_updated_at",
        "-dossiergroupobjectpermission__content_object_id",
    )


def dossier_count_visible(*, user: User, cap: int) -> int:
    """The size of the user's unfiltered dossier list, counted up to ``cap + 1``."""
    if dossier_sees_all(user):
        return table_count(Dossier, cap=cap)
    return visible_count(Dossier, user=user, cap=cap)


def dossier_get_visible(*, user: User, uuid: Any, reason: str = "") -> Dossier:
    """One dossier with what its page needs; its read is audited. Else a 404."""
    try:
        dossier = (
            dossier_list_visible_to(user=user)
            .select_related("organisation", "casemanager")
            .prefetch_related(
                Prefetch(
                    "enrichments",
                    queryset=EnrichmentRequest.objects.select_related(
                        "organisation", "answered_by"
                    ).prefetch_related("shared_with"),
                ),
            )
            .get(uuid=uuid)
        )
    except (Dossier.DoesNotExist, ValueError) as exc:
        raise not_visible(user, Dossier, uuid) from exc
    audit_record(
        actor=user,
        action=Action.READ,
        obj=dossier,
        reason=reason,
        person_ids=dossier_shown_person_ids(dossier=dossier, user=user),
    )
    return dossier


def dossier_shown_person_ids(*, dossier: Dossier, user: User) -> list[int]:
    """The ids of the persons the dossier page shows ``user`` (the rule of
    ``contents.dossier_persons``), for the audit entry of the read."""
    # Imported here: contents and signal build on this module.
    from signals.selectors.contents import dossier_shows_person
    from signals.selectors.signal import signal_list_visible_to

    return list(
        DossierPerson.objects.filter(
            dossier_shows_person(signal_list_visible_to(user=user)), dossier=dossier
        ).values_list("person_id", flat=True)
    )


def dossier_participants(*, dossier: Dossier) -> QuerySet[Organisation]:
    """The organisations taking part (owner, joined or invited), by name."""
    return Organisation.objects.filter(
        group_id__in=DossierGroupObjectPermission.objects.filter(
            content_object=dossier,
            permission_id=permission_id("signals", "view_dossier"),
        ).values("group_id")
    ).order_by("name")


def dossier_owner_group_ids(*, dossier: Dossier) -> list[int]:
    """The organisation groups that took part by making the dossier (its change
    grant): never excluded. The screening team's or ketenregisseur's organisation
    holds none (it takes part only when invited, and that can be withdrawn)."""
    return list(
        DossierGroupObjectPermission.objects.filter(
            content_object=dossier,
            permission_id=permission_id("signals", "change_dossier"),
        ).values_list("group_id", flat=True)
    )


def dossier_participant_group_ids(*, dossier: Dossier) -> list[int]:
    """The organisation groups taking part: owner, joined or invited (view grant)."""
    return list(
        DossierGroupObjectPermission.objects.filter(
            content_object=dossier,
            permission_id=permission_id("signals", "view_dossier"),
        ).values_list("group_id", flat=True)
    )


def dossier_may_change(user: User, dossier: Dossier) -> bool:
    if not may(user, "signals.change_dossier"):
        return False
    return dossier_sees_all(user) or can(user, "change", dossier)


def dossier_open_enrichment(*, dossier: Dossier) -> QuerySet[EnrichmentRequest]:
    """Questions still waiting: who has not answered yet."""
    return dossier.enrichments.filter(status=EnrichmentStatus.OPEN).select_related(
        "organisation"
    )


def enrichment_answer_scope_q(user: User) -> Q | None:
    """On ``EnrichmentRequest`` of a dossier the user sees: the answers the user
    may read (docs/domain.md section 9). ``Q()`` (all) for the screening team and
    the ketenregisseur; None (none) without an organisation group; else the
    sharing rule (``signals.selectors.sharing.reaches_q``) for the user's
    organisation. Every reader of answers (dossier page, agenda, minutes, exports)
    filters with it in SQL."""
    if dossier_sees_all(user):
        return Q()
    principal = principal_for(user)
    if principal is None or principal.group_id is None:
        return None
    return reaches_q(EnrichmentRequest, group=principal.group_id)


def enrichment_readable_answers(
    *, user: User, enrichments: Sequence[EnrichmentRequest]
) -> set[int]:
    """The questions among ``enrichments`` (of a dossier the user sees) whose answer
    the user may read, chosen in SQL by ``enrichment_answer_scope_q``."""
    ids = [e.pk for e in enrichments]
    scope = enrichment_answer_scope_q(user)
    if scope is None or not ids:
        return set()
    if scope == Q():
        return set(ids)
    return set(
        EnrichmentRequest.objects.filter(scope, pk__in=ids).values_list("pk", flat=True)
    )


def enrichment_shown_outcomes(
    *, user: User, enrichments: Sequence[EnrichmentRequest]
) -> set[int]:
    """The handled questions among ``enrichments`` whose outcome (the answer, or
    "geen informatie beschikbaar") the user is shown; every other handled question
    reads "Afgehandeld" (docs/threat-model.md: tipping off).

    An answer is shown to whom it reaches (``enrichment_readable_answers``, the
    sharing rule). "Geen informatie" has nothing to share and reaches every
    participant, so it is shown only to those who would read any answer to that
    question anyway (the screening team, the ketenregisseur, the answering
    organisation): otherwise a reader could tell a withheld answer from none.
    """
    readable = enrichment_readable_answers(user=user, enrichments=enrichments)
    if dossier_sees_all(user):
        return readable
    principal = principal_for(user)
    own = principal.organisation_id if principal is not None else None
    return {
        e.pk
        for e in enrichments
        if e.pk in readable
        and (e.status == EnrichmentStatus.ANSWERED or e.organisation_id == own)
    }


def dossier_ready_for_casusoverleg(*, dossier: Dossier) -> bool:
    """Only what every asked partner has looked at goes to the meeting (2.3.5):
    enrichment took place (at least one question) and no question is still open.
    A dossier nobody was asked about is not ready: it is not yet enriched."""
    statuses = set(dossier.enrichments.values_list("status", flat=True))
    return bool(statuses) and EnrichmentStatus.OPEN not in statuses


def enrichment_inbox(*, user: User) -> QuerySet[EnrichmentRequest]:
    """The questions put to the user's organisation, for its vaste contactpersoon."""
    if not may(user, "signals.change_enrichmentrequest"):
        return EnrichmentRequest.objects.none()
    principal = principal_for(user)
    assert principal is not None
    return (
        EnrichmentRequest.objects.filter(organisation_id=principal.organisation_id)
        .select_related("dossier", "organisation")
        .order_by("status", "-asked_at")
    )


def enrichment_get_for_answer(*, user: User, pk: int) -> EnrichmentRequest:
    try:
        request = enrichment_inbox(user=user).get(pk=pk)
    except EnrichmentRequest.DoesNotExist as exc:
        raise not_visible(user, EnrichmentRequest, pk) from exc
    audit_record(actor=user, action=Action.READ, obj=request)
    return request


__all__ = [
    "dossier_participant_group_ids",
    "dossier_owner_group_ids",
    "dossier_count_visible",
    "dossier_get_visible",
    "dossier_list_newest_first",
    "dossier_list_visible_to",
    "dossier_may_change",
    "dossier_open_enrichment",
    "dossier_ready_for_casusoverleg",
    "dossier_sees_all",
    "enrichment_answer_scope_q",
    "enrichment_get_for_answer",
    "enrichment_inbox",
    "enrichment_shown_outcomes",
]
