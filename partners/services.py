"""Writes for partners: organisations, convenanten, users and roles, API clients."""

from __future__ import annotations

import datetime
import hashlib
import secrets
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.constants import Action
from audit.services import audit_record
from partners.access import forget_principal
from partners.constants import (
    FOUR_EYES_ROLES,
    ORGANISATION_GROUP_PREFIX,
    ROLE_GROUP_PREFIX,
    ROLE_PERMISSIONS,
    Role,
)
from partners.models import (
    ApiClient,
    Convenant,
    ConvenantParticipation,
    Organisation,
    RoleProposal,
    User,
    UserSession,
)

ORGANISATION_FIELDS = (
    "name",
    "slug",
    "kind",
    "domain",
    "ring",
    "contact_person",
    "active",
)
CONVENANT_FIELDS = ("title", "purpose", "target_group", "valid_from", "valid_until")
USER_FIELDS = (
    "username",
    "first_name",
    "last_name",
    "email",
    "phone",
    "organisation",
    "is_active",
)


def _apply(instance: Any, fields: Sequence[str], data: dict[str, Any]) -> list[str]:
    changed = []
    missing = object()
    for name in fields:
        # An unset foreign key raises RelatedObjectDoesNotExist, an AttributeError.
        if name in data and getattr(instance, name, missing) != data[name]:
            setattr(instance, name, data[name])
            changed.append(name)
    return changed


# --- roles -----------------------------------------------------------------------


# Apps above partners add the model permissions of their own models to roles from
# their AppConfig.ready(), so partners never needs to know them.
_EXTRA_ROLE_PERMISSIONS: dict[str, set[str]] = {}


def role_permissions_extend(role: Role | str, permissions: Iterable[str]) -> None:
    _EXTRA_ROLE_PERMISSIONS.setdefault(str(role), set()).update(permissions)


def role_permissions(role: Role | str) -> list[str]:
    return sorted(
        {*ROLE_PERMISSIONS.get(role, ()), *_EXTRA_ROLE_PERMISSIONS.get(str(role), ())}
    )


def role_group(role: Role | str) -> Group:
    group, _created = Group.objects.get_or_create(name=f"{ROLE_GROUP_PREFIX}{role}")
    return group


@transaction.atomic
def roles_sync() -> None:
    """Make every role's group hold exactly the permissions its role is given."""
    wanted = {str(role): role_permissions(role) for role in Role}
    labels = {dotted.split(".", 1)[0] for perms in wanted.values() for dotted in perms}
    available = {
        f"{app_label}.{codename}": pk
        for pk, app_label, codename in Permission.objects.filter(
            content_type__app_label__in=labels
        ).values_list("pk", "content_type__app_label", "codename")
    }
    for role, perms in wanted.items():
        # A permission of an app that is not installed here is simply absent.
        role_group(role).permissions.set(
            [available[p] for p in perms if p in available]
        )


def roles_sync_after_migrate(**kwargs: Any) -> None:
    roles_sync()


# --- organisations ---------------------------------------------------------------


def _validate_contact_person(organisation: Organisation) -> None:
    person = organisation.contact_person
    if person is not None and person.organisation_id != organisation.pk:
        raise ValidationError(
            {
                "contact_person": _(
                    "De vaste contactpersoon moet bij deze organisatie werken."
                )
            }
        )


@transaction.atomic
def organisation_create(*, actor: User | None, **data: Any) -> Organisation:
    slug = data["slug"]
    group, _created = Group.objects.get_or_create(
        name=f"{ORGANISATION_GROUP_PREFIX}{slug}"
    )
    organisation = Organisation(group=group)
    _apply(organisation, ORGANISATION_FIELDS, data)
    organisation.full_clean()
    _validate_contact_person(organisation)
    organisation.save()
    audit_record(actor=actor, action=Action.CREATE, obj=organisation)
    return organisation


@transaction.atomic
def organisation_update(
    *, organisation: Organisation, actor: User | None, **data: Any
) -> Organisation:
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    changed = _apply(organisation, ORGANISATION_FIELDS, data)
    if not changed:
        return organisation
    organisation.full_clean()
    _validate_contact_person(organisation)
    if "slug" in changed:
        organisation.group.name = f"{ORGANISATION_GROUP_PREFIX}{organisation.slug}"
        organisation.group.save(update_fields=["name"])
    organisation.save()
    audit_record(
        actor=actor, action=Action.UPDATE, obj=organisation, changed_fields=changed
    )
    return organisation


# --- convenant -------------------------------------------------------------------


@dataclass(frozen=True)
class Participation:
    organisation: Organisation
    signed_on: datetime.date
    withdrawn_on: datetime.date | None = None


@transaction.atomic
def convenant_save(
    *,
    actor: User | None,
    convenant: Convenant | None = None,
    participations: Iterable[Participation],
    **data: Any,
) -> Convenant:
    """Create or update a convenant together with its list of signatories.

    The participation list replaces the old one; an organisation that leaves gets a
    withdrawal date rather than losing the record that it once signed.
    """
    creating = convenant is None
    if convenant is None:
        convenant = Convenant()
    else:
        convenant = Convenant.objects.select_for_update().get(pk=convenant.pk)
    changed = _apply(convenant, CONVENANT_FIELDS, data)
    convenant.full_clean()
    convenant.save()

    wanted = list(participations)
    seen: set[int] = set()
    for item in wanted:
        if item.organisation.pk in seen:
            raise ValidationError(
                _("%(name)s staat twee keer in de lijst van deelnemers.")
                % {"name": item.organisation.name}
            )
        seen.add(item.organisation.pk)
    existing = {
        p.organisation_id: p for p in convenant.participations.select_for_update()
    }
    for item in wanted:
        participation = existing.get(item.organisation.pk) or ConvenantParticipation(
            convenant=convenant, organisation=item.organisation
        )
        if (
            participation.pk is None
            or participation.signed_on != item.signed_on
            or participation.withdrawn_on != item.withdrawn_on
        ):
            participation.signed_on = item.signed_on
            participation.withdrawn_on = item.withdrawn_on
            participation.full_clean(exclude=["convenant"])
            participation.save()
            changed.append(f"deelnemer:{item.organisation.slug}")
    today = timezone.localdate()
    for organisation_id, participation in existing.items():
        if organisation_id not in seen and participation.withdrawn_on is None:
            participation.withdrawn_on = max(
                today, participation.signed_on + datetime.timedelta(days=1)
            )
            participation.save(update_fields=["withdrawn_on"])
            changed.append(f"deelnemer:{participation.organisation.slug}")
    audit_record(
        actor=actor,
        action=Action.CREATE if creating else Action.UPDATE,
        obj=convenant,
        changed_fields=changed,
    )
    return convenant


# --- users -----------------------------------------------------------------------


def _set_memberships(user: User, roles: Iterable[str]) -> None:
    """Organisation group plus one group per role; nothing else."""
    wanted = {user.organisation.group_id}
    wanted.update(role_group(role).pk for role in roles)
    user.groups.set(Group.objects.filter(pk__in=wanted))
    user.__dict__.pop("role_names", None)
    forget_principal(user)


def _needs_second_beheerder(actor: User | None, role: str) -> bool:
    """A person (not the system: seed_demo, a management command) who grants a role
    that reads personal data, or the beheer role that confirms those, only proposes
    it; a second beheerder confirms."""
    return isinstance(actor, User) and role in FOUR_EYES_ROLES


def _refuse_own_roles(*, actor: User | None, user: User) -> None:
    if isinstance(actor, User) and actor.pk == user.pk:
        raise ValidationError(
            {
                "roles": _(
                    "U kunt uw eigen rollen niet wijzigen. Een functioneel beheerder "
                    "beheert, maar leest geen zaken; vraag een andere functioneel "
                    "beheerder als uw rollen moeten veranderen."
                )
            }
        )


@transaction.atomic
def user_create(
    *,
    actor: User | None,
    roles: Iterable[str],
    password: str | None = None,
    **data: Any,
) -> User:
    user = User()
    _apply(user, USER_FIELDS, data)
    if password:
        user.set_password(password)
    else:
        # The user picks their own password through the reset e-mail.
        user.set_unusable_password()
    user.full_clean()
    user.save()
    wanted = set(roles)
    proposed = {role for role in wanted if _needs_second_beheerder(actor, role)}
    _set_memberships(user, wanted - proposed)
    audit_record(actor=actor, action=Action.CREATE, obj=user)
    if actor is not None:  # the system's grants are never proposed
        for role in sorted(proposed):
            role_propose(user=user, role=role, actor=actor)
    return user


@transaction.atomic
def user_update(
    *,
    user: User,
    actor: User | None,
    roles: Iterable[str] | None = None,
    **data: Any,
) -> User:
    user = User.objects.select_for_update().get(pk=user.pk)
    changed = _apply(user, USER_FIELDS, data)
    old_roles = set(user.role_names)
    new_roles = set(old_roles if roles is None else roles)
    if new_roles != old_roles:
        _refuse_own_roles(actor=actor, user=user)
    # Removing a role takes effect at once; a role that reads personal data is
    # only proposed, and the user keeps the roles they have until it is confirmed.
    proposed = {
        role for role in new_roles - old_roles if _needs_second_beheerder(actor, role)
    }
    # The password reset and enrolment links go to the account's e-mail address: a
    # beheerder who sets it to one she reads, asks a password reset and resets the
    # second factor would hold the account. So a four-eyes role goes with the old
    # address and comes back only when a second beheerder confirms it (her own
    # address she may change: that takes over nothing).
    if "email" in changed and isinstance(actor, User) and actor.pk != user.pk:
        proposed |= {
            role
            for role in new_roles & old_roles
            if _needs_second_beheerder(actor, role)
        }
    new_roles -= proposed
    if changed:
        user.full_clean()
        user.save()
    if "organisation" in changed or new_roles != old_roles:
        _set_memberships(user, new_roles)
        if new_roles != old_roles:
            changed.append("roles")
    if "is_active" in changed and not user.is_active:
        user_sessions_end(user=user)
    if changed:
        audit_record(
            actor=actor, action=Action.UPDATE, obj=user, changed_fields=changed
        )
    if actor is not None:  # the system's grants are never proposed
        for role in sorted(proposed):
            role_propose(user=user, role=role, actor=actor)
    return user


# --- four eyes on roles that read personal data -----------------------------------


# Apps above partners hear of a proposal and of its confirmation from here (the
# notifications app tells the organisation's contactpersoon), in the transaction
# of the change, so partners never needs to know them.
RoleProposalListener = Callable[..., None]
_ROLE_PROPOSAL_LISTENERS: list[RoleProposalListener] = []


def role_proposal_listen(listener: RoleProposalListener) -> None:
    """Call ``listener(proposal=..., event="proposed" | "granted")``."""
    if listener not in _ROLE_PROPOSAL_LISTENERS:
        _ROLE_PROPOSAL_LISTENERS.append(listener)


def _announce(proposal: RoleProposal, event: str) -> None:
    for listener in _ROLE_PROPOSAL_LISTENERS:
        listener(proposal=proposal, event=event)


def _refuse_unless_beheerder(actor: User) -> None:
    if not (
        isinstance(actor, User)
        and actor.is_active
        and actor.has_role(Role.FUNCTIONEEL_BEHEERDER)
    ):
        raise ValidationError(
            _("Alleen een functioneel beheerder beslist over rollen.")
        )


@transaction.atomic
def role_propose(*, user: User, role: str, actor: User) -> RoleProposal:
    """Propose ``role`` (one of FOUR_EYES_ROLES) for ``user``; it grants nothing yet.

    A proposal that is already pending is returned as it is.
    """
    if role not in FOUR_EYES_ROLES:
        raise ValidationError(_("Deze rol heeft geen bevestiging nodig."))
    _refuse_unless_beheerder(actor)
    _refuse_own_roles(actor=actor, user=user)
    pending = (
        RoleProposal.objects.select_for_update()
        .filter(user=user, role=role, outcome=RoleProposal.Outcome.PENDING)
        .first()
    )
    if pending is not None:
        return pending
    proposal = RoleProposal(user=user, role=role, proposed_by=actor)
    proposal.full_clean()
    proposal.save()
    audit_record(
        actor=actor,
        action=Action.CREATE,
        obj=proposal,
        reason="rol voorgesteld, wacht op tweede beheerder",
        changed_fields=[f"rol:{role}", f"gebruiker:{user.pk}"],
    )
    _announce(proposal, "proposed")
    return proposal


def _locked_pending(proposal: RoleProposal) -> RoleProposal:
    locked = (
        RoleProposal.objects.select_for_update()
        .select_related("user__organisation")
        .get(pk=proposal.pk)
    )
    if not locked.is_pending:
        raise ValidationError(_("Over dit voorstel is al besloten."))
    return locked


@transaction.atomic
def role_proposal_confirm(*, proposal: RoleProposal, actor: User) -> RoleProposal:
    """The second beheerder confirms: the role is granted in this same transaction."""
    _refuse_unless_beheerder(actor)
    proposal = _locked_pending(proposal)
    if actor.pk == proposal.proposed_by_id:
        raise ValidationError(
            _(
                "U hebt deze rol zelf voorgesteld. Een andere functioneel beheerder "
                "moet het voorstel bevestigen."
            )
        )
    _refuse_own_roles(actor=actor, user=proposal.user)
    user = User.objects.select_for_update().get(pk=proposal.user_id)
    proposal.outcome = RoleProposal.Outcome.GRANTED
    proposal.decided_by = actor
    proposal.decided_at = timezone.now()
    proposal.save(update_fields=["outcome", "decided_by", "decided_at"])
    _set_memberships(user, {*user.role_names, proposal.role})
    audit_record(
        actor=actor,
        action=Action.GRANT,
        obj=proposal,
        reason="rol bevestigd door tweede beheerder",
        changed_fields=[f"rol:{proposal.role}", f"gebruiker:{user.pk}"],
    )
    audit_record(actor=actor, action=Action.UPDATE, obj=user, changed_fields=["roles"])
    _announce(proposal, "granted")
    return proposal


@transaction.atomic
def role_proposal_decline(*, proposal: RoleProposal, actor: User) -> RoleProposal:
    """Decline (or, by the proposer, withdraw) a proposal; nothing is granted."""
    _refuse_unless_beheerder(actor)
    proposal = _locked_pending(proposal)
    proposal.outcome = RoleProposal.Outcome.DECLINED
    proposal.decided_by = actor
    proposal.decided_at = timezone.now()
    proposal.save(update_fields=["outcome", "decided_by", "decided_at"])
    audit_record(
        actor=actor,
        action=Action.UPDATE,
        obj=proposal,
        reason="rolvoorstel afgewezen",
        changed_fields=[f"rol:{proposal.role}", f"gebruiker:{proposal.user_id}"],
    )
    return proposal


def user_sessions_end(*, user: User) -> int:
    """End every session of ``user`` (deactivation, 2FA reset, lost device)."""
    return UserSession.end_all_for(user)


# --- API clients -----------------------------------------------------------------


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def api_client_issue(
    *,
    organisation: Organisation,
    name: str,
    actor: User | None = None,
    token: str | None = None,
) -> tuple[ApiClient, str]:
    """Create a client and return it with its token, which is never stored or shown again.

    ``token`` may be given only by seed_demo, so the demo prints a stable token.
    """
    token = token or secrets.token_urlsafe(32)
    client = ApiClient(
        organisation=organisation,
        name=name,
        token_prefix=token[:8],
        token_hash=_hash_token(token),
    )
    client.full_clean()
    client.save()
    audit_record(actor=actor, action=Action.CREATE, obj=client)
    return client, token


@transaction.atomic
def api_client_revoke(*, client: ApiClient, actor: User | None = None) -> ApiClient:
    client = ApiClient.objects.select_for_update().get(pk=client.pk)
    if client.revoked_at is None:
        client.revoked_at = timezone.now()
        client.save(update_fields=["revoked_at"])
        audit_record(
            actor=actor, action=Action.REVOKE, obj=client, reason="token ingetrokken"
        )
    return client


def api_client_authenticate(token: str) -> ApiClient | None:
    client = (
        ApiClient.objects.select_related("organisation")
        .filter(
            token_hash=_hash_token(token),
            revoked_at__isnull=True,
            organisation__active=True,
        )
        .first()
    )
    if client is not None:
        now = timezone.now()
        # Touch at most once a minute: a busy meldpunt must not write on every call.
        if (
            client.last_used_at is None
            or (now - client.last_used_at).total_seconds() > 60
        ):
            ApiClient.objects.filter(pk=client.pk).update(last_used_at=now)
    return client
