"""The signal list reads a partner's own audience rows newest first: the same
signals as the access rule, in the order of their receipt, counted up to a cap."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

import signals.views.signal as signal_views
from signals.models import Signal
from signals.selectors import (
    signal_count_visible,
    signal_list_newest_first,
    signal_list_visible_to,
)
from signals.services import dossier_create, dossier_invite
from signals.services.audience import audience_rebuild
from tests.signals.test_dossiers import enter_signal

pytestmark = pytest.mark.django_db

LIST = reverse("signals:list")


def ids(queryset) -> list[int]:
    return list(queryset.values_list("pk", flat=True))


def by_received_at(user, kind: str = "") -> list[int]:
    signals = signal_list_visible_to(user=user)
    if kind:
        signals = signals.filter(kind=kind)
    return ids(signals.order_by("-received_at", "-id"))


@pytest.fixture
def chain(school_worker, police_officer, ketenregisseur, screener, region):
    """Signals of three owners; one dossier shares a school signal with the police."""
    made = []
    for n, author in enumerate(
        [school_worker, police_officer, school_worker, ketenregisseur, school_worker]
    ):
        signal = enter_signal(author, description=f"Signaal {n} (fictief).")
        # Received out of entry order, so the order is the receipt's, not the id's.
        Signal.objects.filter(pk=signal.pk).update(
            received_at=timezone.now() - datetime.timedelta(hours=(n * 7) % 5)
        )
        made.append(signal)
    made.append(enter_signal(school_worker, kind="trend", persons=[]))
    dossier = dossier_create(actor=screener, signals=[made[2]])
    dossier_invite(dossier=dossier, organisation=region.politie, actor=screener)
    # The audience keeps its own copy of received_at (which the app never changes).
    audience_rebuild()
    return made


def test_every_user_gets_the_rule_in_receipt_order(
    chain, school_worker, police_officer, ketenregisseur, screener, outsider
):
    for user in (school_worker, police_officer, ketenregisseur, screener, outsider):
        for kind in ("", "trend", "regular"):
            assert ids(signal_list_newest_first(user=user, kind=kind)) == (
                by_received_at(user, kind)
            ), (user, kind)
    police = ids(signal_list_newest_first(user=police_officer))
    assert chain[2].pk in police  # shared through the dossier
    assert chain[0].pk not in police


def test_the_count_is_capped(chain, school_worker, police_officer):
    assert signal_count_visible(user=school_worker, cap=1000) == 4
    assert signal_count_visible(user=school_worker, cap=2) == 3
    assert signal_count_visible(user=school_worker, kind="trend", cap=1000) == 1
    assert signal_count_visible(user=police_officer, cap=1000) == 2


def test_the_list_page_says_more_than_the_cap_and_pages_on(
    chain, school_worker, as_user, monkeypatch
):
    client = as_user(school_worker)
    page = client.get(LIST).content.decode()
    assert "4 signalen." in page
    monkeypatch.setattr(signal_views, "COUNT_CAP", 2)
    monkeypatch.setattr(signal_views, "PAGE_SIZE", 2)
    page = client.get(LIST).content.decode()
    assert "Meer dan 2 signalen." in page
    assert 'href="?pagina=2" rel="next"' in page
    assert "Pagina 1</span>" in page
    page = client.get(LIST, {"pagina": "2", "soort": "regular"}).content.decode()
    assert 'href="?soort=regular&amp;pagina=1" rel="prev"' in page
