"""The risicotaxatie-instrument: shipped, versioned, published in the app, and an
assessment keeps the version and the points it was scored with."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from classification.constants_risk import InstrumentCategory, VersionStatus
from classification.models_instrument import Assessment, InstrumentVersion
from classification.selectors_instrument import instrument_suggestion
from classification.services_instrument import (
    ItemInput,
    assessment_create,
    deviation_validate,
    instrument_default_ensure,
    instrument_draft_create,
    instrument_draft_update,
    instrument_publish,
    rationale_required_reason,
    suggest_colour,
)
from signals.models import Indicator
from tests.classification.risk_helpers import dossier_about
from tests.conftest import verified_client

pytestmark = pytest.mark.django_db


def _v1() -> InstrumentVersion:
    return InstrumentVersion.objects.get(number=1)


def test_the_default_version_is_built_from_the_signalenlijst_and_checklist():
    version = _v1()
    assert version.status == VersionStatus.PUBLISHED
    items = list(version.items.all())
    assert {i.source_code for i in items} == set(
        Indicator.objects.values_list("code", flat=True)
    )
    # Every one of the seven categories has items.
    assert {i.category for i in items} == set(InstrumentCategory.values)
    checklist = next(i for i in items if i.source_code == "checklist.jaloers")
    assert checklist.points == 2


def test_the_default_version_is_created_once():
    assert instrument_default_ensure() is None
    assert InstrumentVersion.objects.count() == 1


def test_thresholds_suggest_a_colour():
    version = _v1()
    assert suggest_colour(version=version, total=0) == "blauw"
    assert suggest_colour(version=version, total=version.threshold_groen) == "groen"
    assert suggest_colour(version=version, total=version.threshold_oranje) == "oranje"
    assert suggest_colour(version=version, total=version.threshold_rood) == "rood"


def test_a_decision_that_differs_from_the_suggestion_must_say_why():
    assert rationale_required_reason("oranje", "oranje") is None
    assert rationale_required_reason(None, "groen") is None
    assert "Oranje" in (rationale_required_reason("oranje", "groen") or "")
    with pytest.raises(ValidationError) as error:
        deviation_validate(
            suggested="oranje", chosen="groen", deviation_reason=" ", field="why"
        )
    assert "why" in error.value.message_dict
    deviation_validate(
        suggested="oranje",
        chosen="groen",
        deviation_reason="De jongen is inmiddels uit beeld.",
        field="why",
    )


def _items_except_first_scored_double(version: InstrumentVersion) -> list[ItemInput]:
    return [
        ItemInput(
            category=i.category,
            label=i.label,
            points=i.points * 5,
            order=i.order,
            source_code=i.source_code,
        )
        for i in version.items.all()
    ]


def test_a_new_version_leaves_old_assessments_unchanged(screener, beheerder):
    dossier, _person = dossier_about(screener)
    v1 = _v1()
    ticked = list(v1.items.filter(source_code__startswith="checklist.")[:3])
    old = assessment_create(
        dossier=dossier, actor=screener, item_ids=[i.pk for i in ticked]
    )
    assert old.total == 6
    assert old.suggested_colour == "groen"
    assert instrument_suggestion(dossier=dossier) == "groen"

    draft = instrument_draft_create(actor=beheerder)
    assert draft.number == 2
    assert draft.status == VersionStatus.DRAFT
    instrument_draft_update(
        version=draft,
        actor=beheerder,
        threshold_groen=2,
        threshold_oranje=4,
        threshold_rood=30,
        items=_items_except_first_scored_double(v1),
    )
    instrument_publish(version=draft, actor=beheerder)

    old.refresh_from_db()
    assert old.version_id == v1.pk
    assert old.total == 6
    assert old.suggested_colour == "groen"
    assert sorted(s.points for s in old.scores.all()) == [2, 2, 2]
    assert sorted(
        i.points for i in _v1().items.filter(pk__in=[i.pk for i in ticked])
    ) == [2, 2, 2]

    same_in_v2 = draft.items.filter(
        source_code__in=[i.source_code for i in ticked]
    ).values_list("pk", flat=True)
    new = assessment_create(dossier=dossier, actor=screener, item_ids=same_in_v2)
    assert new.version_id == draft.pk
    assert new.total == 30
    assert new.suggested_colour == "rood"
    assert instrument_suggestion(dossier=dossier) == "rood"
    # A version's items belong to it: v1's items are refused now.
    with pytest.raises(ValidationError):
        assessment_create(dossier=dossier, actor=screener, item_ids=[ticked[0].pk])


def test_a_published_version_is_never_changed(beheerder):
    with pytest.raises(ValidationError):
        instrument_draft_update(
            version=_v1(),
            actor=beheerder,
            threshold_groen=1,
            threshold_oranje=2,
            threshold_rood=3,
            items=[ItemInput(category="gedrag", label="x", points=1)],
        )
    with pytest.raises(ValidationError):
        instrument_publish(version=_v1(), actor=beheerder)
    assert _v1().threshold_groen == 3


def test_only_the_functioneel_beheerder_edits_the_instrument(screener):
    with pytest.raises(PermissionDenied):
        instrument_draft_create(actor=screener)


def test_thresholds_must_ascend(beheerder):
    draft = instrument_draft_create(actor=beheerder)
    with pytest.raises(ValidationError):
        instrument_draft_update(
            version=draft,
            actor=beheerder,
            threshold_groen=9,
            threshold_oranje=4,
            threshold_rood=30,
            items=[ItemInput(category="gedrag", label="Iets", points=1)],
        )


def test_the_beheerder_publishes_a_version_in_the_app(beheerder, screener):
    client = verified_client(beheerder)
    beheer = client.get(reverse("partners:beheer-organisations")).content.decode()
    assert reverse("risk:instrument_list") in beheer
    assert client.get(reverse("risk:instrument_list")).status_code == 200
    response = client.post(reverse("risk:instrument_draft"))
    assert response.status_code == 302
    draft = InstrumentVersion.objects.get(status=VersionStatus.DRAFT)
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "Concept" in page.content.decode()
    data = {
        "threshold_groen": "1",
        "threshold_oranje": "2",
        "threshold_rood": "3",
        "items-TOTAL_FORMS": "2",
        "items-INITIAL_FORMS": "0",
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "1000",
        "items-0-category": "school",
        "items-0-label": "Verzuimt op maandag en vrijdag",
        "items-0-points": "2",
        "items-0-order": "1",
        "items-1-category": "strafrechtelijk",
        "items-1-label": "Bekend bij politie als slachtoffer",
        "items-1-points": "3",
        "items-1-order": "2",
    }
    url = reverse("risk:instrument_version", kwargs={"number": draft.number})
    assert client.post(url, data).status_code == 302
    assert draft.items.count() == 2
    # An error comes back with the summary.
    bad = client.post(url, {**data, "threshold_groen": "5"})
    assert bad.status_code == 200
    assert "Er is een probleem" in bad.content.decode()
    publish = reverse("risk:instrument_publish", kwargs={"number": draft.number})
    assert client.post(publish).status_code == 302
    draft.refresh_from_db()
    assert draft.is_published
    # Published: the page shows it, a change is refused.
    assert client.get(url).status_code == 200
    assert client.post(url, data).status_code == 403
    # A screener does not manage the instrument.
    assert (
        verified_client(screener).get(reverse("risk:instrument_list")).status_code
        == 403
    )


def test_a_screener_scores_a_dossier_on_its_page(screener, police_officer):
    dossier, _person = dossier_about(screener)
    client = verified_client(screener)
    url = reverse("risk:assessment_create", kwargs={"uuid": dossier.uuid})
    dossier_page = client.get(reverse("dossiers:detail", kwargs={"uuid": dossier.uuid}))
    assert url in dossier_page.content.decode()
    page = client.get(url)
    assert page.status_code == 200
    assert "Gezinssituatie" in page.content.decode()
    item = _v1().items.get(source_code="checklist.drugs_wapens")
    response = client.post(url, {f"cat_{item.category}": [str(item.pk)]})
    assert response.status_code == 302
    assessment = Assessment.objects.get(dossier=dossier)
    assert assessment.total == item.points
    detail = client.get(response["Location"])
    assert detail.status_code == 200
    dossier_page = client.get(reverse("dossiers:detail", kwargs={"uuid": dossier.uuid}))
    assert f"{assessment.total} punten met versie 1" in dossier_page.content.decode()
    # The police is no participant and holds no assessment permission.
    assert verified_client(police_officer).get(url).status_code == 403
