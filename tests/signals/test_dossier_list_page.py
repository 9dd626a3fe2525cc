"""The dossier list page as a whole: what each row shows, the menu above it, what
one request costs and leaves behind."""

from __future__ import annotations

import datetime
import re

import pytest
from django.db import connection
from django.template.defaultfilters import date as date_filter
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from ketenaanpak.context_processors import _menu
from signals.constants import DossierStatus
from signals.models import Dossier
from signals.services import dossier_create, dossier_set_casemanager
from tests.factories import UserFactory
from tests.signals.test_dossier_views import content, enter_signal

pytestmark = pytest.mark.django_db

LIST = reverse("dossiers:list")
MENU_PERMISSIONS = {
    "signals": "signals.view_signal",
    "trend": "signals.view_trend_signal",
    "dossiers": "signals.view_dossier",
    "enrichment": "signals.change_enrichmentrequest",
    "screening": "signals.screen_signal",
    "hand_offs": "classification.view_handoff",
    "beheer": "partners.change_organisation",
    "audit": "audit.view_auditevent",
    "casusoverleg": "casusoverleg.view_meeting",
    "actions": "casusoverleg.view_intervention",
}


def row_of(page: str, dossier: Dossier) -> str:
    match = re.search(
        rf'<tr class="utrecht-table__row" data-dossier="{dossier.reference}">'
        r"(.*?)</tr>",
        page,
        re.S,
    )
    assert match, dossier.reference
    return match.group(1)


@pytest.fixture
def two_dossiers(screener, school_worker) -> tuple[Dossier, Dossier]:
    weighed = dossier_create(actor=screener, signals=[enter_signal(school_worker)])
    dossier_set_casemanager(dossier=weighed, casemanager=screener, actor=screener)
    fresh = dossier_create(actor=screener, signals=[enter_signal(school_worker)])
    # Late on 3 May in UTC is 4 May in Amsterdam; March is "mrt" in Dutch.
    Dossier.objects.filter(pk=weighed.pk).update(
        status=DossierStatus.WEGING,
        updated_at=datetime.datetime(2026, 5, 3, 22, 30, tzinfo=datetime.UTC),
    )
    Dossier.objects.filter(pk=fresh.pk).update(
        updated_at=datetime.datetime(2026, 3, 9, 8, 5, tzinfo=datetime.UTC)
    )
    weighed.refresh_from_db()
    fresh.refresh_from_db()
    return weighed, fresh


def test_each_row_shows_link_status_owner_casemanager_and_local_date_in_dutch(
    as_user, screener, two_dossiers
):
    weighed, fresh = two_dossiers
    page = content(as_user(screener).get(LIST))
    detail = reverse("dossiers:detail", kwargs={"uuid": weighed.uuid})
    assert row_of(page, weighed) == (
        f'\n      <th class="utrecht-table__cell" scope="row"><a class="utrecht-link" '
        f'href="{detail}">{weighed.reference}</a></th>'
        '\n      <td class="utrecht-table__cell">Weging en kwalificatie</td>'
        '\n      <td class="utrecht-table__cell">Welzijn Demostad</td>'
        '\n      <td class="utrecht-table__cell">Sam Screener</td>'
        '\n      <td class="utrecht-table__cell"><time '
        'datetime="2026-05-04T00:30:00+02:00">4 Mei 2026 00:30</time></td>'
        '\n      <td class="utrecht-table__cell" data-open-questions="0">0</td>\n    '
    )
    fresh_row = row_of(page, fresh)
    assert '<td class="utrecht-table__cell">Signalering</td>' in fresh_row
    assert '<td class="utrecht-table__cell">–</td>' in fresh_row
    assert "9 Mrt 2026 09:05</time>" in fresh_row


def test_the_dates_read_as_the_date_filter_writes_them(as_user, screener, two_dossiers):
    page = content(as_user(screener).get(LIST))
    for dossier in two_dossiers:
        local = timezone.localtime(dossier.updated_at)
        expected = (
            f'<time datetime="{date_filter(local, "c")}">'
            f"{date_filter(local, 'j M Y H:i')}</time>"
        )
        assert expected in row_of(page, dossier)


def test_a_casemanager_without_a_name_is_shown_by_username(
    as_user, screener, two_dossiers, region
):
    weighed, _ = two_dossiers
    nameless = UserFactory(
        username="n.naamloos", first_name="", last_name="", organisation=region.welzijn
    )
    Dossier.objects.filter(pk=weighed.pk).update(casemanager=nameless)
    page = content(as_user(screener).get(LIST))
    assert '<td class="utrecht-table__cell">n.naamloos</td>' in row_of(page, weighed)


def test_names_in_a_row_are_escaped(as_user, screener, two_dossiers, region):
    region.welzijn.name = "Welzijn <b>Demostad</b>"
    region.welzijn.save()
    page = content(as_user(screener).get(LIST))
    assert "Welzijn &lt;b&gt;Demostad&lt;/b&gt;" in row_of(page, two_dossiers[0])


def test_every_view_of_the_list_is_audited(as_user, screener, two_dossiers):
    client = as_user(screener)
    content(client.get(LIST))
    content(client.get(LIST, {"pagina": "1"}))
    events = AuditEvent.objects.filter(action="list", object_type="signals.dossier")
    assert [e.reason for e in events] == ["dossierlijst, pagina 1"] * 2
    assert {e.actor_id for e in events} == {screener.pk}


def test_one_request_reads_the_permissions_once_and_writes_only_its_audit_entry(
    as_user, police_officer, two_dossiers
):
    client = as_user(police_officer)
    content(client.get(LIST))  # stamps the session, warms the permission-id cache
    with CaptureQueriesContext(connection) as ctx:
        page = content(client.get(LIST))
    sqls = [q["sql"] for q in ctx.captured_queries]
    assert 'href="/dossiers/"' in page  # the menu still offers the list
    # Django's ModelBackend (user and group permissions) is not asked.
    assert not [s for s in sqls if "user_permissions" in s]
    assert len([s for s in sqls if "auth_group_permissions" in s]) == 1
    writes = [s for s in sqls if s.split()[0] in {"INSERT", "UPDATE", "DELETE"}]
    assert len(writes) == 1 and "audit_auditevent" in writes[0]
    reads = [s for s in sqls if s.startswith("SELECT")]
    # session, user with organisation, OTP device, the access principal
    # (organisation, convenant and roles in one), count, page.
    assert len(reads) == 6, "\n".join(reads)


@pytest.mark.parametrize(
    "persona",
    [
        "ketenregisseur",
        "screener",
        "police_officer",
        "om_officer",
        "school_worker",
        "beheerder",
    ],
)
def test_the_menu_answers_as_django_permissions_do(persona, request):
    user = request.getfixturevalue(persona)
    menu = _menu(user)
    assert menu == {
        item: user.has_perm(perm) for item, perm in MENU_PERMISSIONS.items()
    }
    assert any(menu.values())


def test_the_menu_offers_no_case_work_without_a_convenant(outsider):
    """The menu reads the access principal, which holds no permission for work on
    cases while the organisation has no valid convenant; Django's own has_perm
    answers from the same principal, though the role still holds the permission."""
    assert outsider.groups.filter(permissions__codename="view_signal").exists()
    assert not outsider.has_perm("signals.view_signal")
    assert not any(_menu(outsider).values())


def test_the_menu_shows_a_superuser_everything(region):
    admin = UserFactory.create(
        username="ada.admin",
        organisation=region.gemeente,
        is_staff=True,
        is_superuser=True,
    )
    assert _menu(admin) == dict.fromkeys(MENU_PERMISSIONS, True)


def test_the_menu_links_follow_the_role(as_user, beheerder, school_worker):
    beheer_page = content(as_user(beheerder).get("/"))
    assert 'href="/dossiers/"' not in beheer_page
    assert reverse("partners:beheer-organisations") in beheer_page
    school_page = content(as_user(school_worker).get(LIST))
    # The menu offers the list and marks it as the page the school worker is on.
    assert 'href="/dossiers/" aria-current="page">Dossiers</a>' in school_page
    assert reverse("partners:beheer-organisations") not in school_page
