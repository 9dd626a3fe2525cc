"""Benchmark: the screening work list and classifying a melding, whole stack.

    .venv/bin/python benchmarks/classification_bench.py --requests 100

Runs against the PostgreSQL database of the signals benchmark
(``BENCH_DATABASE_URL``, default ``ketenaanpak_bench`` on 127.0.0.1). An empty
database is seeded once with ``seed_demo --size`` (default 100,000); one that has
data is never reseeded. The werkvoorraad is brought to 1,000 open meldingen, as in
a region where most signals were screened long ago: topped up through
``signal_create`` when it has fewer; when it has more (the seed screens nothing),
the rest are recorded as screened once, in bulk, as the services leave them
(screening afgerond, status classified, out of the werkvoorraad), followed by
``VACUUM ANALYZE``.

Prints p50 and p95 in milliseconds and SQL queries per request for:

- the work list page ``GET /screening/`` as a screener (session, middleware,
  audit entry, template) with 1,000 and with 50 open meldingen: for 50 the other
  950 are set aside the same way inside a transaction that is rolled back
  afterwards, so the database keeps what it had. The queries must not grow with
  the rows;
- classifying a melding: ``POST /screening/<uuid>/vaststellen/`` through the
  whole stack, groen (the CJG joins) and oranje (the kernteam, Veiligheidshuis
  and RCMP join, each with a hand-off). Each request classifies a fresh
  melding entered for it beforehand and brought to vaststellen by the services
  (untimed); those meldingen stay, classified, in the database.

A calibration line (from the signals benchmark) says how fast the machine was.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from signals_bench import calibration, setup, verified_client  # noqa: E402

OPEN_TARGET = 1_000
SIZES = (OPEN_TARGET, 50)


def _figures(durations: list[float], queries: set[int]) -> str:
    timed = sorted(durations)
    p50 = statistics.median(timed)
    p95 = timed[max(int(len(timed) * 0.95) - 1, 0)]
    counts = "/".join(str(q) for q in sorted(queries))
    return f"p50 {p50:6.1f} ms  p95 {p95:6.1f} ms  queries {counts}"


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/ketenaanpak_bench"
        ),
    )
    args = parser.parse_args()
    setup(args.database_url)

    from django.core.management import call_command
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from classification.models import Screening
    from classification.selectors import screening_worklist
    from classification.services import screening_skip_phase, screening_take
    from partners.models import User
    from signals.constants import Kind, Source, SubjectRole
    from signals.models import Signal
    from signals.services import PersonInput, SignalInput, signal_create

    call_command("migrate", verbosity=0)
    if not Signal.objects.exists():
        print(f"seeding about {args.size} signals (once) ...", file=sys.stderr)
        started = time.monotonic()
        with open(os.devnull, "w") as devnull:
            call_command("seed_demo", size=args.size, stdout=devnull)
        print(f"seeded in {time.monotonic() - started:.0f} s", file=sys.stderr)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")

    screener = User.objects.select_related("organisation").get(username="sam.screener")
    reporter = User.objects.select_related("organisation").get(username="sofie.mentor")

    def enter(i: int) -> Signal:
        return signal_create(
            user=reporter,
            data=SignalInput(
                observed_at=timezone.now(),
                description=f"Benchmarkmelding {i}: leerling wordt opgehaald "
                "bij het station (fictief).",
                subject_role=SubjectRole.VICTIM,
                kind=Kind.REGULAR,
                source=Source.EDUCATION,
                persons=[PersonInput(role="victim", name="Fictief Meisje")],
            ),
        )

    def set_aside(keep: int) -> None:
        """Record every open melding but the first ``keep`` of the work list as
        screened, in bulk, as the services leave a screened melding."""
        kept = set(
            screening_worklist(user=screener).values_list("pk", flat=True)[:keep]
        )
        surplus = [
            pk
            for pk in screening_worklist(user=screener)
            .values_list("pk", flat=True)
            .iterator()
            if pk not in kept
        ]
        now = timezone.now()
        for start in range(0, len(surplus), 5_000):
            chunk = surplus[start : start + 5_000]
            screened = set(
                Screening.objects.filter(signal_id__in=chunk).values_list(
                    "signal_id", flat=True
                )
            )
            Screening.objects.bulk_create(
                [
                    Screening(signal_id=pk, phase="afgerond", created_at=now)
                    for pk in chunk
                    if pk not in screened
                ]
            )
            Screening.objects.filter(signal_id__in=screened).update(phase="afgerond")
            Signal.objects.filter(pk__in=chunk).update(
                status="classified", screening_open=False
            )
        assert screening_worklist(user=screener).count() == keep

    open_count = screening_worklist(user=screener).count()
    if open_count < OPEN_TARGET:
        print(f"adding {OPEN_TARGET - open_count} open meldingen", file=sys.stderr)
        for i in range(OPEN_TARGET - open_count):
            enter(i)
    elif open_count > OPEN_TARGET:
        print(
            f"recording {open_count - OPEN_TARGET} meldingen as screened (once)",
            file=sys.stderr,
        )
        with transaction.atomic():
            set_aside(OPEN_TARGET)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    open_count = screening_worklist(user=screener).count()
    total = Signal.objects.count()

    client = verified_client(screener)

    def page() -> None:
        response = client.get("/screening/")
        assert response.status_code == 200

    list_results: dict[int, str] = {}
    for size in SIZES:
        with transaction.atomic():
            if size < open_count:
                set_aside(size)
            for _ in range(10):
                page()
            queries: set[int] = set()
            for _ in range(5):
                with CaptureQueriesContext(connection) as ctx:
                    page()
                queries.add(len(ctx.captured_queries))
            durations = []
            for _ in range(args.requests):
                started = time.perf_counter()
                page()
                durations.append((time.perf_counter() - started) * 1000)
            list_results[size] = _figures(durations, queries)
            transaction.set_rollback(True)

    # Classifying: fresh meldingen brought to vaststellen (untimed), then the POST;
    # groen (the CJG joins) and oranje (the kernteam, Veiligheidshuis and RCMP).
    warm = 5

    def classify(signal: Signal, colour: str) -> None:
        response = client.post(
            f"/screening/{signal.uuid}/vaststellen/",
            {
                "vaststellen-colour": colour,
                "vaststellen-rationale": "Benchmarkkleur (fictief).",
            },
        )
        assert response.status_code == 302, [
            line.strip()
            for line in response.content.decode().splitlines()
            if "error" in line or "fout" in line.lower()
        ][:12]

    classify_results: dict[str, str] = {}
    for colour in ("groen", "oranje"):
        ready = []
        for i in range(args.requests + warm + 3):
            signal = enter(i)
            screening = screening_take(signal=signal, actor=screener)
            screening_skip_phase(
                screening=screening, actor=screener, reason="Benchmark (fictief)."
            )
            screening_skip_phase(
                screening=screening, actor=screener, reason="Benchmark (fictief)."
            )
            ready.append(signal)
        for signal in ready[:warm]:
            classify(signal, colour)
        classify_queries: set[int] = set()
        for signal in ready[warm : warm + 3]:
            with CaptureQueriesContext(connection) as ctx:
                classify(signal, colour)
            classify_queries.add(len(ctx.captured_queries))
        durations = []
        for signal in ready[warm + 3 :]:
            started = time.perf_counter()
            classify(signal, colour)
            durations.append((time.perf_counter() - started) * 1000)
        classify_results[colour] = _figures(durations, classify_queries)

    print(
        f"\nSignals: {total}; open meldingen in the werkvoorraad: {open_count}; "
        f"requests per figure: {args.requests}"
    )
    print(calibration())
    print("\nWork list page GET /screening/ as a screener (whole Django stack)")
    for size, figures in list_results.items():
        print(f"  {size:>5} open meldingen   {figures}")
    print("\nClassifying a melding: POST /screening/<uuid>/vaststellen/")
    for colour, figures in classify_results.items():
        print(f"  {colour:>6}                 {figures}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
