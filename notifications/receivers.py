"""What partners announces that somebody must hear of (partners cannot import us)."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import override

from notifications.models import Notification
from notifications.services import notify
from partners.constants import Role
from partners.models import RoleProposal
from partners.selectors import organisation_contact_persons


def role_proposal_notify(*, proposal: RoleProposal, event: str) -> None:
    """Tell the organisation's vaste contactpersoon that a role that reads personal
    data was proposed for, or granted to, one of its people.

    Title and e-mail name the role, never the person: who it is, the contactpersoon
    asks the beheerder (docs/threat-model.md: a notification says only *that*).
    """
    organisation = proposal.user.organisation
    with override(settings.LANGUAGE_CODE):
        role = str(Role(proposal.role).label)
        if event == "proposed":
            title = _(
                "De rol %(role)s is voorgesteld voor een medewerker van uw organisatie"
            ) % {"role": role}
        elif event == "granted":
            title = _(
                "De rol %(role)s is toegekend aan een medewerker van uw organisatie"
            ) % {"role": role}
        else:
            return
    notify(
        recipients=organisation_contact_persons(organisation=organisation),
        kind=Notification.Kind.ROLE_CHANGE,
        title=title,
        link=reverse("notifications:inbox"),
    )
