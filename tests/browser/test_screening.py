"""A victim melding through the screening in one real Chromium: the screener takes
it from the werkvoorraad and walks onderzoeken, verifiëren, vaststellen (oranje)
and terugkoppelen; then raises it to rood, which a second screener confirms (four
eyes); the doorlaatverbod alert about the minor reaches police and OM, and each
opens what it links to; then it goes back to oranje, four eyes again.
"""

from __future__ import annotations

import pytest

from classification.constants import ClassificationStatus, Colour
from classification.models import Classification
from classification.models_doorlaatverbod import DoorlaatverbodAlert
from notifications.models import Notification
from partners.constants import Domain, OrganisationKind, Ring, Role
from partners.models import Organisation, User
from signals.constants import Status
from signals.models import Dossier, DossierGroupObjectPermission, Signal
from signals.services import person_create_from_mention
from tests.browser.conftest import axe_violations, signed_in_context
from tests.classification.conftest import make_signal
from tests.factories import OrganisationFactory, UserFactory, sign

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def routing(region) -> list[Organisation]:
    """The Veiligheidshuis and the RCMP that oranje routes to, and the CJG."""
    made = [
        OrganisationFactory.create(
            name=name, slug=slug, kind=kind, domain=domain, ring=Ring.FLEXIBELE_SCHIL
        )
        for name, slug, kind, domain in (
            (
                "Veiligheidshuis Demoland",
                "veiligheidshuis",
                OrganisationKind.VEILIGHEIDSHUIS,
                Domain.VEILIGHEID,
            ),
            ("CJG Demostad", "cjg", OrganisationKind.CJG, Domain.ZORG),
            ("RCMP Demoland", "rcmp", OrganisationKind.RCMP, Domain.VEILIGHEID),
        )
    ]
    sign(region.convenant, *made)
    return made


@pytest.fixture
def second_screener(region) -> User:
    return UserFactory.create(
        username="tess.screener",
        first_name="Tess",
        last_name="Tweede",
        organisation=region.welzijn,
        roles=[Role.SCREENER],
    )


def open_as(browser, live_server, user: User, path: str):
    context = signed_in_context(browser, live_server, user)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}{path}")
    return context, page


def propose(page, colour: str, rationale: str) -> None:
    """Opschalen or afschalen on the screening page."""
    form = page.locator("form[action$='/kleur/']")
    form.get_by_label(colour, exact=True).check()
    form.get_by_label("Onderbouwing").fill(rationale)
    form.get_by_role("button", name="Kleur wijzigen").click()
    page.get_by_test_id("pending").wait_for()
    # The proposer cannot confirm the own proposal.
    assert page.get_by_role("button", name="Bevestigen").count() == 0


def confirm(browser, live_server, second_screener: User, path: str, colour: str):
    context, page = open_as(browser, live_server, second_screener, path)
    pending = page.get_by_test_id("pending")
    assert pending.get_by_text("Sam Screener stelt voor").is_visible()
    pending.get_by_role("button", name="Bevestigen").click()
    page.get_by_test_id("colour").filter(has_text=colour).wait_for()
    assert page.get_by_test_id("pending").count() == 0
    context.close()


def test_a_victim_melding_to_oranje_rood_with_four_eyes_and_back(
    browser,
    live_server,
    region,
    routing,
    school_worker,
    screener,
    second_screener,
    police_officer,
    om_officer,
):
    # The school's melding about a 15-year-old; the screeners already confirmed
    # her as a person (stacking), so the dossier made at vaststellen holds her.
    signal = make_signal(school_worker)
    person_create_from_mention(mention=signal.persons.get(), actor=screener)
    screening_path = f"/screening/{signal.uuid}/"

    # The werkvoorraad: take the melding, then open it.
    context, page = open_as(browser, live_server, screener, "/screening/")
    row = page.get_by_test_id("worklist").locator(f'[data-signal="{signal.reference}"]')
    assert axe_violations(page) == []
    row.get_by_role("button", name=f"Ik pak {signal.reference} op").click()
    page.wait_for_url(f"**{screening_path}")
    page.get_by_test_id("taken-by").filter(has_text="Sam Screener").wait_for()
    page.goto(f"{live_server.url}/screening/")
    row.get_by_text("Sam Screener").wait_for()
    row.get_by_role("link", name=signal.reference).click()
    page.wait_for_url(f"**{screening_path}")

    # Onderzoeken: the police was asked.
    page.get_by_test_id("phase").filter(has_text="Onderzoeken").wait_for()
    page.get_by_label("Politie Eenheid Demoland", exact=True).check()
    page.get_by_label("Wat is er gedaan en gevonden").fill(
        "Politie en school bevraagd; eerder signaal bij de politie (fictief)."
    )
    page.get_by_role("button", name="Vastleggen en verder").click()
    # Verifiëren: the reporter and the home situation were contacted.
    page.get_by_test_id("phase").filter(has_text="Verifiëren").wait_for()
    page.get_by_label("Melder benaderd voor meer informatie").check()
    page.get_by_label("Thuissituatie benaderd").check()
    page.get_by_label("Wat is er gedaan en gevonden").fill(
        "Mentor en ouders gesproken (fictief)."
    )
    page.get_by_role("button", name="Vastleggen en verder").click()
    # Vaststellen: oranje, which takes effect at once.
    page.get_by_test_id("phase").filter(has_text="Vaststellen").wait_for()
    assert axe_violations(page) == []
    page.get_by_label("Oranje", exact=True).check()
    page.get_by_label("Onderbouwing").fill(
        "Sterk vermoeden van loverboyactiviteit (fictief)."
    )
    page.get_by_role("button", name="Kleur vaststellen").click()
    page.get_by_test_id("colour").filter(has_text="Oranje").wait_for()
    # Terugkoppelen: what the school reads of it.
    page.get_by_test_id("phase").filter(has_text="Terugkoppelen").wait_for()
    page.get_by_label("Terugkoppeling aan de melder").fill(
        "Uw melding is opgepakt door het screeningsteam."
    )
    page.get_by_role("button", name="Terugkoppeling vastleggen").click()
    page.get_by_test_id("phase").filter(has_text="Afgerond").wait_for()
    assert page.get_by_test_id("steps").locator("li").count() == 3

    signal.refresh_from_db()
    assert signal.status == Status.CLASSIFIED and signal.feedback
    assert not signal.screening_open
    dossier = Dossier.objects.get(signals=signal)
    # The kernteam joined at oranje.
    joined = set(
        DossierGroupObjectPermission.objects.filter(content_object=dossier).values_list(
            "group_id", flat=True
        )
    )
    assert {region.politie.group_id, region.om.group_id} <= joined
    assert not DoorlaatverbodAlert.objects.exists()

    # Opschalen to rood: a proposal, pending until a second screener confirms.
    propose(page, "Rood", "Ze wordt bedreigd en uitgebuit (fictief).")
    assert axe_violations(page) == []
    context.close()
    confirm(browser, live_server, second_screener, screening_path, "Rood")

    # The doorlaatverbod alert about the minor reached police and OM; each opens
    # what it links to: the dossier, with the banner.
    assert DoorlaatverbodAlert.objects.filter(dossier=dossier).count() == 1
    for officer in (police_officer, om_officer):
        context, page = open_as(browser, live_server, officer, "/berichten/")
        alert = Notification.objects.get(
            recipient=officer, kind=Notification.Kind.DOORLAATVERBOD
        )
        assert dossier.reference in alert.title
        row = page.locator(f'[data-notification="{alert.pk}"]')
        row.get_by_role("button", name="Openen").click()
        page.wait_for_url(f"**/dossiers/{dossier.uuid}/")
        assert page.get_by_role(
            "heading", name=f"Dossier {dossier.reference}", level=1
        ).is_visible()
        assert page.get_by_test_id("dossier-banner-error").is_visible()
        assert axe_violations(page) == []
        context.close()

    # Afschalen to oranje: four eyes again.
    context, page = open_as(browser, live_server, screener, screening_path)
    page.get_by_test_id("colour").filter(has_text="Rood").wait_for()
    propose(page, "Oranje", "Veilig ondergebracht; de zorg loopt (fictief).")
    context.close()
    confirm(browser, live_server, second_screener, screening_path, "Oranje")

    history = list(
        Classification.objects.filter(dossier=dossier)
        .order_by("decided_at", "id")
        .values_list(
            "previous_colour", "colour", "status", "decided_by", "confirmed_by"
        )
    )
    assert history == [
        ("", Colour.ORANJE, ClassificationStatus.CONFIRMED, screener.pk, None),
        (
            Colour.ORANJE,
            Colour.ROOD,
            ClassificationStatus.CONFIRMED,
            screener.pk,
            second_screener.pk,
        ),
        (
            Colour.ROOD,
            Colour.ORANJE,
            ClassificationStatus.CONFIRMED,
            screener.pk,
            second_screener.pk,
        ),
    ]
    # Never left in the werkvoorraad, and the school sees status and feedback.
    assert not Signal.objects.get(pk=signal.pk).screening_open
