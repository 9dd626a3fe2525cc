"""Pages of the minutes: the generation progress per version (htmx polling while
any is queued or running), failures, and the downloads a user may have."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from casusoverleg.constants import JobStatus, MeetingStatus
from casusoverleg.selectors import meeting_get_visible
from casusoverleg.selectors.minutes import (
    minutes_get_visible,
    minutes_list_visible_to,
    minutes_sees_every_version,
)
from casusoverleg.services.minutes import minutes_download, minutes_request_all
from partners.access import request_user

# The page asks again this often while a version is being made.
POLL_SECONDS = 3


@never_cache
@require_GET
def minutes_view(request: HttpRequest, uuid: UUID) -> HttpResponse:
    user = request_user(request)
    meeting = meeting_get_visible(user=user, meeting_uuid=uuid)
    versions = list(minutes_list_visible_to(user=user, meeting=meeting))
    busy = any(v.status in (JobStatus.QUEUED, JobStatus.RUNNING) for v in versions)
    context = {
        "meeting": meeting,
        "versions": versions,
        "busy": busy,
        "poll_seconds": POLL_SECONDS,
        "closed": meeting.status == MeetingStatus.CLOSED,
        "sees_every_version": minutes_sees_every_version(user=user, meeting=meeting),
        "failed": any(v.status == JobStatus.FAILED for v in versions),
    }
    if request.headers.get("HX-Request"):
        return render(request, "casusoverleg/minutes/_versions.html", context)
    return render(request, "casusoverleg/minutes/page.html", context)


@require_POST
def minutes_request_view(request: HttpRequest, uuid: UUID) -> HttpResponse:
    """The chair or ketenregisseur: make the versions that are missing and try
    the failed ones again."""
    user = request_user(request)
    meeting = meeting_get_visible(user=user, meeting_uuid=uuid)
    if not minutes_sees_every_version(user=user, meeting=meeting):
        raise PermissionDenied
    try:
        minutes_request_all(meeting=meeting, actor=user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Het verslag wordt gemaakt."))
    return redirect("casusoverleg:minutes", uuid=meeting.uuid)


@never_cache
@require_GET
def minutes_download_view(request: HttpRequest, uuid: UUID, pk: int) -> HttpResponse:
    user = request_user(request)
    meeting = meeting_get_visible(user=user, meeting_uuid=uuid)
    minutes = minutes_get_visible(user=user, meeting=meeting, minutes_id=pk)
    response = HttpResponse(
        minutes_download(minutes=minutes, actor=user), content_type="application/pdf"
    )
    suffix = minutes.organisation.slug if minutes.organisation else "volledig"
    response["Content-Disposition"] = (
        f'attachment; filename="verslag-{localtime(meeting.starts_at):%Y-%m-%d}-{suffix}'
        f'-v{minutes.version}.pdf"'
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
