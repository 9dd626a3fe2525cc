"""The doorlaatverbod alert (docs/domain.md section 9, handreiking 2.3.1).

Once a minor is known to be in, or about to be in, an exploitation situation, the
police, the OM and the ketenregisseur are alerted at once: in the app and by e-mail,
as notification rows that a Celery task delivers and beat re-sweeps until delivered
(``notifications``). The title names only the dossier reference, never a person; the
link is the dossier page, which police and OM are granted here so they can open it.
The dossier shows a banner until someone records the intervention taken.

Called by the classification services (``dossier_classify``, ``classification_confirm``)
when the colour is rood or the screener marks exploitation, inside their transaction.
"""

from __future__ import annotations

import datetime
import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.constants import Action
from audit.services import audit_record
from classification.models_doorlaatverbod import DoorlaatverbodAlert
from notifications.models import Notification
from notifications.services import notify
from partners.access import access_grant, can, may
from partners.constants import ROLE_GROUP_PREFIX, OrganisationKind, Role
from partners.models import Organisation, User
from signals.ages import ADULT_AGE, age_on
from signals.constants import PersonRole
from signals.models import Dossier, DossierPerson
from signals.selectors.dossier import dossier_sees_all
from signals.services.audience import audience_refresh_dossier
from signals.services.dossier import PARTICIPANT_ACTIONS

logger = logging.getLogger(__name__)

# The organisations the doorlaatverbod binds (handreiking 2.3.1).
ALERTED_KINDS = (OrganisationKind.POLITIE, OrganisationKind.OM)
# People of those organisations who work on dossiers (a beheerder does not).
CASE_ROLES = (Role.PARTNERMEDEWERKER, Role.CONTACTPERSOON)


def dossier_has_minor_victim(
    *, dossier: Dossier, day: datetime.date | None = None
) -> bool:
    """Is a presumed victim in the dossier under 18 today (by birth date or estimate)?"""
    day = day or timezone.localdate()
    for link in DossierPerson.objects.filter(
        dossier=dossier, role=PersonRole.VICTIM
    ).select_related("person"):
        person = link.person
        age = age_on(
            date_of_birth=person.date_of_birth,
            estimated_age=person.estimated_age,
            estimated_on=person.estimated_on,
            day=day,
        )
        if age is not None and age < ADULT_AGE:
            return True
    return False


def alerted_organisations() -> list[Organisation]:
    """Police and OM organisations of the region with a valid convenant."""
    return list(
        Organisation.objects.convenant_valid()
        .filter(kind__in=ALERTED_KINDS)
        .order_by("pk")
    )


def _recipients(organisations: list[Organisation]) -> list[User]:
    case_people = User.objects.filter(
        is_active=True,
        organisation__in=organisations,
        groups__name__in=[f"{ROLE_GROUP_PREFIX}{role}" for role in CASE_ROLES],
    )
    regisseurs = User.objects.filter(
        is_active=True,
        groups__name=f"{ROLE_GROUP_PREFIX}{Role.KETENREGISSEUR}",
        organisation__in=Organisation.objects.convenant_valid(),
    )
    return list((case_people | regisseurs).distinct().order_by("pk"))


@transaction.atomic
def doorlaatverbod_raise(
    *, dossier: Dossier, actor: User
) -> DoorlaatverbodAlert | None:
    """Raise the alert for a dossier about a minor; None when no victim is a minor.

    The caller decides that the situation is (imminent) exploitation: a rood
    classification, or any colour the screener marks so. An alert still open is
    returned as it is (one banner, no second round of mails)."""
    if not dossier_has_minor_victim(dossier=dossier):
        return None
    open_alert = (
        DoorlaatverbodAlert.objects.select_for_update()
        .filter(dossier=dossier, resolved_at__isnull=True)
        .first()
    )
    if open_alert is not None:
        return open_alert
    alert = DoorlaatverbodAlert(dossier=dossier, raised_by=actor)
    alert.full_clean()
    alert.save()
    audit_record(actor=actor, action=Action.CREATE, obj=alert)

    # Police and OM must be able to open what the alert links to.
    organisations = alerted_organisations()
    for organisation in organisations:
        access_grant(
            obj=dossier,
            organisation=organisation,
            actions=PARTICIPANT_ACTIONS,
            actor=actor,
            reason="doorlaatverbod",
        )
    audience_refresh_dossier(dossier_id=dossier.pk)

    notify(
        recipients=_recipients(organisations),
        kind=Notification.Kind.DOORLAATVERBOD,
        title=_(
            "Doorlaatverbod: minderjarige in (dreigende) uitbuiting, dossier "
            "%(reference)s. Direct handelen."
        )
        % {"reference": dossier.reference},
        link=reverse("dossiers:detail", kwargs={"uuid": dossier.uuid}),
    )
    if not any(o.kind == OrganisationKind.POLITIE for o in organisations):
        logger.error("event=doorlaatverbod_no_police alert=%s", alert.pk)
    if not any(o.kind == OrganisationKind.OM for o in organisations):
        logger.error("event=doorlaatverbod_no_om alert=%s", alert.pk)
    logger.info("event=doorlaatverbod_raised alert=%s", alert.pk)
    return alert


def doorlaatverbod_may_resolve(user: User, alert: DoorlaatverbodAlert) -> bool:
    """Police and OM (who act) and the ketenregisseur and screeners (who saw it
    through) record the intervention, while they can read the dossier."""
    if not may(user, "classification.change_doorlaatverbodalert"):
        return False
    if dossier_sees_all(user):
        return True
    return (
        user.organisation is not None
        and user.organisation.kind in ALERTED_KINDS
        and can(user, "view", alert.dossier)
    )


@transaction.atomic
def doorlaatverbod_resolve(
    *, alert: DoorlaatverbodAlert, actor: User, intervention: str
) -> DoorlaatverbodAlert:
    """Record the intervention taken; the banner goes."""
    if not doorlaatverbod_may_resolve(actor, alert):
        raise PermissionDenied
    locked = DoorlaatverbodAlert.objects.select_for_update().get(pk=alert.pk)
    if locked.resolved_at is not None:
        raise ValidationError(_("Voor deze melding is de interventie al vastgelegd."))
    locked.intervention = intervention.strip()
    locked.resolved_by = actor
    locked.resolved_at = timezone.now()
    locked.full_clean()
    locked.save(update_fields=["intervention", "resolved_by", "resolved_at"])
    # The text is typed: it stays out of the trail (docs/threat-model.md).
    audit_record(
        actor=actor,
        action=Action.UPDATE,
        obj=locked,
        changed_fields=["intervention", "resolved_by", "resolved_at"],
    )
    return locked
