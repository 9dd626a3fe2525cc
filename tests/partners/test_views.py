"""The organisation overview and the functioneel beheerder's pages."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from partners.constants import Role
from partners.models import ApiClient, Convenant, Organisation, User
from partners.services import api_client_issue
from tests.factories import ConvenantFactory, OrganisationFactory, UserFactory, sign

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def html(response) -> str:
    return response.content.decode()


def card(page: str, slug: str) -> str:
    match = re.search(
        rf'<li class="org-card[^"]*" data-organisation="{slug}">(.*?)</li>',
        page,
        re.DOTALL,
    )
    assert match, f"no card for {slug}"
    return match.group(0)


def ring(page: str, name: str) -> str:
    """The markup of one ring up to its closing tag (the kernteam sits inside)."""
    start = page.index(f'data-ring="{name}"')
    if name == "kernteam":
        return page[start : page.index("</section>", start)]
    return page[start : page.rindex("</section>")]


# --- overview --------------------------------------------------------------------


def test_the_overview_draws_the_kernteam_inside_the_flexibele_schil(
    region, school_worker, as_user
):
    page = html(as_user(school_worker).get(reverse("partners:overview")))
    kern = ring(page, "kernteam")
    schil = ring(page, "flexibele_schil")
    assert 'data-organisation="politie"' in kern
    assert 'data-organisation="school"' not in kern
    assert 'data-organisation="school"' in schil
    # The kernteam ring is nested in the schil, as the handreiking draws it.
    assert schil.index('data-ring="kernteam"') > 0
    assert "Domein veiligheid" in page and "Domein zorg" in page


def test_the_overview_marks_the_outsider_as_without_convenant(
    region, outsider, as_user
):
    page = html(as_user(outsider).get(reverse("partners:overview")))
    assert "geen geldig convenant" in card(page, "sportclub")
    assert "org-card--no-convenant" in card(page, "sportclub")
    assert "geen geldig convenant" not in card(page, "politie")
    assert "Geldig convenant" in card(page, "politie")


def test_the_overview_shows_kind_domain_and_the_contact_persons_name_only(
    region, police_officer, as_user
):
    police_officer.phone = "0612345678"
    police_officer.save()
    region.politie.contact_person = police_officer
    region.politie.save()
    politie = card(
        html(as_user(police_officer).get(reverse("partners:overview"))), "politie"
    )
    assert "Pieter Agent" in politie
    assert "Politie" in politie and "veiligheid" in politie
    assert "org-card--veiligheid" in politie
    assert police_officer.email not in politie and "0612345678" not in politie


def test_inactive_organisations_are_not_in_the_overview(region, screener, as_user):
    region.outsider_org.active = False
    region.outsider_org.save()
    page = html(as_user(screener).get(reverse("partners:overview")))
    assert "Sportvereniging Nergenshuizen" not in page


def test_the_overview_page_costs_the_same_queries_for_5_and_25_organisations(
    region, ketenregisseur, as_user
):
    client = as_user(ketenregisseur)
    url = reverse("partners:overview")
    client.get(url)  # warm up the session

    def add(count: int) -> None:
        for _n in range(count):
            org = OrganisationFactory.create(kernteam=_n % 2 == 0)
            org.contact_person = UserFactory.create(organisation=org, totp=False)
            org.save()
            sign(region.convenant, org)

    def measure() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        return len(queries)

    add(5)
    with_5 = measure()
    add(20)
    with_25 = measure()
    assert html(client.get(url)).count('class="org-card ') == 7 + 25
    assert with_25 == with_5


def test_the_overview_needs_a_login(region, client):
    response = client.get(reverse("partners:overview"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


# --- who may manage ------------------------------------------------------------------

BEHEER_PAGES = [
    ("partners:beheer-organisations", False),
    ("partners:beheer-organisation-create", False),
    ("partners:beheer-organisation-edit", True),
    ("partners:beheer-users", False),
    ("partners:beheer-user-create", False),
    ("partners:beheer-user-edit", True),
    ("partners:beheer-convenants", False),
    ("partners:beheer-convenant-create", False),
    ("partners:beheer-convenant-edit", True),
]


def beheer_url(name: str, with_pk: bool, region, user: User) -> str:
    if not with_pk:
        return reverse(name)
    pk = {
        "partners:beheer-organisation-edit": region.politie.pk,
        "partners:beheer-user-edit": user.pk,
        "partners:beheer-convenant-edit": region.convenant.pk,
    }[name]
    return reverse(name, args=[pk])


@pytest.mark.parametrize(("name", "with_pk"), BEHEER_PAGES)
def test_a_police_officer_gets_403_on_every_beheer_page(
    region, police_officer, as_user, name, with_pk
):
    client = as_user(police_officer)
    url = beheer_url(name, with_pk, region, police_officer)
    assert client.get(url).status_code == 403
    assert client.post(url, {"name": "x", "slug": "x"}).status_code == 403


@pytest.mark.parametrize(("name", "with_pk"), BEHEER_PAGES)
def test_the_ketenregisseur_reads_convenants_but_manages_nothing(
    region, ketenregisseur, as_user, name, with_pk
):
    assert ketenregisseur.has_perm("partners.view_convenant")
    url = beheer_url(name, with_pk, region, ketenregisseur)
    assert as_user(ketenregisseur).get(url).status_code == 403


@pytest.mark.parametrize(("name", "with_pk"), BEHEER_PAGES)
def test_the_beheerder_opens_every_beheer_page(
    region, beheerder, as_user, name, with_pk
):
    url = beheer_url(name, with_pk, region, beheerder)
    assert as_user(beheerder).get(url).status_code == 200


# --- organisations -------------------------------------------------------------------

ORGANISATION_DATA = {
    "name": "Fictieve Vrouwenopvang",
    "slug": "fictieve-opvang",
    "kind": "opvang",
    "domain": "zorg",
    "ring": "flexibele_schil",
    "active": "on",
}


def test_the_beheerder_creates_an_organisation_with_group_and_audit_entry(
    region, beheerder, as_user
):
    response = as_user(beheerder).post(
        reverse("partners:beheer-organisation-create"), ORGANISATION_DATA, follow=True
    )
    org = Organisation.objects.get(slug="fictieve-opvang")
    assert org.group.name == "org:fictieve-opvang"
    assert org.ring == "flexibele_schil" and org.active
    event = AuditEvent.objects.get(
        action="create", object_type="partners.organisation", object_id=str(org.pk)
    )
    assert event.actor_username == "fenna.beheer"
    assert event.route == "POST " + reverse("partners:beheer-organisation-create")
    assert "Organisatie Fictieve Vrouwenopvang is aangemaakt." in html(response)
    assert "Fictieve Vrouwenopvang" in html(
        as_user(beheerder).get(reverse("partners:beheer-organisations"))
    )


def test_a_duplicate_slug_is_refused_in_dutch_and_nothing_is_stored(
    region, beheerder, as_user
):
    before = Organisation.objects.count()
    response = as_user(beheerder).post(
        reverse("partners:beheer-organisation-create"),
        {**ORGANISATION_DATA, "slug": "politie"},
    )
    assert response.status_code == 200
    message = "Deze korte naam is al in gebruik bij een andere organisatie."
    assert response.context["form"].errors["slug"] == [message]
    assert message in html(response)
    assert Organisation.objects.count() == before
    assert not AuditEvent.objects.filter(object_type="partners.organisation").exists()


def test_a_missing_field_gets_a_dutch_error_on_that_field(region, beheerder, as_user):
    data = {**ORGANISATION_DATA}
    del data["kind"]
    response = as_user(beheerder).post(
        reverse("partners:beheer-organisation-create"), data
    )
    assert response.context["form"].errors["kind"] == ["Dit veld is vereist."]
    assert not Organisation.objects.filter(slug="fictieve-opvang").exists()


def test_a_contact_person_from_another_organisation_is_refused(
    region, beheerder, school_worker, as_user
):
    data = {
        "name": region.politie.name,
        "slug": "politie",
        "kind": "politie",
        "domain": "veiligheid",
        "ring": "kernteam",
        "contact_person": school_worker.pk,
        "active": "on",
    }
    response = as_user(beheerder).post(
        reverse("partners:beheer-organisation-edit", args=[region.politie.pk]), data
    )
    assert response.status_code == 200
    assert response.context["form"].errors["contact_person"] == [
        "De vaste contactpersoon moet bij deze organisatie werken."
    ]
    assert "De vaste contactpersoon moet bij deze organisatie werken." in html(response)
    region.politie.refresh_from_db()
    assert region.politie.contact_person is None
    assert not AuditEvent.objects.filter(object_type="partners.organisation").exists()


def test_the_beheerder_appoints_a_contact_person_of_the_organisation(
    region, beheerder, police_officer, as_user
):
    data = {
        "name": region.politie.name,
        "slug": "politie",
        "kind": "politie",
        "domain": "veiligheid",
        "ring": "kernteam",
        "contact_person": police_officer.pk,
        "active": "on",
    }
    as_user(beheerder).post(
        reverse("partners:beheer-organisation-edit", args=[region.politie.pk]), data
    )
    region.politie.refresh_from_db()
    assert region.politie.contact_person == police_officer
    event = AuditEvent.objects.get(action="update", object_type="partners.organisation")
    assert event.changed_fields == ["contact_person"]


def test_a_service_refusal_shows_on_the_form_and_stores_nothing(
    region, beheerder, as_user, monkeypatch
):
    def refuse(**kwargs: Any) -> None:
        raise ValidationError({"slug": "Deze korte naam is gereserveerd."})

    monkeypatch.setattr("partners.views.organisation_create", refuse)
    response = as_user(beheerder).post(
        reverse("partners:beheer-organisation-create"), ORGANISATION_DATA
    )
    assert response.context["form"].errors["slug"] == [
        "Deze korte naam is gereserveerd."
    ]
    assert not Organisation.objects.filter(slug="fictieve-opvang").exists()


# --- users -------------------------------------------------------------------------


def user_data(user: User, **overrides: Any) -> dict[str, Any]:
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "phone": user.phone,
        "organisation": user.organisation_id,
        "is_active": "on",
        "roles": sorted(user.role_names),
    }
    data.update(overrides)
    return data


def test_the_beheerder_changes_a_users_roles_and_it_is_audited(
    region, beheerder, police_officer, as_user
):
    response = as_user(beheerder).post(
        reverse("partners:beheer-user-edit", args=[police_officer.pk]),
        user_data(police_officer, roles=[Role.PARTNERMEDEWERKER, Role.CONTACTPERSOON]),
        follow=True,
    )
    assert "Gebruiker pieter.agent is opgeslagen." in html(response)
    fresh = User.objects.get(pk=police_officer.pk)
    assert fresh.role_names == {"partnermedewerker", "contactpersoon"}
    event = AuditEvent.objects.get(
        action="update", object_type="partners.user", object_id=str(fresh.pk)
    )
    assert "roles" in event.changed_fields
    assert event.actor_username == "fenna.beheer"


def test_the_user_form_offers_every_role_as_a_checkbox(
    region, beheerder, police_officer, as_user
):
    page = html(
        as_user(beheerder).get(
            reverse("partners:beheer-user-edit", args=[police_officer.pk])
        )
    )
    for role in Role:
        assert f'type="checkbox" name="roles" value="{role.value}"' in page
    assert re.search(r'value="partnermedewerker"[^>]*checked', page)


def test_the_beheerder_creates_a_user_who_sets_their_own_password(
    region, beheerder, as_user
):
    response = as_user(beheerder).post(
        reverse("partners:beheer-user-create"),
        {
            "username": "nina.nieuw",
            "first_name": "Nina",
            "last_name": "Nieuw",
            "email": "nina@example.org",
            "organisation": region.school.pk,
            "is_active": "on",
            "roles": [Role.PARTNERMEDEWERKER],
        },
    )
    assert response.status_code == 302
    user = User.objects.get(username="nina.nieuw")
    assert user.organisation == region.school
    assert user.role_names == {"partnermedewerker"}
    assert not user.has_usable_password()
    assert AuditEvent.objects.filter(
        action="create", object_type="partners.user", object_id=str(user.pk)
    ).exists()


def test_a_taken_username_and_an_unknown_role_are_refused_per_field(
    region, beheerder, police_officer, as_user
):
    response = as_user(beheerder).post(
        reverse("partners:beheer-user-create"),
        {
            "username": "pieter.agent",
            "first_name": "Tweede",
            "last_name": "Pieter",
            "email": "",
            "organisation": region.politie.pk,
            "roles": ["superheld"],
        },
    )
    errors = response.context["form"].errors
    assert errors["username"] == [
        "Er bestaat al een gebruiker met deze gebruikersnaam."
    ]
    assert errors["email"] == ["Dit veld is vereist."]
    assert "superheld" in errors["roles"][0]
    assert User.objects.filter(last_name="Pieter").count() == 0


def test_the_beheerder_cannot_take_away_their_own_beheer_role(
    region, beheerder, as_user
):
    # Her own roles are not hers to change: the posted roles are ignored.
    as_user(beheerder).post(
        reverse("partners:beheer-user-edit", args=[beheerder.pk]),
        user_data(beheerder, roles=[Role.KETENREGISSEUR]),
    )
    assert User.objects.get(pk=beheerder.pk).role_names == {"functioneel_beheerder"}


def test_the_user_list_filters_by_organisation_and_text(
    region, beheerder, police_officer, school_worker, as_user
):
    client = as_user(beheerder)
    url = reverse("partners:beheer-users")
    by_org = html(client.post(url, {"organisation": region.politie.pk, "text": ""}))
    assert "pieter.agent" in by_org and "sofie.mentor" not in by_org
    by_text = html(client.post(url, {"organisation": "", "text": "mentor"}))
    assert "sofie.mentor" in by_text and "pieter.agent" not in by_text
    everyone = html(client.get(url))
    assert "pieter.agent" in everyone and "sofie.mentor" in everyone
    assert "Partnermedewerker" in everyone


def test_the_user_list_is_paginated_by_50(region, beheerder, as_user):
    for n in range(55):
        UserFactory.create(
            username=f"fictief{n:02}", organisation=region.om, totp=False
        )
    client = as_user(beheerder)
    url = reverse("partners:beheer-users")
    first = client.post(url, {"organisation": region.om.pk})
    assert len(first.context["page_obj"].object_list) == 50
    second = client.post(url, {"organisation": region.om.pk, "pagina": "2"})
    assert len(second.context["page_obj"].object_list) == 5


# --- convenant ---------------------------------------------------------------------


def convenant_data(
    participants: list[dict[str, Any]], **overrides: Any
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "title": "Convenant Demoregio 2027",
        "purpose": "Signaleren en aanpakken van loverboyproblematiek.",
        "target_group": "Jongeren tot 23 jaar.",
        "valid_from": (TODAY - 10 * DAY).isoformat(),
        "valid_until": "",
        "deelnemers-TOTAL_FORMS": str(len(participants)),
        "deelnemers-INITIAL_FORMS": "0",
        "deelnemers-MIN_NUM_FORMS": "0",
        "deelnemers-MAX_NUM_FORMS": "1000",
    }
    for index, participant in enumerate(participants):
        for key, value in participant.items():
            data[f"deelnemers-{index}-{key}"] = value
    data.update(overrides)
    return data


def test_the_beheerder_creates_a_convenant_with_signatories_and_sees_it_valid(
    region, beheerder, as_user
):
    client = as_user(beheerder)
    data = convenant_data(
        [
            {
                "organisation": region.gemeente.pk,
                "signed_on": (TODAY - 5 * DAY).isoformat(),
            },
            {
                "organisation": region.outsider_org.pk,
                "signed_on": (TODAY - 5 * DAY).isoformat(),
                "withdrawn_on": (TODAY + 30 * DAY).isoformat(),
            },
            {"organisation": "", "signed_on": "", "withdrawn_on": ""},
        ]
    )
    response = client.post(
        reverse("partners:beheer-convenant-create"), data, follow=True
    )
    convenant = Convenant.objects.get(title="Convenant Demoregio 2027")
    assert set(convenant.organisations.values_list("slug", flat=True)) == {
        "gemeente",
        "sportclub",
    }
    page = html(response)
    assert "Convenant Convenant Demoregio 2027 is opgeslagen." in page
    assert 'data-validity="valid"' in page
    assert "Dit convenant is geldig op" in page
    assert AuditEvent.objects.filter(
        action="create", object_type="partners.convenant", object_id=str(convenant.pk)
    ).exists()
    # The outsider signed this one, so it now counts as covered.
    overview = html(client.get(reverse("partners:overview")))
    assert "geen geldig convenant" not in card(overview, "sportclub")


def test_the_convenant_list_shows_which_convenant_is_valid_today(
    region, beheerder, as_user
):
    expired = ConvenantFactory.create(
        title="Verlopen convenant",
        valid_from=TODAY - 900 * DAY,
        valid_until=TODAY - DAY,
    )
    page = html(as_user(beheerder).get(reverse("partners:beheer-convenants")))
    row = re.search(rf'data-convenant="{expired.pk}">(.*?)</tr>', page, re.DOTALL)
    assert row and "niet geldig" in row.group(1)
    current = re.search(
        rf'data-convenant="{region.convenant.pk}">(.*?)</tr>', page, re.DOTALL
    )
    assert current and "niet geldig" not in current.group(1)
    assert "geldig" in current.group(1)


def test_an_end_date_before_the_start_date_is_refused_on_that_field(
    region, beheerder, as_user
):
    data = convenant_data(
        [{"organisation": region.gemeente.pk, "signed_on": TODAY.isoformat()}],
        valid_from=TODAY.isoformat(),
        valid_until=(TODAY - DAY).isoformat(),
    )
    response = as_user(beheerder).post(
        reverse("partners:beheer-convenant-create"), data
    )
    assert response.status_code == 200
    assert response.context["form"].errors["valid_until"] == [
        "De einddatum ligt vóór de begindatum."
    ]
    assert not Convenant.objects.filter(title="Convenant Demoregio 2027").exists()
    assert not AuditEvent.objects.filter(object_type="partners.convenant").exists()


def test_bad_signatory_rows_are_refused_per_field_and_nothing_is_stored(
    region, beheerder, as_user
):
    data = convenant_data(
        [
            {
                "organisation": region.school.pk,
                "signed_on": TODAY.isoformat(),
                "withdrawn_on": (TODAY - DAY).isoformat(),
            },
            {"organisation": region.gemeente.pk, "signed_on": TODAY.isoformat()},
            {"organisation": region.gemeente.pk, "signed_on": TODAY.isoformat()},
        ]
    )
    response = as_user(beheerder).post(
        reverse("partners:beheer-convenant-create"), data
    )
    formset = response.context["formset"]
    assert formset.forms[0].errors["withdrawn_on"] == [
        "De uittreding moet na de ondertekening liggen."
    ]
    assert formset.forms[2].errors["organisation"] == [
        "Gemeente Demostad staat al eerder in de lijst van deelnemers."
    ]
    assert "De uittreding moet na de ondertekening liggen." in html(response)
    assert not Convenant.objects.filter(title="Convenant Demoregio 2027").exists()


def test_removing_a_signatory_withdraws_it_and_keeps_the_record(
    region, beheerder, as_user
):
    convenant = region.convenant
    participations = list(
        convenant.participations.select_related("organisation").order_by(
            "organisation__name"
        )
    )
    rows = [
        {
            "organisation": p.organisation_id,
            "signed_on": p.signed_on.isoformat(),
            "withdrawn_on": "",
            **({"DELETE": "on"} if p.organisation.slug == "school" else {}),
        }
        for p in participations
    ]
    data = convenant_data(
        rows,
        title=convenant.title,
        purpose=convenant.purpose,
        target_group=convenant.target_group,
        valid_from=convenant.valid_from.isoformat(),
        valid_until=convenant.valid_until.isoformat(),
    )
    data["deelnemers-INITIAL_FORMS"] = str(len(rows))
    response = as_user(beheerder).post(
        reverse("partners:beheer-convenant-edit", args=[convenant.pk]), data
    )
    assert response.status_code == 302
    school = convenant.participations.get(organisation=region.school)
    assert school.withdrawn_on is not None
    event = AuditEvent.objects.get(action="update", object_type="partners.convenant")
    assert event.changed_fields == ["deelnemer:school"]


# --- Django admin --------------------------------------------------------------------


def test_the_admin_never_shows_an_api_token_or_its_hash(region, as_user):
    admin = UserFactory.create(
        username="ada.admin",
        organisation=region.gemeente,
        is_staff=True,
        is_superuser=True,
    )
    client, token = api_client_issue(organisation=region.gemeente, name="Meldpunt")
    stored = ApiClient.objects.get(pk=client.pk)
    page = html(
        as_user(admin).get(reverse("admin:partners_apiclient_change", args=[client.pk]))
    )
    assert "Meldpunt" in page and stored.token_prefix in page
    assert stored.token_hash not in page and token not in page
    assert 'name="token_prefix"' not in page  # shown, not editable


def test_a_contact_person_cannot_move_to_another_organisation_unnoticed(
    region, beheerder, police_officer, as_user
):
    region.politie.contact_person = police_officer
    region.politie.save()
    response = as_user(beheerder).post(
        reverse("partners:beheer-user-edit", args=[police_officer.pk]),
        user_data(police_officer, organisation=region.om.pk),
    )
    assert response.context["form"].errors["organisation"] == [
        "Deze gebruiker is de vaste contactpersoon van Politie Eenheid Demoland. "
        "Wijs daar eerst een andere contactpersoon aan."
    ]
    assert User.objects.get(pk=police_officer.pk).organisation == region.politie
