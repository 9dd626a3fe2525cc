"""Vaststellen of a melding about a possible perpetrator (docs/domain.md section 6).

Such a melding gets no colour: the screener decides *insufficient* (registered and
bundled into a dossier for later dossier building, no routing) or *strong
suspicion* (put to RCMP/OM and RIEC for the art. 273f Sr test through hand-offs).
The OM or the RCMP records the test's answer on the same row: prosecution
possible (they take the case over, the criminal route leads) or no prosecution
(yet) (the case goes on the Veiligheidshuis agenda). Written only by
``classification.services_perpetrator``.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from classification.constants import (
    MAX_RATIONALE,
    MAX_TEST_NOTE,
    PerpetratorOutcome,
    Result273f,
)
from partners.models import Organisation, User
from partners.text import multiline_validators
from signals.models import Dossier, Signal


class PerpetratorDecision(models.Model):
    signal = models.OneToOneField(
        Signal, on_delete=models.PROTECT, related_name="perpetrator_decision"
    )
    dossier = models.ForeignKey(
        Dossier, on_delete=models.PROTECT, related_name="perpetrator_decisions"
    )
    outcome = models.CharField(
        _("besluit"), max_length=24, choices=PerpetratorOutcome.choices
    )
    rationale = models.TextField(
        _("onderbouwing"),
        max_length=MAX_RATIONALE,
        validators=multiline_validators(MAX_RATIONALE),
    )
    decided_by = models.ForeignKey(
        User,
        verbose_name=_("besloten door"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("besloten op"), default=timezone.now)
    # The art. 273f Sr answer, by the OM or the RCMP.
    test_result = models.CharField(
        _("uitkomst toetsing art. 273f Sr"),
        max_length=24,
        choices=Result273f.choices,
        blank=True,
    )
    # Whether, never the content of an investigation (docs/domain.md section 7).
    test_note = models.TextField(
        _("toelichting bij de toetsing"),
        max_length=MAX_TEST_NOTE,
        blank=True,
        validators=multiline_validators(MAX_TEST_NOTE),
    )
    test_by = models.ForeignKey(
        User,
        verbose_name=_("getoetst door"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    test_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("getoetst namens"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    test_at = models.DateTimeField(_("getoetst op"), null=True, blank=True)

    class Meta:
        verbose_name = _("besluit over een dadermelding")
        verbose_name_plural = _("besluiten over dadermeldingen")
        ordering = ["-decided_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(rationale=""),
                name="perpetrator_decision_has_rationale",
                violation_error_message=_("Onderbouw het besluit."),
            ),
            # Only a strong suspicion is tested, and an answer says who gave it.
            models.CheckConstraint(
                condition=Q(test_result="")
                | (
                    Q(outcome=PerpetratorOutcome.STRONG_SUSPICION)
                    & Q(test_by__isnull=False)
                    & Q(test_at__isnull=False)
                ),
                name="perpetrator_decision_test_after_suspicion",
                violation_error_message=_(
                    "Alleen een sterk vermoeden wordt getoetst aan art. 273f Sr."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.signal_id} {self.outcome} {self.test_result}"
