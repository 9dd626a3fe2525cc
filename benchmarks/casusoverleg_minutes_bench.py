"""Benchmark: the minutes PDFs of a casusoverleg of 40 items.

    .venv/bin/python benchmarks/casusoverleg_minutes_bench.py --size 100000

Runs against the PostgreSQL database of the signals benchmark
(``BENCH_DATABASE_URL``, default ``ketenaanpak_bench`` on 127.0.0.1); an empty
one is seeded once with ``seed_demo --size``, one that has data is never
reseeded. A closed benchmark meeting of 40 items is built once (dossiers the
police takes part in; per item two decisions, three contributions shared with
everyone, with everyone but the police, and with the OM alone, three
interventions, one carried over from an earlier meeting; attendance of every
organisation) and reused by later runs.

Prints, for the full set and for one partner's version (the police):

- the minutes time: ``minutes_render`` from a queued row to a stored PDF (the
  queries, the HTML, WeasyPrint with our fetcher, storing), median of
  ``--repeat`` renders, wall clock and this process's CPU time (on a shared
  machine the wall clock also counts everyone else's load; the load average
  is printed with the calibration line, and targets are held against CPU);
- the bare WeasyPrint time of the same HTML (``HTML(string=…).write_pdf()``),
  median of as many, and our overhead as the ratio of the two;
- the peak memory of a fresh process that renders that version once
  (``ru_maxrss``, with the process's peak before the render beside it), and
  the render's own allocations at their peak by ``tracemalloc`` (in a second
  render, as tracing costs memory of its own);

and the time to render every version of the meeting one after another. Targets:
every minutes PDF within 3 s and 250 MB, our overhead at most 1.3x.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import resource
import statistics
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from signals_bench import calibration, setup  # noqa: E402

ITEMS = 40
PLACE = "Benchmark: casusoverleg van 40 agendapunten"
TARGETS = {"seconds": 3.0, "megabytes": 250.0, "overhead": 1.3}


def _meeting() -> Any:
    """The benchmark meeting, built once (fictional texts only)."""
    from django.db import transaction
    from django.utils import timezone

    from casusoverleg.constants import (
        AttendanceKind,
        InterventionKind,
        InterventionStatus,
        ItemStatus,
        MeetingStatus,
        Prosecution,
    )
    from casusoverleg.models import (
        AgendaItem,
        Attendance,
        Decision,
        Intervention,
        ItemContribution,
        Meeting,
    )
    from partners.access import permission_id
    from partners.models import Organisation, User
    from signals.constants import Sharing
    from signals.models import Dossier, DossierGroupObjectPermission
    from signals.services import dossier_invite

    existing = Meeting.objects.filter(place=PLACE).first()
    if existing is not None:
        return existing
    chair = User.objects.get(username="kim.regisseur")
    screener = User.objects.get(username="sam.screener")
    police = Organisation.objects.get(kind="politie")
    om = Organisation.objects.get(kind="om")
    view = permission_id("signals", "view_dossier")
    seen = DossierGroupObjectPermission.objects.filter(
        group_id=police.group_id, permission_id=view
    ).values("content_object_id")
    dossiers = list(Dossier.objects.filter(pk__in=seen).order_by("-pk")[:ITEMS])
    if len(dossiers) < ITEMS:
        extra = Dossier.objects.exclude(pk__in=seen).order_by("-pk")
        for dossier in extra[: ITEMS - len(dossiers)]:
            dossier_invite(dossier=dossier, organisation=police, actor=screener)
            dossiers.append(dossier)
    organisations = list(Organisation.objects.convenant_valid())
    now = timezone.now()
    with transaction.atomic():
        earlier = Meeting.objects.create(
            starts_at=now - datetime.timedelta(days=28),
            place=PLACE + " (vorige)",
            chair=chair,
            created_by=chair,
            status=MeetingStatus.CLOSED,
            closed_at=now - datetime.timedelta(days=28),
        )
        meeting = Meeting.objects.create(
            starts_at=now - datetime.timedelta(hours=3),
            place=PLACE,
            chair=chair,
            created_by=chair,
            status=MeetingStatus.CLOSED,
            closed_at=now,
            closed_by=chair,
            confidentiality_statement="Wat hier besproken wordt, blijft hier.",
        )
        for organisation in organisations:
            Attendance.objects.create(
                meeting=meeting,
                organisation=organisation,
                kind=AttendanceKind.PRESENT,
                name=f"Deelnemer {organisation.slug} (fictief)",
                has_mandate=True,
                confidentiality_acknowledged_at=now,
                recorded_by=chair,
            )
        sharing = [
            (Sharing.PARTICIPANTS, ()),
            (Sharing.EXCEPT, (police,)),
            (Sharing.SELECTED, (om,)),
        ]
        for position, dossier in enumerate(dossiers, start=1):
            old = AgendaItem.objects.create(
                meeting=earlier,
                dossier=dossier,
                status=ItemStatus.ACCEPTED,
                position=position,
            )
            Intervention.objects.create(
                dossier=dossier,
                item=old,
                kind=InterventionKind.HULPVERLENING,
                description="Opvangplek regelen (fictief)",
                responsible=organisations[position % len(organisations)],
                deadline=now.date(),
                status=InterventionStatus.NOT_POSSIBLE,
                status_reason="Jongere is verhuisd (fictief).",
                created_by=chair,
            )
            item = AgendaItem.objects.create(
                meeting=meeting,
                dossier=dossier,
                title=f"Casus {position} (fictief)",
                status=ItemStatus.ACCEPTED,
                position=position,
                prosecution=Prosecution.NOT_YET,
            )
            for n in range(2):
                Decision.objects.create(
                    item=item,
                    text=f"Besluit {n + 1}: de casus wordt gevolgd en over vier "
                    "weken opnieuw besproken (fictief).",
                    recorded_by=chair,
                )
            for n, (choice, named) in enumerate(sharing):
                contribution = ItemContribution.objects.create(
                    item=item,
                    organisation=organisations[(position + n) % len(organisations)],
                    text="Inbreng aan tafel: de jongere verzuimt vaker en wordt "
                    "opgehaald bij het station door een onbekende auto (fictief). " * 3,
                    sharing=choice,
                    recorded_by=chair,
                )
                contribution.shared_with.set(named)
            previous = None
            for n, kind in enumerate(
                (
                    InterventionKind.HULPVERLENING,
                    InterventionKind.OPSPORING,
                    InterventionKind.NAZORG,
                )
            ):
                previous = Intervention.objects.create(
                    dossier=dossier,
                    item=item,
                    kind=kind,
                    description=f"Interventie {n + 1} bij casus {position} (fictief)",
                    responsible=organisations[(position + n) % len(organisations)],
                    deadline=now.date() + datetime.timedelta(days=14 * (n + 1)),
                    order=n + 1,
                    depends_on=previous,
                    created_by=chair,
                )
    return meeting


def _row(meeting: Any, organisation: Any) -> Any:
    from casusoverleg.models import Minutes

    row, _ = Minutes.objects.get_or_create(meeting=meeting, organisation=organisation)
    return row


def _requeue(row: Any) -> None:
    from casusoverleg.constants import JobStatus
    from casusoverleg.models import Minutes

    Minutes.objects.filter(pk=row.pk).update(
        status=JobStatus.QUEUED, attempts=0, error="", pdf=None
    )


def _child(minutes_id: int) -> int:
    """In a fresh process: render one version once, print its memory."""
    from casusoverleg.models import Minutes
    from casusoverleg.services.minutes import minutes_render

    row = Minutes.objects.get(pk=minutes_id)
    _requeue(row)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    status = minutes_render(minutes_id=minutes_id)
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # A second render under tracemalloc (which costs memory of its own, so it
    # is not part of the peak above): what the render itself allocates.
    _requeue(row)
    tracemalloc.start()
    minutes_render(minutes_id=minutes_id)
    _, traced = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        json.dumps(
            {
                "status": status,
                "before_kib": before,
                "peak_kib": after,
                "traced_peak_bytes": traced,
            }
        )
    )
    return 0


def _median_seconds(run: Any, repeat: int) -> tuple[float, float]:
    """Median wall-clock and CPU seconds of ``repeat`` runs. On a shared machine
    the wall clock counts the other processes' load too; the CPU time of this
    process does not."""
    walls, cpus = [], []
    for _ in range(repeat):
        started, cpu = time.perf_counter(), time.process_time()
        run()
        walls.append(time.perf_counter() - started)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus)


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/ketenaanpak_bench"
        ),
    )
    args = parser.parse_args()
    setup(args.database_url)
    import logging

    logging.getLogger("weasyprint").setLevel(logging.WARNING)
    logging.getLogger("casusoverleg").setLevel(logging.WARNING)
    if args.child is not None:
        return _child(args.child)

    from django.core.management import call_command
    from django.db import connection
    from weasyprint import HTML

    from casusoverleg.constants import JobStatus
    from casusoverleg.models import Minutes
    from casusoverleg.selectors.minutes import minutes_organisations
    from casusoverleg.services.minutes import minutes_html, minutes_render
    from partners.models import Organisation
    from signals.models import Signal

    call_command("migrate", verbosity=0)
    if not Signal.objects.exists():
        print(f"seeding about {args.size} signals (once) ...", file=sys.stderr)
        started = time.monotonic()
        with open(os.devnull, "w") as devnull:
            call_command("seed_demo", size=args.size, stdout=devnull)
        print(f"seeded in {time.monotonic() - started:.0f} s", file=sys.stderr)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    meeting = _meeting()
    police = Organisation.objects.get(kind="politie")
    print(calibration(), f"load average {os.getloadavg()[0]:.1f}")
    print(
        f"meeting of {meeting.items.count()} items, "
        f"{Signal.objects.count()} signals in the database"
    )
    failures: list[str] = []
    versions = {"full set": None, f"partner ({police.name})": police}
    for label, organisation in versions.items():
        row = _row(meeting, organisation)

        def ours(row: Any = row) -> None:
            _requeue(row)
            assert minutes_render(minutes_id=row.pk) == JobStatus.DONE

        ours()  # warm up (fonts, templates)
        html = minutes_html(minutes=Minutes.objects.get(pk=row.pk))
        ours_s, ours_cpu = _median_seconds(ours, args.repeat)
        bare_s, bare_cpu = _median_seconds(
            lambda html=html: HTML(string=html).write_pdf(), args.repeat
        )
        child = subprocess.run(
            [sys.executable, __file__, "--child", str(row.pk)]
            + ["--database-url", args.database_url],
            capture_output=True,
            text=True,
            check=True,
        )
        memory = json.loads(child.stdout.strip().splitlines()[-1])
        peak_mb = memory["peak_kib"] / 1024
        pdf = Minutes.objects.get(pk=row.pk).pdf or b""
        ratio = ours_cpu / bare_cpu
        print(
            f"{label:<40} minutes {ours_s * 1000:6.0f} ms (CPU {ours_cpu * 1000:5.0f})"
            f"   bare WeasyPrint {bare_s * 1000:6.0f} ms (CPU {bare_cpu * 1000:5.0f})"
            f"   overhead (CPU) {ratio:4.2f}x   peak RSS "
            f"{peak_mb:5.0f} MB (before the render "
            f"{memory['before_kib'] / 1024:.0f} MB; traced "
            f"{memory['traced_peak_bytes'] / 2**20:.0f} MB)   "
            f"{len(pdf) / 1024:.0f} KiB PDF"
        )
        if ours_cpu > TARGETS["seconds"]:
            failures.append(f"{label}: {ours_cpu:.2f} s CPU")
        if peak_mb > TARGETS["megabytes"]:
            failures.append(f"{label}: {peak_mb:.0f} MB")
        if ratio > TARGETS["overhead"]:
            failures.append(f"{label}: overhead {ratio:.2f}x")

    rows = [_row(meeting, None)] + [
        _row(meeting, o) for o in minutes_organisations(meeting=meeting)
    ]
    started, cpu = time.perf_counter(), time.process_time()
    for row in rows:
        _requeue(row)
        minutes_render(minutes_id=row.pk)
    total, total_cpu = time.perf_counter() - started, time.process_time() - cpu
    print(
        f"every version one after another: {len(rows)} PDFs in {total:.1f} s "
        f"(CPU {total_cpu:.1f} s, {total_cpu / len(rows) * 1000:.0f} ms each)"
    )
    print(
        "targets: each minutes PDF <= 3 s (CPU) and <= 250 MB, overhead <= 1.3x: "
        + ("met" if not failures else "MISSED " + "; ".join(failures))
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
