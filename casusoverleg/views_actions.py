"""My organisation's actions and the ketenregisseur's voortgangscontrole.

Thin: the selectors scope (an intervention of another organisation is a 404),
the service decides (a reason for niet mogelijk / niet uitgevoerd), the views
read input and render. Without ``casusoverleg.view_intervention`` (the screening
team, the functioneel beheerder) the list is a 403, like the other work lists.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from audit.constants import Action
from audit.services import audit_record
from casusoverleg.constants import InterventionStatus
from casusoverleg.forms_actions import ProgressForm
from casusoverleg.selectors import depends_on_blank, intervention_ids_readable
from casusoverleg.selectors.actions import (
    REASON_STATUSES,
    STATUS_FILTERS,
    VIEW,
    action_page,
    actions_list,
    actions_overview,
    actions_see_all,
)
from casusoverleg.services.actions import intervention_progress
from partners.access import permission_required, request_user
from partners.forms import apply_service_error
from partners.models import User

LIST_LIMIT = 200

STATUS_LABELS = {
    "open": gettext_lazy("Open (nog uit te voeren)"),
    "te-laat": gettext_lazy("Over de termijn"),
    "afgerond": gettext_lazy("Afgerond, niet mogelijk of niet uitgevoerd"),
    "alle": gettext_lazy("Alle"),
}


def _int(value: str) -> int | None:
    return int(value) if value.isdigit() and len(value) < 10 else None


@require_GET
@permission_required(VIEW)
def actions_list_view(request: HttpRequest) -> HttpResponse:
    """A partner: its organisation's interventions, overdue first. The
    ketenregisseur: every organisation's, with the counts per organisation and a
    filter on one."""
    user = request_user(request)
    status = request.GET.get("status", "open")
    if status not in STATUS_FILTERS:
        status = "open"
    sees_all = actions_see_all(user)
    overview = actions_overview(user=user)
    organisation_id = _int(request.GET.get("organisatie", "")) if sees_all else None
    rows = list(
        actions_list(user=user, status=status, organisation_id=organisation_id)[
            : LIST_LIMIT + 1
        ]
    )
    # What one waits for may be another case's, or a criminal-justice one.
    depends_on_blank(
        rows,
        intervention_ids_readable(
            user=user,
            intervention_ids=[r.depends_on_id for r in rows if r.depends_on_id],
        ),
    )
    audit_record(
        actor=user,
        action=Action.LIST,
        object_type="casusoverleg.intervention",
        reason=f"acties: status={status}"
        + (f" organisatie={organisation_id}" if organisation_id else ""),
    )
    return render(
        request,
        "casusoverleg/actions/list.html",
        {
            "rows": rows[:LIST_LIMIT],
            "more": len(rows) > LIST_LIMIT,
            "sees_all": sees_all,
            "overview": overview,
            "status": status,
            "statuses": [(key, STATUS_LABELS[key]) for key in STATUS_FILTERS],
            "organisation_id": organisation_id,
            "organisation": next(
                (
                    line.organisation
                    for line in overview
                    if line.organisation.pk == organisation_id
                ),
                None,
            ),
        },
    )


def _render_page(
    request: HttpRequest,
    user: User,
    uuid: UUID,
    form: ProgressForm | None = None,
    status: int = 200,
) -> HttpResponse:
    page = action_page(user=user, intervention_uuid=uuid)
    context: dict[str, Any] = {
        "page": page,
        "intervention": page.intervention,
        "form": form
        or ProgressForm(
            initial={
                "status": page.intervention.status
                if page.intervention.status != InterventionStatus.OPEN
                else ""
            }
        ),
        "reason_statuses": [s.value for s in REASON_STATUSES],
    }
    return render(request, "casusoverleg/actions/detail.html", context, status=status)


@require_GET
@permission_required(VIEW)
def action_detail_view(request: HttpRequest, uuid: UUID) -> HttpResponse:
    return _render_page(request, request_user(request), uuid)


@require_POST
@permission_required(VIEW)
def action_progress_view(request: HttpRequest, uuid: UUID) -> HttpResponse:
    user = request_user(request)
    page = action_page(user=user, intervention_uuid=uuid)
    form = ProgressForm(request.POST)
    if form.is_valid():
        try:
            intervention_progress(
                intervention=page.intervention,
                actor=user,
                status=form.cleaned_data["status"],
                note=form.cleaned_data["note"],
                outcome=form.cleaned_data["outcome"],
            )
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("De voortgang is vastgelegd."))
            return redirect("casusoverleg:action", uuid=uuid)
    return _render_page(request, user, uuid, form=form, status=400)
