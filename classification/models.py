"""Screening of a melding and classification of a dossier (docs/domain.md section 6).

A ``Screening`` follows one melding (a ``signals.Signal``) through the phases;
each ``ScreeningStep`` records what a phase did, or why it was skipped. A
``Classification`` belongs to the dossier: the rows are an append-only history
(opschalen/afschalen), and the dossier's colour is its latest confirmed row. A
``HandOff`` is the routing a colour sets in motion, for the receiving
organisation to acknowledge. Only ``classification.services`` writes them.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from classification.constants import (
    MAX_NOTE,
    MAX_RATIONALE,
    MAX_ROUTING_NOTE,
    ClassificationStatus,
    Colour,
    HandOffKind,
    Phase,
)
from partners.models import Organisation, User
from partners.text import multiline_validators, validate_line
from signals.models import Dossier, Signal


class Screening(models.Model):
    """One melding in the screening team's hands."""

    signal = models.OneToOneField(
        Signal, on_delete=models.PROTECT, related_name="screening"
    )
    phase = models.CharField(
        _("fase"), max_length=16, choices=Phase.choices, default=Phase.ONDERZOEKEN
    )
    # "Ik pak deze op": who works on it, so two screeners don't duplicate work.
    taken_by = models.ForeignKey(
        User,
        verbose_name=_("opgepakt door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    taken_at = models.DateTimeField(_("opgepakt op"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("screening")
        verbose_name_plural = _("screenings")
        indexes = [models.Index(fields=["phase"])]

    def __str__(self) -> str:
        return f"{self.signal_id} {self.phase}"


class ScreeningStep(models.Model):
    """What one phase of a screening did, by whom and when; or why it was skipped."""

    screening = models.ForeignKey(
        Screening, on_delete=models.CASCADE, related_name="steps"
    )
    phase = models.CharField(_("fase"), max_length=16, choices=Phase.choices)
    partners_asked = models.ManyToManyField(
        Organisation,
        verbose_name=_("partners bevraagd"),
        blank=True,
        related_name="+",
    )
    reporter_contacted = models.BooleanField(_("melder benaderd"), default=False)
    # Never for a melding about a perpetrator (docs/domain.md section 6).
    home_contacted = models.BooleanField(_("thuissituatie benaderd"), default=False)
    note = models.TextField(
        _("toelichting"),
        max_length=MAX_NOTE,
        blank=True,
        validators=multiline_validators(MAX_NOTE),
    )
    skipped = models.BooleanField(_("overgeslagen"), default=False)
    skip_reason = models.TextField(
        _("reden om over te slaan"),
        max_length=MAX_NOTE,
        blank=True,
        validators=multiline_validators(MAX_NOTE),
    )
    by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("screeningsstap")
        verbose_name_plural = _("screeningsstappen")
        ordering = ["at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(skipped=False) | ~Q(skip_reason=""),
                name="screening_step_skip_has_reason",
                violation_error_message=_(
                    "Geef aan waarom deze fase wordt overgeslagen."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.screening_id} {self.phase}"


class Classification(models.Model):
    """A colour given to a dossier: one row per decision, never changed but for
    the four-eyes outcome (status, confirmed_by, confirmed_at)."""

    dossier = models.ForeignKey(
        Dossier, on_delete=models.PROTECT, related_name="classifications"
    )
    # The melding whose screening led to it (none for a later opschalen/afschalen).
    signal = models.ForeignKey(
        Signal, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    colour = models.CharField(_("kleur"), max_length=8, choices=Colour.choices)
    previous_colour = models.CharField(
        _("vorige kleur"), max_length=8, choices=Colour.choices, blank=True
    )
    rationale = models.TextField(
        _("onderbouwing"),
        max_length=MAX_RATIONALE,
        validators=multiline_validators(MAX_RATIONALE),
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ClassificationStatus.choices,
        default=ClassificationStatus.CONFIRMED,
    )
    decided_by = models.ForeignKey(
        User,
        verbose_name=_("besloten door"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("besloten op"), default=timezone.now)
    # Four eyes (rood up or down): the second screener who confirmed or declined.
    confirmed_by = models.ForeignKey(
        User,
        verbose_name=_("bevestigd door"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("bevestigd op"), null=True, blank=True)
    # Afschalen: the recorded decision to withdraw the organisations that joined
    # by the colour. False keeps every grant (docs/domain.md section 6).
    withdraw_access = models.BooleanField(
        _("toegang van organisaties intrekken"), default=False
    )
    # What routing could not happen (an organisation the region lacks).
    routing_note = models.CharField(
        _("opmerking over doorgeleiding"),
        max_length=MAX_ROUTING_NOTE,
        blank=True,
        validators=[validate_line],
    )

    class Meta:
        verbose_name = _("classificatie")
        verbose_name_plural = _("classificaties")
        ordering = ["-decided_at", "-id"]
        indexes = [models.Index(fields=["dossier", "status", "-decided_at"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(rationale=""),
                name="classification_has_rationale",
                violation_error_message=_("Onderbouw de kleur."),
            ),
            models.CheckConstraint(
                condition=Q(confirmed_by__isnull=True)
                | ~Q(confirmed_by=F("decided_by")),
                name="classification_four_eyes",
                violation_error_message=_(
                    "Een tweede screener bevestigt; niet wie het voorstel deed."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id} {self.colour} ({self.status})"


class HandOff(models.Model):
    """A routing of a classified dossier to one organisation, which acknowledges it."""

    dossier = models.ForeignKey(
        Dossier, on_delete=models.PROTECT, related_name="hand_offs"
    )
    # What set it in motion: a colour, or the decision on a perpetrator melding.
    classification = models.ForeignKey(
        Classification,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="hand_offs",
    )
    perpetrator_decision = models.ForeignKey(
        "classification.PerpetratorDecision",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="hand_offs",
    )
    to_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("aan"),
        on_delete=models.PROTECT,
        related_name="hand_offs",
    )
    kind = models.CharField(_("soort"), max_length=24, choices=HandOffKind.choices)
    created_at = models.DateTimeField(default=timezone.now)
    acknowledged_by = models.ForeignKey(
        User,
        verbose_name=_("bevestigd door"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    acknowledged_at = models.DateTimeField(
        _("ontvangst bevestigd op"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("overdracht")
        verbose_name_plural = _("overdrachten")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["to_organisation", "-created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(classification__isnull=False)
                | Q(perpetrator_decision__isnull=False),
                name="handoff_has_origin",
            )
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id} → {self.to_organisation_id} ({self.kind})"


# The risicotaxatie-instrument, the doorlaatverbod alert and the CoMensha report
# live in their own modules; importing them here registers them with the app.
from classification.models_comensha import ComenshaReport  # noqa: E402
from classification.models_doorlaatverbod import DoorlaatverbodAlert  # noqa: E402
from classification.models_instrument import (  # noqa: E402
    Assessment,
    AssessmentScore,
    InstrumentItem,
    InstrumentVersion,
)
from classification.models_perpetrator import PerpetratorDecision  # noqa: E402

__all__ = [
    "Assessment",
    "AssessmentScore",
    "Classification",
    "ComenshaReport",
    "DoorlaatverbodAlert",
    "HandOff",
    "InstrumentItem",
    "InstrumentVersion",
    "PerpetratorDecision",
    "Screening",
    "ScreeningStep",
]
