"""In-app notifications, each with the state of its e-mail.

A notification says only *that* something is waiting and where (docs/threat-model.md):
its title is generic and its link is a path inside the app, which checks access
again when it is opened. The e-mail state is a database row a beat job re-sweeps,
so a dying worker or a Redis restart loses no alert (docs/architecture.md).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _


def validate_local_path(value: str) -> None:
    """Only an absolute path on our own site: the link becomes a redirect target."""
    if (
        not value.startswith("/")
        or value.startswith("//")
        or "\\" in value
        or any(ch.isspace() or ord(ch) < 32 for ch in value)
        or not url_has_allowed_host_and_scheme(value, allowed_hosts=set())
    ):
        raise ValidationError(
            _("Een link moet een pad binnen de applicatie zijn, zoals /signalen/."),
            code="invalid_link",
        )


def validate_single_line(value: str) -> None:
    if any(ord(ch) < 32 for ch in value):
        raise ValidationError(
            _("De titel moet één regel tekst zijn."), code="invalid_title"
        )


class Notification(models.Model):
    class Kind(models.TextChoices):
        URGENT_SIGNAL = "urgent_signal", _("Urgent signaal")
        TREND_SIGNAL = "trend_signal", _("Nieuw trendsignaal")
        ENRICHMENT_REQUEST = "enrichment_request", _("Nieuwe veredelingsvraag")
        ROLE_CHANGE = "role_change", _("Rolwijziging in uw organisatie")
        DOORLAATVERBOD = "doorlaatverbod", _("Doorlaatverbod: minderjarige in gevaar")
        INTERVENTION_REMINDER = (
            "intervention_reminder",
            _("Herinnering: termijn van een actie"),
        )
        HAND_OFF = "hand_off", _("Nieuwe overdracht aan uw organisatie")
        GENERAL = "general", _("Algemeen")

    class EmailStatus(models.TextChoices):
        PENDING = "pending", _("Te versturen")
        SENT = "sent", _("Verstuurd")
        FAILED = "failed", _("Mislukt")
        NOT_NEEDED = "not_needed", _("Niet nodig")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ontvanger"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("soort"), max_length=32, choices=Kind.choices)
    title = models.CharField(
        _("titel"),
        max_length=200,
        validators=[validate_single_line],
        help_text=_("Zonder persoonsgegevens, bijv. 'Urgent signaal … ontvangen'."),
    )
    link = models.CharField(_("link"), max_length=500, validators=[validate_local_path])
    created_at = models.DateTimeField(_("aangemaakt op"), default=timezone.now)
    read_at = models.DateTimeField(_("gelezen op"), null=True, blank=True)
    email_status = models.CharField(
        _("e-mailstatus"),
        max_length=16,
        choices=EmailStatus.choices,
        default=EmailStatus.PENDING,
    )
    email_attempts = models.PositiveSmallIntegerField(_("verzendpogingen"), default=0)
    emailed_at = models.DateTimeField(_("gemaild op"), null=True, blank=True)

    class Meta:
        verbose_name = _("bericht")
        verbose_name_plural = _("berichten")
        ordering = ["-created_at", "-id"]
        indexes = [
            # The inbox: one user's notifications, newest first.
            models.Index(
                fields=["recipient", "-created_at"], name="notification_inbox_idx"
            ),
            # The unread badge and the unread part of the inbox stay small.
            models.Index(
                fields=["recipient", "-created_at"],
                condition=Q(read_at__isnull=True),
                name="notification_unread_idx",
            ),
            # The sweep only looks at mail still to send.
            models.Index(
                fields=["created_at"],
                condition=Q(email_status="pending"),
                name="notification_email_pending_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(email_status="sent") | Q(emailed_at__isnull=False),
                name="notification_sent_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def is_unread(self) -> bool:
        return self.read_at is None
