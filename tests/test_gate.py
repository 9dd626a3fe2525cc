"""The convenant gate, everywhere: a test that catches a forgotten check.

For an organisation whose convenant ended yesterday, and for one that withdrew
from it, every selector that takes a user, search, every page of the URL conf and
the API answer nothing: a 404 (or 403) for objects, empty lists. Selectors and
routes are discovered, not listed: a new selector is called without anyone adding
it here, and a new route fails ``test_every_route_is_classified`` until it is
classified as public or scoped below (and, if scoped with path arguments, told
how to fill them).
"""

from __future__ import annotations

import datetime
import importlib
import inspect
import pkgutil
import uuid as uuidlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, fields, is_dataclass
from types import ModuleType
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from casusoverleg.constants import ItemStatus
from casusoverleg.models import AgendaItem, Intervention, Meeting, Minutes
from classification.models import HandOff
from classification.services import dossier_classify
from partners.access import CONVENANT_FREE_APPS, forget_principal
from partners.models import ApiClient, ConvenantParticipation, User
from partners.services import api_client_issue
from signals.models import Dossier, EnrichmentRequest, PersonLink, Signal
from signals.selectors import signal_list_visible_to
from signals.services import (
    PersonInput,
    SignalInput,
    dossier_create,
    dossier_invite,
    enrichment_answer,
    enrichment_ask,
    person_create_from_mention,
    person_link_create,
    signal_create,
)
from tests.conftest import Region, make_persona, make_region, verified_client

pytestmark = pytest.mark.django_db

# The apps whose selectors are walked: every app of ours but those whose
# permissions a principal keeps without a convenant (the chain's administration
# and the trail, below every app that holds cases).
APPS = tuple(
    app
    for app in ("audit", "partners", "accounts", "notifications", "signals")
    + ("classification", "casusoverleg")
    if app not in CONVENANT_FREE_APPS
)

PERSON = "Gerda Poortwachter"
OTHER = "Bram Slagboom"
DESCRIPTION = "Opgehaald bij de poort door een onbekende auto (fictief, gate)."
PERSONAS = ("police_officer", "police_contact", "screener")
SCENARIOS = ("convenant_ended", "organisation_withdrew")


# --- the world ---------------------------------------------------------------------


@dataclass
class World:
    region: Region
    users: dict[str, User]
    signal: Signal
    dossier: Dossier
    question: EnrichmentRequest
    api_client: ApiClient
    api_token: str
    api_signal: Signal
    # A colour proposal waiting for a second screener, and a hand-off to the police.
    pending_id: int = 0
    hand_off_id: int = 0
    # A casusoverleg with the dossier on its agenda (accepted).
    meeting: Meeting | None = None
    item_id: int = 0

    @property
    def markers(self) -> list[str]:
        """What no page may show after the cut: names, texts, references, ids."""
        return [
            PERSON,
            OTHER,
            DESCRIPTION,
            self.signal.reference,
            str(self.signal.uuid),
            self.dossier.reference,
            str(self.dossier.uuid),
            self.api_signal.reference,
            str(self.api_signal.uuid),
        ]


def _signal(user: User) -> Signal:
    return signal_create(
        user=user,
        data=SignalInput(
            observed_at=timezone.now() - datetime.timedelta(hours=3),
            description=DESCRIPTION,
            subject_role="victim",
            kind="regular",
            source="criminal_justice",
            persons=[
                PersonInput(role="victim", name=PERSON, aliases=["gp_poort"]),
                PersonInput(role="perpetrator", name=OTHER, estimated_age=24),
            ],
        ),
    )


@pytest.fixture(scope="module")
def module_world(django_db_setup: None, django_db_blocker: Any) -> Iterator[World]:
    """The world, built once for the module in a transaction that is rolled back
    after its last test. Each test runs in a savepoint of it (pytest-django's
    ``db``), so what a test does (the cut, sessions, audit rows, objects its
    route needs) is undone before the next: the same world each time, without
    building it anew for each of its hundreds of cases."""
    with django_db_blocker.unblock(), transaction.atomic():
        region = make_region()
        world = build_world(
            region,
            **{
                name: make_persona(name, region)
                for name in (*PERSONAS, "ketenregisseur")
            },
        )
        yield world
        transaction.set_rollback(True)


@pytest.fixture
def world(module_world: World, db: None) -> World:
    """The module's world, as a fresh test would find it."""
    module_world.region.convenant.refresh_from_db()
    for user in module_world.users.values():
        forget_principal(user)
    return module_world


def build_world(
    region: Region,
    police_officer: User,
    police_contact: User,
    screener: User,
    ketenregisseur: User,
) -> World:
    """The police entered a signal about a child; the screening team bundled it
    into a dossier, invited the police and asked it a question; the police's
    meldpunt client posted a signal by the API. Everyone here may read it today."""
    signal = _signal(police_officer)
    victim, perpetrator = (
        (m, person_create_from_mention(mention=m, actor=screener))
        for m in signal.persons.order_by("role").reverse()
    )
    person_link_create(
        person=victim[1],
        role=victim[0].role,
        other=perpetrator[1],
        other_role=perpetrator[0].role,
        signal=signal,
        actor=screener,
    )
    dossier = dossier_create(
        actor=screener,
        signals=[signal],
        persons=[(p, m.role) for m, p in (victim, perpetrator)],
    )
    dossier_invite(dossier=dossier, organisation=region.politie, actor=screener)
    (question,) = enrichment_ask(
        dossier=dossier,
        organisations=[region.politie],
        reason="Meerdere signalen bij de poort.",
        question="Is deze jongere bij jullie bekend?",
        actor=screener,
    )
    # A second dossier the police has answered about: ready for the casusoverleg
    # (the ketenregisseur's start page).
    answered = dossier_create(actor=screener, signals=[signal])
    dossier_invite(dossier=answered, organisation=region.politie, actor=screener)
    enrichment_answer(
        request=enrichment_ask(
            dossier=answered,
            organisations=[region.politie],
            reason="Nog een vraag.",
            question="Weten jullie meer?",
            actor=screener,
        )[0],
        actor=police_contact,
        no_information=True,
    )
    api_client, token = api_client_issue(organisation=region.politie, name="Gate")
    response = Client().post(
        "/api/v1/signals/",
        data={
            "external_id": "GATE-1",
            "observed_at": "2026-11-20T14:03:00+01:00",
            "subject_role": "victim",
            "kind": "regular",
            "source": "criminal_justice",
            "description": DESCRIPTION,
        },
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {token}",
    )
    assert response.status_code == 201, response.content
    api_signal = Signal.objects.get(uuid=response.json()["id"])
    # The second dossier is oranje (the police gets a kernteam hand-off) and
    # proposed rood (pending until a second screener confirms).
    dossier_classify(
        dossier=answered, actor=screener, colour="oranje", rationale="Sterk vermoeden."
    )
    pending = dossier_classify(
        dossier=answered, actor=screener, colour="rood", rationale="Bedreigend."
    )
    hand_off = HandOff.objects.get(dossier=answered, to_organisation=region.politie)
    meeting = Meeting.objects.create(
        starts_at=timezone.now() + datetime.timedelta(days=3),
        chair=ketenregisseur,
        created_by=ketenregisseur,
    )
    item = AgendaItem.objects.create(
        meeting=meeting, dossier=dossier, status=ItemStatus.ACCEPTED
    )
    # An action of the police on that item, past its deadline (the action list,
    # the start pages).
    Intervention.objects.create(
        dossier=dossier,
        item=item,
        kind="opsporing",
        description="Tegenhoudgesprek (gate)",
        responsible=region.politie,
        deadline=timezone.localdate() - datetime.timedelta(days=1),
        created_by=ketenregisseur,
    )
    # The police's version of the meeting's minutes, rendered (minutes pages).
    Minutes.objects.create(
        meeting=meeting, organisation=region.politie, status="done", pdf=b"%PDF gate"
    )
    users = {
        "police_officer": police_officer,
        "police_contact": police_contact,
        "screener": screener,
    }
    return World(
        region,
        users,
        signal,
        dossier,
        question,
        api_client,
        token,
        api_signal,
        pending.pk,
        hand_off.pk,
        meeting,
        item.pk,
    )


def _test_273f(w: World) -> dict[str, Any]:
    """An art. 273f Sr test put to the police persona's organisation, acting as
    the region's RCMP (only the OM or the RCMP answers it)."""
    from classification.constants import HandOffKind, PerpetratorOutcome
    from classification.models import PerpetratorDecision

    w.region.politie.kind = "rcmp"
    w.region.politie.save(update_fields=["kind"])
    for user in w.users.values():
        user.organisation.refresh_from_db()
    decision = PerpetratorDecision.objects.create(
        signal=w.signal,
        dossier=w.dossier,
        outcome=PerpetratorOutcome.STRONG_SUSPICION,
        rationale="Sterk vermoeden.",
        decided_by=w.users["screener"],
    )
    hand_off = HandOff.objects.create(
        dossier=w.dossier,
        perpetrator_decision=decision,
        to_organisation=w.region.politie,
        kind=HandOffKind.TEST_273F,
    )
    return {"hand_off_id": hand_off.pk}


def cut(world: World, scenario: str) -> None:
    """The police and the screener's organisation lose the convenant."""
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    if scenario == "convenant_ended":
        world.region.convenant.valid_until = yesterday
        world.region.convenant.save()
    else:
        ConvenantParticipation.objects.filter(
            organisation__in=[world.region.politie, world.region.welzijn]
        ).update(withdrawn_on=yesterday)
    for user in world.users.values():
        forget_principal(user)


def fresh(user: User) -> User:
    return User.objects.select_related("organisation").get(pk=user.pk)


# --- selectors ---------------------------------------------------------------------


def _modules(app: str) -> Iterator[ModuleType]:
    try:
        module = importlib.import_module(f"{app}.selectors")
    except ModuleNotFoundError as exc:
        if exc.name in (app, f"{app}.selectors"):
            return
        raise
    yield module
    for info in pkgutil.iter_modules(getattr(module, "__path__", [])):
        yield importlib.import_module(f"{module.__name__}.{info.name}")


def user_selectors() -> dict[str, Callable[..., Any]]:
    """Every public function of a selectors module that takes a ``user``."""
    found: dict[str, Callable[..., Any]] = {}
    for app in APPS:
        for module in _modules(app):
            for name, function in inspect.getmembers(module, inspect.isfunction):
                if name.startswith("_") or function.__module__ != module.__name__:
                    continue
                if "user" in inspect.signature(function).parameters:
                    found[f"{module.__name__}.{name}"] = function
    return found


# Selectors that take a user and may answer something without a convenant, and why.
NOT_CASE_DATA = {
    # The user's own in-app alerts: a kind, a reference and a link, no personal
    # data; the object behind the link is gated like any other.
    "notifications.selectors.notification_list_for",
    "notifications.selectors.notification_get_for",
    "notifications.selectors.notification_unread_count",
    "notifications.selectors.notification_unread_latest",
    # A predicate about a signal the caller has already read through the gate.
    "signals.selectors.signal.may_see_reporter",
    "signals.selectors.signal.may_read_signal_history",
}

# Second-stage selectors: they narrow an object the caller read through a gated
# selector (a dossier from dossier_get_visible, its questions, links or mentions)
# to what this reader may see of it; without a convenant the first stage is a 404,
# which the route test below proves for every page that calls them.
WITHIN_A_GATED_OBJECT = {
    "signals.selectors.contents.dossier_timeline",
    "signals.selectors.contents.person_links_as_read",
    "signals.selectors.dossier.enrichment_readable_answers",
    "signals.selectors.dossier.enrichment_shown_outcomes",
    "signals.selectors.dossier_page.dossier_timeline_entries",
    "signals.selectors.person.person_match_candidates",
    # The change forms' choices for a dossier already read: organisations and
    # their employees, no case data.
    "signals.selectors.dossier_page.dossier_form_choices",
}

# How to fill a selector's other parameters from the world.
ARGUMENTS: dict[str, Callable[[World, User, str], Any]] = {
    "dossier": lambda w, u, f: w.dossier,
    "signal": lambda w, u, f: w.signal,
    "uuid": lambda w, u, f: w.dossier.uuid if "dossier" in f else w.signal.uuid,
    "pk": lambda w, u, f: w.question.pk,
    "cap": lambda w, u, f: 1000,
    # The start page's overdue questions: every open question, for the test.
    "due_days": lambda w, u, f: 0,
    "limit": lambda w, u, f: 50,
    "kind": lambda w, u, f: "",
    "reason": lambda w, u, f: "",
    "query": lambda w, u, f: PERSON,
    "today": lambda w, u, f: timezone.localdate(),
    "enrichments": lambda w, u, f: list(w.dossier.enrichments.all()),
    "readable": lambda w, u, f: signal_list_visible_to(user=u),
    "mention": lambda w, u, f: w.signal.persons.get(role="victim"),
    "mention_ids": lambda w, u, f: [m.pk for m in w.signal.persons.all()],
    "links": lambda w, u, f: list(PersonLink.objects.all()),
    "key": lambda w, u, f: ("uuid", w.dossier.uuid),
    # The dossier list's filters: one that keeps the world's dossier.
    "filters": lambda w, u, f: {"volgorde": "oudst"},
    # The "add to dossier" page's search: the world's dossier by its reference.
    "text": lambda w, u, f: w.dossier.reference,
    "classification_id": lambda w, u, f: w.pending_id,
    "hand_off_id": lambda w, u, f: w.hand_off_id,
    "meeting": lambda w, u, f: w.meeting,
    "item_id": lambda w, u, f: w.item_id,
    "meeting_uuid": lambda w, u, f: w.meeting.uuid if w.meeting else None,
    "intervention": lambda w, u, f: _intervention(w),
    "intervention_uuid": lambda w, u, f: _intervention(w).uuid,
    "minutes_id": lambda w, u, f: _minutes(w)["pk"],
    "intervention_ids": lambda w, u, f: [_intervention(w).pk],
}


def _intervention(w: World) -> Intervention:
    return Intervention.objects.get(description="Tegenhoudgesprek (gate)")


def _call(function: Callable[..., Any], name: str, world: World, user: User) -> Any:
    kwargs: dict[str, Any] = {}
    for parameter in inspect.signature(function).parameters.values():
        if parameter.name == "user":
            kwargs["user"] = user
        elif parameter.name in ARGUMENTS:
            kwargs[parameter.name] = ARGUMENTS[parameter.name](world, user, name)
        elif parameter.default is inspect.Parameter.empty:
            pytest.fail(f"{name}: tell ARGUMENTS how to fill '{parameter.name}'")
    try:
        return function(**kwargs)
    except (Http404, PermissionDenied):
        return None


def is_nothing(value: Any) -> bool:
    if value is None or value is False or value == 0:
        return True
    if isinstance(value, QuerySet):
        return not value.exists()
    if isinstance(value, Q):
        return False
    if is_dataclass(value) and not isinstance(value, type):
        # A result object: every field empty but the echo of the query.
        return all(
            is_nothing(getattr(value, f.name))
            for f in fields(value)
            if f.name != "query"
        )
    if isinstance(value, (list, tuple, set, frozenset, dict)):
        return len(value) == 0
    return False


SELECTORS = user_selectors()


def test_the_selectors_are_found():
    assert "signals.selectors.search.person_list_visible_to" in SELECTORS
    assert "signals.selectors.dossier.dossier_list_visible_to" in SELECTORS
    assert "signals.selectors.search.search" in SELECTORS


@pytest.mark.parametrize("scenario", SCENARIOS)
@pytest.mark.parametrize(
    "name", sorted(set(SELECTORS) - NOT_CASE_DATA - WITHIN_A_GATED_OBJECT)
)
def test_a_selector_gives_nothing_without_a_convenant(world, scenario, name):
    function = SELECTORS[name]
    before = [_call(function, name, world, fresh(u)) for u in world.users.values()]
    cut(world, scenario)
    for persona, user in world.users.items():
        result = _call(function, name, world, fresh(user))
        assert is_nothing(result), f"{name} gives {persona} {result!r}"
    # The world gave the selector something to hide (predicates excepted).
    if not all(isinstance(b, bool) for b in before):
        assert not all(is_nothing(b) for b in before), f"{name} hid nothing before"


# --- routes ------------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    name: str
    pattern: str
    converters: tuple[str, ...]


def _walk(patterns: list[Any], prefix: str = "", ns: str = "") -> Iterator[Route]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            namespace = ns
            if pattern.namespace:
                namespace = f"{ns}:{pattern.namespace}" if ns else pattern.namespace
            yield from _walk(
                pattern.url_patterns, prefix + str(pattern.pattern), namespace
            )
        elif isinstance(pattern, URLPattern):
            name = f"{ns}:{pattern.name}" if ns else str(pattern.name)
            converters = tuple(getattr(pattern.pattern, "converters", {}))
            yield Route(name, prefix + str(pattern.pattern), converters)


ROUTES = {route.name: route for route in _walk(get_resolver().url_patterns)}

# Routes that show no personal data of cases: logging in, one's own account and
# alerts, the chain's administration and the trail (for the functioneel
# beheerder, CONVENANT_FREE_APPS), the public schema, and Django's admin (staff).
PUBLIC = {
    "health",
    "accounts:login",
    "accounts:verify",
    "accounts:enrol",
    "accounts:logout",
    "accounts:sessions",
    "accounts:sessions-end-others",
    "accounts:recovery-codes",
    "accounts:recovery-codes-regenerate",
    "accounts:second-factor-reset",
    "accounts:password-reset",
    "accounts:password-reset-done",
    "accounts:password-reset-confirm",
    "accounts:password-reset-complete",
    "accounts:activate",
    "accounts:enrolment-invite",
    "accounts:enrolment-link",
    "accounts:password-change",
    "accounts:unlock",
    "partners:overview",
    "partners:beheer-organisations",
    "partners:beheer-organisation-create",
    "partners:beheer-organisation-edit",
    "partners:beheer-users",
    "partners:beheer-user-create",
    "partners:beheer-user-edit",
    "partners:beheer-role-proposals",
    "partners:beheer-role-proposal-decide",
    "partners:beheer-convenants",
    "partners:beheer-convenant-create",
    "partners:beheer-convenant-edit",
    "notifications:inbox",
    "notifications:count",
    "notifications:mark-all-read",
    "notifications:open",
    "signals-api:schema",
    "signals-api:docs",
    "audit:search",
}
PUBLIC_NAMESPACES = ("admin:",)

# Routes that show or change cases, with how to fill their path arguments.
SCOPED: dict[str, Callable[[World], dict[str, Any]] | None] = {
    "home": None,
    "signals:list": None,
    "signals:create": None,
    "signals:detail": lambda w: {"uuid": w.signal.uuid},
    "signals:sharing": lambda w: {"uuid": w.signal.uuid},
    "signals:correct": lambda w: {"uuid": w.signal.uuid},
    "signals:withdraw": lambda w: {"uuid": w.signal.uuid},
    "dossiers:list": None,
    "dossiers:create": None,
    "dossiers:add-signal": None,
    "dossiers:detail": lambda w: {"uuid": w.dossier.uuid},
    "dossiers:status": lambda w: {"uuid": w.dossier.uuid},
    "dossiers:casemanager": lambda w: {"uuid": w.dossier.uuid},
    "dossiers:invite": lambda w: {"uuid": w.dossier.uuid},
    "dossiers:withdraw": lambda w: {"uuid": w.dossier.uuid},
    "dossiers:ask": lambda w: {"uuid": w.dossier.uuid},
    "dossiers:enrichment-inbox": None,
    "dossiers:enrichment-answer": lambda w: {"pk": w.question.pk},
    "dossiers:signal-persons": lambda w: {"uuid": w.signal.uuid},
    "dossiers:signal-person-link": lambda w: {"uuid": w.signal.uuid},
    "dossiers:search": None,
    "classification:worklist": None,
    "classification:screening": lambda w: {"uuid": w.signal.uuid},
    "classification:take": lambda w: {"uuid": w.signal.uuid},
    "classification:step": lambda w: {"uuid": w.signal.uuid},
    "classification:skip": lambda w: {"uuid": w.signal.uuid},
    "classification:classify": lambda w: {"uuid": w.signal.uuid},
    "classification:recolour": lambda w: {"uuid": w.signal.uuid},
    "classification:feedback": lambda w: {"uuid": w.signal.uuid},
    "classification:confirm": lambda w: {"classification_id": w.pending_id},
    "classification:decline": lambda w: {"classification_id": w.pending_id},
    "classification:hand-offs": None,
    "classification:hand-off-acknowledge": lambda w: {"hand_off_id": w.hand_off_id},
    "classification:perpetrator-decide": lambda w: {"uuid": w.signal.uuid},
    "classification:test-273f": lambda w: _test_273f(w),
    "signals-api:create": None,
    "signals-api:detail": lambda w: {"uuid": w.api_signal.uuid},
}


# The risicotaxatie-instrument's beheer pages hold reference data, no case data.
PUBLIC |= {
    "risk:instrument_list",
    "risk:instrument_draft",
    "risk:instrument_version",
    "risk:instrument_publish",
}


def _risk_assessment(w: World) -> dict[str, Any]:
    from classification.services_instrument import assessment_create

    assessment = assessment_create(
        dossier=w.dossier, actor=w.users["screener"], item_ids=[]
    )
    return {"pk": assessment.pk}


def _risk_alert(w: World) -> dict[str, Any]:
    from classification.models import DoorlaatverbodAlert

    alert = DoorlaatverbodAlert.objects.create(
        dossier=w.dossier, raised_by=w.users["screener"]
    )
    return {"pk": alert.pk}


def _risk_report(w: World) -> dict[str, Any]:
    from classification.constants_risk import ConsentBasis
    from classification.models import ComenshaReport

    report = ComenshaReport.objects.create(
        dossier=w.dossier,
        person=w.dossier.persons.get(dossierperson__role="victim"),
        consent_basis=ConsentBasis.DUTY,
        organisation=w.region.politie,
        reported_by=w.users["police_officer"],
    )
    return {"uuid": report.uuid}


SCOPED |= {
    "risk:assessment_create": lambda w: {"uuid": w.dossier.uuid},
    "risk:assessment": _risk_assessment,
    "risk:doorlaatverbod": _risk_alert,
    "risk:comensha_create": lambda w: {"uuid": w.dossier.uuid},
    "risk:comensha_detail": _risk_report,
    "risk:comensha_pdf": _risk_report,
    "risk:comensha_pdf_retry": _risk_report,
    "risk:comensha_json": _risk_report,
}


def _meeting(w: World) -> dict[str, Any]:
    assert w.meeting is not None
    return {"uuid": w.meeting.uuid}


def _meeting_item(w: World) -> dict[str, Any]:
    return {**_meeting(w), "item_id": w.item_id}


def _meeting_attendance(w: World) -> dict[str, Any]:
    from casusoverleg.models import Attendance

    assert w.meeting is not None
    attendance = Attendance.objects.create(
        meeting=w.meeting,
        organisation=w.region.politie,
        kind="present",
        user=w.users["police_officer"],
        recorded_by=w.meeting.chair,
    )
    return {**_meeting(w), "attendance_id": attendance.pk}


# The casusoverleg's meeting pages (casusoverleg/urls_meeting.py).
SCOPED |= {
    "casusoverleg:list": None,
    "casusoverleg:schedule": None,
    "casusoverleg:detail": _meeting,
    "casusoverleg:edit": _meeting,
    "casusoverleg:attendance-add": _meeting,
    "casusoverleg:attendance-remove": _meeting_attendance,
    "casusoverleg:attendance-acknowledge": _meeting_attendance,
    "casusoverleg:start": _meeting,
    "casusoverleg:close": _meeting,
    "casusoverleg:correction": _meeting,
    "casusoverleg:meeting": _meeting,
    "casusoverleg:decision": _meeting_item,
    "casusoverleg:contribution": _meeting_item,
    "casusoverleg:intervention": _meeting_item,
    "casusoverleg:prosecution": _meeting_item,
}


def _minutes(w: World) -> dict[str, Any]:
    minutes = Minutes.objects.get(meeting=w.meeting, organisation=w.region.politie)
    return {"uuid": minutes.meeting.uuid, "pk": minutes.pk}


# The minutes pages (casusoverleg/urls_minutes.py).
SCOPED |= {
    "casusoverleg:minutes": lambda w: {"uuid": _minutes(w)["uuid"]},
    "casusoverleg:minutes-request": lambda w: {"uuid": _minutes(w)["uuid"]},
    "casusoverleg:minutes-download": _minutes,
}


# Lists that show the world to someone before the cut (proves the markers work).
SHOWN_BEFORE = {"signals:list", "dossiers:list", "dossiers:search"}
SHOWN_BEFORE |= {"dossiers:enrichment-inbox"}

# My organisation's actions (casusoverleg/urls_actions.py).
SCOPED |= {
    "casusoverleg:actions": None,
    "casusoverleg:action": lambda w: {"uuid": _intervention(w).uuid},
    "casusoverleg:action-progress": lambda w: {"uuid": _intervention(w).uuid},
}
SHOWN_BEFORE |= {"casusoverleg:actions"}


# The agenda pages (casusoverleg/urls_agenda.py): the ketenregisseur's and the
# voorbereidingsteam's only; the screener opens them before the cut.
def _agenda(w: World) -> dict[str, Any]:
    assert w.meeting is not None
    return {"uuid": w.meeting.uuid}


def _agenda_item(w: World) -> dict[str, Any]:
    return {**_agenda(w), "item_id": w.item_id}


def _agenda_invitation(w: World) -> dict[str, Any]:
    from casusoverleg.models import ItemInvitation

    assert w.meeting is not None
    invitation = ItemInvitation.objects.create(
        item_id=w.item_id,
        organisation=w.region.school,
        invited_by=w.meeting.chair,
    )
    return {**_agenda_item(w), "invitation_id": invitation.pk}


SCOPED |= {
    "casusoverleg:agenda": _agenda,
    "casusoverleg:agenda-build": _agenda,
    "casusoverleg:agenda-build-status": _agenda,
    "casusoverleg:agenda-order": _agenda,
    "casusoverleg:agenda-add": _agenda,
    "casusoverleg:agenda-item": _agenda_item,
    "casusoverleg:agenda-item-move": _agenda_item,
    "casusoverleg:agenda-item-accept": _agenda_item,
    "casusoverleg:agenda-item-remove": _agenda_item,
    "casusoverleg:agenda-item-duration": _agenda_item,
    "casusoverleg:agenda-item-invite": _agenda_item,
    "casusoverleg:agenda-item-invitation-withdraw": _agenda_invitation,
}


def is_public(name: str) -> bool:
    return name in PUBLIC or name.startswith(PUBLIC_NAMESPACES)


@pytest.mark.parametrize("name", sorted(ROUTES))
def test_every_route_is_classified(name):
    route = ROUTES[name]
    assert is_public(name) != (name in SCOPED), (
        f"classify {route.pattern!r} ({name}) in tests/test_gate.py as PUBLIC "
        "or SCOPED (exactly one)"
    )
    if name in SCOPED and route.converters:
        assert SCOPED[name] is not None, f"tell SCOPED how to fill {route.pattern!r}"


def _path(route: Route, kwargs: dict[str, Any]) -> str:
    path = "/" + route.pattern
    for key, value in kwargs.items():
        for converter in ("uuid", "int", "str", "slug", "path"):
            path = path.replace(f"<{converter}:{key}>", str(value))
        path = path.replace(f"<{key}>", str(value))
    assert "<" not in path, path
    return path


def _unknown(kwargs: dict[str, Any]) -> dict[str, Any]:
    return {
        k: uuidlib.uuid4() if isinstance(v, uuidlib.UUID) else 987654321
        for k, v in kwargs.items()
    }


# What a POST to a route sends (the search takes its query in the body).
POST_DATA = {"dossiers:search": {"q": PERSON}}


def _responses(client: Client, path: str, name: str, **headers: Any) -> list[Any]:
    return [
        client.get(path, **headers),
        client.post(path, POST_DATA.get(name, {}), **headers),
    ]


def _clients(world: World, name: str) -> dict[str, tuple[Client, dict[str, Any]]]:
    if name.startswith("signals-api:"):
        token = {"HTTP_AUTHORIZATION": f"Token {world.api_token}"}
        return {"meldpunt": (Client(), token)}
    return {
        persona: (verified_client(user), {}) for persona, user in world.users.items()
    }


def _body(response: Any) -> str:
    """The page, lowercased, without the search box's echo of the query."""
    body = response.content.decode(errors="replace").lower()
    return body.replace(f'value="{PERSON.lower()}"', "")


SCOPED_ROUTES = sorted(name for name in ROUTES if not is_public(name))


@pytest.mark.parametrize("scenario", SCENARIOS)
@pytest.mark.parametrize("name", SCOPED_ROUTES)
def test_a_route_gives_nothing_without_a_convenant(world, scenario, name):
    assert name in SCOPED, f"classify {name} in tests/test_gate.py"
    route = ROUTES[name]
    fill = SCOPED[name]
    kwargs = fill(world) if fill is not None else {}
    path = _path(route, kwargs)
    if kwargs:
        before = [
            client.get(path, **headers).status_code
            for client, headers in _clients(world, name).values()
        ]
        if not all(status == 405 for status in before):
            assert 200 in before, f"nobody could open {path} before: {before}"
    markers = [m.lower() for m in world.markers]
    if name in SHOWN_BEFORE:
        assert any(
            m in _body(response)
            for client, headers in _clients(world, name).values()
            for response in _responses(client, path, name, **headers)
            for m in markers
        ), f"{path} showed nothing before"

    cut(world, scenario)
    for persona, (client, headers) in _clients(world, name).items():
        responses = _responses(client, path, name, **headers)
        for response in responses:
            body = _body(response)
            shown = [m for m in markers if m in body]
            method = response.request["REQUEST_METHOD"]
            assert not shown, f"{persona} {method} {path} shows {shown}"
        if kwargs:
            unknown = _responses(
                client, _path(route, _unknown(kwargs)), name, **headers
            )
            for real, absent in zip(responses, unknown, strict=True):
                method = real.request["REQUEST_METHOD"]
                assert real.status_code in (403, 404, 405), (persona, method, path)
                # Indistinguishable from an object that does not exist.
                assert real.status_code == absent.status_code, (persona, method)
            assert any(r.status_code == 404 for r in responses) or all(
                r.status_code in (403, 405) for r in responses
            )
        else:
            for response in responses:
                assert response.status_code in (200, 302, 400, 403, 404, 405), (
                    persona,
                    response.status_code,
                )
