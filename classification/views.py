"""Screening pages (the screening team's) and the hand-offs of an organisation.

Thin: forms read input, services decide, selectors scope. Only the screening team
(``signals.screen_signal``) opens the screening pages (a 403 for others); a
hand-off out of the user's organisation is a 404.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.timesince import timesince
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from audit.constants import Action
from audit.services import audit_record
from classification.constants import (
    SKIPPABLE_PHASES,
    STEP_PHASES,
    TEST_273F_ANSWER_KINDS,
    ClassificationStatus,
    Colour,
    HandOffKind,
    Phase,
)
from classification.forms import (
    ClassifyForm,
    FeedbackForm,
    PerpetratorForm,
    RecolourForm,
    SkipForm,
    StepForm,
)
from classification.selectors import (
    AGE_BANDS,
    OPEN_PHASES,
    ScreeningPage,
    classification_get_pending,
    hand_off_get,
    hand_offs_for,
    screening_page,
    screening_worklist,
)
from classification.selectors_instrument import instrument_suggestion
from classification.selectors_perpetrator import perpetrator_decision_of
from classification.services import (
    classification_confirm,
    classification_decline,
    dossier_classify,
    hand_off_acknowledge,
    screening_classify,
    screening_feedback,
    screening_record_step,
    screening_skip_phase,
    screening_take,
)
from partners.access import permission_required, request_user
from partners.forms import apply_service_error
from partners.models import User
from signals.constants import Kind, Source, SubjectRole
from signals.models import Signal

SCREEN = "signals.screen_signal"
WORKLIST_LIMIT = 200


@require_GET
@permission_required(SCREEN)
def worklist_view(request: HttpRequest) -> HttpResponse:
    """The werkvoorraad: every melding not yet classified, urgent and oldest first."""
    user = request_user(request)
    filters = {
        key: request.GET.get(key, "") for key in ("soort", "bron", "wachttijd", "fase")
    }
    rows = list(screening_worklist(user=user, filters=filters)[: WORKLIST_LIMIT + 1])
    audit_record(
        actor=user, action=Action.LIST, object_type="classification.werkvoorraad"
    )
    return render(
        request,
        "classification/worklist.html",
        {
            "rows": _worklist_rows(rows[:WORKLIST_LIMIT]),
            "more": len(rows) > WORKLIST_LIMIT,
            "filters": filters,
            "kinds": [
                (Kind.URGENT, Kind.URGENT.label),
                (Kind.REGULAR, Kind.REGULAR.label),
            ],
            "sources": Source.choices,
            "age_bands": [(key, label) for key, (label, _l, _h) in AGE_BANDS.items()],
            "phases": [("nieuw", _("Nieuw, nog niet opgepakt"))]
            + [(p.value, p.label) for p in OPEN_PHASES],
        },
    )


@dataclass
class WorklistRow:
    signal: Signal
    url: str
    take_url: str
    take_label: str
    kind: str
    role: str
    source: str
    received: str
    waited: str
    phase: str
    taken_by: str


def _worklist_rows(signals: list[Signal]) -> list[WorklistRow]:
    """The werkvoorraad's rows with their labels and links worked out once per
    page: up to 200 rows, and a choice label (``get_FOO_display``), a ``{% url %}``,
    a ``{% blocktranslate %}``, an include or a filter per row cost more than the
    query."""
    kinds = {value: str(label) for value, label in Kind.choices}
    roles = {value: str(label) for value, label in SubjectRole.choices}
    sources = {value: str(label) for value, label in Source.choices}
    phases = {value: str(label) for value, label in Phase.choices}
    pending = _("Kleur wacht op bevestiging")
    new = _("Nieuw")
    placeholder = "00000000-0000-0000-0000-000000000000"
    url = reverse("classification:screening", kwargs={"uuid": placeholder})
    take_url = reverse("classification:take", kwargs={"uuid": placeholder})
    now = timezone.now()
    rows = []
    for signal in signals:
        uuid = str(signal.uuid)
        screening = getattr(signal, "screening", None)
        taken_by = screening.taken_by if screening is not None else None
        if getattr(signal, "proposal_pending", False):
            phase = pending
        elif screening is not None:
            phase = phases.get(screening.phase, screening.phase)
        else:
            phase = new
        rows.append(
            WorklistRow(
                signal=signal,
                url=url.replace(placeholder, uuid),
                take_url=take_url.replace(placeholder, uuid),
                take_label=_("Ik pak %(reference)s op")
                % {"reference": signal.reference},
                kind=kinds.get(signal.kind, signal.kind),
                role=roles.get(signal.subject_role, signal.subject_role),
                source=sources.get(signal.source, signal.source),
                received=timezone.localtime(signal.received_at).isoformat(),
                waited=timesince(signal.received_at, now),
                phase=phase,
                taken_by=(taken_by.get_full_name() or taken_by.username)
                if taken_by is not None
                else "",
            )
        )
    return rows


def _render_page(
    request: HttpRequest, user: User, page: ScreeningPage, **forms: Any
) -> HttpResponse:
    signal = page.signal
    perpetrator = signal.subject_role == SubjectRole.PERPETRATOR
    phase = page.screening.phase if page.screening else Phase.ONDERZOEKEN
    suggestion = instrument_suggestion(dossier=page.dossier) if page.dossier else None
    decision = perpetrator_decision_of(signal=signal) if perpetrator else None
    context: dict[str, Any] = {
        "page": page,
        "signal": signal,
        "phase": phase,
        "phase_label": Phase(phase).label,
        "phases": [(p.value, p.label) for p in Phase if p != Phase.AFGEROND],
        "perpetrator": perpetrator,
        "step_form": forms.get("step_form") or StepForm(perpetrator=perpetrator),
        "skip_form": forms.get("skip_form") or SkipForm(),
        "classify_form": forms.get("classify_form")
        or ClassifyForm(candidates=page.candidates if not page.dossiers else None),
        "recolour_form": forms.get("recolour_form") or RecolourForm(),
        "feedback_form": forms.get("feedback_form")
        or FeedbackForm(initial={"feedback": signal.feedback}),
        "may_step": phase in STEP_PHASES,
        "may_skip": phase in SKIPPABLE_PHASES,
        "may_classify": phase == Phase.VASTSTELLEN
        and page.pending is None
        and not perpetrator,
        # A perpetrator melding: its own decision instead of a colour.
        "decision": decision,
        "may_decide": perpetrator and phase == Phase.VASTSTELLEN and decision is None,
        "perpetrator_form": forms.get("perpetrator_form")
        or PerpetratorForm(candidates=page.candidates if not page.dossiers else None),
        "may_recolour": bool(page.colour) and page.pending is None,
        "may_feedback": phase == Phase.TERUGKOPPELEN,
        "colour_label": Colour(page.colour).label if page.colour else "",
        "suggestion_label": Colour(suggestion).label if suggestion else "",
        "is_proposer": page.pending is not None
        and page.pending.decided_by_id == user.pk,
        "pending_status": ClassificationStatus.PENDING,
    }
    status = 400 if forms else 200
    return render(request, "classification/screening.html", context, status=status)


@require_GET
@permission_required(SCREEN)
def screening_view(request: HttpRequest, uuid: UUID) -> HttpResponse:
    user = request_user(request)
    return _render_page(request, user, screening_page(user=user, uuid=uuid))


def _done(request: HttpRequest, page: ScreeningPage, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect("classification:screening", uuid=page.signal.uuid)


@require_POST
@permission_required(SCREEN)
def take_view(request: HttpRequest, uuid: UUID) -> HttpResponse:
    user = request_user(request)
    page = screening_page(user=user, uuid=uuid)
    screening_take(signal=page.signal, actor=user)
    return _done(request, page, _("U heeft deze melding opgepakt."))


def _screening_or_new(page: ScreeningPage, user: User) -> Any:
    return page.screening or screening_take(signal=page.signal, actor=user)


@require_POST
@permission_required(SCREEN)
def step_view(request: HttpRequest, uuid: UUID) -> HttpResponse:
    user = request_user(request)
    page = screening_page(user=user, uuid=uuid)
    form = StepForm(
        request.POST, perpetrator=page.signal.subject_role == SubjectRole.PERPETRATOR
    )
    if form.is_valid():
        try:
            screening_record_step(
                screening=_screening_or_new(page, user),
                actor=user,
                partners_asked=list(form.cleaned_data["partners_asked"]),
                reporter_contacted=form.cleaned_data["reporter_contacted"],
                home_contacted=form.cleaned_data.get("home_contacted", False),
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            apply_service_error(form, exc)
        else:
            return _done(request, page, _("De stap is vastgelegd."))
    return _render_page(request, user, page, step_form=form)


@require_POST
@permission_required(SCREEN)
def skip_view(request: HttpRequest, uuid: UUID) -> HttpResponse:
    user = request_user(request)
    page = screening_page(user=user, uuid=uuid)
    form = SkipForm(request.POST)
    if form.is_valid():
        try:
            screening_skip_phase(
                screening=_screening_or_new(page, user),
                actor=user,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            apply_service_error(form, exc)
        else:
            return _done(
                request, page, _("De fase is overgeslagen; de reden is vastgelegd.")
            )
    return _render_page(request, user, page, skip_form=form)


@require_POST
@permission_required(SCREEN)
def classify_view(request: HttpRequest, uuid: UUID) -> HttpResponse:
    user = request_user(request)
    page = screening_page(user=user, uuid=uuid)
    form = ClassifyForm(
        request.POST, candidates=page.candidates if not page.dossiers else None
    )
    if form.is_valid():
        try:
            classification = screening_classify(
                screening=_screening_or_new(page, user),
                actor=user,
                colour=form.cleaned_data["colour"],
                rationale=form.cleaned_data["rationale"],
                dossier=form.cleaned_data.get("dossier"),
                deviation_reason=form.cleaned_data["deviation_reason"],
                exploitation=form.cleaned_data["exploitation"],
            )
        except ValidationError as exc:
            apply_service_error(form, exc)
        else:
            return _done(request, page, _message(classification.status))
    return _render_page(request, user, page, classify_form=form)


def _message(status: str) -> str:
    if status == ClassificationStatus.PENDING:
        return _("De kleur is voorgesteld; een tweede screener moet bevestigen.")
    return _("De kleur is vastgesteld.")


@require_POST
@permission_required(SCREEN)
def recolour_view(request: HttpRequest, uuid: UUID) -> HttpResponse:
    user = request_user(request)
    page = screening_page(user=user, uuid=uuid)
    form = RecolourForm(request.POST)
    if form.is_valid() and page.dossier is not None:
        try:
            classification = dossier_classify(
                dossier=page.dossier,
                actor=user,
                colour=form.cleaned_data["colour"],
                rationale=form.cleaned_data["rationale"],
                withdraw_access=form.cleaned_data["withdraw_access"],
            )
        except ValidationError as exc:
            apply_service_error(form, exc)
        else:
            return _done(request, page, _message(classification.status))
    elif page.dossier is None:
        form.add_error(None, _("Deze melding heeft nog geen dossier met een kleur."))
    return _render_page(request, user, page, recolour_form=form)


@require_POST
@permission_required(SCREEN)
def feedback_view(request: HttpRequest, uuid: UUID) -> HttpResponse:
    user = request_user(request)
    page = screening_page(user=user, uuid=uuid)
    form = FeedbackForm(request.POST)
    if form.is_valid():
        try:
            screening_feedback(
                screening=_screening_or_new(page, user),
                actor=user,
                feedback=form.cleaned_data["feedback"],
            )
        except ValidationError as exc:
            apply_service_error(form, exc)
        else:
            return _done(request, page, _("De terugkoppeling is vastgelegd."))
    return _render_page(request, user, page, feedback_form=form)


@require_POST
@permission_required(SCREEN)
def decide_view(
    request: HttpRequest, classification_id: int, decision: str
) -> HttpResponse:
    """Four eyes: a second screener confirms or declines a pending colour."""
    user = request_user(request)
    proposal = classification_get_pending(
        user=user, classification_id=classification_id
    )
    if proposal.decided_by_id == user.pk:
        messages.error(
            request, _("Een tweede screener beslist; niet wie het voorstel deed.")
        )
    elif decision == "bevestigen":
        classification_confirm(classification=proposal, actor=user)
        messages.success(request, _("De kleur is bevestigd."))
    else:
        classification_decline(classification=proposal, actor=user)
        messages.success(request, _("Het voorstel is afgewezen."))
    signal = proposal.signal or proposal.dossier.signals.order_by("received_at").first()
    if signal is None:
        return redirect("classification:worklist")
    return redirect("classification:screening", uuid=signal.uuid)


@require_GET
@permission_required("classification.view_handoff")
def hand_offs_view(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    hand_offs = list(hand_offs_for(user=user)[:200])
    audit_record(actor=user, action=Action.LIST, object_type="classification.handoff")
    # The OM and the RCMP answer an art. 273f Sr test from here.
    answers_273f = (
        user.organisation is not None
        and user.organisation.kind in TEST_273F_ANSWER_KINDS
    )
    return render(
        request,
        "classification/hand_offs.html",
        {
            "hand_offs": hand_offs,
            "answers_273f": answers_273f,
            "test_273f": HandOffKind.TEST_273F,
        },
    )


@require_POST
def hand_off_acknowledge_view(request: HttpRequest, hand_off_id: int) -> HttpResponse:
    user = request_user(request)
    hand_off = hand_off_get(user=user, hand_off_id=hand_off_id)
    hand_off_acknowledge(hand_off=hand_off, actor=user)
    messages.success(request, _("De ontvangst is bevestigd."))
    return redirect("classification:hand-offs")
