"""Need to know follows the colour (docs/domain.md sections 6 and 9), through the
pages as the partners would meet it: the kernteam joins a dossier at oranje (each
organisation granted, audited and on the timeline), an organisation outside a
groen melding's routing never reaches it anywhere, and the partner that entered
a melding reads its status and feedback but never its colour or dossier."""

from __future__ import annotations

import html

import pytest

from audit.constants import Action
from audit.models import AuditEvent
from classification.constants import Colour, HandOffKind
from classification.models import HandOff
from classification.services import (
    dossier_classify,
    screening_classify,
    screening_feedback,
)
from signals.constants import DossierEventKind, Status
from signals.models import Dossier, DossierEvent, Signal
from tests.classification.conftest import CHILD, DESCRIPTION
from tests.classification.test_services import to_vaststellen
from tests.conftest import verified_client

pytestmark = pytest.mark.django_db


def opens(user, path: str) -> bool:
    response = verified_client(user).get(path)
    assert response.status_code in (200, 404), (path, response.status_code)
    return response.status_code == 200


def finds(user, signal: Signal, dossier: Dossier) -> bool:
    """Whether a search (the child, a word of the melding, a reference) links to
    the melding or its dossier (the search box echoes the query itself)."""
    client = verified_client(user)
    body = ""
    for query in (CHILD, "opgehaald", signal.reference, dossier.reference):
        body += client.post("/zoeken/", {"q": query}).content.decode()
    return str(signal.uuid) in body or str(dossier.uuid) in body


def test_the_kernteam_joins_at_oranje_and_not_before(
    melding, screener, region, routing, police_officer, om_officer
):
    groen = screening_classify(
        screening=to_vaststellen(melding, screener, region),
        actor=screener,
        colour=Colour.GROEN,
        rationale="Zorgen; het CJG pakt het op.",
    )
    dossier = groen.dossier
    dossier_page = f"/dossiers/{dossier.uuid}/"
    kernteam = (region.gemeente, region.politie, region.om)
    for officer in (police_officer, om_officer):
        assert not opens(officer, dossier_page)
    assert not AuditEvent.objects.filter(
        action=Action.GRANT,
        object_id=str(dossier.pk),
        reason__in=[f"{o.slug}: view" for o in kernteam],
    ).exists()

    dossier_classify(
        dossier=dossier,
        actor=screener,
        colour=Colour.ORANJE,
        rationale="Opgeschaald: een tweede melding over dezelfde jongen.",
    )
    for officer in (police_officer, om_officer):
        assert opens(officer, dossier_page)
        assert opens(officer, f"/signalen/{melding.uuid}/")
    # Each kernteam organisation: its own grant in the trail, its own timeline
    # entry and its own hand-off, also when they join together.
    for organisation in kernteam:
        assert (
            AuditEvent.objects.filter(
                action=Action.GRANT,
                object_type="signals.dossier",
                object_id=str(dossier.pk),
                reason=f"{organisation.slug}: view",
            ).count()
            == 1
        ), organisation.slug
        assert (
            DossierEvent.objects.filter(
                dossier=dossier,
                kind=DossierEventKind.INVITED,
                organisation=organisation,
            ).count()
            == 1
        ), organisation.slug
        assert HandOff.objects.filter(
            dossier=dossier, to_organisation=organisation, kind=HandOffKind.KERNTEAM
        ).exists()
    handed = DossierEvent.objects.filter(
        dossier=dossier, kind=DossierEventKind.HANDED_OFF
    ).count()
    assert handed == HandOff.objects.filter(dossier=dossier).count()


def test_an_organisation_outside_the_routing_never_sees_a_groen_melding(
    melding,
    screener,
    region,
    routing,
    police_officer,
    om_officer,
    vh_worker,
    youth_care_contact,
    outsider,
    cjg_worker,
):
    classification = screening_classify(
        screening=to_vaststellen(melding, screener, region),
        actor=screener,
        colour=Colour.GROEN,
        rationale="Zorgen, geen loverboyactiviteit aangetoond.",
    )
    dossier = classification.dossier
    # The CJG, which groen routes to, reaches it (the test can fail).
    assert opens(cjg_worker, f"/dossiers/{dossier.uuid}/")
    assert finds(cjg_worker, melding, dossier)
    for user in (police_officer, om_officer, vh_worker, youth_care_contact, outsider):
        name = user.username
        assert not opens(user, f"/dossiers/{dossier.uuid}/"), name
        assert not opens(user, f"/signalen/{melding.uuid}/"), name
        assert not finds(user, melding, dossier), name
        for path in ("/dossiers/", "/signalen/", "/overdrachten/"):
            body = verified_client(user).get(path).content.decode()
            assert dossier.reference not in body, (name, path)
            assert melding.reference not in body, (name, path)


def test_the_reporter_reads_status_and_feedback_never_the_colour_or_dossier(
    melding, school_worker, screener, region, routing
):
    classification = screening_classify(
        screening=to_vaststellen(melding, screener, region),
        actor=screener,
        colour=Colour.ORANJE,
        rationale="Sterk vermoeden van loverboyactiviteit.",
    )
    screening_feedback(
        screening=melding.screening,
        actor=screener,
        feedback="Uw melding is in behandeling genomen.",
    )
    dossier = classification.dossier
    client = verified_client(school_worker)
    page = html.unescape(client.get(f"/signalen/{melding.uuid}/").content.decode())
    assert DESCRIPTION in page  # the own melding, as entered
    assert "Uw melding is in behandeling genomen." in page
    melding.refresh_from_db()
    assert melding.status == Status.CLASSIFIED
    assert f'data-testid="signal-status">{Status.CLASSIFIED.label}<' in page
    for colour in Colour:
        assert f"app-colour--{colour.value}" not in page
    assert "Oranje" not in page
    assert dossier.reference not in page and str(dossier.uuid) not in page
    # The school takes no part in the dossier: it does not exist for her.
    assert client.get(f"/dossiers/{dossier.uuid}/").status_code == 404
