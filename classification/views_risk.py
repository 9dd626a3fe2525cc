"""Pages of the risicotaxatie-instrument, the doorlaatverbod alert and CoMensha.

Thin: parse the request, call one service or selector, render."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from classification.constants_risk import InstrumentCategory, PdfStatus
from classification.forms_risk import (
    AssessmentForm,
    ComenshaForm,
    InterventionForm,
    ItemFormSet,
    ThresholdsForm,
)
from classification.models_instrument import Assessment, InstrumentVersion
from classification.selectors_comensha import (
    comensha_report_get_visible,
    comensha_reports_of,
)
from classification.selectors_doorlaatverbod import doorlaatverbod_get_visible
from classification.selectors_instrument import (
    instrument_published_current,
    instrument_version_items,
    instrument_versions,
)
from classification.services_comensha import (
    MAX_PDF_ATTEMPTS,
    comensha_export_json,
    comensha_export_pdf,
    comensha_pdf_retry,
    comensha_report_create,
    comensha_reports_without_consent,
    comensha_victims,
)
from classification.services_doorlaatverbod import (
    doorlaatverbod_may_resolve,
    doorlaatverbod_resolve,
)
from classification.services_instrument import (
    ItemInput,
    assessment_create,
    instrument_draft_create,
    instrument_draft_update,
    instrument_publish,
)
from partners.access import may, not_visible, permission_required, request_user
from partners.forms import apply_service_error
from signals.selectors.dossier import dossier_get_visible, dossier_list_visible_to

MANAGE = "classification.change_instrumentversion"


def _by_category(items: Any) -> list[tuple[str, list[Any]]]:
    groups: list[tuple[str, list[Any]]] = []
    for category in InstrumentCategory:
        members = [item for item in items if item.category == category]
        if members:
            groups.append((str(category.label), members))
    return groups


# --- the instrument (functioneel beheerder) -------------------------------------


@never_cache
@permission_required(MANAGE)
def instrument_list_view(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "classification/instrument/version_list.html",
        {"versions": list(instrument_versions())},
    )


@require_POST
@permission_required(MANAGE)
def instrument_draft_view(request: HttpRequest) -> HttpResponse:
    draft = instrument_draft_create(actor=request_user(request))
    return redirect("risk:instrument_version", number=draft.number)


def _version(number: int) -> InstrumentVersion:
    version = instrument_versions().filter(number=number).first()
    if version is None:
        raise Http404
    return version


@never_cache
@require_http_methods(["GET", "POST"])
@permission_required(MANAGE)
def instrument_version_view(request: HttpRequest, number: int) -> HttpResponse:
    version = _version(number)
    items = list(instrument_version_items(version=version))
    context: dict[str, Any] = {"version": version, "groups": _by_category(items)}
    if version.is_published:
        if request.method == "POST":
            raise PermissionDenied
        return render(request, "classification/instrument/version_detail.html", context)
    if request.method == "POST":
        form = ThresholdsForm(request.POST)
        formset = ItemFormSet(request.POST, prefix="items")
        if form.is_valid() and formset.is_valid():
            inputs = [
                ItemInput(
                    category=data["category"],
                    label=data["label"],
                    points=data["points"],
                    order=data["order"],
                    source_code=data.get("source_code") or "",
                )
                for data in formset.cleaned_data
                if data and not data.get("DELETE")
            ]
            try:
                instrument_draft_update(
                    version=version,
                    actor=request_user(request),
                    items=inputs,
                    **form.cleaned_data,
                )
            except ValidationError as exc:
                apply_service_error(form, exc)
            else:
                messages.success(request, _("Het concept is opgeslagen."))
                return redirect("risk:instrument_version", number=version.number)
    else:
        form = ThresholdsForm(
            initial={
                "threshold_groen": version.threshold_groen,
                "threshold_oranje": version.threshold_oranje,
                "threshold_rood": version.threshold_rood,
            }
        )
        formset = ItemFormSet(
            prefix="items",
            initial=[
                {
                    "category": item.category,
                    "label": item.label,
                    "points": item.points,
                    "order": item.order,
                    "source_code": item.source_code,
                }
                for item in items
            ],
        )
    context.update(form=form, formset=formset)
    return render(request, "classification/instrument/version_edit.html", context)


@require_POST
@permission_required(MANAGE)
def instrument_publish_view(request: HttpRequest, number: int) -> HttpResponse:
    version = _version(number)
    try:
        instrument_publish(version=version, actor=request_user(request))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Versie %(number)d is gepubliceerd.") % {"number": version.number},
        )
    return redirect("risk:instrument_version", number=version.number)


# --- assessments (screener) -----------------------------------------------------


@never_cache
@require_http_methods(["GET", "POST"])
@permission_required("classification.add_assessment")
def assessment_create_view(request: HttpRequest, uuid: UUID) -> HttpResponse:
    user = request_user(request)
    dossier = dossier_get_visible(user=user, uuid=uuid, reason="risicotaxatie")
    version = instrument_published_current()
    if version is None:
        raise Http404
    items = list(instrument_version_items(version=version))
    form = AssessmentForm(request.POST or None, items=items)
    if request.method == "POST" and form.is_valid():
        try:
            assessment = assessment_create(
                dossier=dossier, actor=user, item_ids=form.item_ids()
            )
        except ValidationError as exc:
            apply_service_error(form, exc)
        else:
            return redirect("risk:assessment", pk=assessment.pk)
    return render(
        request,
        "classification/instrument/assessment_form.html",
        {"dossier": dossier, "version": version, "form": form},
    )


@never_cache
@permission_required("classification.view_assessment")
def assessment_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    assessment = (
        Assessment.objects.select_related("version", "dossier", "assessed_by")
        .filter(pk=pk, dossier__in=dossier_list_visible_to(user=user))
        .first()
    )
    if assessment is None:
        raise not_visible(user, Assessment, pk)
    scores = list(assessment.scores.select_related("item"))
    return render(
        request,
        "classification/instrument/assessment_detail.html",
        {
            "assessment": assessment,
            "groups": _by_category([s.item for s in scores]),
            "scores": {s.item_id: s.points for s in scores},
        },
    )


# --- doorlaatverbod -------------------------------------------------------------


@never_cache
@require_http_methods(["GET", "POST"])
def doorlaatverbod_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    alert = doorlaatverbod_get_visible(user=user, pk=pk)
    may_resolve = alert.is_open and doorlaatverbod_may_resolve(user, alert)
    form = InterventionForm(request.POST or None) if may_resolve else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                doorlaatverbod_resolve(
                    alert=alert,
                    actor=user,
                    intervention=form.cleaned_data["intervention"],
                )
            except ValidationError as exc:
                apply_service_error(form, exc)
            else:
                messages.success(request, _("De genomen interventie is vastgelegd."))
                return redirect("dossiers:detail", uuid=alert.dossier.uuid)
    return render(
        request,
        "classification/doorlaatverbod/alert.html",
        {"alert": alert, "form": form},
    )


# --- CoMensha -------------------------------------------------------------------


@never_cache
@require_http_methods(["GET", "POST"])
def comensha_create_view(request: HttpRequest, uuid: UUID) -> HttpResponse:
    user = request_user(request)
    dossier = dossier_get_visible(user=user, uuid=uuid, reason="CoMensha-melding")
    if not may(user, "classification.add_comenshareport"):
        raise PermissionDenied
    duty = comensha_reports_without_consent(user.organisation)
    form = ComenshaForm(
        request.POST or None, victims=comensha_victims(dossier=dossier), duty=duty
    )
    if request.method == "POST" and form.is_valid():
        try:
            report = comensha_report_create(
                dossier=dossier,
                person=form.cleaned_data["person"],
                actor=user,
                consent_basis=form.cleaned_data.get("consent_basis") or "",
                consent_reference=form.cleaned_data.get("consent_reference") or "",
            )
        except ValidationError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("De CoMensha-melding is vastgelegd."))
            return redirect("risk:comensha_detail", uuid=report.uuid)
    return render(
        request,
        "classification/comensha/report_form.html",
        {
            "dossier": dossier,
            "form": form,
            "duty": duty,
            "reports": list(comensha_reports_of(dossier=dossier)),
        },
    )


@never_cache
def comensha_detail_view(request: HttpRequest, uuid: UUID) -> HttpResponse:
    user = request_user(request)
    report = comensha_report_get_visible(user=user, uuid=uuid)
    return _comensha_detail(request, report)


# How often the page asks whether the PDF is ready while the worker renders it.
PDF_POLL_SECONDS = 3


def _comensha_detail(
    request: HttpRequest, report: Any, *, not_ready: bool = False
) -> HttpResponse:
    """The report's page; an htmx poll gets only the PDF's status."""
    context = {
        "report": report,
        "busy": report.pdf_status in (PdfStatus.QUEUED, PdfStatus.RUNNING),
        "poll_seconds": PDF_POLL_SECONDS,
        "not_ready": not_ready,
        # The sweep gave up: whoever reads the report may ask again.
        "may_retry": report.pdf_status == PdfStatus.FAILED
        and report.pdf_attempts >= MAX_PDF_ATTEMPTS,
    }
    if request.headers.get("HX-Request"):
        return render(request, "classification/comensha/_pdf_status.html", context)
    return render(request, "classification/comensha/report_detail.html", context)


@never_cache
def comensha_pdf_view(request: HttpRequest, uuid: UUID) -> HttpResponse:
    """The rendered PDF; while the worker is still making it, the report's page
    with its status."""
    user = request_user(request)
    report = comensha_report_get_visible(user=user, uuid=uuid)
    pdf = comensha_export_pdf(report=report, actor=user)
    if pdf is None:
        return _comensha_detail(request, report, not_ready=True)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="comensha-{report.uuid}.pdf"'
    )
    return response


@require_POST
def comensha_pdf_retry_view(request: HttpRequest, uuid: UUID) -> HttpResponse:
    """After the last attempt failed: make the PDF again."""
    user = request_user(request)
    report = comensha_report_get_visible(user=user, uuid=uuid)
    try:
        comensha_pdf_retry(report=report, actor=user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("De PDF wordt opnieuw gemaakt."))
    return redirect("risk:comensha_detail", uuid=report.uuid)


@never_cache
def comensha_json_view(request: HttpRequest, uuid: UUID) -> HttpResponse:
    user = request_user(request)
    report = comensha_report_get_visible(user=user, uuid=uuid)
    response = HttpResponse(
        comensha_export_json(report=report, actor=user),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="comensha-{report.uuid}.json"'
    )
    return response
