"""Veredelen for the vaste contactpersoon: the inbox and answering a question."""

from __future__ import annotations

import datetime
import html
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from signals.constants import EnrichmentStatus
from signals.models import Dossier, EnrichmentRequest
from signals.services import (
    PersonInput,
    SignalInput,
    dossier_create,
    enrichment_answer,
    enrichment_ask,
    person_create_from_mention,
    signal_create,
)

pytestmark = pytest.mark.django_db

INBOX = reverse("dossiers:enrichment-inbox")


def answer_url(request: EnrichmentRequest) -> str:
    return reverse("dossiers:enrichment-answer", kwargs={"pk": request.pk})


def content(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


@pytest.fixture
def dossier(screener, school_worker) -> Dossier:
    signal = signal_create(
        user=school_worker,
        data=SignalInput(
            observed_at=timezone.now() - datetime.timedelta(hours=2),
            description="Leerling wordt na school opgehaald (fictief).",
            subject_role="victim",
            kind="regular",
            source="education",
            persons=[
                PersonInput(
                    role="victim",
                    name="Fictief Meisje",
                    aliases=["fm_2010"],
                    estimated_age=15,
                )
            ],
        ),
    )
    mention = signal.persons.get()
    person = person_create_from_mention(mention=mention, actor=screener)
    return dossier_create(
        actor=screener, signals=[signal], persons=[(person, "victim")]
    )


def ask(dossier, screener, *organisations, question="Is deze jongere bekend?"):
    return enrichment_ask(
        dossier=dossier,
        organisations=list(organisations),
        reason="Meerdere signalen over ophalen na school.",
        question=question,
        actor=screener,
    )


def test_the_police_contact_sees_the_questions_to_the_police_open_first(
    as_user, police_contact, screener, dossier, region
):
    (first,) = ask(dossier, screener, region.politie, question="Eerste vraag")
    (second,) = ask(dossier, screener, region.politie, question="Tweede vraag")
    (third,) = ask(dossier, screener, region.politie, question="Derde vraag")
    ask(dossier, screener, region.jeugdzorg, question="Vraag aan jeugdzorg")
    enrichment_answer(request=third, actor=police_contact, answer="Bekend.")

    page = content(as_user(police_contact).get(INBOX))
    order = re.findall(r'data-question="(\d+)" data-status="(\w+)"', page)
    assert order == [
        (str(second.pk), "open"),
        (str(first.pk), "open"),
        (str(third.pk), "answered"),
    ]
    assert "Vraag aan jeugdzorg" not in page
    assert dossier.reference in page
    event = AuditEvent.objects.get(
        action="list", object_type="signals.enrichmentrequest"
    )
    assert "Fictief" not in event.reason


def test_only_a_contactpersoon_has_an_inbox(
    as_user, police_officer, school_worker, outsider
):
    for user in (police_officer, school_worker, outsider):
        assert as_user(user).get(INBOX).status_code == 403


def test_only_the_asked_organisations_contactpersoon_opens_the_question(
    as_user,
    police_contact,
    youth_care_contact,
    police_officer,
    screener,
    dossier,
    region,
):
    (question,) = ask(dossier, screener, region.politie)
    assert as_user(youth_care_contact).get(answer_url(question)).status_code == 404
    # A police officer who is not the contactpersoon does not answer for the police.
    assert as_user(police_officer).get(answer_url(question)).status_code == 404
    assert as_user(screener).get(answer_url(question)).status_code == 404
    response = as_user(youth_care_contact).post(
        answer_url(question), {"answer": "Niet onze vraag."}
    )
    assert response.status_code == 404
    assert EnrichmentRequest.objects.get(pk=question.pk).status == "open"


def test_the_question_page_shows_what_is_needed_to_look_someone_up(
    as_user, police_contact, screener, dossier, region
):
    (question,) = ask(
        dossier, screener, region.politie, question="Is <i>fm_2010</i> bekend?"
    )
    page = content(as_user(police_contact).get(answer_url(question)))
    assert dossier.reference in page
    assert "Meerdere signalen over ophalen na school." in page
    assert html.escape("Is <i>fm_2010</i> bekend?") in page
    assert "Fictief Meisje" in page and "fm_2010" in page
    assert re.search(r"1[56] jaar", page)
    assert 'name="answer"' in page
    assert "Geen informatie beschikbaar" in page
    assert AuditEvent.objects.filter(
        action="read", object_type="signals.enrichmentrequest"
    ).exists()
    assert AuditEvent.objects.filter(
        action="list", object_type="signals.person"
    ).exists()


def test_the_police_contact_answers_with_text(
    as_user, police_contact, screener, dossier, region
):
    (question,) = ask(dossier, screener, region.politie)
    client = as_user(police_contact)
    response = client.post(
        answer_url(question), {"answer": "  Eén eerder incident (fictief).  "}
    )
    assert response.status_code == 302
    assert response["Location"] == INBOX
    question.refresh_from_db()
    assert question.status == EnrichmentStatus.ANSWERED
    assert question.answer == "Eén eerder incident (fictief)."
    assert question.answered_by == police_contact
    page = content(client.get(answer_url(question)))
    assert 'name="answer"' not in page
    assert "Eén eerder incident (fictief)." in page


def test_youth_care_records_that_it_has_no_information(
    as_user, youth_care_contact, screener, dossier, region
):
    (question,) = ask(dossier, screener, region.jeugdzorg)
    response = as_user(youth_care_contact).post(
        answer_url(question), {"answer": "", "geen_informatie": "1"}
    )
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.status == EnrichmentStatus.NO_INFORMATION
    assert question.answer == ""


def test_an_empty_or_double_answer_is_refused_in_dutch_and_nothing_is_stored(
    as_user, police_contact, screener, dossier, region
):
    (question,) = ask(dossier, screener, region.politie)
    client = as_user(police_contact)
    page = content(client.post(answer_url(question), {"answer": "  "}))
    assert (
        'id="answer_answer_error">'
        + html.escape("Geef een antwoord, of kies 'geen informatie beschikbaar'.")
        in page
    )
    page = content(
        client.post(
            answer_url(question), {"answer": "Toch iets", "geen_informatie": "1"}
        )
    )
    assert (
        'id="answer_answer_error">'
        + html.escape("Kies óf een antwoord óf 'geen informatie beschikbaar'.")
        in page
    )
    question.refresh_from_db()
    assert question.status == EnrichmentStatus.OPEN
    assert not dossier.events.filter(kind="enrichment_answered").exists()


def test_a_question_is_answered_once(
    as_user, police_contact, screener, dossier, region
):
    (question,) = ask(dossier, screener, region.politie)
    enrichment_answer(request=question, actor=police_contact, answer="Bekend.")
    page = content(
        as_user(police_contact).post(answer_url(question), {"answer": "Toch anders."})
    )
    assert "Deze vraag is al beantwoord." in page
    question.refresh_from_db()
    assert question.answer == "Bekend."
