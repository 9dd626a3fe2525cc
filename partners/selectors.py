"""Reads for partners: the overview of the chain and the management lists."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.models import Group
from django.db.models import BooleanField, Count, ExpressionWrapper, Prefetch, Q
from django.db.models.query import QuerySet
from django.utils import timezone

from partners.constants import ROLE_GROUP_PREFIX, Ring, Role
from partners.models import (
    Convenant,
    ConvenantParticipation,
    Organisation,
    RoleProposal,
    User,
)


@dataclass(frozen=True)
class OrganisationOverview:
    """The chain as the handreiking draws it: kernteam inside the flexibele schil."""

    kernteam: list[Organisation]
    flexibele_schil: list[Organisation]


def organisation_overview(*, on: datetime.date | None = None) -> OrganisationOverview:
    """Active organisations by ring, each annotated with ``has_valid_convenant``.

    One query whatever the number of organisations: the convenant status is an
    ``Exists`` annotation and the contact person comes along in the join.
    """
    organisations = list(
        Organisation.objects.with_valid_convenant(on)
        .filter(active=True)
        .select_related("contact_person")
        .order_by("name")
    )
    return OrganisationOverview(
        kernteam=[o for o in organisations if o.ring == Ring.KERNTEAM],
        flexibele_schil=[o for o in organisations if o.ring == Ring.FLEXIBELE_SCHIL],
    )


def organisation_list() -> QuerySet[Organisation]:
    """Every organisation, inactive ones included, for the functioneel beheerder."""
    return (
        Organisation.objects.with_valid_convenant()
        .select_related("contact_person")
        .annotate(user_count=Count("users", distinct=True))
        .order_by("name")
    )


def user_list(
    *, organisation: Organisation | None = None, text: str = ""
) -> QuerySet[User]:
    """Users for the beheer list, filtered by organisation and by a text fragment.

    Role groups are prefetched; call ``users_with_roles`` on the page so that
    ``role_labels`` needs no query per user.
    """
    users = User.objects.select_related("organisation").prefetch_related(
        Prefetch(
            "groups",
            queryset=Group.objects.filter(name__startswith=ROLE_GROUP_PREFIX),
            to_attr="role_groups",
        )
    )
    if organisation is not None:
        users = users.filter(organisation=organisation)
    text = text.strip()
    if text:
        users = users.filter(
            Q(username__icontains=text)
            | Q(first_name__icontains=text)
            | Q(last_name__icontains=text)
            | Q(email__icontains=text)
        )
    return users.order_by("last_name", "first_name", "username")


def users_with_roles(users: Iterable[User]) -> list[User]:
    """Fill ``role_names`` from the prefetched role groups of ``user_list``."""
    result = []
    for user in users:
        groups = getattr(user, "role_groups", None)
        if groups is not None:
            # role_names is a cached_property: seeding it avoids a query per row.
            user.__dict__["role_names"] = frozenset(
                group.name.removeprefix(ROLE_GROUP_PREFIX) for group in groups
            )
        result.append(user)
    return result


def _valid_today(on: datetime.date) -> ExpressionWrapper[Q]:
    return ExpressionWrapper(
        Q(valid_from__lte=on) & (Q(valid_until__isnull=True) | Q(valid_until__gte=on)),
        output_field=BooleanField(),
    )


def convenant_list(*, on: datetime.date | None = None) -> QuerySet[Convenant]:
    """Convenanten with ``is_valid`` and the number of current signatories on ``on``."""
    on = on or timezone.localdate()
    current = Q(participations__signed_on__lte=on) & (
        Q(participations__withdrawn_on__isnull=True)
        | Q(participations__withdrawn_on__gt=on)
    )
    return Convenant.objects.annotate(
        is_valid=_valid_today(on),
        participant_count=Count("participations", filter=current),
    ).order_by("-valid_from", "title")


def convenant_participations(
    *, convenant: Convenant, on: datetime.date | None = None
) -> QuerySet[ConvenantParticipation]:
    """The signatories of one convenant, each with ``is_current`` on ``on``."""
    on = on or timezone.localdate()
    return (
        convenant.participations.select_related("organisation")
        .annotate(
            is_current=ExpressionWrapper(
                Q(signed_on__lte=on)
                & (Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=on)),
                output_field=BooleanField(),
            )
        )
        .order_by("organisation__name")
    )


# --- four eyes on roles ----------------------------------------------------------


def role_proposals_pending(*, user: User | None = None) -> QuerySet[RoleProposal]:
    """Proposals still waiting for a second beheerder, oldest first; of one user if given.

    Beheer is regional today (every functioneel beheerder manages the users of
    every organisation), so every beheerder sees every pending proposal.
    """
    proposals = RoleProposal.objects.filter(
        outcome=RoleProposal.Outcome.PENDING
    ).select_related("user__organisation", "proposed_by")
    if user is not None:
        proposals = proposals.filter(user=user)
    return proposals.order_by("proposed_at", "id")


def role_proposals_decided(*, user: User, limit: int = 10) -> list[RoleProposal]:
    """The latest decided proposals of one user, for their beheer page."""
    return list(
        RoleProposal.objects.filter(user=user)
        .exclude(outcome=RoleProposal.Outcome.PENDING)
        .select_related("proposed_by", "decided_by")
        .order_by("-decided_at", "-id")[:limit]
    )


def organisation_contact_persons(*, organisation: Organisation) -> list[User]:
    """The organisation's vaste contactpersoon and its users with that role, active."""
    return list(
        User.objects.filter(is_active=True, organisation=organisation)
        .filter(
            Q(pk=organisation.contact_person_id or 0)
            | Q(groups__name=f"{ROLE_GROUP_PREFIX}{Role.CONTACTPERSOON}")
        )
        .distinct()
        .order_by("pk")
    )


# --- the functioneel beheerder's start page ---------------------------------------

# A convenant ending within this many days is shown on the beheerder's start page.
CONVENANT_EXPIRY_WARNING_DAYS = 60


def convenants_expiring(
    *, on: datetime.date | None = None, within_days: int = CONVENANT_EXPIRY_WARNING_DAYS
) -> list[Convenant]:
    """Convenanten still valid on ``on`` that end within ``within_days``, soonest
    first, each with ``days_left``: when one ends, its signatories see nothing."""
    on = on or timezone.localdate()
    convenants = list(
        Convenant.objects.filter(
            valid_from__lte=on,
            valid_until__gte=on,
            valid_until__lte=on + datetime.timedelta(days=within_days),
        ).order_by("valid_until", "title")
    )
    for convenant in convenants:
        assert convenant.valid_until is not None
        convenant.days_left = (convenant.valid_until - on).days  # type: ignore[attr-defined]
    return convenants
