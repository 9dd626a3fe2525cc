"""Benchmark: the agenda builder for a meeting of 40 items, and the agenda page.

    .venv/bin/python benchmarks/casusoverleg_agenda_bench.py --size 100000 --runs 10

Runs against a PostgreSQL database (``--database-url``, else ``BENCH_DATABASE_URL``,
default ``ketenaanpak_bench`` on 127.0.0.1) seeded once with ``seed_demo --size``
when empty, as the other benchmarks do. The first run adds, once and in bulk, the
casusoverleg's background of a region (marked by a closed meeting whose place is
``BACKGROUND``), then ``VACUUM ANALYZE``:

- a quarter of the dossiers oranje or rood (every eighth rood; one in ten with an
  older groen row before it, so "the latest confirmed colour" has work to do),
  each with a question the police answered; 2,000 of them (at most a tenth) with
  the question still open (the not-ready list);
- a meeting two weeks ago that discussed all of those but 27 (so they are not
  proposed again), 5 last discussed 70 days ago (re-review), 5 with an open
  intervention of that meeting past its deadline (overdue and carried over),
  2 trend signals and 1 bilateral urgent signal shared with all participants
  since then: 40 proposals.

Each timed run plans a new meeting, queues an ``AgendaBuild`` and runs the
task's work (``agenda_build_run``: candidates, repeat markers, items, audit)
inside a transaction that is rolled back afterwards, so every run proposes the
same 40 items. Prints p50/p95 and SQL queries of the builder, and of the agenda
page ``GET /casusoverleg/<uuid>/agenda/`` as the ketenregisseur on the built
agenda, with the calibration line of the signals benchmark. Target: builder
<= 1 s.
"""

from __future__ import annotations

import argparse
import datetime
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from signals_bench import calibration, setup, verified_client  # noqa: E402

BACKGROUND = "Benchmark-achtergrond agenda"
FRESH = 27
REREVIEW = 5
OVERDUE = 5
NOT_READY = 2_000
EXPECTED = FRESH + REREVIEW + OVERDUE + 2 + 1


class Rollback(Exception):
    pass


def _figures(durations: list[float], queries: set[int]) -> str:
    timed = sorted(durations)
    p50 = statistics.median(timed)
    p95 = timed[max(int(len(timed) * 0.95) - 1, 0)]
    counts = "/".join(str(q) for q in sorted(queries))
    return f"p50 {p50:7.1f} ms  p95 {p95:7.1f} ms  queries {counts}"


def background() -> None:
    """The region's casusoverleg history, in bulk, once (see the docstring)."""
    from django.db import transaction
    from django.utils import timezone

    from casusoverleg.constants import (
        InterventionKind,
        InterventionStatus,
        ItemStatus,
        MeetingStatus,
    )
    from casusoverleg.models import AgendaItem, Intervention, Meeting
    from classification.constants import ClassificationStatus
    from classification.models import Classification
    from partners.models import Organisation, User
    from signals.constants import EnrichmentStatus, Kind, Sharing, Source, SubjectRole
    from signals.models import Dossier, EnrichmentRequest, Signal

    if Meeting.objects.filter(place=BACKGROUND).exists():
        return
    print("adding the casusoverleg background (once) ...", file=sys.stderr)
    now = timezone.now()
    screener = User.objects.get(username="sam.screener")
    regisseur = User.objects.get(username="kim.regisseur")
    police = Organisation.objects.get(slug="politie")
    jeugdzorg = Organisation.objects.get(slug="jeugdzorg")
    ids = list(Dossier.objects.order_by("pk").values_list("pk", flat=True))[::4]
    with transaction.atomic():
        rows = []
        for n, pk in enumerate(ids):
            if n % 10 == 0:
                rows.append(
                    Classification(
                        dossier_id=pk,
                        colour="groen",
                        rationale="Benchmark (fictief).",
                        status=ClassificationStatus.CONFIRMED,
                        decided_by=screener,
                        decided_at=now - datetime.timedelta(days=200),
                    )
                )
            rows.append(
                Classification(
                    dossier_id=pk,
                    colour="rood" if n % 8 == 0 else "oranje",
                    rationale="Benchmark (fictief).",
                    status=ClassificationStatus.CONFIRMED,
                    decided_by=screener,
                    decided_at=now - datetime.timedelta(days=100),
                )
            )
        Classification.objects.bulk_create(rows, batch_size=5_000)
        # At a small --size a tenth of them, so enough stay ready.
        not_ready = set(ids[-min(NOT_READY, len(ids) // 10) :])
        EnrichmentRequest.objects.bulk_create(
            (
                EnrichmentRequest(
                    dossier_id=pk,
                    organisation=police,
                    reason="Benchmark (fictief).",
                    question="Is deze jongere bij u bekend?",
                    asked_by=screener,
                    status=EnrichmentStatus.OPEN
                    if pk in not_ready
                    else EnrichmentStatus.NO_INFORMATION,
                    answered_at=None if pk in not_ready else now,
                )
                for pk in ids
            ),
            batch_size=5_000,
        )
        ready = [pk for pk in ids if pk not in not_ready]
        fresh = set(ready[:FRESH])
        rereview = ready[FRESH : FRESH + REREVIEW]
        overdue = ready[FRESH + REREVIEW : FRESH + REREVIEW + OVERDUE]

        def meeting(days: int, place: str) -> Meeting:
            return Meeting.objects.create(
                starts_at=now - datetime.timedelta(days=days),
                place=place,
                chair=regisseur,
                created_by=regisseur,
                status=MeetingStatus.CLOSED,
                closed_at=now - datetime.timedelta(days=days),
            )

        older = meeting(70, "Benchmark, eerder overleg")
        last = meeting(14, BACKGROUND)
        AgendaItem.objects.bulk_create(
            [
                AgendaItem(
                    meeting=older if pk in rereview else last,
                    dossier_id=pk,
                    status=ItemStatus.ACCEPTED,
                    position=n,
                )
                for n, pk in enumerate(ready)
                if pk not in fresh
            ],
            batch_size=5_000,
        )
        items = AgendaItem.objects.filter(meeting=last, dossier_id__in=overdue)
        Intervention.objects.bulk_create(
            Intervention(
                dossier_id=item.dossier_id or 0,
                item=item,
                kind=InterventionKind.HULPVERLENING,
                description="Aanmelding jeugdhulp (fictief)",
                responsible=jeugdzorg,
                deadline=timezone.localdate() - datetime.timedelta(days=3),
                status=InterventionStatus.OPEN,
                created_by=regisseur,
            )
            for item in items
        )
        # Everything else of that meeting was done.
        Intervention.objects.filter(item__meeting=last).exclude(
            dossier_id__in=overdue
        ).update(status=InterventionStatus.DONE)
        for n, (kind, bilateral) in enumerate(
            ((Kind.TREND, False), (Kind.TREND, False), (Kind.URGENT, True))
        ):
            Signal.objects.create(
                organisation=police,
                observed_at=now - datetime.timedelta(days=3, hours=n),
                received_at=now - datetime.timedelta(days=3),
                description="Benchmarksignaal (fictief).",
                subject_role=SubjectRole.UNKNOWN,
                kind=kind,
                source=Source.CRIMINAL_JUSTICE,
                bilateral=bilateral,
                sharing=Sharing.PARTICIPANTS,
            )


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=10)
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

    from casusoverleg.models import AgendaBuild, AgendaItem, Meeting
    from casusoverleg.services.agenda import agenda_build_run
    from partners.models import User
    from signals.models import Dossier, Signal

    call_command("migrate", verbosity=0)
    if not Signal.objects.exists():
        print(f"seeding about {args.size} signals (once) ...", file=sys.stderr)
        started = time.monotonic()
        with open(os.devnull, "w") as devnull:
            call_command("seed_demo", size=args.size, stdout=devnull)
        print(f"seeded in {time.monotonic() - started:.0f} s", file=sys.stderr)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    if not Meeting.objects.filter(place=BACKGROUND).exists():
        background()
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")

    regisseur = User.objects.select_related("organisation").get(
        username="kim.regisseur"
    )
    client = verified_client(regisseur)
    builds: list[float] = []
    build_queries: set[int] = set()
    pages: list[float] = []
    page_queries: set[int] = set()
    proposed: set[int] = set()
    for _run in range(args.runs):
        try:
            with transaction.atomic():
                meeting = Meeting.objects.create(
                    starts_at=timezone.now() + datetime.timedelta(days=3),
                    chair=regisseur,
                    created_by=regisseur,
                )
                build = AgendaBuild.objects.create(
                    meeting=meeting, requested_by=regisseur
                )
                with CaptureQueriesContext(connection) as captured:
                    started = time.perf_counter()
                    status = agenda_build_run(build_id=build.pk)
                    builds.append((time.perf_counter() - started) * 1000)
                assert status == "done", status
                build_queries.add(len(captured.captured_queries))
                proposed.add(AgendaItem.objects.filter(meeting=meeting).count())
                url = f"/casusoverleg/{meeting.uuid}/agenda/"
                with CaptureQueriesContext(connection) as captured:
                    started = time.perf_counter()
                    response = client.get(url)
                    pages.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200, response.status_code
                page_queries.add(len(captured.captured_queries))
                raise Rollback
        except Rollback:
            pass

    print(calibration())
    print(
        f"dossiers {Dossier.objects.count()}, items proposed "
        f"{'/'.join(map(str, sorted(proposed)))} (expected {EXPECTED}), "
        f"{args.runs} runs"
    )
    print(f"agenda builder (task's work)       {_figures(builds, build_queries)}")
    print(f"agenda page GET (whole stack)      {_figures(pages, page_queries)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
