"""The agenda pages: /casusoverleg/<uuid>/agenda/ and its item pages.

Thin: forms read input, services decide, selectors scope. Only the
ketenregisseur and the voorbereidingsteam open the agenda; anyone else gets a 404
(``agenda_meeting_get``). The drag and drop posts the new order with htmx and gets
the list back; the "omhoog"/"omlaag" buttons are plain forms that do the same
without JavaScript.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from casusoverleg.constants import JobStatus
from casusoverleg.forms_agenda import (
    AddDossierForm,
    DurationForm,
    InviteForm,
    SketchForm,
)
from casusoverleg.models import ItemInvitation, Meeting
from casusoverleg.selectors.agenda import (
    AgendaPage,
    agenda_build_status,
    agenda_item_get,
    agenda_item_page,
    agenda_meeting_get,
    agenda_page,
    invitable_organisations,
    may_build_agenda,
    may_edit_sketch,
)
from casusoverleg.services.agenda import (
    SKETCH_FIELDS,
    agenda_build_request,
    agenda_item_accept,
    agenda_item_add,
    agenda_item_invitation_withdraw,
    agenda_item_invite,
    agenda_item_move,
    agenda_item_remove,
    agenda_item_set_duration,
    agenda_item_sketch_update,
    agenda_reorder,
)
from partners.access import not_visible, request_user
from partners.forms import apply_service_error
from partners.models import User


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _context(
    request: HttpRequest, user: User, page: AgendaPage, **extra: Any
) -> dict[str, Any]:
    durations: dict[int, DurationForm] = extra.pop("durations", {})
    for row in page.accepted + page.proposed:
        row.duration_form = durations.get(row.item.pk) or DurationForm(
            item_id=row.item.pk, initial={"planned_minutes": row.item.planned_minutes}
        )
    return {
        "page": page,
        "meeting": page.meeting,
        "build": page.build,
        "may_build": may_build_agenda(user) and page.editable,
        "building": page.build is not None
        and page.build.status in (JobStatus.QUEUED, JobStatus.RUNNING),
        "add_form": extra.pop("add_form", None) or AddDossierForm(),
        **extra,
    }


def _render_page(
    request: HttpRequest, user: User, uuid: UUID, status: int = 200, **extra: Any
) -> HttpResponse:
    page = agenda_page(user=user, meeting_uuid=uuid)
    return render(
        request,
        "casusoverleg/agenda/page.html",
        _context(request, user, page, **extra),
        status=status,
    )


def _back(meeting: Meeting, anchor: str = "") -> HttpResponse:
    url = reverse("casusoverleg:agenda", kwargs={"uuid": meeting.uuid})
    return redirect(f"{url}#{anchor}" if anchor else url)


@require_GET
def agenda_view(request: HttpRequest, uuid: UUID) -> HttpResponse:
    return _render_page(request, request_user(request), uuid)


@require_POST
def build_view(request: HttpRequest, uuid: UUID) -> HttpResponse:
    user = request_user(request)
    meeting = agenda_meeting_get(user=user, meeting_uuid=uuid)
    try:
        agenda_build_request(meeting=meeting, actor=user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("De agenda wordt opgebouwd; deze pagina toont de voortgang.")
        )
    return _back(meeting, "opbouw")


@require_GET
def build_status_view(request: HttpRequest, uuid: UUID) -> HttpResponse:
    """The builder's progress (htmx polls it while it runs). When a polled build
    is finished the page reloads to show the proposals or the failure."""
    user = request_user(request)
    meeting, build = agenda_build_status(user=user, meeting_uuid=uuid)
    building = build is not None and build.status in (
        JobStatus.QUEUED,
        JobStatus.RUNNING,
    )
    response = render(
        request,
        "casusoverleg/agenda/_build.html",
        {"meeting": meeting, "build": build, "building": building},
    )
    if _is_htmx(request) and not building:
        response["HX-Refresh"] = "true"
    return response


def _item_ids(request: HttpRequest) -> list[int] | None:
    try:
        return [int(value) for value in request.POST.getlist("item")]
    except ValueError:
        return None


@require_POST
def order_view(request: HttpRequest, uuid: UUID) -> HttpResponse:
    """The new order after drag and drop (htmx): the list comes back renumbered."""
    user = request_user(request)
    meeting = agenda_meeting_get(user=user, meeting_uuid=uuid)
    error = ""
    ids = _item_ids(request)
    try:
        if ids is None:
            raise ValidationError(_("De volgorde is onleesbaar."))
        agenda_reorder(meeting=meeting, item_ids=ids, actor=user)
    except ValidationError as exc:
        error = " ".join(exc.messages)
    if not _is_htmx(request):
        if error:
            messages.error(request, error)
        return _back(meeting, "agenda")
    page = agenda_page(user=user, meeting_uuid=uuid)
    context = _context(request, user, page, order_error=error)
    return render(request, "casusoverleg/agenda/_agenda.html", context)


@require_POST
def move_view(request: HttpRequest, uuid: UUID, item_id: int) -> HttpResponse:
    user = request_user(request)
    meeting = agenda_meeting_get(user=user, meeting_uuid=uuid)
    item = agenda_item_get(user=user, meeting=meeting, item_id=item_id)
    try:
        agenda_item_move(
            item=item, direction=request.POST.get("direction", ""), actor=user
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return _back(meeting, f"punt-{item.pk}")


@require_POST
def accept_view(request: HttpRequest, uuid: UUID, item_id: int) -> HttpResponse:
    user = request_user(request)
    meeting = agenda_meeting_get(user=user, meeting_uuid=uuid)
    item = agenda_item_get(user=user, meeting=meeting, item_id=item_id)
    try:
        agenda_item_accept(item=item, actor=user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Het punt staat op de agenda."))
    return _back(meeting, "agenda")


@require_POST
def remove_view(request: HttpRequest, uuid: UUID, item_id: int) -> HttpResponse:
    user = request_user(request)
    meeting = agenda_meeting_get(user=user, meeting_uuid=uuid)
    item = agenda_item_get(user=user, meeting=meeting, item_id=item_id)
    try:
        agenda_item_remove(item=item, actor=user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Het punt is van de agenda gehaald."))
    return _back(meeting, "verwijderd")


@require_POST
def duration_view(request: HttpRequest, uuid: UUID, item_id: int) -> HttpResponse:
    user = request_user(request)
    meeting = agenda_meeting_get(user=user, meeting_uuid=uuid)
    item = agenda_item_get(user=user, meeting=meeting, item_id=item_id)
    form = DurationForm(request.POST, item_id=item.pk)
    if form.is_valid():
        try:
            agenda_item_set_duration(
                item=item, minutes=form.cleaned_data["planned_minutes"], actor=user
            )
        except ValidationError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("De duur is opgeslagen."))
            return _back(meeting, f"punt-{item.pk}")
    return _render_page(
        request, user, uuid, status=400, durations={item.pk: form}, form=form
    )


@require_POST
def add_view(request: HttpRequest, uuid: UUID) -> HttpResponse:
    user = request_user(request)
    meeting = agenda_meeting_get(user=user, meeting_uuid=uuid)
    form = AddDossierForm(request.POST)
    if form.is_valid():
        try:
            item = agenda_item_add(
                meeting=meeting, reference=form.cleaned_data["reference"], actor=user
            )
        except ValidationError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("Het dossier staat op de agenda."))
            return _back(meeting, f"punt-{item.pk}")
    return _render_page(request, user, uuid, status=400, add_form=form, form=form)


# --- one item ------------------------------------------------------------------------


def _render_item(
    request: HttpRequest,
    user: User,
    meeting: Meeting,
    item_id: int,
    status: int = 200,
    **forms: Any,
) -> HttpResponse:
    row = agenda_item_page(user=user, meeting=meeting, item_id=item_id)
    item = row.item
    context = {
        "meeting": meeting,
        "row": row,
        "item": item,
        "may_sketch": may_edit_sketch(user) and meeting.status == "planned",
        "may_invite": may_build_agenda(user)
        and meeting.status != "closed"
        and item.dossier_id is not None,
        "sketch_form": forms.get("sketch_form")
        or SketchForm(initial={name: getattr(item, name) for name in SKETCH_FIELDS}),
        "invite_form": forms.get("invite_form")
        or InviteForm(organisations=invitable_organisations(item=item)),
        "form": forms.get("sketch_form") or forms.get("invite_form"),
    }
    return render(request, "casusoverleg/agenda/item.html", context, status=status)


@require_http_methods(["GET", "POST"])
def item_view(request: HttpRequest, uuid: UUID, item_id: int) -> HttpResponse:
    """One item: the sketch (until the meeting starts), the roles the dossier
    covers, carried-over interventions and the invitations."""
    user = request_user(request)
    meeting = agenda_meeting_get(user=user, meeting_uuid=uuid)
    if request.method == "GET":
        return _render_item(request, user, meeting, item_id)
    item = agenda_item_get(user=user, meeting=meeting, item_id=item_id)
    form = SketchForm(request.POST)
    if form.is_valid():
        try:
            agenda_item_sketch_update(item=item, actor=user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("De schets is opgeslagen."))
            return redirect(
                "casusoverleg:agenda-item", uuid=meeting.uuid, item_id=item.pk
            )
    return _render_item(request, user, meeting, item_id, 400, sketch_form=form)


@require_POST
def invite_view(request: HttpRequest, uuid: UUID, item_id: int) -> HttpResponse:
    user = request_user(request)
    meeting = agenda_meeting_get(user=user, meeting_uuid=uuid)
    item = agenda_item_get(user=user, meeting=meeting, item_id=item_id)
    form = InviteForm(request.POST, organisations=invitable_organisations(item=item))
    if form.is_valid():
        try:
            agenda_item_invite(
                item=item, organisation=form.cleaned_data["organisation"], actor=user
            )
        except ValidationError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("De organisatie is uitgenodigd voor dit punt."))
            return redirect(
                "casusoverleg:agenda-item", uuid=meeting.uuid, item_id=item.pk
            )
    return _render_item(request, user, meeting, item_id, 400, invite_form=form)


@require_POST
def invitation_withdraw_view(
    request: HttpRequest, uuid: UUID, item_id: int, invitation_id: int
) -> HttpResponse:
    user = request_user(request)
    meeting = agenda_meeting_get(user=user, meeting_uuid=uuid)
    item = agenda_item_get(user=user, meeting=meeting, item_id=item_id)
    invitation = ItemInvitation.objects.filter(item=item, pk=invitation_id).first()
    if invitation is None:
        raise not_visible(user, ItemInvitation, invitation_id)
    try:
        agenda_item_invitation_withdraw(invitation=invitation, actor=user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("De uitnodiging is ingetrokken."))
    return redirect("casusoverleg:agenda-item", uuid=meeting.uuid, item_id=item.pk)
