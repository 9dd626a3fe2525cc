"""Reads for notifications: a user sees their own, and nobody else's."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet
from django.http import Http404

from notifications.models import Notification
from partners.constants import ROLE_GROUP_PREFIX, Role
from partners.models import Organisation, User


def notification_list_for(*, user: User) -> QuerySet[Notification]:
    """The user's inbox: unread first, then newest first."""
    return (
        Notification.objects.filter(recipient=user)
        .annotate(
            unread=ExpressionWrapper(
                Q(read_at__isnull=True), output_field=BooleanField()
            )
        )
        .order_by("-unread", "-created_at", "-id")
    )


def notification_get_for(*, user: User, pk: int) -> Notification:
    """One of the user's own notifications; anybody else's does not exist (404)."""
    notification = Notification.objects.filter(recipient=user, pk=pk).first()
    if notification is None:
        raise Http404
    return notification


def notification_unread_count(*, user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def recipients_with_roles(*, roles: Iterable[Role | str]) -> list[User]:
    """Active users holding any of ``roles`` whose organisation has a valid convenant.

    An organisation without a valid convenant receives no personal data, so it is
    not told that there is something to look at either.
    """
    names = [f"{ROLE_GROUP_PREFIX}{role}" for role in roles]
    if not names:
        return []
    organisations = (
        Organisation.objects.with_valid_convenant()
        .filter(has_valid_convenant=True)  # type: ignore[misc]
        .values("pk")
    )
    return list(
        User.objects.filter(
            is_active=True,
            groups__name__in=names,
            organisation__in=organisations,
        )
        .distinct()
        .order_by("pk")
    )


def notification_unread_latest(*, user: User, limit: int) -> list[Notification]:
    """The user's newest unread notifications (the start page)."""
    return list(
        Notification.objects.filter(recipient=user, read_at__isnull=True).order_by(
            "-created_at", "-id"
        )[:limit]
    )
