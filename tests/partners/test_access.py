"""The access layer, proven on a protected test model shaped like a dossier."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from audit.models import AuditEvent
from partners.access import (
    access_grant,
    access_revoke,
    can,
    convenant_valid,
    get_visible_or_404,
    principal_for,
    visible_to,
)
from partners.constants import Role
from partners.models import ConvenantParticipation, Organisation, User
from partners.services import role_group
from tests.accessfixture.models import Casefile, CasefileGroupObjectPermission
from tests.factories import ConvenantFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def casefile_role_permissions(region):
    """Roles that work on cases may view and change them (model level)."""
    perms = Permission.objects.filter(
        content_type__app_label="accessfixture",
        codename__in=["view_casefile", "change_casefile"],
    )
    for role in (Role.KETENREGISSEUR, Role.SCREENER, Role.PARTNERMEDEWERKER):
        role_group(role).permissions.add(*perms)


@pytest.fixture
def casefiles(region, ketenregisseur):
    """Three cases: the police and OM on the first two, the school invited to one."""
    first, second, third = (
        Casefile.objects.create(title=f"casus {n}") for n in range(3)
    )
    for case in (first, second):
        access_grant(
            obj=case,
            organisation=region.politie,
            actions=["view", "change"],
            actor=ketenregisseur,
        )
        access_grant(
            obj=case, organisation=region.om, actions=["view"], actor=ketenregisseur
        )
    access_grant(
        obj=first, organisation=region.school, actions=["view"], actor=ketenregisseur
    )
    access_grant(
        obj=third, organisation=region.gemeente, actions=["view"], actor=ketenregisseur
    )
    access_grant(
        obj=first,
        organisation=region.outsider_org,
        actions=["view"],
        actor=ketenregisseur,
    )
    return first, second, third


def titles(qs) -> set[str]:
    return set(qs.values_list("title", flat=True))


def test_police_officer_sees_the_cases_the_police_takes_part_in(
    police_officer, casefiles
):
    assert titles(visible_to(Casefile.objects.all(), user=police_officer)) == {
        "casus 0",
        "casus 1",
    }


def test_school_worker_sees_only_the_case_the_school_was_invited_to(
    school_worker, casefiles
):
    assert titles(visible_to(Casefile.objects.all(), user=school_worker)) == {"casus 0"}


def test_outsider_without_convenant_sees_nothing_even_with_a_grant(outsider, casefiles):
    first = casefiles[0]
    assert not visible_to(Casefile.objects.all(), user=outsider).exists()
    assert can(outsider, "view", first) is False
    with pytest.raises(Http404):
        get_visible_or_404(Casefile.objects.all(), user=outsider, pk=first.pk)


def test_om_officer_may_view_but_not_change(om_officer, police_officer, casefiles):
    first = casefiles[0]
    assert can(om_officer, "view", first)
    assert not can(om_officer, "change", first)
    assert can(police_officer, "change", first)
    assert not visible_to(
        Casefile.objects.all(), user=om_officer, action="change"
    ).exists()


def test_a_role_without_the_model_permission_sees_nothing_despite_the_grant(
    region, casefiles
):
    contact = UserFactory.create(
        organisation=region.politie, roles=[Role.CONTACTPERSOON]
    )
    assert not visible_to(Casefile.objects.all(), user=contact).exists()
    assert not can(contact, "view", casefiles[0])


def test_an_object_outside_scope_is_a_404_not_a_403(school_worker, casefiles):
    second = casefiles[1]
    with pytest.raises(Http404):
        get_visible_or_404(Casefile.objects.all(), user=school_worker, pk=second.pk)
    assert get_visible_or_404(
        Casefile.objects.all(), user=school_worker, pk=casefiles[0].pk
    )


def test_revoking_the_invitation_ends_the_school_workers_access(
    school_worker, ketenregisseur, region, casefiles
):
    first = casefiles[0]
    access_revoke(
        obj=first,
        organisation=region.school,
        actor=ketenregisseur,
        reason="uitnodiging ingetrokken",
    )
    fresh = User.objects.get(pk=school_worker.pk)
    assert not can(fresh, "view", first)
    assert AuditEvent.objects.filter(
        action="revoke", object_id=str(first.pk), object_type="accessfixture.casefile"
    ).exists()


def test_grants_are_audited_and_idempotent(region, ketenregisseur, casefiles):
    first = casefiles[0]
    before = AuditEvent.objects.filter(action="grant").count()
    access_grant(
        obj=first, organisation=region.politie, actions=["view"], actor=ketenregisseur
    )
    assert AuditEvent.objects.filter(action="grant").count() == before
    assert (
        CasefileGroupObjectPermission.objects.filter(
            content_object=first, group=region.politie.group
        ).count()
        == 2
    )


def test_an_expired_convenant_closes_access_for_everyone(
    police_officer, region, casefiles
):
    region.convenant.valid_until = timezone.localdate() - datetime.timedelta(days=1)
    region.convenant.valid_from = timezone.localdate() - datetime.timedelta(days=400)
    region.convenant.save()
    assert not visible_to(Casefile.objects.all(), user=police_officer).exists()


def test_a_withdrawn_organisation_loses_access_from_the_withdrawal_date(
    police_officer, region, casefiles
):
    ConvenantParticipation.objects.filter(organisation=region.politie).update(
        withdrawn_on=timezone.localdate()
    )
    assert not can(User.objects.get(pk=police_officer.pk), "view", casefiles[0])


def test_an_inactive_organisation_gets_nothing(police_officer, region, casefiles):
    region.politie.active = False
    region.politie.save()
    assert not can(User.objects.get(pk=police_officer.pk), "view", casefiles[0])


def test_an_inactive_user_gets_nothing(police_officer, casefiles):
    police_officer.is_active = False
    assert principal_for(police_officer) is None
    assert not visible_to(Casefile.objects.all(), user=police_officer).exists()


def test_model_level_permission_alone_never_grants_objects(region, casefiles):
    """Guardian's defaults would let a global perm see everything; ours must not."""
    gemeente_worker = UserFactory.create(
        organisation=region.gemeente, roles=[Role.PARTNERMEDEWERKER]
    )
    assert gemeente_worker.has_perm("accessfixture.view_casefile")
    assert titles(visible_to(Casefile.objects.all(), user=gemeente_worker)) == {
        "casus 2"
    }


def test_list_scoping_is_one_query_whatever_the_page_size(
    region, police_officer, ketenregisseur
):
    cases = Casefile.objects.bulk_create(Casefile(title=f"bulk {n}") for n in range(60))
    perm = Permission.objects.get(codename="view_casefile")
    CasefileGroupObjectPermission.objects.bulk_create(
        CasefileGroupObjectPermission(
            content_object=c, group=region.politie.group, permission=perm
        )
        for c in cases
    )
    # Per-request and per-process lookups (principal, permission id) come first.
    principal_for(police_officer)
    list(visible_to(Casefile.objects.all(), user=police_officer)[:1])

    def page(size: int) -> tuple[int, int, str]:
        with CaptureQueriesContext(connection) as ctx:
            qs = visible_to(Casefile.objects.all(), user=police_officer)
            total = qs.count()
            rows = list(qs[:size])
        assert len(rows) == min(size, 60)
        return len(ctx.captured_queries), total, ctx.captured_queries[-1]["sql"]

    ten = page(10)
    fifty = page(50)
    assert ten[0] == fifty[0] == 2  # count + page; no per-row permission checks
    assert ten[1] == fifty[1] == 60
    sql = fifty[2]
    assert "EXISTS" in sql.upper()
    # Literal ids, not a join on auth_permission's codename (docs/architecture.md).
    assert "auth_permission" not in sql
    assert "codename" not in sql


def test_principal_costs_one_query_and_is_cached_per_user_object(police_officer):
    fresh = User.objects.get(pk=police_officer.pk)
    with CaptureQueriesContext(connection) as ctx:
        first = principal_for(fresh)
        second = principal_for(fresh)
    assert first is second
    assert len(ctx.captured_queries) == 1
    assert first is not None
    assert "accessfixture.view_casefile" in first.permissions
    assert first.roles == {"partnermedewerker"}
    assert first.group_ids == (police_officer.organisation.group_id,)


def test_principal_of_a_user_without_roles_has_no_permissions(region):
    user = UserFactory.create(organisation=region.politie)
    principal = principal_for(user)
    assert principal is not None
    assert principal.roles == frozenset()
    assert principal.permissions == frozenset()
    assert principal.group_id == region.politie.group_id


def test_without_a_valid_convenant_the_principal_grants_no_work_on_cases(
    region, police_officer, beheerder
):
    """The convenant gate lives in the principal: no organisation group and no
    permission outside the chain's own administration, so no selector needs to
    (or can forget to) check the convenant itself."""
    ConvenantParticipation.objects.filter(organisation=region.politie).update(
        withdrawn_on=timezone.localdate()
    )
    region.convenant.valid_until = timezone.localdate() - DAY
    region.convenant.save()
    officer = principal_for(User.objects.get(pk=police_officer.pk))
    assert officer is not None
    assert officer.group_id is None
    assert officer.group_ids == ()
    assert officer.permissions == {"partners.view_organisation"}
    assert "accessfixture.view_casefile" not in officer.permissions
    # The beheerder can still record the renewed convenant.
    manager = principal_for(User.objects.get(pk=beheerder.pk))
    assert manager is not None
    assert manager.group_id is None
    assert {"partners.change_convenant", "audit.view_auditevent"} <= manager.permissions


DAY = datetime.timedelta(days=1)


@pytest.mark.parametrize(
    ("signed", "withdrawn", "valid_from", "valid_until", "active", "valid"),
    [
        (-300, None, -365, 365, True, True),  # signed, in force
        (-300, None, -365, 365, False, False),  # inactive organisation
        (1, None, -365, 365, True, False),  # signs tomorrow
        (0, None, -365, 365, True, True),  # signs today
        (-300, 0, -365, 365, True, False),  # withdrawn today
        (-300, -1, -365, 365, True, False),  # withdrew yesterday
        (-300, 1, -365, 365, True, True),  # withdraws tomorrow
        (-300, None, 1, 365, True, False),  # convenant starts tomorrow
        (-300, None, 0, 365, True, True),  # convenant starts today
        (-300, None, -365, 0, True, True),  # convenant ends today
        (-300, None, -365, -1, True, False),  # convenant ended yesterday
        (-300, None, -365, None, True, True),  # open-ended convenant
    ],
)
def test_principal_reads_the_convenant_rule_of_the_organisation_queryset(
    signed, withdrawn, valid_from, valid_until, active, valid
):
    """The principal's SQL is compiled from the one ORM rule
    (partners.models.valid_convenant_q); both say what the convenant says."""
    today = timezone.localdate()
    organisation = OrganisationFactory.create(active=active)
    convenant = ConvenantFactory.create(
        valid_from=today + valid_from * DAY,
        valid_until=None if valid_until is None else today + valid_until * DAY,
    )
    ConvenantParticipation.objects.create(
        convenant=convenant,
        organisation=organisation,
        signed_on=today + signed * DAY,
        withdrawn_on=None if withdrawn is None else today + withdrawn * DAY,
    )
    user = UserFactory.create(organisation=organisation)
    expected = (
        Organisation.objects.with_valid_convenant()
        .get(pk=organisation.pk)
        # An annotation of with_valid_convenant(), which django-stubs cannot see.
        .has_valid_convenant  # type: ignore[attr-defined]
    )
    assert expected is valid
    principal = principal_for(user)
    assert principal is not None
    assert (principal.group_id is not None) is expected
    assert convenant_valid(organisation.pk) is expected


def test_visible_count_counts_grants_up_to_the_cap(
    region, police_officer, outsider, casefiles
):
    from partners.access import visible_count

    assert visible_count(Casefile, user=police_officer, cap=1000) == 2
    assert visible_count(Casefile, user=police_officer, cap=1) == 2  # cap + 1 at most
    assert visible_count(Casefile, user=police_officer, action="change", cap=10) == 2
    assert visible_count(Casefile, user=outsider, cap=10) == 0


def test_table_count_counts_rows_up_to_the_cap(region, casefiles):
    from partners.access import table_count

    assert Casefile.objects.count() >= 2
    total = Casefile.objects.count()
    assert table_count(Casefile, cap=1000) == total
    assert table_count(Casefile, cap=1) == 2  # cap + 1 at most
    assert table_count(Casefile, cap=0) == 1
