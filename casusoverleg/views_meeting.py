"""The casusoverleg's meeting pages: the list, scheduling, the meeting page
(plan, attendance, start, close, corrections) and the meeting view at the table.

Thin: forms read input, the services of ``casusoverleg.services.meeting`` decide,
the selectors scope (a meeting or item out of scope is a 404). Every form works
without JavaScript: a post redirects back to its place on the page, a post with
errors renders the page again with that form open and its error summary.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from casusoverleg.constants import AttendanceKind, ItemStatus, MeetingStatus
from casusoverleg.forms_meeting import (
    SERVICE_TO_MEETING_FORM,
    AttendanceForm,
    ContributionForm,
    CorrectionForm,
    DecisionForm,
    InterventionForm,
    MeetingForm,
    ProsecutionForm,
    StartForm,
    apply_errors,
    item_prefix,
)
from casusoverleg.models import AgendaItem, Meeting
from casusoverleg.selectors import item_get_visible, meeting_get_visible
from casusoverleg.selectors.meeting import (
    ItemRecord,
    MeetingPage,
    intervention_depends_choices,
    meeting_attendance_get,
    meeting_list,
    meeting_page,
)
from casusoverleg.services.meeting import (
    CONFIDENTIALITY_STATEMENT,
    attendance_acknowledge,
    attendance_record,
    attendance_remove,
    contribution_record,
    correction_record,
    decision_record,
    intervention_create,
    item_organisations,
    meeting_close,
    meeting_schedule,
    meeting_start,
    meeting_update,
    prosecution_record,
)
from partners.access import holds_permission, permission_required, request_user
from partners.constants import OrganisationKind
from partners.models import User

CHANGE = "casusoverleg.change_meeting"


def _detail_url(meeting: Meeting, anchor: str = "") -> str:
    url = reverse("casusoverleg:detail", kwargs={"uuid": meeting.uuid})
    return f"{url}#{anchor}" if anchor else url


def _run_url(meeting: Meeting, anchor: str = "") -> str:
    url = reverse("casusoverleg:meeting", kwargs={"uuid": meeting.uuid})
    return f"{url}#{anchor}" if anchor else url


# --- list and scheduling -----------------------------------------------------------


@require_GET
@permission_required("casusoverleg.view_meeting")
def meeting_list_view(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    meetings = meeting_list(user=user)
    return render(
        request,
        "casusoverleg/meeting/list.html",
        {
            "upcoming": meetings.upcoming,
            "past": meetings.past,
            "may_schedule": holds_permission(user, "casusoverleg.add_meeting"),
        },
    )


@require_http_methods(["GET", "POST"])
@permission_required("casusoverleg.add_meeting")
def meeting_schedule_view(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    if request.method == "POST":
        form = MeetingForm(request.POST)
        if form.is_valid():
            try:
                meeting = meeting_schedule(
                    actor=user,
                    starts_at=form.starts_at(),
                    chair=form.cleaned_data["chair"],
                    place=form.cleaned_data["place"],
                    video_link=form.cleaned_data["video_link"],
                )
            except ValidationError as exc:
                apply_errors(form, exc, SERVICE_TO_MEETING_FORM)
            else:
                messages.success(request, _("Het casusoverleg is gepland."))
                return redirect(_detail_url(meeting))
        return render(
            request, "casusoverleg/meeting/schedule.html", {"form": form}, status=400
        )
    form = MeetingForm(initial={"chair": user.pk, "time": "13:30"})
    return render(request, "casusoverleg/meeting/schedule.html", {"form": form})


# --- the meeting page --------------------------------------------------------------


def _attendees(page: MeetingPage) -> list[Any]:
    return [
        row.attendance
        for row in page.attendance
        if row.attendance.kind != AttendanceKind.APOLOGIES
    ]


def _render_detail(
    request: HttpRequest, user: User, page: MeetingPage, **forms: Any
) -> HttpResponse:
    meeting = page.meeting
    may_change = holds_permission(user, CHANGE)
    planned = meeting.status == MeetingStatus.PLANNED
    closed = meeting.status == MeetingStatus.CLOSED
    local = timezone.localtime(meeting.starts_at)
    # The agenda area's page, once its route exists (a missing route leaves it "").
    try:
        agenda_url = reverse("casusoverleg:agenda", kwargs={"uuid": meeting.uuid})
    except NoReverseMatch:  # until the agenda area adds its route
        agenda_url = ""
    context: dict[str, Any] = {
        "page": page,
        "meeting": meeting,
        "planned": planned,
        "in_progress": meeting.status == MeetingStatus.IN_PROGRESS,
        "closed": closed,
        "may_change": may_change and not closed,
        "may_plan": may_change and planned,
        "may_start": page.is_chair and may_change and planned,
        "may_close": page.is_chair
        and may_change
        and meeting.status == MeetingStatus.IN_PROGRESS,
        "may_correct": closed and holds_permission(user, "casusoverleg.add_correction"),
        "agenda_url": agenda_url,
        "statement": meeting.confidentiality_statement
        or str(CONFIDENTIALITY_STATEMENT),
        "edit_form": forms.get("edit_form")
        or MeetingForm(
            initial={
                "date": local.date(),
                "time": local.strftime("%H:%M"),
                "place": meeting.place,
                "video_link": meeting.video_link,
                "chair": meeting.chair_id,
            }
        ),
        "attendance_form": forms.get("attendance_form") or AttendanceForm(),
        "start_form": forms.get("start_form") or StartForm(attendees=_attendees(page)),
        "correction_form": forms.get("correction_form")
        or CorrectionForm(items=_item_queryset(page)),
        "no_mandate": any(
            row.attendance.kind == AttendanceKind.PRESENT
            and not row.attendance.has_mandate
            for row in page.attendance
        ),
    }
    return render(
        request,
        "casusoverleg/meeting/detail.html",
        context,
        status=400 if forms else 200,
    )


def _item_queryset(page: MeetingPage) -> Any:
    return AgendaItem.objects.filter(
        pk__in=[record.item.pk for record in page.items]
    ).order_by("position", "id")


@require_GET
def meeting_detail_view(request: HttpRequest, uuid: UUID) -> HttpResponse:
    user = request_user(request)
    return _render_detail(request, user, meeting_page(user=user, meeting_uuid=uuid))


@require_POST
@permission_required(CHANGE)
def meeting_edit_view(request: HttpRequest, uuid: UUID) -> HttpResponse:
    user = request_user(request)
    page = meeting_page(user=user, meeting_uuid=uuid)
    form = MeetingForm(request.POST)
    if form.is_valid():
        try:
            meeting_update(
                meeting=page.meeting,
                actor=user,
                starts_at=form.starts_at(),
                chair=form.cleaned_data["chair"],
                place=form.cleaned_data["place"],
                video_link=form.cleaned_data["video_link"],
            )
        except ValidationError as exc:
            apply_errors(form, exc, SERVICE_TO_MEETING_FORM)
        else:
            messages.success(request, _("De planning is gewijzigd."))
            return redirect(_detail_url(page.meeting))
    return _render_detail(request, user, page, edit_form=form)


@require_POST
@permission_required("casusoverleg.add_attendance")
def attendance_add_view(request: HttpRequest, uuid: UUID) -> HttpResponse:
    user = request_user(request)
    page = meeting_page(user=user, meeting_uuid=uuid)
    form = AttendanceForm(request.POST)
    if form.is_valid():
        try:
            attendance_record(
                meeting=page.meeting,
                actor=user,
                organisation=form.cleaned_data["organisation"],
                kind=form.cleaned_data["kind"],
                user=form.cleaned_data["user"],
                name=form.cleaned_data["name"],
                has_mandate=form.cleaned_data["has_mandate"],
                info_sent=form.cleaned_data["info_sent"],
                acknowledged=page.meeting.status == MeetingStatus.IN_PROGRESS
                and form.cleaned_data["kind"] != AttendanceKind.APOLOGIES,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("De presentielijst is bijgewerkt."))
            return redirect(_detail_url(page.meeting, "aanwezigheid"))
    return _render_detail(request, user, page, attendance_form=form)


@require_POST
@permission_required("casusoverleg.change_attendance")
def attendance_remove_view(
    request: HttpRequest, uuid: UUID, attendance_id: int
) -> HttpResponse:
    user = request_user(request)
    meeting = meeting_get_visible(user=user, meeting_uuid=uuid)
    attendance = meeting_attendance_get(meeting=meeting, attendance_id=attendance_id)
    try:
        attendance_remove(attendance=attendance, actor=user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("De regel is van de presentielijst gehaald."))
    return redirect(_detail_url(meeting, "aanwezigheid"))


@require_POST
def attendance_acknowledge_view(
    request: HttpRequest, uuid: UUID, attendance_id: int
) -> HttpResponse:
    """The attendee (or the chair for them) acknowledges the statement."""
    user = request_user(request)
    meeting = meeting_get_visible(user=user, meeting_uuid=uuid)
    attendance = meeting_attendance_get(meeting=meeting, attendance_id=attendance_id)
    try:
        attendance_acknowledge(attendance=attendance, actor=user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("De geheimhouding is bevestigd."))
    return redirect(_detail_url(meeting, "aanwezigheid"))


@require_POST
@permission_required(CHANGE)
def meeting_start_view(request: HttpRequest, uuid: UUID) -> HttpResponse:
    user = request_user(request)
    page = meeting_page(user=user, meeting_uuid=uuid)
    form = StartForm(request.POST, attendees=_attendees(page))
    if form.is_valid():
        try:
            meeting_start(
                meeting=page.meeting,
                actor=user,
                acknowledged=form.cleaned_data["acknowledged"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Het casusoverleg is gestart."))
            return redirect(_run_url(page.meeting))
    return _render_detail(request, user, page, start_form=form)


@require_POST
@permission_required(CHANGE)
def meeting_close_view(request: HttpRequest, uuid: UUID) -> HttpResponse:
    user = request_user(request)
    meeting = meeting_get_visible(user=user, meeting_uuid=uuid)
    try:
        meeting_close(meeting=meeting, actor=user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(_run_url(meeting))
    messages.success(
        request, _("Het casusoverleg is gesloten; het verslag ligt nu vast.")
    )
    return redirect(_detail_url(meeting))


@require_POST
@permission_required("casusoverleg.add_correction")
def correction_view(request: HttpRequest, uuid: UUID) -> HttpResponse:
    user = request_user(request)
    page = meeting_page(user=user, meeting_uuid=uuid)
    form = CorrectionForm(request.POST, items=_item_queryset(page))
    if form.is_valid():
        try:
            correction_record(
                meeting=page.meeting,
                actor=user,
                text=form.cleaned_data["text"],
                item=form.cleaned_data["item"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("De correctie is toegevoegd aan het verslag."))
            return redirect(_detail_url(page.meeting, "correcties"))
    return _render_detail(request, user, page, correction_form=form)


# --- the meeting view at the table -------------------------------------------------


def _may_record(user: User, page: MeetingPage) -> bool:
    return (
        page.is_chair
        and holds_permission(user, CHANGE)
        and page.meeting.status == MeetingStatus.IN_PROGRESS
    )


def _is_om(page: MeetingPage) -> bool:
    return (
        page.organisation is not None and page.organisation.kind == OrganisationKind.OM
    )


def _item_forms(
    record: ItemRecord, page: MeetingPage, user: User, bound: dict[str, Any]
) -> dict[str, Any]:
    item = record.item
    # A form sent with errors comes back whatever else holds (a closed meeting).
    forms: dict[str, Any] = dict(bound)
    running = page.meeting.status == MeetingStatus.IN_PROGRESS
    chair = _may_record(user, page)
    if (
        running
        and record.show_prosecution
        and item.dossier_id
        and (chair or _is_om(page))
    ):
        forms["prosecution"] = forms.get("prosecution") or ProsecutionForm(
            prefix=item_prefix(item, "om"),
            initial={"prosecution": item.prosecution or None},
        )
    if not chair or item.status != ItemStatus.ACCEPTED:
        return forms
    forms["decision"] = forms.get("decision") or DecisionForm(
        prefix=item_prefix(item, "besluit")
    )
    if item.dossier_id:
        participants = item_organisations(item)
        forms["contribution"] = forms.get("contribution") or ContributionForm(
            prefix=item_prefix(item, "inbreng"), participants=participants
        )
        forms["intervention"] = forms.get("intervention") or InterventionForm(
            prefix=item_prefix(item, "interventie"),
            participants=participants,
            depends=intervention_depends_choices(item=item),
        )
    return forms


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _render_run(
    request: HttpRequest,
    user: User,
    page: MeetingPage,
    *,
    item_id: int | None = None,
    name: str = "",
    form: Any = None,
    message: str = "",
) -> HttpResponse:
    """The meeting view; to an htmx post on an item only that item's section
    (with the form's errors, or with what was just recorded), which htmx swaps in
    place. htmx swaps 2xx answers only, so that one is a 200 either way."""
    rows = []
    for number, record in enumerate(page.items, start=1):
        bound = {name: form} if record.item.pk == item_id and form is not None else {}
        rows.append((record, _item_forms(record, page, user, bound), number))
    context = {
        "page": page,
        "meeting": page.meeting,
        "rows": rows,
        "may_record": _may_record(user, page),
        "in_progress": page.meeting.status == MeetingStatus.IN_PROGRESS,
        "closed": page.meeting.status == MeetingStatus.CLOSED,
        "without_mandate": [
            row
            for row in page.attendance
            if row.attendance.kind == AttendanceKind.PRESENT
            and not row.attendance.has_mandate
        ],
        # At the top level too: base.html's title reads "Fout: " from it.
        "failed_form": form,
    }
    if item_id is not None and _is_htmx(request):
        for record, forms, number in rows:
            if record.item.pk == item_id:
                return render(
                    request,
                    "casusoverleg/meeting/_item_record.html",
                    {
                        **context,
                        "record": record,
                        "forms": forms,
                        "item": record.item,
                        "number": number,
                        "message": message,
                    },
                )
    return render(
        request,
        "casusoverleg/meeting/run.html",
        context,
        status=400 if form is not None else 200,
    )


@require_GET
def meeting_run_view(request: HttpRequest, uuid: UUID) -> HttpResponse:
    user = request_user(request)
    return _render_run(request, user, meeting_page(user=user, meeting_uuid=uuid))


def _item(
    request: HttpRequest, uuid: UUID, item_id: int
) -> tuple[User, MeetingPage, AgendaItem]:
    user = request_user(request)
    page = meeting_page(user=user, meeting_uuid=uuid)
    item = item_get_visible(user=user, meeting=page.meeting, item_id=item_id)
    return user, page, item


def _recorded(
    request: HttpRequest, page: MeetingPage, item: AgendaItem, message: str
) -> HttpResponse:
    if _is_htmx(request):
        # The item read again, with what was just recorded.
        user = request_user(request)
        fresh = meeting_page(user=user, meeting_uuid=page.meeting.uuid)
        return _render_run(request, user, fresh, item_id=item.pk, message=message)
    messages.success(request, message)
    return redirect(_run_url(page.meeting, f"punt-{item.pk}"))


@require_POST
@permission_required("casusoverleg.add_decision")
def decision_view(request: HttpRequest, uuid: UUID, item_id: int) -> HttpResponse:
    user, page, item = _item(request, uuid, item_id)
    form = DecisionForm(request.POST, prefix=item_prefix(item, "besluit"))
    if form.is_valid():
        try:
            decision_record(item=item, actor=user, text=form.cleaned_data["text"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return _recorded(request, page, item, _("Het besluit is vastgelegd."))
    return _render_run(request, user, page, item_id=item.pk, name="decision", form=form)


@require_POST
@permission_required("casusoverleg.add_itemcontribution")
def contribution_view(request: HttpRequest, uuid: UUID, item_id: int) -> HttpResponse:
    user, page, item = _item(request, uuid, item_id)
    form = ContributionForm(
        request.POST,
        prefix=item_prefix(item, "inbreng"),
        participants=item_organisations(item),
    )
    if form.is_valid():
        try:
            contribution_record(
                item=item,
                actor=user,
                organisation=form.cleaned_data["organisation"],
                text=form.cleaned_data["text"],
                sharing=form.cleaned_data["sharing"],
                shared_with=form.cleaned_data["shared_with"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return _recorded(request, page, item, _("De inbreng is vastgelegd."))
    return _render_run(
        request, user, page, item_id=item.pk, name="contribution", form=form
    )


@require_POST
@permission_required("casusoverleg.add_intervention")
def intervention_view(request: HttpRequest, uuid: UUID, item_id: int) -> HttpResponse:
    user, page, item = _item(request, uuid, item_id)
    form = InterventionForm(
        request.POST,
        prefix=item_prefix(item, "interventie"),
        participants=item_organisations(item),
        depends=intervention_depends_choices(item=item),
    )
    if form.is_valid():
        try:
            intervention_create(
                item=item,
                actor=user,
                kind=form.cleaned_data["kind"],
                description=form.cleaned_data["description"],
                responsible=form.cleaned_data["responsible"],
                owner=form.cleaned_data["owner"],
                deadline=form.cleaned_data["deadline"],
                order=form.cleaned_data["order"],
                depends_on=form.cleaned_data["depends_on"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return _recorded(request, page, item, _("De interventie is vastgelegd."))
    return _render_run(
        request, user, page, item_id=item.pk, name="intervention", form=form
    )


@require_POST
def prosecution_view(request: HttpRequest, uuid: UUID, item_id: int) -> HttpResponse:
    """The OM's feedback: an OM user on an item it sees, or the chair."""
    user, page, item = _item(request, uuid, item_id)
    form = ProsecutionForm(request.POST, prefix=item_prefix(item, "om"))
    if form.is_valid():
        try:
            prosecution_record(
                item=item, actor=user, prosecution=form.cleaned_data["prosecution"]
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return _recorded(
                request, page, item, _("De terugmelding van het OM is vastgelegd.")
            )
    return _render_run(
        request, user, page, item_id=item.pk, name="prosecution", form=form
    )
