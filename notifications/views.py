"""The inbox: a user's own notifications, and the unread count for the nav.

Notifications carry no personal data (a generic title and a link), so reading
them is not audited; the page a link leads to checks access and audits itself.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from notifications.selectors import (
    notification_get_for,
    notification_list_for,
    notification_unread_count,
)
from notifications.services import notification_mark_read, notifications_mark_all_read
from partners.access import request_user

PAGE_SIZE = 50
PAGE_PARAM = "pagina"


@never_cache
@require_GET
def notification_list_view(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    page_obj = Paginator(notification_list_for(user=user), PAGE_SIZE).get_page(
        request.GET.get(PAGE_PARAM)
    )
    return render(
        request,
        "notifications/inbox.html",
        {"page_obj": page_obj, "unread_count": notification_unread_count(user=user)},
    )


@require_POST
def notification_open_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark read, then go where the notification points (only ever inside the app)."""
    user = request_user(request)
    notification = notification_get_for(user=user, pk=pk)
    notification_mark_read(notification=notification, user=user)
    if url_has_allowed_host_and_scheme(
        notification.link, allowed_hosts={request.get_host()}
    ) and notification.link.startswith("/"):
        return redirect(notification.link)
    return redirect("notifications:inbox")


@require_POST
def notification_mark_all_read_view(request: HttpRequest) -> HttpResponse:
    count = notifications_mark_all_read(user=request_user(request))
    if count:
        messages.success(
            request,
            _("%(count)d melding(en) als gelezen gemarkeerd.") % {"count": count},
        )
    return redirect("notifications:inbox")


@never_cache
@require_GET
def notification_count_view(request: HttpRequest) -> HttpResponse:
    """A fragment for the nav; htmx swaps it in once per page load."""
    return render(
        request,
        "notifications/_unread_badge.html",
        {"unread_count": notification_unread_count(user=request_user(request))},
    )
