"""CoMensha reports: the consent rule per age and per kind of organisation, the
recorded consent, the PDF and structured exports, and who reported when."""

from __future__ import annotations

import datetime
import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from classification.constants_risk import ConsentBasis
from classification.models_comensha import ComenshaReport
from classification.pdf import static_only_fetcher_class
from classification.services_comensha import (
    comensha_report_create,
)
from partners.constants import Domain, OrganisationKind, Ring, Role
from signals.services import dossier_invite
from tests.classification.risk_helpers import VICTIM, dossier_about
from tests.conftest import verified_client
from tests.factories import OrganisationFactory, UserFactory, sign

pytestmark = pytest.mark.django_db


def _born_years_ago(years: int, days: int = 0) -> datetime.date:
    today = timezone.localdate()
    return today.replace(year=today.year - years) - datetime.timedelta(days=days)


@pytest.mark.parametrize(
    ("years", "days", "signer", "refused"),
    [
        (15, 0, ConsentBasis.PARENT_OR_GUARDIAN, None),
        (15, 0, ConsentBasis.PERSON, ConsentBasis.PERSON),
        (15, 364, ConsentBasis.PERSON, ConsentBasis.PERSON),  # the day before 16
        (16, 0, ConsentBasis.PERSON, None),  # the 16th birthday
        (16, 0, ConsentBasis.PARENT_OR_GUARDIAN, ConsentBasis.PARENT_OR_GUARDIAN),
        (19, 0, ConsentBasis.PERSON, None),
    ],
)
def test_consent_by_the_person_from_16_and_by_a_parent_under_16(
    screener, years, days, signer, refused
):
    dossier, person = dossier_about(
        screener, age=None, date_of_birth=_born_years_ago(years, days)
    )
    create = lambda: comensha_report_create(  # noqa: E731
        dossier=dossier,
        person=person,
        actor=screener,
        consent_basis=signer,
        consent_reference="Toestemmingsformulier WZ-2026-0042",
    )
    if refused:
        with pytest.raises(ValidationError) as error:
            create()
        assert "consent_basis" in error.value.message_dict
        assert not ComenshaReport.objects.exists()
    else:
        report = create()
        assert report.consent_basis == signer
        assert report.age == years


def test_a_consent_needs_its_document_recorded(screener):
    dossier, person = dossier_about(screener, age=17)
    with pytest.raises(ValidationError) as error:
        comensha_report_create(
            dossier=dossier,
            person=person,
            actor=screener,
            consent_basis=ConsentBasis.PERSON,
            consent_reference="  ",
        )
    assert "consent_reference" in error.value.message_dict


def test_an_unknown_age_cannot_tell_who_signs(screener):
    dossier, person = dossier_about(screener, age=None)
    with pytest.raises(ValidationError) as error:
        comensha_report_create(
            dossier=dossier,
            person=person,
            actor=screener,
            consent_basis=ConsentBasis.PERSON,
            consent_reference="Formulier",
        )
    assert "person" in error.value.message_dict


def test_the_police_reports_without_consent(screener, police_officer, region):
    dossier, person = dossier_about(screener, age=14)
    dossier_invite(dossier=dossier, organisation=region.politie, actor=screener)
    report = comensha_report_create(
        dossier=dossier,
        person=person,
        actor=police_officer,
        consent_basis="",
        consent_reference="",
    )
    assert report.consent_basis == ConsentBasis.DUTY
    assert report.organisation == region.politie


def test_an_investigative_service_reports_without_consent(screener, region):
    service = OrganisationFactory.create(
        name="Opsporingsdienst Demoland",
        slug="opsporing",
        kind=OrganisationKind.OPSPORINGSDIENST,
        domain=Domain.VEILIGHEID,
        ring=Ring.FLEXIBELE_SCHIL,
    )
    sign(region.convenant, service)
    investigator = UserFactory.create(
        username="ivo.rechercheur", organisation=service, roles=[Role.PARTNERMEDEWERKER]
    )
    dossier, person = dossier_about(screener, age=17)
    dossier_invite(dossier=dossier, organisation=service, actor=screener)
    report = comensha_report_create(
        dossier=dossier,
        person=person,
        actor=investigator,
        consent_basis="",
        consent_reference="",
    )
    assert report.consent_basis == ConsentBasis.DUTY


def test_the_om_and_care_need_consent(screener, om_officer, school_worker, region):
    dossier, person = dossier_about(screener, age=17)
    for organisation, user in ((region.om, om_officer), (region.school, school_worker)):
        dossier_invite(dossier=dossier, organisation=organisation, actor=screener)
        with pytest.raises(ValidationError):
            comensha_report_create(
                dossier=dossier,
                person=person,
                actor=user,
                consent_basis="",
                consent_reference="",
            )


def test_the_report_is_made_on_its_page_exported_and_audited(
    screener, outsider, region, django_capture_on_commit_callbacks
):
    dossier, person = dossier_about(screener, age=15)
    client = verified_client(screener)
    url = reverse("risk:comensha_create", kwargs={"uuid": dossier.uuid})
    page = client.get(url)
    assert page.status_code == 200
    assert "ouder of voogd" in page.content.decode()
    wrong = client.post(
        url,
        {
            "person": person.pk,
            "consent_basis": ConsentBasis.PERSON,
            "consent_reference": "Formulier 12",
        },
    )
    assert wrong.status_code == 200
    assert "Er is een probleem" in wrong.content.decode()
    with django_capture_on_commit_callbacks(execute=False) as render_pdf:
        response = client.post(
            url,
            {
                "person": person.pk,
                "consent_basis": ConsentBasis.PARENT_OR_GUARDIAN,
                "consent_reference": "Formulier 12, getekend door de moeder",
            },
        )
    assert response.status_code == 302
    report = ComenshaReport.objects.get()
    assert report.reported_by == screener
    assert report.organisation == screener.organisation
    assert AuditEvent.objects.filter(
        action="create", object_type="classification.comenshareport"
    ).exists()

    assert client.get(response["Location"]).status_code == 200
    as_json = client.get(reverse("risk:comensha_json", kwargs={"uuid": report.uuid}))
    assert as_json.status_code == 200
    data = json.loads(as_json.content)
    assert data["person"]["name"] == VICTIM
    assert data["consent"]["basis"] == "parent_or_guardian"
    assert data["reporting_organisation"] == screener.organisation.name
    # The PDF renders in the worker: until then its link shows the status.
    pdf_url = reverse("risk:comensha_pdf", kwargs={"uuid": report.uuid})
    waiting = client.get(pdf_url)
    assert waiting.status_code == 200
    assert "De PDF is nog niet klaar." in waiting.content.decode()
    assert len(render_pdf) == 1
    render_pdf[0]()  # the commit hook queues the task (eager in tests)
    pdf = client.get(pdf_url)
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF")
    exports = AuditEvent.objects.filter(
        action="export", object_id=str(report.pk)
    ).values_list("reason", flat=True)
    assert sorted(exports) == ["json", "pdf"]

    stranger = verified_client(outsider)
    assert stranger.get(url).status_code == 404
    for name in ("risk:comensha_detail", "risk:comensha_json", "risk:comensha_pdf"):
        assert (
            stranger.get(reverse(name, kwargs={"uuid": report.uuid})).status_code == 404
        )


@pytest.mark.parametrize(
    "url",
    [
        "http://example.org/x.css",
        "https://127.0.0.1/static/css/app.css",
        "file:///etc/passwd",
        "/etc/passwd",
        "/static/../../etc/passwd",
        "static:///../ketenaanpak/settings/base.py",
    ],
)
def test_the_pdf_renderer_fetches_only_our_static_files(url):
    with pytest.raises(ValueError):
        static_only_fetcher_class()().fetch(url)


def test_the_pdf_renderer_serves_a_static_file():
    fetched = static_only_fetcher_class()().fetch("/static/css/app.css")
    assert fetched.content_type == "text/css"
    assert fetched.read()


def test_the_pdf_renderer_fetches_a_linked_static_stylesheet(monkeypatch):
    """WeasyPrint 70 calls the fetcher's ``fetch``: a stylesheet link in the
    report's HTML is served from our static files (a plain function crashed)."""
    from classification.pdf import html_to_pdf

    fetcher_class = static_only_fetcher_class()
    original = fetcher_class.fetch
    fetched: list[str] = []

    def spy(self, url, headers=None):
        fetched.append(url)
        return original(self, url, headers)

    monkeypatch.setattr(fetcher_class, "fetch", spy)
    pdf = html_to_pdf(
        '<link rel="stylesheet" href="/static/css/app.css"><p>Rapportage</p>'
    )
    assert pdf.startswith(b"%PDF")
    assert fetched == ["/static/css/app.css"]
