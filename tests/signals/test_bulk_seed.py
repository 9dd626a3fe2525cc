"""The benchmark region (``seed_demo --size N``): shaped as the benchmark says, and
its stored readers equal the rule."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from partners.models import User
from signals.models import Dossier, DossierPerson, Person, Signal, SignalPerson
from signals.selectors import dossier_list_visible_to, search, signal_list_visible_to
from signals.services.audience import audience_differences

pytestmark = pytest.mark.django_db


def test_bulk_seed_shapes_participation_persons_and_readers(capsys):
    call_command("seed_demo", size=400)
    capsys.readouterr()
    assert Signal.objects.count() >= 400
    dossiers = Dossier.objects.count()
    assert dossiers >= 400
    # Persons recur: fewer persons than matched mentions, each in a dossier.
    matched = SignalPerson.objects.filter(person__isnull=False).count()
    assert 0 < Person.objects.count() < matched
    assert DossierPerson.objects.count() >= matched * 0.9

    police = User.objects.get(username="pieter.agent")
    school = User.objects.get(username="sofie.mentor")
    police_share = dossier_list_visible_to(user=police).count() / dossiers
    school_share = dossier_list_visible_to(user=school).count() / dossiers
    assert 0.3 < police_share < 0.5
    assert 0.01 < school_share < 0.12
    assert audience_differences() == []

    # The police reads the signals of its dossiers plus its own, not the rest.
    readable = signal_list_visible_to(user=police).count()
    assert Signal.objects.filter(organisation=police.organisation).count() < readable
    assert readable < Signal.objects.count()
    found = search(user=police, query="station")
    assert found.signals
    assert {s.pk for s in found.signals} <= set(
        signal_list_visible_to(user=police).values_list("pk", flat=True)
    )
