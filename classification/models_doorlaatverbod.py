"""The doorlaatverbod alert (docs/domain.md section 9): raised when a minor is in or
about to be in an exploitation situation, shown on the dossier until someone
records the intervention taken. Written by ``classification.services_doorlaatverbod``.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from classification.constants_risk import MAX_INTERVENTION
from partners.models import User
from partners.text import multiline_validators
from signals.models import Dossier


class DoorlaatverbodAlert(models.Model):
    dossier = models.ForeignKey(
        Dossier, on_delete=models.PROTECT, related_name="doorlaatverbod_alerts"
    )
    raised_at = models.DateTimeField(_("gemeld op"), default=timezone.now)
    raised_by = models.ForeignKey(
        User, verbose_name=_("gemeld door"), on_delete=models.PROTECT, related_name="+"
    )
    resolved_by = models.ForeignKey(
        User,
        verbose_name=_("afgehandeld door"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    resolved_at = models.DateTimeField(_("afgehandeld op"), null=True, blank=True)
    intervention = models.TextField(
        _("genomen interventie"),
        max_length=MAX_INTERVENTION,
        blank=True,
        validators=multiline_validators(MAX_INTERVENTION),
    )

    class Meta:
        verbose_name = _("doorlaatverbod-melding")
        verbose_name_plural = _("doorlaatverbod-meldingen")
        ordering = ["-raised_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(resolved_at__isnull=True)
                | (Q(resolved_by__isnull=False) & ~Q(intervention="")),
                name="doorlaatverbod_resolved_has_intervention",
                violation_error_message=_("Beschrijf de genomen interventie."),
            ),
            # One open alert per dossier: a second classification adds no banner.
            models.UniqueConstraint(
                fields=["dossier"],
                condition=Q(resolved_at__isnull=True),
                name="doorlaatverbod_one_open_per_dossier",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id} {self.raised_at:%Y-%m-%d %H:%M}"

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None
