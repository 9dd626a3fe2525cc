"""The trail answers "who looked up this child?": every read or search names the
ids of the persons it showed (never their names), every attempt to open an object
out of scope is recorded, and the beheerder searches the trail by person."""

from __future__ import annotations

import uuid

import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError
from django.test import Client
from django.urls import reverse

from audit.constants import Action
from audit.models import AuditEvent
from audit.services import ObjectNotVisible
from partners.access import get_visible_or_404
from partners.services import api_client_issue
from signals.models import Dossier, Person
from signals.services import dossier_create, person_create_from_mention
from tests.signals.test_dossiers import enter_signal

pytestmark = pytest.mark.django_db

AUDIT = "/beheer/audit/"


@pytest.fixture
def dossier(screener, school_worker) -> Dossier:
    """The school's signal, its child stacked into a person and a dossier."""
    signal = enter_signal(school_worker)
    mention = signal.persons.get()
    person = person_create_from_mention(mention=mention, actor=screener)
    return dossier_create(
        actor=screener, signals=[signal], persons=[(person, mention.role)]
    )


def child(dossier: Dossier) -> Person:
    return dossier.persons.get()


def denials() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=Action.DENIED).order_by("id"))


# --- denied attempts ---------------------------------------------------------------


def test_a_dossier_out_of_scope_is_a_404_and_a_denied_entry(
    as_user, police_officer, dossier
):
    path = reverse("dossiers:detail", kwargs={"uuid": dossier.uuid})
    assert as_user(police_officer).get(path).status_code == 404
    (entry,) = denials()
    assert (entry.actor_id, entry.organisation) == (police_officer.pk, "politie")
    assert (entry.object_type, entry.object_id) == (
        "signals.dossier",
        str(dossier.uuid),
    )
    assert entry.route == f"GET {path}"
    assert entry.client == "web"


def test_an_unknown_id_is_recorded_like_one_out_of_scope(as_user, police_officer):
    unknown = uuid.uuid4()
    path = reverse("signals:detail", kwargs={"uuid": unknown})
    assert as_user(police_officer).get(path).status_code == 404
    (entry,) = denials()
    assert (entry.object_type, entry.object_id) == ("signals.signal", str(unknown))


def test_a_change_form_out_of_scope_is_recorded_too(as_user, police_officer, dossier):
    path = reverse("dossiers:status", kwargs={"uuid": dossier.uuid})
    assert as_user(police_officer).post(path, {"status": "x"}).status_code == 404
    (entry,) = denials()
    assert entry.route == f"POST {path}" and entry.object_id == str(dossier.uuid)


def test_a_question_out_of_scope_is_recorded(as_user, police_contact):
    path = reverse("dossiers:enrichment-answer", kwargs={"pk": 424242})
    assert as_user(police_contact).get(path).status_code == 404
    (entry,) = denials()
    assert (entry.object_type, entry.object_id) == (
        "signals.enrichmentrequest",
        "424242",
    )


def test_the_access_layers_lookup_raises_a_recorded_404(police_officer, dossier):
    with pytest.raises(ObjectNotVisible) as raised:
        get_visible_or_404(Dossier.objects.all(), user=police_officer, pk=dossier.pk)
    assert raised.value.object_type == "signals.dossier"
    assert raised.value.object_id == str(dossier.pk)
    assert raised.value.actor == police_officer


def test_the_meldpunt_asking_for_another_signal_is_recorded(region, school_worker):
    other = enter_signal(school_worker)
    _, token = api_client_issue(organisation=region.gemeente, name="Meldpunt")
    response = Client().get(
        f"/api/v1/signals/{other.uuid}/", HTTP_AUTHORIZATION=f"Token {token}"
    )
    assert response.status_code == 404
    (entry,) = denials()
    assert entry.client == "api" and entry.object_id == str(other.uuid)
    assert entry.actor_username == "api:Meldpunt"


# --- persons shown -----------------------------------------------------------------


def test_a_dossier_read_names_the_persons_it_showed(as_user, screener, dossier):
    path = reverse("dossiers:detail", kwargs={"uuid": dossier.uuid})
    assert as_user(screener).get(path).status_code == 200
    entry = AuditEvent.objects.get(action=Action.READ, object_type="signals.dossier")
    assert entry.person_ids == [child(dossier).pk]
    # Ids only: the trail holds no name.
    assert child(dossier).name not in str(entry.reason)


def test_a_signal_read_names_the_persons_it_mentions(as_user, screener, dossier):
    signal = dossier.signals.get()
    path = reverse("signals:detail", kwargs={"uuid": signal.uuid})
    assert as_user(screener).get(path).status_code == 200
    entry = AuditEvent.objects.filter(
        action=Action.READ, object_type="signals.signal", object_id=str(signal.pk)
    ).latest("id")
    assert entry.person_ids == [child(dossier).pk]


def test_a_search_names_the_persons_it_found(as_user, screener, dossier):
    response = as_user(screener).post(reverse("dossiers:search"), {"q": "Fictief"})
    assert response.status_code == 200
    entry = AuditEvent.objects.get(action=Action.SEARCH, object_type="signals.search")
    assert entry.person_ids == [child(dossier).pk]
    assert "Fictief" not in entry.reason


def test_a_read_that_shows_nobody_names_nobody(as_user, school_worker):
    signal = enter_signal(school_worker, persons=[])
    path = reverse("signals:detail", kwargs={"uuid": signal.uuid})
    assert as_user(school_worker).get(path).status_code == 200
    entry = AuditEvent.objects.filter(action=Action.READ).latest("id")
    assert entry.person_ids is None


# --- the beheerder searches by person ----------------------------------------------


def test_the_beheerder_finds_who_looked_up_a_child(
    as_user, beheerder, screener, police_officer, dossier
):
    person = child(dossier)
    as_user(screener).get(reverse("dossiers:detail", kwargs={"uuid": dossier.uuid}))
    as_user(screener).post(reverse("dossiers:search"), {"q": "Fictief"})
    # Another person's read must not be found.
    other = enter_signal(police_officer, persons=[])
    as_user(police_officer).get(reverse("signals:detail", kwargs={"uuid": other.uuid}))

    page = as_user(beheerder).post(AUDIT, {"person": person.pk})
    assert page.status_code == 200
    found = [e for e in page.context["page_obj"].object_list]
    shown = {(e.action, e.object_type) for e in found}
    assert ("read", "signals.dossier") in shown
    assert ("search", "signals.search") in shown
    assert all(
        person.pk in (e.person_ids or []) for e in found if e.actor_id != beheerder.pk
    )
    assert not any(e.object_id == str(other.pk) for e in found)
    html = page.content.decode()
    assert f"personen: {person.pk}" in html
    assert 'name="person"' in html
    # The beheerder's own search names the person it was about.
    own = AuditEvent.objects.filter(
        actor_id=beheerder.pk, object_type="audit.auditevent"
    ).latest("id")
    assert own.person_ids == [person.pk]
    assert f"persoon={person.pk}" in own.reason


def test_a_person_filter_must_be_an_id(as_user, beheerder):
    page = as_user(beheerder).post(AUDIT, {"person": "Fictief Meisje"})
    assert page.status_code == 200
    assert page.context["page_obj"] is None
    assert page.context["form"].errors["person"]


def test_the_person_ids_of_an_entry_cannot_be_changed(screener, dossier, as_user):
    as_user(screener).get(reverse("dossiers:detail", kwargs={"uuid": dossier.uuid}))
    entry = AuditEvent.objects.filter(person_ids__isnull=False).latest("id")
    with (
        pytest.raises(DatabaseError),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(
            "UPDATE audit_auditevent SET person_ids = NULL WHERE id = %s",
            [entry.pk],
        )
    entry.refresh_from_db()
    assert entry.person_ids == [child(dossier).pk]
