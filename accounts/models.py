"""One-time links that open the enrolment of an authenticator app."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class EnrolmentLink(models.Model):
    """A link mailed to the user: the only way to reach the enrolment of a new
    authenticator, together with the password (threat model, stolen password).

    Only a SHA-256 hash of the token is stored, written by the task that mails it;
    a row without a hash was issued but not (yet) sent. Issuing a new link revokes
    the open one, so a user has at most one open link.
    """

    class Purpose(models.TextChoices):
        INVITATION = "invitation", _("uitnodiging")
        RESET = "reset", _("tweestapsverificatie opnieuw instellen")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gebruiker"),
        on_delete=models.CASCADE,
        related_name="enrolment_links",
    )
    purpose = models.CharField(_("soort"), max_length=16, choices=Purpose.choices)
    token_hash = models.CharField(
        max_length=64, unique=True, null=True, blank=True, editable=False
    )
    created_at = models.DateTimeField(_("verstuurd op"), default=timezone.now)
    expires_at = models.DateTimeField(_("geldig tot"))
    used_at = models.DateTimeField(_("gebruikt op"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("vervangen op"), null=True, blank=True)

    class Meta:
        verbose_name = _("activeringslink")
        verbose_name_plural = _("activeringslinks")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(used_at__isnull=True, revoked_at__isnull=True),
                name="one_open_enrolment_link_per_user",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} {self.created_at:%Y-%m-%d %H:%M}"

    @staticmethod
    def hash_token(token: str) -> str:
        # 256 random bits: a fast hash suffices and the lookup stays an index match.
        return hashlib.sha256(token.encode()).hexdigest()

    @property
    def is_open(self) -> bool:
        return (
            self.used_at is None
            and self.revoked_at is None
            and timezone.now() < self.expires_at
        )
