"""An independent review of the perpetrator path's access rules (docs/domain.md
sections 6 and 9, docs/threat-model.md): each test names a hole that was found and
must stay closed."""

from __future__ import annotations

import pytest

from classification.constants import Result273f
from classification.services_perpetrator import perpetrator_test_record
from signals.services import dossier_invite
from tests.classification.test_perpetrator import strong
from tests.conftest import verified_client

pytestmark = pytest.mark.django_db

# What the 273f test's outcome reads like on the dossier page and its timeline.
TIP_OFFS = (
    "Strafrechtelijke route leidend",
    "Vervolging mogelijk",
    "273f",
    "RCMP/OM",
)


def test_the_273f_outcome_stays_with_the_criminal_justice_chain(
    dader, screener, region, routing, om_officer, rcmp_worker, school_worker
):
    """Finding 3 (threat model 5, tipping off): the OM's answer to the art. 273f
    test says whether a criminal investigation follows, and like all OM feedback
    (the casusoverleg shows it to the kernteam only) it must not reach a
    flexibele-schil organisation that reads the dossier for another reason, here
    the school invited to it (as to a casusoverleg item). The OM and the RCMP, to
    whom the test was put, still read it."""
    decision = strong(dader, screener, region)
    perpetrator_test_record(
        decision=decision,
        actor=om_officer,
        result=Result273f.PROSECUTION_POSSIBLE,
        note="Zaak loopt (fictief).",
    )
    dossier = decision.dossier
    dossier_invite(dossier=dossier, organisation=region.school, actor=screener)
    url = f"/dossiers/{dossier.uuid}/"

    school = verified_client(school_worker).get(url)
    assert school.status_code == 200
    page = school.content.decode()
    for words in TIP_OFFS:
        assert words not in page, page[page.find(words) - 600 : page.find(words) + 100]

    for user in (om_officer, rcmp_worker, screener):
        page = verified_client(user).get(url).content.decode()
        assert "Strafrechtelijke route leidend" in page, user
        assert "Vervolging mogelijk" in page, user
