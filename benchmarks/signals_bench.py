"""Benchmark: dossier list, full-text search and the meldpunt POST at region scale.

    .venv/bin/python benchmarks/signals_bench.py --size 100000 --requests 200

Runs against PostgreSQL (``BENCH_DATABASE_URL``, default a database
``ketenaanpak_bench`` on 127.0.0.1, created and seeded on first use with
``seed_demo --size``; later runs reuse it). Prints median and p95 in milliseconds
and SQL queries per request for three users: a flexibele-schil user (the school,
in ~5% of dossiers), a user whose organisation takes part in ~40% (the police),
and the ketenregisseur (sees every dossier). Beside our selector it measures, on
the same data in the same run, guardian's stock ``get_objects_for_user`` and the
raw-SQL floor. All three read the page of 50 as rows of every column (tuples), as
the floor's cursor does and as the list page reads its values: what is compared is
finding and ordering the rows, not building model instances. List and search are
timed at the selector, and the list once more as the whole page ``GET /dossiers/``
(session, middleware, audit entry, template); the POST goes through the whole
Django stack via the test client. The variants of one user run interleaved,
request by request, so that a noisy moment on a shared machine does not land on
one of them; a calibration line says how fast the machine was, for comparing runs
on different machines.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # Django is set up only once the database exists (setup()).
    from django.test import Client

    from partners.models import User

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGETS = {
    "list_p95_ms": 15.0,
    "list_vs_floor": 1.3,
    "list_vs_guardian": 2.5,
    "search_p95_ms": 50.0,
    "post_p95_ms": 40.0,
}


def setup(database_url: str) -> None:
    import psycopg2
    from psycopg2 import sql

    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ketenaanpak.settings.test")
    os.environ["CELERY_TASK_ALWAYS_EAGER"] = "true"
    name = database_url.rsplit("/", 1)[1]
    admin = psycopg2.connect(database_url.rsplit("/", 1)[0] + "/postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    admin.close()
    import django

    django.setup()


def verified_client(user: User) -> Client:
    """A test client with a session that passed both login factors."""
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.get(
        user=user, confirmed=True
    ).persistent_id
    session.save()
    return client


def measure_together(
    funcs: dict[str, Callable[[int], Any]], requests: int
) -> dict[str, dict[str, Any]]:
    """Time several variants of a request, interleaved: request i of every variant
    runs in the same round, in an order that rotates, so a noisy moment on a shared
    machine hits all variants alike and their ratios stay fair."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    names = list(funcs)
    for warm in range(10):
        for name in names:
            funcs[name](warm)
    # Queries are counted in a pass of their own: capturing them puts Django's
    # logging cursor under every query and would slow the timed pass.
    queries: dict[str, set[int]] = {name: set() for name in names}
    for i in range(5):
        for name in names:
            with CaptureQueriesContext(connection) as ctx:
                funcs[name](requests + i)
            queries[name].add(len(ctx.captured_queries))
    durations: dict[str, list[float]] = {name: [] for name in names}
    for i in range(requests):
        shift = i % len(names)
        for name in names[shift:] + names[:shift]:
            started = time.perf_counter()
            funcs[name](i)
            durations[name].append((time.perf_counter() - started) * 1000)
    results = {}
    for name in names:
        timed = sorted(durations[name])
        results[name] = {
            "label": name,
            "median_ms": round(statistics.median(timed), 2),
            "p95_ms": round(timed[int(len(timed) * 0.95) - 1], 2),
            "queries": "/".join(str(q) for q in sorted(queries[name])),
        }
    return results


def calibration() -> str:
    """How fast this machine is, so figures from two machines can be compared."""
    from django.db import connection

    loops = []
    for _ in range(7):
        started = time.perf_counter()
        sum(range(1_000_000))
        loops.append((time.perf_counter() - started) * 1000)
    trips = []
    with connection.cursor() as cursor:
        for _ in range(200):
            started = time.perf_counter()
            cursor.execute("SELECT 1")
            cursor.fetchone()
            trips.append((time.perf_counter() - started) * 1_000_000)
    return (
        f"machine: sum(range(10**6)) {statistics.median(loops):.1f} ms, "
        f"SELECT 1 round trip {statistics.median(trips):.0f} us"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/ketenaanpak_bench"
        ),
    )
    args = parser.parse_args()
    setup(args.database_url)

    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from guardian.shortcuts import get_objects_for_user

    from partners.access import permission_id, principal_for
    from partners.demo import demo_api_token
    from partners.models import User
    from signals.demo import WORDS
    from signals.models import Dossier, Signal
    from signals.selectors import (
        dossier_count_visible,
        dossier_list_newest_first,
        dossier_list_visible_to,
        search,
    )

    call_command("migrate", verbosity=0)
    if Signal.objects.count() < args.size:
        print(f"seeding about {args.size} signals (once) ...", file=sys.stderr)
        started = time.monotonic()
        with open(os.devnull, "w") as devnull:
            call_command("seed_demo", size=args.size, stdout=devnull)
        print(f"seeded in {time.monotonic() - started:.0f} s", file=sys.stderr)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    total = Dossier.objects.count()
    people = {
        "flexibele schil (school)": "sofie.mentor",
        "~40% (politie)": "pieter.agent",
        "ketenregisseur": "kim.regisseur",
    }
    view_id = permission_id("signals", "view_dossier")
    results: list[dict[str, Any]] = []

    def fresh(username: str) -> User:
        # A request loads its user and that user's access facts anew.
        user = User.objects.select_related("organisation").get(username=username)
        principal_for(user)
        return user

    for who, username in people.items():
        sample = fresh(username)
        group_ids = [principal_for(sample).group_id]  # type: ignore[union-attr]
        visible = dossier_list_visible_to(user=sample).count()

        def ours(_: int, username: str = username) -> None:
            qs = dossier_list_newest_first(user=fresh(username))
            qs.count()
            list(qs.values_list()[:50])

        def ours_capped(_: int, username: str = username) -> None:
            user = fresh(username)
            qs = dossier_list_newest_first(user=user)
            dossier_count_visible(user=user, cap=1000)
            list(qs.values_list()[:50])

        def guardian_qs(username: str) -> Any:
            return get_objects_for_user(
                fresh(username),
                "signals.view_dossier",
                klass=Dossier,
                accept_global_perms=False,
                with_superuser=False,
            ).order_by("-updated_at", "-id")

        def guardian(_: int, username: str = username) -> None:
            qs = guardian_qs(username)
            qs.count()
            list(qs.values_list()[:50])

        def guardian_capped(_: int, username: str = username) -> None:
            qs = guardian_qs(username)
            qs.order_by()[:1001].count()
            list(qs.values_list()[:50])

        sees_all = username == "kim.regisseur"
        where = (
            ""
            if sees_all
            else "WHERE EXISTS (SELECT 1 FROM signals_dossiergroupobjectpermission g "
            "WHERE g.content_object_id = d.id AND g.group_id = ANY(%s) "
            "AND g.permission_id = %s)"
        )
        params = [] if sees_all else [group_ids, view_id]

        def floor(
            _: int,
            username: str = username,
            where: str = where,
            params: list[Any] = params,
            capped: bool = False,
        ) -> None:
            fresh(username)
            count_sql = (
                f"SELECT count(*) FROM (SELECT 1 FROM signals_dossier d {where} "
                "LIMIT 1001) c"
                if capped
                else f"SELECT count(*) FROM signals_dossier d {where}"
            )
            with connection.cursor() as cursor:
                cursor.execute(count_sql, params)
                cursor.fetchone()
                cursor.execute(
                    f"SELECT d.* FROM signals_dossier d {where} "
                    "ORDER BY d.updated_at DESC, d.id DESC LIMIT 50",
                    params,
                )
                cursor.fetchall()

        page_client = verified_client(sample)

        def page(_: int, client: Client = page_client) -> None:
            response = client.get("/dossiers/")
            assert response.status_code == 200

        def searching(i: int, username: str = username) -> None:
            search(user=fresh(username), query=WORDS[i % len(WORDS)])

        row: dict[str, Any] = {"who": who, "visible": visible}

        def floor_capped(i: int, username: str = username) -> None:
            floor(i, username, capped=True)

        row.update(
            measure_together(
                {
                    "list": ours,
                    "list_capped": ours_capped,
                    "guardian": guardian,
                    "guardian_capped": guardian_capped,
                    "floor": floor,
                    "floor_capped": floor_capped,
                    "search": searching,
                    "page": page,
                },
                args.requests,
            )
        )
        results.append(row)

    meldpunt = Client()
    token = demo_api_token()
    stamp = time.time_ns()

    def post(i: int) -> None:
        body = {
            "external_id": f"BENCH-{stamp}-{i}-{time.perf_counter_ns()}",
            "observed_at": "2026-11-20T14:03:00+01:00",
            "subject_role": "victim",
            "kind": "regular",
            "source": "education",
            "description": "Benchmarkmelding: leerling wordt opgehaald bij het station.",
            "persons": [
                {"role": "victim", "name": "Fictief Meisje", "aliases": ["fm_b"]}
            ],
            "indicators": ["gedrag.opgehaald_gebracht", "gedrag.veel_geld"],
            "keywords": ["station"],
            "passed_on_to": ["politie"],
        }
        response = meldpunt.post(
            "/api/v1/signals/",
            data=json.dumps(body),
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Token {token}",
        )
        assert response.status_code == 201, response.content

    from ketenaanpak.throttling import ApiClientRateThrottle

    ApiClientRateThrottle.rate = "100000/minute"
    post_result = measure_together({"post": post}, args.requests)["post"]

    print(f"\nDossiers: {total}; requests per figure: {args.requests}")
    print(calibration())
    print(
        "times in ms as p50/p95; q = SQL queries per request (incl. loading the user)"
    )
    verdicts = []
    for variant, title in (
        ("", "exact total count"),
        ("_capped", "count capped at 1,001 ('meer dan 1.000'), as the list page shows"),
    ):
        print(f"\nDossier list, first page of 50 + {title}")
        header = (
            f"{'user':<26} {'visible':>8}  {'ours':>14} {'q':>3}  "
            f"{'guardian':>15} {'q':>3}  {'raw SQL floor':>14} {'q':>3}"
        )
        print(header)
        print("-" * len(header))
        for row in results:
            lst = row[f"list{variant}"]
            gua = row[f"guardian{variant}"]
            flo = row[f"floor{variant}"]
            print(
                f"{row['who']:<26} {row['visible']:>8}  "
                f"{lst['median_ms']:>6}/{lst['p95_ms']:<7} {lst['queries']:>3}  "
                f"{gua['median_ms']:>7}/{gua['p95_ms']:<7} {gua['queries']:>3}  "
                f"{flo['median_ms']:>6}/{flo['p95_ms']:<7} {flo['queries']:>3}"
            )
            if variant:
                sea = row["search"]
                verdicts.append(
                    (
                        row["who"],
                        lst["p95_ms"] <= TARGETS["list_p95_ms"],
                        lst["p95_ms"] <= TARGETS["list_vs_floor"] * flo["p95_ms"],
                        gua["p95_ms"] >= TARGETS["list_vs_guardian"] * lst["p95_ms"],
                        sea["p95_ms"] <= TARGETS["search_p95_ms"],
                    )
                )
    print(
        "\nThe list page GET /dossiers/ through the whole Django stack (session,"
        " middleware, audit entry, template of 50 rows)"
    )
    for row in results:
        pag = row["page"]
        print(
            f"{row['who']:<26} {pag['median_ms']:>6}/{pag['p95_ms']:<7} q {pag['queries']}"
        )
    print("\nFull-text search (signals, persons, dossiers; one word or phrase)")
    for row in results:
        sea = row["search"]
        print(
            f"{row['who']:<26} {sea['median_ms']:>6}/{sea['p95_ms']:<7} "
            f"q {sea['queries']}"
        )
    print(
        f"\nmeldpunt POST /api/v1/signals/: p50 {post_result['median_ms']} ms, "
        f"p95 {post_result['p95_ms']} ms, {post_result['queries']} queries"
    )
    print(
        "\ntargets: list p95 <= 15 ms | <= 1.3x floor | "
        ">= 2.5x faster than guardian | search p95 <= 50 ms"
    )
    for who, *checks in verdicts:
        print(f"  {who:<26} " + "  ".join("ok " if c else "MISS" for c in checks))
    post_ok = float(post_result["p95_ms"]) <= TARGETS["post_p95_ms"]
    print(f"  POST p95 <= 40 ms: {'ok' if post_ok else 'MISS'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
