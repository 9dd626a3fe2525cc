"""The perpetrator decision on the screening page and the OM's or RCMP's answer
to the art. 273f Sr test (reached from their hand-off page)."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from audit.constants import Action
from audit.services import audit_record
from classification.forms import Answer273fForm, PerpetratorForm
from classification.selectors import screening_page
from classification.selectors_perpetrator import perpetrator_test_get
from classification.services_perpetrator import (
    perpetrator_decide,
    perpetrator_test_record,
)
from classification.views import SCREEN, _done, _render_page, _screening_or_new
from partners.access import permission_required, request_user
from partners.forms import apply_service_error


@require_POST
@permission_required(SCREEN)
def perpetrator_decide_view(request: HttpRequest, uuid: UUID) -> HttpResponse:
    user = request_user(request)
    page = screening_page(user=user, uuid=uuid)
    form = PerpetratorForm(
        request.POST, candidates=page.candidates if not page.dossiers else None
    )
    if form.is_valid():
        try:
            perpetrator_decide(
                screening=_screening_or_new(page, user),
                actor=user,
                outcome=form.cleaned_data["outcome"],
                rationale=form.cleaned_data["rationale"],
                dossier=form.cleaned_data.get("dossier"),
            )
        except ValidationError as exc:
            apply_service_error(form, exc)
        else:
            return _done(
                request, page, _("Het besluit over de dadermelding is vastgelegd.")
            )
    return _render_page(request, user, page, perpetrator_form=form)


@require_http_methods(["GET", "POST"])
@permission_required("classification.change_handoff")
def perpetrator_test_view(request: HttpRequest, hand_off_id: int) -> HttpResponse:
    """The OM or the RCMP records whether prosecution under art. 273f Sr is
    possible; a 404 for anyone else."""
    user = request_user(request)
    hand_off = perpetrator_test_get(user=user, hand_off_id=hand_off_id)
    decision = hand_off.perpetrator_decision
    assert decision is not None  # perpetrator_test_get checked it
    form = Answer273fForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            perpetrator_test_record(
                decision=decision,
                actor=user,
                result=form.cleaned_data["result"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("Het antwoord op de toetsing is vastgelegd."))
            return redirect("classification:hand-offs")
    else:
        audit_record(actor=user, action=Action.READ, obj=decision, reason="toetsing")
    return render(
        request,
        "classification/test_273f.html",
        {"hand_off": hand_off, "decision": decision, "form": form},
        status=400 if form.is_bound and form.errors else 200,
    )
