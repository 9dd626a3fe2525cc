"""The casusoverleg's access keeper (``signals.dossier_hooks``): a lowered colour
whose withdrawal is decided (classification ``withdraw_access``) does not take a
dossier from an organisation the casusoverleg still needs it for.

Needed while the meeting is not closed: a kernteam organisation when the dossier
is an accepted item (accepting brings the kernteam in), a flexibele-schil
organisation with an open invitation to an item of the dossier. Only with a valid
convenant: without one an organisation gets no personal data at all.

The keeper takes the grant over: an ``ItemKernteamGrant`` on the item, or
``granted_access`` on the invitation. So removing the item, or withdrawing the
invitation, later revokes it (``casusoverleg.services.agenda``).
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django_stubs_ext import StrOrPromise

from audit.constants import Action
from audit.services import audit_record
from casusoverleg.constants import ItemStatus, MeetingStatus
from casusoverleg.models import AgendaItem, ItemInvitation, ItemKernteamGrant
from partners.access import convenant_valid
from partners.constants import Ring
from partners.models import Organisation, User
from signals.models import Dossier


def casusoverleg_keeps_access(
    dossier: Dossier, organisation: Organisation, actor: User
) -> StrOrPromise | None:
    """``_("het casusoverleg")`` when the organisation still needs the dossier
    for a meeting that is not closed (the grant is then the casusoverleg's),
    else ``None``."""
    if not convenant_valid(organisation.pk):
        return None
    if organisation.ring == Ring.KERNTEAM:
        item = (
            AgendaItem.objects.select_for_update()
            .filter(dossier=dossier, status=ItemStatus.ACCEPTED)
            .exclude(meeting__status=MeetingStatus.CLOSED)
            .order_by("-meeting__starts_at", "-pk")
            .first()
        )
        if item is not None:
            if not ItemKernteamGrant.objects.filter(
                item__dossier=dossier,
                item__status=ItemStatus.ACCEPTED,
                organisation=organisation,
            ).exists():
                grant = ItemKernteamGrant.objects.create(
                    item=item, organisation=organisation
                )
                audit_record(actor=actor, action=Action.CREATE, obj=grant)
            return _("het casusoverleg")
    invitations = list(
        ItemInvitation.objects.select_for_update()
        .filter(
            item__dossier=dossier,
            organisation=organisation,
            withdrawn_at__isnull=True,
        )
        .exclude(item__status=ItemStatus.REMOVED)
        .exclude(item__meeting__status=MeetingStatus.CLOSED)
        .order_by("pk")
    )
    if not invitations:
        return None
    if not any(invitation.granted_access for invitation in invitations):
        invitation = invitations[0]
        invitation.granted_access = True
        invitation.save(update_fields=["granted_access"])
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            obj=invitation,
            changed_fields=["granted_access"],
        )
    return _("het casusoverleg")
