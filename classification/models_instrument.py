"""The risicotaxatie-instrument: versioned items with points and thresholds, and the
assessments scored with one version (docs/domain.md section 6).

A published version is never changed: the functioneel beheerder copies it as a
draft, edits the draft and publishes that. An assessment keeps the version it used
and the points each item had then, so a later version leaves it as it was. Only
``classification.services_instrument`` writes these rows.
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from classification.constants import Colour
from classification.constants_risk import (
    MAX_ITEM_LABEL,
    MAX_ITEM_POINTS,
    MAX_THRESHOLD,
    InstrumentCategory,
    VersionStatus,
)
from partners.models import User
from partners.text import validate_line
from signals.models import Dossier


class InstrumentVersion(models.Model):
    number = models.PositiveIntegerField(_("versie"), unique=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=VersionStatus.choices,
        default=VersionStatus.DRAFT,
    )
    # A total at or above a threshold suggests that colour; below groen: blauw.
    threshold_groen = models.PositiveIntegerField(
        _("drempel groen"), validators=[MaxValueValidator(MAX_THRESHOLD)]
    )
    threshold_oranje = models.PositiveIntegerField(
        _("drempel oranje"), validators=[MaxValueValidator(MAX_THRESHOLD)]
    )
    threshold_rood = models.PositiveIntegerField(
        _("drempel rood"), validators=[MaxValueValidator(MAX_THRESHOLD)]
    )
    created_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    published_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField(_("gepubliceerd op"), null=True, blank=True)

    class Meta:
        verbose_name = _("versie van het risicotaxatie-instrument")
        verbose_name_plural = _("versies van het risicotaxatie-instrument")
        ordering = ["-number"]
        constraints = [
            models.CheckConstraint(
                condition=Q(threshold_groen__lt=F("threshold_oranje"))
                & Q(threshold_oranje__lt=F("threshold_rood")),
                name="instrument_thresholds_ascending",
                violation_error_message=_(
                    "De drempels lopen op: groen lager dan oranje, oranje lager dan rood."
                ),
            ),
            models.CheckConstraint(
                condition=Q(status=VersionStatus.DRAFT) | Q(published_at__isnull=False),
                name="instrument_published_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"v{self.number} ({self.status})"

    @property
    def is_published(self) -> bool:
        return self.status == VersionStatus.PUBLISHED


class InstrumentItem(models.Model):
    version = models.ForeignKey(
        InstrumentVersion, on_delete=models.CASCADE, related_name="items"
    )
    category = models.CharField(
        _("categorie"), max_length=16, choices=InstrumentCategory.choices
    )
    label = models.CharField(
        _("omschrijving"), max_length=MAX_ITEM_LABEL, validators=[validate_line]
    )
    points = models.PositiveSmallIntegerField(
        _("punten"), validators=[MaxValueValidator(MAX_ITEM_POINTS)]
    )
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    # The signalenlijst or checklist item it was built from, if any.
    source_code = models.CharField(
        _("bron"), max_length=80, blank=True, validators=[validate_line]
    )

    class Meta:
        verbose_name = _("item van het instrument")
        verbose_name_plural = _("items van het instrument")
        ordering = ["category", "order", "id"]

    def __str__(self) -> str:
        return self.label


class Assessment(models.Model):
    """A screener's scoring of a dossier with one published version."""

    dossier = models.ForeignKey(
        Dossier, on_delete=models.PROTECT, related_name="assessments"
    )
    version = models.ForeignKey(
        InstrumentVersion, on_delete=models.PROTECT, related_name="assessments"
    )
    total = models.PositiveIntegerField(_("totaal"))
    suggested_colour = models.CharField(
        _("voorgestelde kleur"), max_length=8, choices=Colour.choices
    )
    assessed_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    assessed_at = models.DateTimeField(_("gescoord op"), default=timezone.now)

    class Meta:
        verbose_name = _("risicotaxatie")
        verbose_name_plural = _("risicotaxaties")
        ordering = ["-assessed_at", "-id"]
        indexes = [models.Index(fields=["dossier", "-assessed_at"])]

    def __str__(self) -> str:
        return f"{self.dossier_id} {self.total} → {self.suggested_colour}"


class AssessmentScore(models.Model):
    """One item scored: the points it had in its version, kept with the assessment."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="scores"
    )
    item = models.ForeignKey(InstrumentItem, on_delete=models.PROTECT, related_name="+")
    points = models.PositiveSmallIntegerField(_("punten"))

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "item"], name="assessment_item_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.assessment_id}: {self.item_id} = {self.points}"
