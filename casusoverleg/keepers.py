"""The casusoverleg's access keeper (``signals.dossier_hooks``): a lowered colour
whose withdrawal is decided (classification ``withdraw_access``) does not take a
dossier from an organisation the casusoverleg still needs it for.

Needed while the meeting is not closed: a kernteam organisation when the dossier
is an accepted item (accepting brings the kernteam in), a flexibele-schil
organisation with an open invitation to an item of the dossier. Only with a valid
convenant: without one an organisation gets no personal data at all.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django_stubs_ext import StrOrPromise

from casusoverleg.constants import ItemStatus, MeetingStatus
from casusoverleg.models import AgendaItem, ItemInvitation
from partners.access import convenant_valid
from partners.constants import Ring
from partners.models import Organisation
from signals.models import Dossier


def casusoverleg_keeps_access(
    dossier: Dossier, organisation: Organisation
) -> StrOrPromise | None:
    """``_("het casusoverleg")`` when the organisation still needs the dossier
    for a meeting that is not closed, else ``None``."""
    if not convenant_valid(organisation.pk):
        return None
    on_agenda = (
        AgendaItem.objects.filter(dossier=dossier, status=ItemStatus.ACCEPTED)
        .exclude(meeting__status=MeetingStatus.CLOSED)
        .exists()
    )
    if organisation.ring == Ring.KERNTEAM and on_agenda:
        return _("het casusoverleg")
    invited = (
        ItemInvitation.objects.filter(
            item__dossier=dossier,
            organisation=organisation,
            withdrawn_at__isnull=True,
        )
        .exclude(item__status=ItemStatus.REMOVED)
        .exclude(item__meeting__status=MeetingStatus.CLOSED)
        .exists()
    )
    return _("het casusoverleg") if invited else None
