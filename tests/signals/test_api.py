"""The meldpunt API, status code by status code (docs/api-contract.md)."""

from __future__ import annotations

import copy
import json
import os
import re
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from audit.models import AuditEvent
from partners.models import ApiClient
from partners.services import api_client_issue, api_client_revoke
from signals.models import Indicator, Signal
from signals.services import SignalInput, signal_receive

pytestmark = pytest.mark.django_db

# The contract's own example, word for word (fictional people).
EXAMPLE: dict[str, Any] = {
    "external_id": "MP-2026-000123",
    "observed_at": "2026-11-20T14:03:00+01:00",
    "subject_role": "victim",
    "kind": "regular",
    "source": "education",
    "description": "Leerling (15) wordt na school opgehaald door oudere jongen in dure auto ...",
    "persons": [
        {
            "role": "victim",
            "name": "Fictief Meisje",
            "aliases": ["fm_2010"],
            "date_of_birth": "2010-03-01",
            "gender": "f",
            "municipality": "Sittard-Geleen",
        },
        {
            "role": "perpetrator",
            "name": None,
            "aliases": ["kingR"],
            "estimated_age": 24,
        },
    ],
    "indicators": ["gedrag.opgehaald_gebracht", "gedrag.veel_geld"],
    "keywords": ["scooter", "station"],
    "passed_on_to": ["politie"],
    "reporter": {
        "anonymous": False,
        "name": "Mentor",
        "organisation": "Fictief College",
        "phone": "06-00000000",
        "email": "mentor@example.org",
    },
}


class Meldpunt:
    def __init__(self, token: str, client: ApiClient) -> None:
        self.token = token
        self.client = client
        self.http = Client()

    def post(self, body: object, **headers: Any):
        return self.http.post(
            "/api/v1/signals/",
            data=json.dumps(body),
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Token {self.token}",
            **headers,
        )

    def get(self, signal_id: str):
        return self.http.get(
            f"/api/v1/signals/{signal_id}/", HTTP_AUTHORIZATION=f"Token {self.token}"
        )


@pytest.fixture
def meldpunt(region) -> Meldpunt:
    client, token = api_client_issue(organisation=region.gemeente, name="Meldpunt")
    return Meldpunt(token, client)


def body(**changes: object) -> dict:
    data = copy.deepcopy(EXAMPLE)
    data.update(changes)
    return data


def test_201_creates_the_signal_with_everything_the_contract_sends(meldpunt, region):
    response = meldpunt.post(EXAMPLE)
    assert response.status_code == 201, response.content
    data = response.json()
    assert set(data) == {"id", "reference", "status", "received_at"}
    assert data["status"] == "received"
    assert data["reference"].startswith("SIG-2026-")
    assert response["Location"].endswith(f"/api/v1/signals/{data['id']}/")
    signal = Signal.objects.get(uuid=data["id"])
    assert (
        signal.organisation == region.gemeente and signal.api_client == meldpunt.client
    )
    assert sorted(i.code for i in signal.indicators.all()) == sorted(
        EXAMPLE["indicators"]
    )
    assert [p.role for p in signal.persons.all()] == ["victim", "perpetrator"]
    assert signal.persons.get(role="perpetrator").estimated_age == 24
    assert list(signal.passed_on_to.values_list("slug", flat=True)) == ["politie"]
    assert AuditEvent.objects.filter(
        action="create", object_id=str(signal.pk), client="api"
    ).exists()


def test_200_replays_the_same_body_without_a_second_signal(meldpunt):
    first = meldpunt.post(EXAMPLE).json()
    again = meldpunt.post(EXAMPLE)
    assert again.status_code == 200
    assert again.json() == first
    assert Signal.objects.count() == 1


def test_the_service_audits_a_replay_whoever_calls_it(meldpunt):
    def receive() -> tuple[Signal, bool]:
        return signal_receive(
            client=meldpunt.client,
            external_id="MP-2026-000777",
            data=SignalInput(
                observed_at=timezone.now(),
                description="Fictieve melding.",
                subject_role="victim",
                kind="regular",
                source="education",
            ),
            body_hash="dezelfde-inhoud",
        )

    signal, created = receive()
    replayed, again = receive()
    assert (created, again) == (True, False) and replayed == signal
    assert list(
        AuditEvent.objects.filter(
            object_type="signals.signal", object_id=str(signal.pk)
        )
        .order_by("id")
        .values_list("action", "reason")
    ) == [("create", ""), ("read", "herhaling")]


def test_409_for_the_same_external_id_with_another_body(meldpunt):
    meldpunt.post(EXAMPLE)
    response = meldpunt.post(body(description="Iets heel anders."))
    assert response.status_code == 409
    assert Signal.objects.count() == 1


def test_the_idempotency_key_header_guards_too(meldpunt):
    first = meldpunt.post(EXAMPLE, HTTP_IDEMPOTENCY_KEY="sleutel-1")
    assert first.status_code == 201
    replay = meldpunt.post(EXAMPLE, HTTP_IDEMPOTENCY_KEY="sleutel-1")
    assert replay.status_code == 200
    conflict = meldpunt.post(
        body(external_id="MP-2026-999999"), HTTP_IDEMPOTENCY_KEY="sleutel-1"
    )
    assert conflict.status_code == 409
    assert Signal.objects.count() == 1


def test_another_client_may_reuse_an_external_id(meldpunt, region):
    other, token = api_client_issue(
        organisation=region.gemeente, name="Tweede meldpunt"
    )
    meldpunt.post(EXAMPLE)
    assert Meldpunt(token, other).post(EXAMPLE).status_code == 201


@dataclass
class Server:
    """A running meldpunt API over HTTP, its client's token and its signal count."""

    url: str
    token: str
    signals: Callable[[], int]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_until_served(url: str, server: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 90  # a loaded machine migrates slowly
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"the SQLite server stopped:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"{url}/gezondheid/", timeout=1):
                return
        except (OSError, urllib.error.HTTPError):
            time.sleep(0.1)
    pytest.fail(f"the SQLite server did not start:\n{log.read_text()}")


@pytest.fixture
def sqlite_server(tmp_path: Path) -> Iterator[Server]:
    """`make demo`'s settings on a file-backed SQLite database, in its own process."""
    database, token_file, log = (
        tmp_path / "db.sqlite3",
        tmp_path / "token",
        tmp_path / "server.log",
    )
    port = _free_port()
    # The demo's defaults, not the test settings' PostgreSQL and Redis.
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("DJANGO_", "DATABASE_", "REDIS_", "CELERY_"))
        and name not in {"DEMO_MODE", "EMAIL_BACKEND"}
    }
    with log.open("wb") as output:
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.signals.sqlite_meldpunt",
                str(database),
                str(port),
                str(token_file),
            ],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        url = f"http://127.0.0.1:{port}"
        _wait_until_served(url, server, log)

        def signals() -> int:
            with closing(sqlite3.connect(database)) as db:
                return int(
                    db.execute("SELECT COUNT(*) FROM signals_signal").fetchone()[0]
                )

        yield Server(url, token_file.read_text(encoding="utf-8"), signals)
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture
def postgresql_server(live_server, meldpunt) -> Server:
    return Server(live_server.url, meldpunt.token, Signal.objects.count)


@pytest.mark.parametrize(
    "database",
    [
        pytest.param("postgresql", marks=pytest.mark.django_db(transaction=True)),
        "sqlite",
    ],
)
def test_twenty_concurrent_identical_posts_create_exactly_one_signal(request, database):
    """Racing retries create one signal and the others replay it (docs/api-contract.md),
    on PostgreSQL and on the embedded SQLite default of `make demo` alike."""
    server: Server = request.getfixturevalue(f"{database}_server")
    barrier = threading.Barrier(20)
    payload = json.dumps(EXAMPLE).encode()

    def post(_: int) -> int:
        call = urllib.request.Request(
            f"{server.url}/api/v1/signals/",
            data=payload,
            method="POST",
            headers={
                "Authorization": f"Token {server.token}",
                "Content-Type": "application/json",
            },
        )
        barrier.wait(timeout=10)
        try:
            with urllib.request.urlopen(call, timeout=60) as response:
                return int(response.status)
        except urllib.error.HTTPError as error:
            return error.code

    with ThreadPoolExecutor(max_workers=20) as pool:
        statuses = list(pool.map(post, range(20)))
    assert sorted(statuses) == [200] * 19 + [201]
    assert server.signals() == 1


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"observed_at": "2999-01-01T10:00:00+01:00"}, "observed_at"),
        ({"observed_at": "1900-01-01T10:00:00+01:00"}, "observed_at"),
        ({"observed_at": "gisteren"}, "observed_at"),
        ({"kind": "spoed"}, "kind"),
        ({"subject_role": "dader"}, "subject_role"),
        ({"source": "internet"}, "source"),
        ({"description": ""}, "description"),
        ({"description": "a\x00b"}, "description"),
        ({"indicators": ["gedrag.bestaat_niet"]}, "indicators"),
        ({"passed_on_to": ["onbekende-partner"]}, "passed_on_to"),
        ({"reporter": {"anonymous": True, "name": "Toch een naam"}}, "reporter"),
        ({"reporter": {"email": "geen-adres"}}, "reporter"),
    ],
)
def test_400_names_the_field(meldpunt, changes, field):
    response = meldpunt.post(body(**changes))
    assert response.status_code == 400, response.content
    assert field in response.json()
    assert Signal.objects.count() == 0


@pytest.mark.parametrize(
    ("person", "field"),
    [
        ({"role": "victim", "estimated_age": 150}, "estimated_age"),
        ({"role": "victim", "estimated_age": -1}, "estimated_age"),
        ({"role": "victim", "date_of_birth": "2999-01-01"}, "date_of_birth"),
        ({"role": "vriendje"}, "role"),
    ],
)
def test_400_points_into_the_person_with_the_bad_field(meldpunt, person, field):
    response = meldpunt.post(body(persons=[EXAMPLE["persons"][0], person]))
    assert response.status_code == 400
    errors = response.json()["persons"]
    assert set(errors) == {"1"} and field in errors["1"]
    assert Signal.objects.count() == 0


def test_400_a_trend_signal_names_no_person(meldpunt):
    response = meldpunt.post(body(kind="trend"))
    assert response.status_code == 400
    assert "persons" in response.json()


def test_400_for_missing_required_fields(meldpunt):
    response = meldpunt.post({"kind": "regular"})
    assert response.status_code == 400
    assert {
        "external_id",
        "observed_at",
        "subject_role",
        "source",
        "description",
    } <= set(response.json())


def test_html_is_stored_as_text(meldpunt):
    text = "<script>alert('x')</script> <b>vet</b>"
    created = meldpunt.post(body(description=text)).json()
    assert meldpunt.get(created["id"]).json()["description"] == text


def test_401_without_or_with_a_bad_or_revoked_token(meldpunt):
    anonymous = Client().post(
        "/api/v1/signals/", data=json.dumps(EXAMPLE), content_type="application/json"
    )
    assert anonymous.status_code == 401
    assert anonymous["WWW-Authenticate"] == "Token"
    assert Meldpunt("verzonnen-token", meldpunt.client).post(EXAMPLE).status_code == 401
    api_client_revoke(client=meldpunt.client)
    assert meldpunt.post(EXAMPLE).status_code == 401
    assert Signal.objects.count() == 0


def test_403_for_a_client_whose_organisation_has_no_convenant(region):
    client, token = api_client_issue(organisation=region.outsider_org, name="Meldpunt")
    response = Meldpunt(token, client).post(EXAMPLE)
    assert response.status_code == 403
    assert Signal.objects.count() == 0


def test_413_for_a_body_over_256_kib(meldpunt):
    response = meldpunt.post(body(description="x" * (257 * 1024)))
    assert response.status_code == 413
    assert Signal.objects.count() == 0


def test_415_for_a_body_that_is_not_json(meldpunt):
    response = meldpunt.http.post(
        "/api/v1/signals/",
        data="external_id=MP-1",
        content_type="application/x-www-form-urlencoded",
        HTTP_AUTHORIZATION=f"Token {meldpunt.token}",
    )
    assert response.status_code == 415


def test_400_for_malformed_json(meldpunt):
    response = meldpunt.http.post(
        "/api/v1/signals/",
        data="{niet: json",
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {meldpunt.token}",
    )
    assert response.status_code == 400


def test_429_with_retry_after_when_throttled(meldpunt, monkeypatch):
    from ketenaanpak.throttling import ApiClientRateThrottle

    monkeypatch.setattr(ApiClientRateThrottle, "rate", "3/minute", raising=False)
    statuses = [
        meldpunt.post(body(external_id=f"MP-T-{n}")).status_code for n in range(4)
    ]
    assert statuses == [201, 201, 201, 429]
    throttled = meldpunt.post(body(external_id="MP-T-9"))
    assert int(throttled["Retry-After"]) > 0


def test_bad_tokens_are_throttled_per_address(meldpunt, settings):
    """Guessing tokens from one address ends in 429, for every token from there;
    the count lives in the shared cache, so every web container sees it."""
    settings.API_TOKEN_FAILURE_RATE = "3/minute"
    guesser = Meldpunt("verzonnen-token", meldpunt.client)
    statuses = [guesser.post(EXAMPLE).status_code for _ in range(5)]
    assert statuses == [401, 401, 401, 429, 429]
    throttled = guesser.post(EXAMPLE)
    assert 0 < int(throttled["Retry-After"]) <= 60
    # Checking a token from a blocked address would go on answering guesses.
    assert meldpunt.post(EXAMPLE).status_code == 429
    # The meldpunt at another address posts as usual.
    assert meldpunt.post(EXAMPLE, REMOTE_ADDR="192.0.2.7").status_code == 201
    cache.clear()
    assert meldpunt.post(EXAMPLE).status_code == 200


def test_requests_without_a_token_are_not_counted_as_guesses(meldpunt, settings):
    settings.API_TOKEN_FAILURE_RATE = "3/minute"
    anonymous = Client()
    for _ in range(5):
        response = anonymous.post(
            "/api/v1/signals/",
            data=json.dumps(EXAMPLE),
            content_type="application/json",
        )
        assert response.status_code == 401
    assert meldpunt.post(EXAMPLE).status_code == 201


def test_read_back_shows_status_and_feedback_but_no_colour_or_dossier(meldpunt):
    created = meldpunt.post(EXAMPLE).json()
    Signal.objects.filter(uuid=created["id"]).update(
        status="classified", feedback="Besproken; de school hoort van ons."
    )
    data = meldpunt.get(created["id"]).json()
    assert data["status"] == "classified"
    assert data["feedback"] == "Besproken; de school hoort van ons."
    assert data["external_id"] == EXAMPLE["external_id"]
    assert data["persons"][0]["aliases"] == ["fm_2010"]
    assert not {"colour", "classification", "dossier"} & set(data)
    assert AuditEvent.objects.filter(action="read", client="api").exists()


def test_read_back_is_byte_for_byte_the_contract_shape(meldpunt):
    """Key order, null for what was left out, codes and slugs sorted, times in UTC."""
    sent = body(
        indicators=list(reversed(EXAMPLE["indicators"])),
        passed_on_to=["politie", "om"],
    )
    created = meldpunt.post(sent).json()
    signal = Signal.objects.get(uuid=created["id"])
    expected = {
        "id": created["id"],
        "reference": created["reference"],
        "status": "received",
        "received_at": signal.received_at.isoformat(),
        "external_id": "MP-2026-000123",
        "observed_at": "2026-11-20T13:03:00+00:00",
        "subject_role": "victim",
        "kind": "regular",
        "source": "education",
        "description": EXAMPLE["description"],
        "relevance": "",
        "non_verbal": "",
        "persons": [
            {
                "role": "victim",
                "name": "Fictief Meisje",
                "aliases": ["fm_2010"],
                "date_of_birth": "2010-03-01",
                "estimated_age": None,
                "gender": "f",
                "municipality": "Sittard-Geleen",
            },
            {
                "role": "perpetrator",
                "name": None,
                "aliases": ["kingR"],
                "date_of_birth": None,
                "estimated_age": 24,
                "gender": None,
                "municipality": None,
            },
        ],
        "indicators": ["gedrag.opgehaald_gebracht", "gedrag.veel_geld"],
        "keywords": ["scooter", "station"],
        "passed_on_to": ["om", "politie"],
        "reporter": {
            "anonymous": False,
            "name": "Mentor",
            "organisation": "Fictief College",
            "phone": "06-00000000",
            "email": "mentor@example.org",
        },
        "feedback": "",
        "withdrawn_at": None,
    }
    assert created["received_at"] == expected["received_at"]
    response = meldpunt.get(created["id"])
    assert (
        response.content
        == json.dumps(expected, ensure_ascii=False, separators=(",", ":")).encode()
    )


def _resolve(schema: dict, node: dict) -> dict:
    while "$ref" in node:
        node = schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[-1]]
    return node


def _conforms(schema: dict, node: dict, value: object, where: str) -> None:
    """``value`` is exactly what ``node`` documents: every documented property
    present and required, nothing undocumented, null only where nullable."""
    node = _resolve(schema, node)
    for combined in ("oneOf", "anyOf", "allOf"):
        if combined in node:
            options = [_resolve(schema, option) for option in node[combined]]
            if value is None:
                assert any(
                    o.get("nullable") or o.get("enum") == [None] for o in options
                ), f"{where} is null, the schema does not allow it"
                return
            for option in options:
                if option.get("enum") != [None]:
                    _conforms(schema, option, value, where)
                    return
    if value is None:
        assert node.get("nullable"), f"{where} is null, the schema does not allow it"
        return
    if "enum" in node:
        assert value in node["enum"], f"{where}={value!r} is not in its enum"
    kind = node.get("type")
    if kind == "object":
        assert isinstance(value, dict), where
        assert set(value) == set(node["properties"]), where
        assert set(node.get("required", [])) == set(node["properties"]), (
            f"{where}: the body always holds every property, the schema must say so"
        )
        for name, item in value.items():
            _conforms(schema, node["properties"][name], item, f"{where}.{name}")
    elif kind == "array":
        assert isinstance(value, list), where
        for index, item in enumerate(value):
            _conforms(schema, node["items"], item, f"{where}[{index}]")
    elif kind is not None:
        types: dict[str, type | tuple[type, ...]] = {
            "string": str,
            "integer": int,
            "boolean": bool,
            "number": (int, float),
        }
        assert isinstance(value, types[kind]), f"{where}={value!r} is no {kind}"


def test_the_bodies_are_what_the_schema_documents(meldpunt):
    """One serializer per response renders the body and feeds the schema."""
    schema = json.loads(Client().get("/api/schema/?format=json").content)
    created = meldpunt.post(EXAMPLE)
    replayed = meldpunt.post(EXAMPLE)
    read = meldpunt.get(created.json()["id"])
    post = schema["paths"]["/api/v1/signals/"]["post"]["responses"]
    get = schema["paths"]["/api/v1/signals/{uuid}/"]["get"]["responses"]
    for response, documented in (
        (created, post["201"]),
        (replayed, post["200"]),
        (read, get["200"]),
    ):
        node = documented["content"]["application/json"]["schema"]
        _conforms(schema, node, response.json(), f"{response.status_code}")


def test_another_clients_signal_is_a_404(meldpunt, region):
    created = meldpunt.post(EXAMPLE).json()
    other, token = api_client_issue(organisation=region.gemeente, name="Ander meldpunt")
    assert Meldpunt(token, other).get(created["id"]).status_code == 404
    assert Meldpunt(token, other).get(str(uuid.uuid4())).status_code == 404


def test_the_openapi_schema_describes_the_contract():
    response = Client().get("/api/schema/?format=json")
    assert response.status_code == 200
    schema = json.loads(response.content)
    post = schema["paths"]["/api/v1/signals/"]["post"]
    assert {"200", "201", "400", "401", "403", "409", "413", "415", "429"} <= set(
        post["responses"]
    )
    enums = schema["components"]["schemas"]
    assert enums["KindEnum"]["enum"] == ["regular", "urgent", "trend"]
    assert "tokenAuth" in schema["components"]["securitySchemes"]
    assert "/api/v1/signals/{uuid}/" in schema["paths"]


@pytest.mark.parametrize(
    "code",
    [
        "gedrag.veel_geld\x00",
        "gedrag.\x00veel_geld",
        "gedrag.veel_geld\x1b",
        "gedrag.veel_geld\u202e",
        " gedrag.veel_geld",
        "gedrag veel geld",
    ],
)
def test_the_schema_says_which_indicator_codes_the_api_accepts(meldpunt, code):
    """A code the schema allows is one the API could take (all reference codes
    match); a code the API refuses, the schema already refuses."""
    schema = json.loads(Client().get("/api/schema/?format=json").content)
    body_schema = schema["components"]["schemas"]["SignalBodyRequest"]
    items = body_schema["properties"]["indicators"]["items"]
    assert items["maxLength"] == 80
    # The schema's pattern, read as a client's ECMAScript validator reads it.
    pattern = re.compile(items["pattern"].replace("$", r"\Z"))
    codes = list(Indicator.objects.values_list("code", flat=True))
    assert codes and all(pattern.search(known) for known in codes)
    assert not pattern.search(code)
    response = meldpunt.post(body(indicators=[code]))
    assert response.status_code == 400 and "indicators" in response.json()


@pytest.mark.parametrize("code", ["Gedrag.veel_geld", "gedrag veel geld", "gedrag."])
def test_a_beheerder_cannot_store_a_code_the_api_would_refuse(code):
    """The reference list is edited in the admin: a code outside the schema's
    pattern is refused there, so every stored code can be sent."""
    indicator = Indicator(code=code, list="signalenlijst", group="gedrag", label="x")
    with pytest.raises(ValidationError) as refused:
        indicator.full_clean()
    assert "code" in refused.value.message_dict


def test_the_docs_page_is_ours_under_csp_and_never_framed():
    """WhiteNoise answers static files before the security middleware, so the docs
    page is rendered by us: Swagger UI's code and our start script from our static
    files, no inline script, CSP and X-Frame-Options on the page."""
    response = Client().get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    scripts = re.findall(r"<script\b([^>]*)>(.*?)</script>", html, re.DOTALL)
    sources = [re.search(r'src="([^"]+)"', attrs) for attrs, _ in scripts]
    assert [source and source[1] for source in sources] == [
        "/static/vendor/swagger-ui/swagger-ui-bundle.js",
        "/static/js/api-docs.js",
    ]
    assert all(not body.strip() for _, body in scripts)
    assert "cdn" not in html
    assert response["X-Frame-Options"] == "DENY"
    policy = dict(
        directive.strip().split(" ", 1)
        for directive in response["Content-Security-Policy"].split(";")
    )
    assert policy["script-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"


@pytest.mark.parametrize(
    "path",
    [
        "/static/vendor/swagger-ui/index.html",
        "/static/vendor/swagger-ui/oauth2-redirect.html",
        "/static/vendor/swagger-ui/swagger-initializer.js",
    ],
)
def test_swagger_uis_own_pages_are_not_served_from_our_origin(path):
    assert Client().get(path).status_code == 404


def test_no_static_file_is_a_page():
    """Static files get no CSP or X-Frame-Options: none may be HTML."""
    pages = [
        path
        for finder in finders.get_finders()
        for path, _ in finder.list([])
        if path.lower().endswith((".html", ".htm", ".xhtml"))
    ]
    assert pages == []
