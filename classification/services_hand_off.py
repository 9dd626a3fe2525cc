"""Hand-offs: the routing a colour or a perpetrator decision sets in motion, each
audited, on the dossier's timeline and announced to the receiving organisation.

The announcement is a notification per receiving organisation (its vaste
contactpersoon, or everyone there holding that role) whose title names the
dossier's reference only and whose link is the organisation's hand-off page
(``/overdrachten/``): no personal data in the app's list or the e-mail
(docs/threat-model.md). The e-mail goes by the notifications task, swept by beat.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.urls import reverse
from django.utils.translation import gettext as _

from audit.constants import Action
from audit.services import audit_record
from classification.constants import HandOffKind
from classification.models import Classification, HandOff, PerpetratorDecision
from notifications.models import Notification
from notifications.services import notify
from partners.access import may
from partners.constants import ROLE_GROUP_PREFIX, Role
from partners.models import Organisation, User
from signals.constants import DossierEventKind
from signals.models import Dossier
from signals.services import dossier_events_record

VIEW_HANDOFF = "classification.view_handoff"
RELATED = ("dossier", "classification", "perpetrator_decision", "to_organisation")


def hand_off_recipients(organisation: Organisation) -> list[User]:
    """Who hears of a hand-off: the organisation's vaste contactpersoon, or
    without one everyone there holding the contactpersoon role; only people who
    may open the hand-off page."""
    contact = organisation.contact_person
    if contact is not None and contact.is_active and may(contact, VIEW_HANDOFF):
        return [contact]
    return [
        user
        for user in User.objects.filter(
            organisation=organisation,
            is_active=True,
            groups__name=f"{ROLE_GROUP_PREFIX}{Role.CONTACTPERSOON}",
        )
        if may(user, VIEW_HANDOFF)
    ]


def hand_offs_create(
    *,
    dossier: Dossier,
    routing: Sequence[tuple[Organisation, str]],
    actor: User,
    classification: Classification | None = None,
    perpetrator_decision: PerpetratorDecision | None = None,
) -> list[HandOff]:
    """One hand-off per (organisation, kind), in the caller's transaction, each
    audited and on the timeline, and a notification to each receiving
    organisation. Written together: one INSERT for the hand-offs, one for their
    timeline entries, one for the notifications."""
    hand_offs: list[HandOff] = []
    for organisation, kind in routing:
        hand_off = HandOff(
            dossier=dossier,
            classification=classification,
            perpetrator_decision=perpetrator_decision,
            to_organisation=organisation,
            kind=kind,
        )
        # The related rows are the caller's, loaded and saved; checking that
        # they exist would cost a query each (the database holds the foreign keys
        # and the constraint that wants a classification or a decision).
        hand_off.full_clean(exclude=list(RELATED))
        hand_offs.append(hand_off)
    HandOff.objects.bulk_create(hand_offs)
    for hand_off in hand_offs:
        audit_record(actor=actor, action=Action.CREATE, obj=hand_off)
    dossier_events_record(
        dossier=dossier,
        entries=[
            (
                DossierEventKind.HANDED_OFF,
                organisation,
                f"{organisation.name}: {HandOffKind(kind).label}",
            )
            for organisation, kind in routing
        ],
        actor=actor,
    )
    organisations = {o.pk: o for o, _kind in routing}
    if organisations:
        notify(
            recipients=[
                user
                for organisation in organisations.values()
                for user in hand_off_recipients(organisation)
            ],
            kind=Notification.Kind.HAND_OFF,
            title=_("Nieuwe overdracht van dossier %(reference)s")
            % {"reference": dossier.reference},
            link=reverse("classification:hand-offs"),
        )
    return hand_offs
