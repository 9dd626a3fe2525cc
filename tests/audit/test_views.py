"""Searching the audit trail: for the beheerder only, filtered, and itself audited."""

from __future__ import annotations

import datetime

import pytest
from django.contrib import admin
from django.db import transaction
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from audit.admin import AuditEventAdmin
from audit.constants import Action
from audit.models import AuditEvent
from audit.services import audit_record

pytestmark = pytest.mark.django_db
URL = "/beheer/audit/"


@pytest.fixture
def trail(police_officer, school_worker):
    """Reads and a change by two partners, plus one old entry."""
    with transaction.atomic():
        audit_record(
            actor=police_officer,
            action=Action.READ,
            object_type="signals.dossier",
            object_id=7,
        )
        audit_record(
            actor=police_officer,
            action=Action.UPDATE,
            object_type="signals.dossier",
            object_id=8,
        )
        audit_record(
            actor=school_worker,
            action=Action.READ,
            object_type="signals.dossier",
            object_id=7,
        )
    AuditEvent.objects.create(
        at=timezone.now() - datetime.timedelta(days=40),
        actor_username="oud.account",
        organisation="gemeente",
        client="web",
        action=Action.LOGIN,
    )


def results(response) -> list[AuditEvent]:
    return list(response.context["page_obj"].object_list)


def searches() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=Action.SEARCH).order_by("id"))


def test_the_url_is_the_named_search_page():
    assert reverse("audit:search") == URL


def test_the_beheerder_sees_the_trail_newest_first_and_the_viewing_is_logged(
    region, beheerder, trail, as_user
):
    response = as_user(beheerder).get(URL)
    assert response.status_code == 200
    events = results(response)
    assert [e.at for e in events] == sorted((e.at for e in events), reverse=True)
    # The search is recorded before the results are read, so it is on top.
    assert events[0].action == Action.SEARCH
    assert events[-1].actor_username == "oud.account"
    (logged,) = searches()
    assert logged.actor_username == "fenna.beheer"
    assert logged.object_type == "audit.auditevent"
    assert logged.reason == "audittrail doorzocht; geen filters; pagina 1"
    assert logged.route == f"GET {URL}"


def test_filters_on_user_organisation_action_and_object(
    region, beheerder, trail, as_user
):
    client = as_user(beheerder)
    by_user = results(client.post(URL, {"username": "PIETER"}))
    assert {e.actor_username for e in by_user} == {"pieter.agent"}
    assert len(by_user) == 2
    by_org = results(client.post(URL, {"organisation": "school"}))
    assert {e.actor_username for e in by_org} == {"sofie.mentor"}
    by_action = results(client.post(URL, {"action": "update"}))
    assert [(e.actor_username, e.object_id) for e in by_action] == [
        ("pieter.agent", "8")
    ]
    by_object = results(
        client.post(URL, {"object_type": "Signals.Dossier", "object_id": "7"})
    )
    assert {e.actor_username for e in by_object} == {"pieter.agent", "sofie.mentor"}


def test_filters_on_a_date_range_in_whole_days(region, beheerder, trail, as_user):
    client = as_user(beheerder)
    today = timezone.localdate()
    old = results(
        client.post(
            URL,
            {
                "date_from": (today - datetime.timedelta(days=41)).isoformat(),
                "date_to": (today - datetime.timedelta(days=39)).isoformat(),
            },
        )
    )
    assert [e.actor_username for e in old] == ["oud.account"]
    recent = results(client.post(URL, {"date_from": today.isoformat()}))
    assert "oud.account" not in {e.actor_username for e in recent}
    assert {"pieter.agent", "sofie.mentor"} <= {e.actor_username for e in recent}


def test_the_logged_search_names_the_filters_but_not_the_username(
    region, beheerder, trail, as_user
):
    as_user(beheerder).post(
        URL,
        {"username": "pieter", "organisation": "politie", "action": "read"},
    )
    (logged,) = searches()
    assert "pieter" not in logged.reason
    assert "gebruiker" in logged.reason
    assert "organisatie=politie" in logged.reason and "actie=read" in logged.reason


def test_a_to_date_before_the_from_date_is_refused_and_nothing_is_shown(
    region, beheerder, as_user
):
    response = as_user(beheerder).post(
        URL, {"date_from": "2026-03-10", "date_to": "2026-03-01"}
    )
    assert response.context["form"].errors["date_to"] == [
        "De einddatum ligt vóór de begindatum."
    ]
    assert response.context["page_obj"] is None
    assert searches() == []


def test_results_are_paginated_by_50(region, beheerder, police_officer, as_user):
    AuditEvent.objects.bulk_create(
        AuditEvent(actor_username="pieter.agent", client="web", action=Action.READ)
        for _n in range(60)
    )
    client = as_user(beheerder)
    first = client.post(URL, {"username": "pieter"})
    assert len(results(first)) == 50
    second = client.post(URL, {"username": "pieter", "pagina": "2"})
    assert len(results(second)) == 10
    assert searches()[-1].reason.endswith("pagina 2")


@pytest.mark.parametrize("persona", ["police_officer", "ketenregisseur", "outsider"])
def test_others_get_403_and_leave_no_search_entry(region, as_user, request, persona):
    client = as_user(request.getfixturevalue(persona))
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"username": "fenna"}).status_code == 403
    assert searches() == []


def test_the_trail_cannot_be_changed_or_deleted_from_the_admin(region, beheerder):
    request = RequestFactory().get("/")
    request.user = beheerder
    model_admin = AuditEventAdmin(AuditEvent, admin.site)
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)
    assert model_admin.get_actions(request) == {}


def test_the_table_shows_labels_not_codes_looked_up_once_per_page(
    region,
    beheerder,
    police_officer,
    school_worker,
    trail,
    as_user,
    django_assert_max_num_queries,
):
    """Roles, organisations and object types by their Dutch names, not as
    ``functioneel_beheerder``, ``politie`` or ``otp_totp.totpdevice``."""
    with transaction.atomic():
        audit_record(actor=beheerder, action=Action.READ, object_type="signals.search")
        audit_record(actor=beheerder, action=Action.LOGIN, reason="TOTPDevice")
        audit_record(
            actor=beheerder,
            action=Action.UPDATE,
            object_type="otp_totp.totpdevice",
            object_id=3,
        )
    client = as_user(beheerder)
    page = client.get(URL).content.decode()
    cells = page[page.index("<tbody") :]
    for label in (
        "Functioneel beheerder",
        "Partnermedewerker",
        "Politie Eenheid Demoland",
        "Fictief College",
        "Zoekopdracht",
        "Authenticator-app (TOTP)",
        "met authenticator-app",
        "Dossier #7",
    ):
        assert label in cells, label
    for code in (
        "functioneel_beheerder",
        ">politie<",
        ">signals.search",
        ">otp_totp",
        "TOTPDevice",
    ):
        assert code not in cells, code
    # An entry stored without an organisation id keeps the slug it stored.
    assert "gemeente" in cells
    # More rows from more organisations cost no more queries.
    with django_assert_max_num_queries(40) as few:
        client.get(URL)
    for _ in range(5):
        with transaction.atomic():
            for user in (police_officer, school_worker, beheerder):
                audit_record(
                    actor=user, action=Action.READ, object_type="signals.signal"
                )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(URL)
