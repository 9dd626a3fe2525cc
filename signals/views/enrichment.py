"""Veredelen for the vaste contactpersoon: the questions put to their organisation,
and answering one (or recording that the organisation has nothing).

The selectors decide who sees which question (``enrichment_inbox``): only the asked
organisation's contactpersoon; anyone else gets a 404 for a question.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Value, When
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from audit.constants import Action
from audit.services import audit_record
from partners.access import may, request_user
from partners.forms import apply_service_error
from partners.models import User
from signals.constants import EnrichmentStatus
from signals.forms_dossier import EnrichmentAnswerForm
from signals.models import EnrichmentRequest, Person
from signals.selectors import (
    AgeFacts,
    PersonAsRead,
    dossier_participants,
    enrichment_get_for_answer,
    enrichment_inbox,
    person_age_facts,
    persons_as_read,
    question_persons,
    question_reader_signals,
)
from signals.services import enrichment_answer

PAGE_SIZE = 50
PAGE_PARAM = "pagina"
# The name and value of the button that records "geen informatie beschikbaar".
NO_INFORMATION = "geen_informatie"


def _require_contactpersoon(user: User) -> None:
    if not may(user, "signals.change_enrichmentrequest"):
        raise PermissionDenied


@never_cache
@require_GET
def enrichment_inbox_view(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    _require_contactpersoon(user)
    requests = (
        enrichment_inbox(user=user)
        .select_related("dossier__organisation")
        .annotate(
            answered=Case(
                When(status=EnrichmentStatus.OPEN, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("answered", "-asked_at", "-id")
    )
    page_obj = Paginator(requests, PAGE_SIZE).get_page(request.GET.get(PAGE_PARAM))
    audit_record(
        actor=user,
        action=Action.LIST,
        object_type="signals.enrichmentrequest",
        reason=f"veredelvragen, pagina {page_obj.number}",
    )
    return render(request, "enrichment/inbox.html", {"page_obj": page_obj})


@dataclass
class PersonToLookUp:
    person: Person | PersonAsRead
    role_label: str
    facts: AgeFacts


def _persons_to_look_up(user: User, request: EnrichmentRequest) -> list[PersonToLookUp]:
    """The dossier's persons the question is about (``question_persons``): what the
    contactpersoon needs to search their own records, no more (name, handles, age)."""
    links = list(question_persons(question=request))
    as_read = persons_as_read(
        [dp.person for dp in links], readable=question_reader_signals(question=request)
    )
    rows = [
        PersonToLookUp(
            as_read[dp.person_id],
            dp.get_role_display(),
            person_age_facts(as_read[dp.person_id]),
        )
        for dp in links
    ]
    # In the order of the names as read, not of the merged record.
    rows.sort(key=lambda row: (row.person.name.casefold(), row.person.pk))
    if rows:
        audit_record(
            actor=user,
            action=Action.LIST,
            object_type="signals.person",
            reason=f"personen bij veredelvraag {request.pk}: "
            + ",".join(str(row.person.pk) for row in rows),
            person_ids=[row.person.pk for row in rows],
        )
    return rows


@never_cache
@require_http_methods(["GET", "POST"])
def enrichment_answer_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    question = enrichment_get_for_answer(user=user, pk=pk)
    # The answer can be shared with the dossier's other participants.
    participants = list(
        dossier_participants(dossier=question.dossier).exclude(
            pk=question.organisation_id
        )
    )
    form = EnrichmentAnswerForm(participants=participants, auto_id="answer_%s")
    if request.method == "POST":
        no_information = NO_INFORMATION in request.POST
        form = EnrichmentAnswerForm(
            request.POST,
            participants=participants,
            no_information=no_information,
            auto_id="answer_%s",
        )
        if form.is_valid():
            try:
                enrichment_answer(
                    request=question,
                    actor=user,
                    answer=form.cleaned_data["answer"],
                    no_information=no_information,
                    sharing=form.cleaned_data["sharing"],
                    shared_with=form.cleaned_data["shared_with"],
                )
            except ValidationError as exc:
                apply_service_error(form, exc)
                question.refresh_from_db()
            else:
                messages.success(
                    request,
                    _(
                        "Uw antwoord op de vraag over dossier %(reference)s is verstuurd."
                    )
                    % {"reference": question.dossier.reference},
                )
                return redirect("dossiers:enrichment-inbox")
    return render(
        request,
        "enrichment/answer.html",
        {
            "question": question,
            "form": form,
            "is_open": question.status == EnrichmentStatus.OPEN,
            "persons": _persons_to_look_up(user, question),
            "no_information": NO_INFORMATION,
        },
    )
