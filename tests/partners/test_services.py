"""Convenant validity, roles, organisations and API clients."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from audit.models import AuditEvent
from partners.constants import Role
from partners.models import ApiClient, Convenant, Organisation
from partners.services import (
    Participation,
    api_client_authenticate,
    api_client_issue,
    api_client_revoke,
    convenant_save,
    organisation_create,
    organisation_update,
    user_create,
    user_update,
)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def valid_slugs(on: datetime.date | None = None) -> set[str]:
    return set(
        Organisation.objects.with_valid_convenant(on)
        # An annotation of with_valid_convenant(), which django-stubs cannot see.
        .filter(has_valid_convenant=True)  # type: ignore[misc]
        .values_list("slug", flat=True)
    )


def test_kernteam_and_school_have_a_valid_convenant_and_the_outsider_not(region):
    assert valid_slugs() == {
        "gemeente",
        "politie",
        "om",
        "welzijn",
        "school",
        "jeugdzorg",
    }


def test_a_convenant_is_valid_only_within_its_period(region):
    convenant = region.convenant
    assert "politie" not in valid_slugs(convenant.valid_from - DAY)
    signed = convenant.participations.get(organisation=region.politie).signed_on
    assert "politie" not in valid_slugs(signed - DAY)
    assert "politie" in valid_slugs(signed)
    assert "politie" in valid_slugs(convenant.valid_until)
    assert "politie" not in valid_slugs(convenant.valid_until + DAY)


def test_an_organisation_counts_from_its_signing_date_until_it_withdraws(
    region, beheerder
):
    convenant_save(
        actor=beheerder,
        convenant=region.convenant,
        participations=[
            Participation(organisation=region.gemeente, signed_on=TODAY - 300 * DAY),
            Participation(organisation=region.politie, signed_on=TODAY + 5 * DAY),
            Participation(
                organisation=region.om, signed_on=TODAY - 300 * DAY, withdrawn_on=TODAY
            ),
        ],
    )
    assert "politie" not in valid_slugs()
    assert "politie" in valid_slugs(TODAY + 5 * DAY)
    assert "om" in valid_slugs(TODAY - DAY)
    assert "om" not in valid_slugs()
    # Left out of the new list: withdrawn, not erased.
    school = region.convenant.participations.get(organisation=region.school)
    assert school.withdrawn_on is not None
    assert "school" not in valid_slugs(TODAY + DAY)


def test_an_end_date_before_the_start_date_is_refused_and_nothing_is_stored(
    region, beheerder
):
    with pytest.raises(ValidationError) as excinfo:
        convenant_save(
            actor=beheerder,
            participations=[],
            title="Verkeerd convenant",
            purpose="x",
            target_group="y",
            valid_from=TODAY,
            valid_until=TODAY - DAY,
        )
    assert "De einddatum ligt vóór de begindatum." in excinfo.value.messages
    assert not Convenant.objects.filter(title="Verkeerd convenant").exists()


def test_an_organisation_listed_twice_is_refused_without_a_trace(region, beheerder):
    with pytest.raises(ValidationError):
        convenant_save(
            actor=beheerder,
            participations=[
                Participation(organisation=region.school, signed_on=TODAY),
                Participation(organisation=region.school, signed_on=TODAY),
            ],
            title="Dubbel",
            purpose="x",
            target_group="y",
            valid_from=TODAY,
        )
    assert not Convenant.objects.filter(title="Dubbel").exists()


def test_a_new_organisation_gets_its_own_group_and_an_audit_entry(region, beheerder):
    org = organisation_create(
        actor=beheerder,
        name="Fictieve Opvang",
        slug="fictieve-opvang",
        kind="opvang",
        domain="zorg",
        ring="flexibele_schil",
    )
    assert org.group.name == "org:fictieve-opvang"
    assert AuditEvent.objects.filter(
        object_type="partners.organisation", object_id=str(org.pk), action="create"
    ).exists()


def test_the_contact_person_must_work_for_the_organisation(
    region, beheerder, police_officer
):
    with pytest.raises(ValidationError) as excinfo:
        organisation_update(
            organisation=region.school, actor=beheerder, contact_person=police_officer
        )
    assert "contact_person" in excinfo.value.message_dict
    region.school.refresh_from_db()
    assert region.school.contact_person is None


def test_roles_map_onto_groups_and_model_permissions(region, beheerder):
    # Created by the system, as seed_demo does: a beheerder would only propose the
    # ketenregisseur role (tests/partners/test_role_proposals.py).
    user = user_create(
        actor=None,
        roles=[Role.KETENREGISSEUR],
        username="nieuwe.regisseur",
        first_name="Nieuwe",
        last_name="Regisseur",
        email="nr@example.org",
        organisation=region.gemeente,
    )
    assert user.role_names == {"ketenregisseur"}
    assert user.has_perm("partners.view_convenant")
    assert not user.has_perm("partners.change_organisation")
    assert not user.has_usable_password()  # they set it through the reset mail
    user = user_update(user=user, actor=None, roles=[Role.FUNCTIONEEL_BEHEERDER])
    from partners.models import User

    fresh = User.objects.get(pk=user.pk)
    assert fresh.has_perm("partners.change_organisation")
    assert fresh.groups.filter(name="org:gemeente").exists()
    event = AuditEvent.objects.filter(
        object_type="partners.user", object_id=str(user.pk), action="update"
    ).latest("id")
    assert "roles" in event.changed_fields


def test_moving_a_user_to_another_organisation_moves_their_group(
    region, beheerder, police_officer
):
    user_update(user=police_officer, actor=beheerder, organisation=region.om)
    groups = set(police_officer.groups.values_list("name", flat=True))
    assert "org:om" in groups and "org:politie" not in groups


def test_api_tokens_are_stored_only_as_a_hash_and_can_be_revoked(region):
    client, token = api_client_issue(organisation=region.gemeente, name="Meldpunt")
    stored = ApiClient.objects.get(pk=client.pk)
    assert token not in (stored.token_hash, stored.token_prefix) and len(token) >= 40
    assert api_client_authenticate(token) == client
    assert api_client_authenticate(token + "x") is None
    api_client_revoke(client=client)
    assert api_client_authenticate(token) is None


def test_issue_api_token_prints_the_token_once(region, capsys):
    call_command("issue_api_token", organisation="gemeente", name="Meldpunt test")
    out = capsys.readouterr().out
    token = out.split("token: ")[1].strip()
    client = api_client_authenticate(token)
    assert client is not None and client.name == "Meldpunt test"


def test_role_groups_hold_the_permissions_of_apps_above_partners():
    """roles_sync runs after every app's migrate, so later apps' permissions land too."""
    from django.contrib.auth.models import Group

    screener = set(
        Group.objects.get(name="rol:screener").permissions.values_list(
            "codename", flat=True
        )
    )
    assert {"add_dossier", "screen_signal", "view_all_dossier"} <= screener
    contact = set(
        Group.objects.get(name="rol:contactpersoon").permissions.values_list(
            "codename", flat=True
        )
    )
    assert "change_enrichmentrequest" in contact and "add_dossier" not in contact
