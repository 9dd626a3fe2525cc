"""The dossier page's section on perpetrator meldingen (signals.dossier_sections)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from classification.constants import HandOffKind, Result273f
from classification.models import HandOff
from classification.selectors_perpetrator import (
    perpetrator_decisions_on,
    perpetrator_test_may_record,
)
from partners.models import User
from signals.dossier_sections import DossierSection
from signals.models import Dossier
from signals.selectors.contents import reads_criminal_justice
from signals.selectors.dossier import dossier_sees_all


def perpetrator_sections(user: User, dossier: Dossier) -> list[DossierSection]:
    """Every reader of the dossier in the criminal-justice chain or the kernteam
    (``reads_criminal_justice``; a flexibele-schil reader gets no section, threat
    model 5) sees the decision, the test's outcome and whether the criminal route
    leads; the rationale and the test's note only the
    screening team and the ketenregisseur, and the organisation that answered.
    An OM or RCMP user whose organisation the test was put to gets the way to
    the answer form."""
    decisions = perpetrator_decisions_on(dossier=dossier)
    if not decisions:
        return []
    # That a melding was put to the OM and the RCMP, and whether a criminal
    # investigation follows, is for the criminal-justice chain and the kernteam
    # only: a flexibele-schil reader must not be tipped off (threat model 5).
    if not reads_criminal_justice(user):
        return []
    sees_all = dossier_sees_all(user)
    rows = []
    for decision in decisions:
        answer_link = None
        if not decision.test_result and perpetrator_test_may_record(user, decision):
            hand_off = HandOff.objects.filter(
                perpetrator_decision=decision,
                kind=HandOffKind.TEST_273F,
                to_organisation_id=user.organisation_id,
            ).first()
            answer_link = hand_off.pk if hand_off else None
        rows.append(
            {
                "decision": decision,
                "show_text": sees_all
                or (
                    decision.test_organisation_id is not None
                    and decision.test_organisation_id == user.organisation_id
                ),
                "answer_hand_off": answer_link,
            }
        )
    return [
        DossierSection(
            id="dadermelding",
            title=_("Dadermelding"),
            template="classification/_dossier_perpetrator.html",
            context={
                "rows": rows,
                "criminal_route": any(
                    d.test_result == Result273f.PROSECUTION_POSSIBLE for d in decisions
                ),
            },
        )
    ]
