"""HTML pages for dossiers: the list, one dossier with its small change forms, and
bundling signals into a dossier.

Reads go through signals.selectors (scoped in SQL, audited), writes through
signals.services; a service's ValidationError is shown at its field. Requests are
atomic (ATOMIC_REQUESTS) and every service is atomic itself, so a refused change
leaves nothing behind.
"""

from __future__ import annotations

import uuid as uuid_lib
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.dates import MONTHS_3
from django.utils.html import format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import (
    require_GET,
    require_http_methods,
    require_POST,
)

from audit.constants import Action
from audit.services import audit_record
from partners.access import may, not_visible, permission_required, request_user
from partners.forms import apply_service_error
from partners.models import User
from signals.constants import DossierStatus
from signals.forms_dossier import (
    AddSignalForm,
    CasemanagerForm,
    DossierListFilterForm,
    DossierStatusForm,
    EnrichmentAskForm,
    InviteForm,
    WithdrawForm,
)
from signals.models import Dossier, Signal, dossier_reference
from signals.selectors import (
    dossier_candidates_for_signal,
    dossier_count_filtered,
    dossier_count_visible,
    dossier_find_visible,
    dossier_form_choices,
    dossier_get_visible,
    dossier_holds_signal,
    dossier_list_rows,
    dossier_list_visible_to,
    dossier_may_change,
    dossier_open_enrichment,
    dossier_participants,
    dossier_person_links,
    dossier_persons,
    dossier_ready_for_casusoverleg,
    dossier_search_to_add,
    dossier_signals,
    dossier_timeline_entries,
    enrichment_readable_answers,
    enrichment_shown_outcomes,
    person_links_as_read,
    signal_confirmed_persons,
    signal_get_visible,
)
from signals.services import (
    dossier_add_signal_with_persons,
    dossier_create,
    dossier_invite,
    dossier_set_casemanager,
    dossier_set_status,
    dossier_withdraw_invitation,
    enrichment_ask,
)
from signals.views.paging import capped_page

PAGE_SIZE = 50
PAGE_PARAM = "pagina"
# The list counts no further (signals.views.paging).
COUNT_CAP = 1000


def _parse_uuid(value: str | None) -> UUID:
    try:
        return uuid_lib.UUID(str(value))
    except ValueError as exc:
        raise Http404 from exc


# --- list ------------------------------------------------------------------------


# One row of the dossier list, formatted with format_html (every value escaped).
# A page's 50 rows are built here rather than in the template: at ten template
# variables a row, Django's template engine took a third of the page's time
# (benchmarks/signals_bench.py).
_LIST_ROW = (
    '<tr class="utrecht-table__row" data-dossier="{reference}">\n'
    '      <th class="utrecht-table__cell" scope="row">'
    '<a class="utrecht-link" href="{url}">{reference}</a></th>\n'
    '      <td class="utrecht-table__cell">{status}</td>\n'
    '      <td class="utrecht-table__cell">{owner}</td>\n'
    '      <td class="utrecht-table__cell">{casemanager}</td>\n'
    '      <td class="utrecht-table__cell">'
    '<time datetime="{updated_iso}">{updated}</time></td>\n'
    '      <td class="utrecht-table__cell" data-open-questions="{open_questions}">'
    "{open_questions}</td>\n"
    "    </tr>"
)


# The empty filter form as HTML, per language: its seven widgets take longer to
# render than the page's 50 rows, and without filters it is always the same.
_EMPTY_FILTER_FORM: dict[str, SafeString] = {}


def _filter_form_html(form: DossierListFilterForm, *, filtered: bool) -> SafeString:
    context = {"filter_form": form, "filtered": filtered}
    if filtered or form.errors:
        return render_to_string("dossiers/_list_filters.html", context)
    language = get_language() or ""
    if language not in _EMPTY_FILTER_FORM:
        _EMPTY_FILTER_FORM[language] = render_to_string(
            "dossiers/_list_filters.html", context
        )
    return _EMPTY_FILTER_FORM[language]


@permission_required("signals.view_dossier")
@require_GET
def dossier_list_view(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    filter_form = DossierListFilterForm(request.GET)
    filters = filter_form.filters()
    dossiers = dossier_list_rows(user=user, filters=filters)  # DOSSIER_LIST_COLUMNS
    if filters:
        total = dossier_count_filtered(user=user, filters=filters, cap=COUNT_CAP)
    else:
        total = dossier_count_visible(user=user, cap=COUNT_CAP)
    page_obj = capped_page(
        dossiers,
        total,
        request.GET.get(PAGE_PARAM),
        cap=COUNT_CAP,
        page_size=PAGE_SIZE,
    )
    audit_record(
        actor=user,
        action=Action.LIST,
        object_type="signals.dossier",
        # The names of the filters used, never what was typed in the search box.
        reason=f"dossierlijst, pagina {page_obj.number}"
        + (f", gefilterd op {', '.join(sorted(filters))}" if filters else ""),
    )
    statuses = {value: str(label) for value, label in DossierStatus.choices}
    months = {n: str(MONTHS_3[n]).title() for n in MONTHS_3}  # as |date's "M"
    url_before, url_after = reverse(
        "dossiers:detail", kwargs={"uuid": UUID(int=0)}
    ).split(str(UUID(int=0)))

    def row(values: tuple[Any, ...]) -> dict[str, Any]:
        pk, uuid, created_at, status, owner, username, first, last, updated_at, n = (
            values
        )
        updated = timezone.localtime(updated_at)
        return {
            "reference": dossier_reference(pk, created_at),
            "url": f"{url_before}{uuid}{url_after}",
            "status": statuses.get(status, status),
            "owner": owner,
            # As User.get_full_name, else the username; "–" without a casemanager.
            "casemanager": (f"{first} {last}".strip() or username) if username else "–",
            "updated_iso": updated.isoformat(),
            "updated": f"{updated.day} {months[updated.month]} {updated:%Y %H:%M}",
            "open_questions": n,
        }

    return render(
        request,
        "dossiers/dossier_list.html",
        {
            "page_obj": page_obj,
            "rows": format_html_join(
                "\n    ", _LIST_ROW, (row(v) for v in page_obj.object_list)
            ),
            "count_cap": COUNT_CAP,
            "filter_form": filter_form,
            "filter_html": _filter_form_html(filter_form, filtered=bool(filters)),
            "filtered": bool(filters),
            "page_query": urlencode(filters),
        },
    )


# --- detail ----------------------------------------------------------------------


@dataclass
class DossierForms:
    """The change forms of one dossier page; a bound one carries its errors."""

    status: DossierStatusForm | None = None
    casemanager: CasemanagerForm | None = None
    invite: InviteForm | None = None
    ask: EnrichmentAskForm | None = None


def _render_detail(
    request: HttpRequest,
    user: User,
    uuid: UUID,
    bound: DossierForms | None = None,
    status: int = 200,
) -> HttpResponse:
    dossier = dossier_get_visible(user=user, uuid=uuid, reason="dossier bekeken")
    bound = bound or DossierForms()
    choices = dossier_form_choices(user=user, dossier=dossier)
    may_change = dossier_may_change(user, dossier)
    may_invite = may_change and may(user, "signals.invite_dossier")
    may_ask = may_change and may(user, "signals.add_enrichmentrequest")

    signals = list(dossier_signals(dossier=dossier, user=user))
    open_enrichment = list(dossier_open_enrichment(dossier=dossier))
    enrichments = list(dossier.enrichments.all())
    context: dict[str, Any] = {
        "dossier": dossier,
        "signals": signals,
        "persons": dossier_persons(dossier=dossier, user=user),
        "person_links": person_links_as_read(
            links=list(dossier_person_links(dossier=dossier, user=user)), user=user
        ),
        "participants": list(dossier_participants(dossier=dossier)),
        "enrichments": enrichments,
        "readable_answers": enrichment_readable_answers(
            user=user, enrichments=enrichments
        ),
        "shown_outcomes": enrichment_shown_outcomes(user=user, enrichments=enrichments),
        "not_answered_by": sorted(
            {r.organisation.name for r in open_enrichment}, key=str.lower
        ),
        "ready": dossier_ready_for_casusoverleg(dossier=dossier),
        "events": dossier_timeline_entries(dossier=dossier, user=user),
        "may_change": may_change,
        "may_invite": may_invite,
        "may_ask": may_ask,
    }
    if may_change:
        context["status_form"] = bound.status or DossierStatusForm(
            initial={"status": dossier.status}, auto_id="status_%s"
        )
        context["casemanager_form"] = bound.casemanager or CasemanagerForm(
            initial={"casemanager": dossier.casemanager_id},
            candidates=choices.casemanagers,
            auto_id="casemanager_%s",
        )
    if may_invite:
        context["invite_form"] = bound.invite or InviteForm(
            organisations=choices.invitable, auto_id="invite_%s"
        )
        context["withdrawable"] = list(choices.withdrawable)
    if may_ask:
        context["ask_form"] = bound.ask or EnrichmentAskForm(
            organisations=choices.askable, auto_id="ask_%s"
        )
    return render(request, "dossiers/dossier_detail.html", context, status=status)


@never_cache
@require_GET
def dossier_detail_view(request: HttpRequest, uuid: UUID) -> HttpResponse:
    return _render_detail(request, request_user(request), uuid)


def _changeable(request: HttpRequest, uuid: UUID) -> tuple[User, Dossier]:
    """The dossier to change: outside the user's scope a 404, read-only a 403."""
    user = request_user(request)
    try:
        dossier = dossier_list_visible_to(user=user).get(uuid=uuid)
    except Dossier.DoesNotExist as exc:
        raise not_visible(user, Dossier, uuid) from exc
    if not dossier_may_change(user, dossier):
        raise PermissionDenied
    return user, dossier


def _back(dossier: Dossier, anchor: str = "") -> HttpResponse:
    url = reverse("dossiers:detail", kwargs={"uuid": dossier.uuid})
    return redirect(f"{url}#{anchor}" if anchor else url)


@require_POST
def dossier_status_view(request: HttpRequest, uuid: UUID) -> HttpResponse:
    user, dossier = _changeable(request, uuid)
    form = DossierStatusForm(request.POST, auto_id="status_%s")
    if form.is_valid():
        try:
            dossier = dossier_set_status(
                dossier=dossier, status=form.cleaned_data["status"], actor=user
            )
        except ValidationError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(
                request,
                _("De status is nu: %(status)s.")
                % {"status": dossier.get_status_display()},
            )
            return _back(dossier)
    return _render_detail(request, user, uuid, DossierForms(status=form))


@require_POST
def dossier_casemanager_view(request: HttpRequest, uuid: UUID) -> HttpResponse:
    user, dossier = _changeable(request, uuid)
    form = CasemanagerForm(
        request.POST,
        candidates=dossier_form_choices(user=user, dossier=dossier).casemanagers,
        auto_id="casemanager_%s",
    )
    if form.is_valid():
        try:
            dossier_set_casemanager(
                dossier=dossier,
                casemanager=form.cleaned_data["casemanager"],
                actor=user,
            )
        except ValidationError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("De casemanager is vastgelegd."))
            return _back(dossier)
    return _render_detail(request, user, uuid, DossierForms(casemanager=form))


@require_POST
def dossier_invite_view(request: HttpRequest, uuid: UUID) -> HttpResponse:
    user, dossier = _changeable(request, uuid)
    form = InviteForm(
        request.POST,
        organisations=dossier_form_choices(user=user, dossier=dossier).invitable,
        auto_id="invite_%s",
    )
    if form.is_valid():
        organisation = form.cleaned_data["organisation"]
        try:
            dossier_invite(dossier=dossier, organisation=organisation, actor=user)
        except ValidationError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(
                request,
                _("%(name)s neemt nu deel aan dit dossier.")
                % {"name": organisation.name},
            )
            return _back(dossier, "deelnemers")
    return _render_detail(request, user, uuid, DossierForms(invite=form))


@require_POST
def dossier_withdraw_view(request: HttpRequest, uuid: UUID) -> HttpResponse:
    user, dossier = _changeable(request, uuid)
    form = WithdrawForm(
        request.POST,
        organisations=dossier_form_choices(user=user, dossier=dossier).withdrawable,
    )
    if form.is_valid():
        organisation = form.cleaned_data["organisation"]
        try:
            dossier_withdraw_invitation(
                dossier=dossier, organisation=organisation, actor=user
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                _("De uitnodiging van %(name)s is ingetrokken.")
                % {"name": organisation.name},
            )
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
    return _back(dossier, "deelnemers")


@require_POST
def dossier_ask_view(request: HttpRequest, uuid: UUID) -> HttpResponse:
    user, dossier = _changeable(request, uuid)
    form = EnrichmentAskForm(
        request.POST,
        organisations=dossier_form_choices(user=user, dossier=dossier).askable,
        auto_id="ask_%s",
    )
    if form.is_valid():
        organisations = list(form.cleaned_data["organisations"])
        try:
            enrichment_ask(
                dossier=dossier,
                organisations=organisations,
                reason=form.cleaned_data["reason"],
                question=form.cleaned_data["question"],
                actor=user,
            )
        except ValidationError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(
                request,
                _("De vraag is uitgezet bij %(names)s.")
                % {"names": ", ".join(o.name for o in organisations)},
            )
            return _back(dossier, "veredelen")
    return _render_detail(request, user, uuid, DossierForms(ask=form))


# --- bundling signals --------------------------------------------------------------


@require_POST
def dossier_create_view(request: HttpRequest) -> HttpResponse:
    """A new dossier from one signal (and its confirmed persons)."""
    user = request_user(request)
    if not may(user, "signals.add_dossier"):
        raise PermissionDenied
    signal = signal_get_visible(
        user=user, uuid=_parse_uuid(request.POST.get("signal")), reason="dossier maken"
    )
    dossier = dossier_create(
        actor=user, signals=[signal], persons=signal_confirmed_persons(signal=signal)
    )
    messages.success(
        request,
        _("Dossier %(dossier)s is aangemaakt met signaal %(signal)s.")
        % {"dossier": dossier.reference, "signal": signal.reference},
    )
    return _back(dossier)


def _add_signal_page(
    request: HttpRequest, user: User, signal: Signal, form: AddSignalForm
) -> HttpResponse:
    query = request.GET.get("q", "")
    results = (
        dossier_search_to_add(user=user, signal=signal, text=query) if query else None
    )
    context = {"signal": signal, "query": query, "results": results}
    if request.headers.get("HX-Request") == "true" and request.method == "GET":
        # The search box's htmx request: only the results.
        response = render(request, "dossiers/_add_signal_results.html", context)
    else:
        context |= {
            "form": form,
            "candidates": dossier_candidates_for_signal(user=user, signal=signal),
        }
        response = render(request, "dossiers/add_signal.html", context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def dossier_add_signal_view(request: HttpRequest) -> HttpResponse:
    """Add a signal (and its confirmed persons) to an existing dossier: the page
    offers the dossiers of the signal's persons and a search (GET, ``q``; with
    htmx only the results), the POST names the dossier by reference."""
    user = request_user(request)
    if not may(user, "signals.change_dossier"):
        raise PermissionDenied
    data = request.POST if request.method == "POST" else request.GET
    signal = signal_get_visible(
        user=user,
        uuid=_parse_uuid(data.get("signal")),
        reason="signaal aan dossier toevoegen",
    )
    if request.method == "GET":
        form = AddSignalForm(initial={"signal": signal.uuid})
        return _add_signal_page(request, user, signal, form)
    form = AddSignalForm(request.POST, initial={"signal": signal.uuid})
    if form.is_valid():
        dossier = dossier_find_visible(user=user, key=form.cleaned_data["dossier"])
        if dossier is None:
            form.add_error("dossier", _("Er is geen dossier met deze referentie."))
        elif not dossier_may_change(user, dossier):
            form.add_error("dossier", _("U kunt dit dossier niet wijzigen."))
        elif dossier_holds_signal(dossier=dossier, signal=signal):
            messages.info(
                request,
                _("Signaal %(signal)s zat al in dossier %(dossier)s.")
                % {"signal": signal.reference, "dossier": dossier.reference},
            )
            return _back(dossier)
        else:
            try:
                dossier_add_signal_with_persons(
                    dossier=dossier, signal=signal, actor=user
                )
            except ValidationError as exc:
                apply_service_error(form, exc)
            else:
                messages.success(
                    request,
                    _("Signaal %(signal)s is toegevoegd aan dossier %(dossier)s.")
                    % {"signal": signal.reference, "dossier": dossier.reference},
                )
                return _back(dossier)
    return _add_signal_page(request, user, signal, form)
