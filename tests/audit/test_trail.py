"""The audit trail is append-only in the database and shares the change's transaction."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, transaction

from audit.constants import Action
from audit.context import origin
from audit.models import AuditEvent
from audit.services import AuditOutsideTransaction, audit_record
from partners.services import organisation_update

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry(police_officer) -> AuditEvent:
    with transaction.atomic():
        return audit_record(
            actor=police_officer,
            action=Action.READ,
            object_type="signals.dossier",
            object_id=7,
        )


def test_an_entry_records_who_for_which_organisation_what_and_how(
    police_officer, entry
):
    with (
        origin(client="web", route="GET /dossiers/7/", ip_address="192.0.2.10"),
        transaction.atomic(),
    ):
        event = audit_record(
            actor=police_officer,
            action=Action.READ,
            object_type="signals.dossier",
            object_id=7,
            reason="casusoverleg",
        )
    assert event.actor_username == "pieter.agent"
    assert event.organisation == "politie"
    assert event.roles == "partnermedewerker"
    assert (event.client, event.route, event.ip_address) == (
        "web",
        "GET /dossiers/7/",
        "192.0.2.10",
    )
    assert (event.object_type, event.object_id, event.reason) == (
        "signals.dossier",
        "7",
        "casusoverleg",
    )


def test_the_database_refuses_to_update_an_entry(entry):
    entry.reason = "verdoezeld"
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        entry.save()
    entry.refresh_from_db()
    assert entry.reason == ""


def test_the_database_refuses_a_bulk_update(entry):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.update(actor_username="iemand-anders")
    assert AuditEvent.objects.filter(actor_username="iemand-anders").count() == 0


def test_the_database_refuses_to_delete_an_entry(entry):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        entry.delete()
    assert AuditEvent.objects.filter(pk=entry.pk).exists()


def test_raw_sql_cannot_delete_either(entry):
    from django.db import connection

    with (
        pytest.raises(DatabaseError),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM audit_auditevent")
    assert AuditEvent.objects.filter(pk=entry.pk).exists()


@pytest.mark.django_db(transaction=True)
def test_a_change_cannot_be_audited_outside_its_transaction(police_officer):
    with pytest.raises(AuditOutsideTransaction):
        audit_record(
            actor=police_officer,
            action=Action.UPDATE,
            object_type="partners.organisation",
            object_id=1,
        )


def test_entry_and_change_roll_back_together(region, beheerder):
    before = AuditEvent.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        organisation_update(
            organisation=region.school, actor=beheerder, name="Andere naam"
        )
        raise RuntimeError("the request fails after the service ran")
    region.school.refresh_from_db()
    assert region.school.name == "Fictief College"
    assert AuditEvent.objects.count() == before


def test_a_committed_change_has_its_entry(region, beheerder):
    organisation_update(
        organisation=region.school, actor=beheerder, name="Fictief Lyceum"
    )
    event = AuditEvent.objects.filter(
        object_type="partners.organisation", object_id=str(region.school.pk)
    ).latest("id")
    assert event.action == Action.UPDATE
    assert event.changed_fields == ["name"]
    assert event.actor_username == "fenna.beheer"
