"""seed_demo's screening and colours (classification/demo.py), done through the
services by the demo's two screeners."""

import pytest
from django.core.management import call_command

from classification.constants import ClassificationStatus, Colour, Phase
from classification.models import Classification, Screening
from classification.models_doorlaatverbod import DoorlaatverbodAlert
from notifications.models import Notification
from signals.constants import Status
from signals.models import Signal
from tests.classification.test_worklist import assert_flag_follows_the_phases

pytestmark = pytest.mark.django_db


def test_the_demo_region_has_every_colour_four_eyes_and_a_doorlaatverbod(capsys):
    call_command("seed_demo")
    call_command("seed_demo")  # re-runnable: the second run adds nothing
    capsys.readouterr()
    confirmed = Classification.objects.filter(status=ClassificationStatus.CONFIRMED)
    assert set(confirmed.values_list("colour", flat=True)) == set(Colour.values)
    assert confirmed.count() == 8

    lowered = confirmed.get(previous_colour=Colour.ROOD)
    raised = confirmed.get(dossier=lowered.dossier, colour=Colour.ROOD)
    for four_eyes in (raised, lowered):
        assert four_eyes.confirmed_by is not None
        assert four_eyes.confirmed_by != four_eyes.decided_by
    assert lowered.confirmed_by is not None
    assert {lowered.decided_by.username, lowered.confirmed_by.username} == {
        "sam.screener",
        "sven.screener",
    }

    alert = DoorlaatverbodAlert.objects.get()
    reached = set(
        Notification.objects.filter(kind=Notification.Kind.DOORLAATVERBOD).values_list(
            "recipient__organisation__kind", flat=True
        )
    )
    assert {"politie", "om"} <= reached
    assert alert.dossier.classifications.filter(colour=Colour.ROOD).exists()

    meldpunt = Signal.objects.filter(api_client__isnull=False)
    assert meldpunt.count() == 2
    for signal in meldpunt:
        assert signal.status == Status.CLASSIFIED
        assert signal.feedback

    in_screening = Screening.objects.filter(
        phase__in=[Phase.ONDERZOEKEN, Phase.VERIFIEREN]
    )
    assert in_screening.count() == 2
    assert all(s.taken_by_id for s in in_screening)
    # Every path the demo takes (colours, four eyes, perpetrator meldingen, the
    # meldpunt's) leaves the werkvoorraad's stored flag in step with the phases.
    assert_flag_follows_the_phases()


def test_the_demo_has_a_perpetrator_melding_through_the_273f_test(capsys):
    from classification.constants import HandOffKind, PerpetratorOutcome, Result273f
    from classification.models import HandOff, PerpetratorDecision
    from signals.constants import DossierEventKind

    call_command("seed_demo")
    call_command("seed_demo")  # the second run adds no second decision
    capsys.readouterr()
    decisions = PerpetratorDecision.objects.select_related("signal", "test_by")
    assert decisions.count() == 2
    weak = decisions.get(outcome=PerpetratorOutcome.INSUFFICIENT)
    assert weak.signal.status == Status.CLOSED and weak.signal.feedback
    assert not HandOff.objects.filter(perpetrator_decision=weak).exists()
    strong = decisions.get(outcome=PerpetratorOutcome.STRONG_SUSPICION)
    assert strong.test_result == Result273f.PROSECUTION_POSSIBLE
    assert strong.test_by is not None
    assert strong.test_by.username == "olga.officier"
    assert set(
        HandOff.objects.filter(perpetrator_decision=strong).values_list(
            "kind", "to_organisation__slug"
        )
    ) == {
        (HandOffKind.TEST_273F, "om"),
        (HandOffKind.TEST_273F, "riec"),
        (HandOffKind.TAKEOVER, "om"),
    }
    assert strong.dossier.events.filter(kind=DossierEventKind.TEST_273F).exists()
    # No colour for a perpetrator melding; the home situation was never contacted.
    assert not Classification.objects.filter(signal=strong.signal).exists()
    assert not strong.signal.screening.steps.filter(home_contacted=True).exists()
    # The OM's vaste contactpersoon heard of the hand-off.
    assert Notification.objects.filter(
        kind=Notification.Kind.HAND_OFF, recipient__username="olga.officier"
    ).exists()
