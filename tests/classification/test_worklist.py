"""The screening werkvoorraad reads a stored flag (``Signal.screening_open``)
through a partial index: the flag follows the phases on every path of the
services, and the list keeps its filters and its order (urgent, then oldest)."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection, transaction
from django.utils import timezone

from classification.constants import Colour, Phase
from classification.models import Screening
from classification.selectors import OPEN_PHASES, screening_worklist
from classification.services import (
    classification_confirm,
    classification_decline,
    screening_classify,
    screening_feedback,
    screening_skip_phase,
    screening_take,
)
from signals.models import Signal
from signals.services import SignalInput, signal_create, signal_withdraw
from tests.classification.conftest import make_signal

pytestmark = pytest.mark.django_db


def make_trend(user) -> Signal:
    """A trend signal: about a phenomenon, never a person, and never screened."""
    return signal_create(
        user=user,
        data=SignalInput(
            observed_at=timezone.now() - datetime.timedelta(hours=1),
            description="Nieuwe app waarmee jongeren worden benaderd (fictief).",
            subject_role="victim",
            kind="trend",
            source="education",
        ),
    )


def assert_flag_follows_the_phases() -> None:
    """Every melding's stored flag says what the rule says: open until its
    screening is past vaststellen or it is withdrawn (trend signals are never
    listed)."""
    done = set(
        Screening.objects.exclude(phase__in=OPEN_PHASES).values_list(
            "signal_id", flat=True
        )
    )
    wrong = [
        (signal.reference, signal.screening_open)
        for signal in Signal.objects.all()
        if signal.screening_open
        == (signal.pk in done or signal.withdrawn_at is not None)
    ]
    assert not wrong, f"screening_open disagrees with the phases: {wrong}"


def listed(screener, **filters: str) -> list[int]:
    return list(
        screening_worklist(user=screener, filters=filters).values_list("pk", flat=True)
    )


def to_vaststellen(signal: Signal, screener) -> Screening:
    screening = screening_take(signal=signal, actor=screener)
    for _ in range(2):
        screening_skip_phase(screening=screening, actor=screener, reason="Bekend.")
    screening.refresh_from_db()
    assert screening.phase == Phase.VASTSTELLEN
    return screening


def test_a_withdrawn_melding_leaves_the_werkvoorraad(school_worker, screener):
    waiting, taken = make_signal(school_worker), make_signal(school_worker)
    screening_take(signal=taken, actor=screener)
    assert {waiting.pk, taken.pk} <= set(listed(screener))
    for signal in (waiting, taken):
        signal_withdraw(signal=signal, actor=school_worker, reason="Dubbel gemeld.")
    assert not {waiting.pk, taken.pk} & set(listed(screener))
    assert_flag_follows_the_phases()


def test_the_flag_follows_every_path_of_the_services(
    school_worker, screener, second_screener, routing
):
    groen, rood, declined = (make_signal(school_worker) for _ in range(3))
    trend = make_trend(school_worker)
    assert trend.pk not in listed(screener)
    assert {groen.pk, rood.pk, declined.pk} <= set(listed(screener))

    # Taken and walked to vaststellen: still waiting for a colour.
    screenings = {s.pk: to_vaststellen(s, screener) for s in (groen, rood, declined)}
    assert {groen.pk, rood.pk, declined.pk} <= set(listed(screener))
    assert_flag_follows_the_phases()

    # A colour that takes effect at once: out of the werkvoorraad.
    screening_classify(
        screening=screenings[groen.pk],
        actor=screener,
        colour=Colour.GROEN,
        rationale="Zorg via het CJG.",
    )
    assert groen.pk not in listed(screener)
    assert_flag_follows_the_phases()

    # Rood waits for a second screener: still listed, with the proposal shown.
    proposal = screening_classify(
        screening=screenings[rood.pk],
        actor=screener,
        colour=Colour.ROOD,
        rationale="Bedreigend.",
    )
    (row,) = screening_worklist(user=screener).filter(pk=rood.pk)
    assert getattr(row, "proposal_pending")  # noqa: B009 (an annotation)
    declining = screening_classify(
        screening=screenings[declined.pk],
        actor=screener,
        colour=Colour.ROOD,
        rationale="Bedreigend?",
    )
    classification_decline(classification=declining, actor=second_screener)
    assert declined.pk in listed(screener)
    assert_flag_follows_the_phases()
    classification_confirm(classification=proposal, actor=second_screener)
    assert rood.pk not in listed(screener)
    assert_flag_follows_the_phases()

    # After the declined proposal, the screener gives another colour.
    screening_classify(
        screening=screenings[declined.pk],
        actor=screener,
        colour=Colour.ORANJE,
        rationale="Oranje dan.",
    )
    assert declined.pk not in listed(screener)
    assert_flag_follows_the_phases()

    # Terugkoppelen, given or skipped, keeps them out.
    screening_feedback(
        screening=screenings[groen.pk], actor=screener, feedback="Opgepakt."
    )
    screening_skip_phase(
        screening=screenings[rood.pk], actor=screener, reason="Melder anoniem."
    )
    assert not {groen.pk, rood.pk, declined.pk} & set(listed(screener))
    assert_flag_follows_the_phases()


def test_filters_and_order_are_kept(school_worker, screener, routing):
    now = timezone.now()

    def entered(days: float, *, kind: str = "regular") -> Signal:
        signal = make_signal(school_worker, kind=kind)
        Signal.objects.filter(pk=signal.pk).update(
            received_at=now - datetime.timedelta(days=days)
        )
        return signal

    old, week, today = entered(10), entered(3), entered(0.1)
    urgent_new, urgent_old = entered(0.2, kind="urgent"), entered(8, kind="urgent")
    other_source = entered(5)
    Signal.objects.filter(pk=other_source.pk).update(source="police")
    screening_take(signal=week, actor=screener)

    # Urgent first, then the longest waiting; the id breaks ties.
    assert listed(screener) == [
        urgent_old.pk,
        urgent_new.pk,
        old.pk,
        other_source.pk,
        week.pk,
        today.pk,
    ]
    assert listed(screener, soort="urgent") == [urgent_old.pk, urgent_new.pk]
    assert listed(screener, soort="regular") == [
        old.pk,
        other_source.pk,
        week.pk,
        today.pk,
    ]
    assert listed(screener, bron="police") == [other_source.pk]
    assert listed(screener, wachttijd="vandaag") == [urgent_new.pk, today.pk]
    assert listed(screener, wachttijd="week") == [other_source.pk, week.pk]
    assert listed(screener, wachttijd="ouder") == [urgent_old.pk, old.pk]
    assert listed(screener, fase="onderzoeken") == [week.pk]
    assert week.pk not in listed(screener, fase="nieuw")
    assert listed(screener, fase="nieuw") == [
        urgent_old.pk,
        urgent_new.pk,
        old.pk,
        other_source.pk,
        today.pk,
    ]
    assert listed(screener, fase="vaststellen") == []
    assert listed(screener, soort="urgent", wachttijd="ouder") == [urgent_old.pk]


def test_the_list_reads_the_partial_index_in_its_order(school_worker, screener):
    """PostgreSQL can answer the list from ``signal_screening_worklist`` without
    sorting: the query's condition and order are the index's own. (With seq scans
    and sorts priced out, as a large table would price them.)"""
    make_signal(school_worker)
    make_signal(school_worker, kind="urgent")
    make_trend(school_worker)
    sql, params = screening_worklist(user=screener)[:201].query.sql_with_params()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "signal_screening_worklist" in plan, plan
    assert "Sort" not in plan, plan
