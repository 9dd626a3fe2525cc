"""A report of a presumed victim to CoMensha (docs/domain.md section 9).

The consent rule is checked by ``classification.services_comensha``; the row keeps
on what basis it was made, where the signed consent is kept (a reference to the
document in the reporting organisation's own records; the document itself is not
uploaded here), and who reported when.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from classification.constants_risk import (
    MAX_CONSENT_REFERENCE,
    MAX_PDF_ERROR,
    ConsentBasis,
    PdfStatus,
)
from partners.models import Organisation, User
from partners.text import validate_line
from signals.models import Dossier, Person


class ComenshaReport(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    dossier = models.ForeignKey(
        Dossier, on_delete=models.PROTECT, related_name="comensha_reports"
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    # The age the consent rule was applied to, on the day of the report.
    age = models.PositiveSmallIntegerField(_("leeftijd"), null=True, blank=True)
    consent_basis = models.CharField(
        _("grondslag"), max_length=24, choices=ConsentBasis.choices
    )
    consent_reference = models.CharField(
        _("vindplaats van de getekende toestemming"),
        max_length=MAX_CONSENT_REFERENCE,
        blank=True,
        validators=[validate_line],
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("meldende organisatie"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    reported_by = models.ForeignKey(
        User, verbose_name=_("gemeld door"), on_delete=models.PROTECT, related_name="+"
    )
    reported_at = models.DateTimeField(_("gemeld op"), default=timezone.now)
    # The PDF, rendered by a Celery task (ids only) and swept again by beat
    # (classification.services_comensha): the row's status is the truth.
    pdf = models.BinaryField(null=True, blank=True, editable=False)
    pdf_status = models.CharField(
        _("status van de PDF"),
        max_length=16,
        choices=PdfStatus.choices,
        default=PdfStatus.QUEUED,
    )
    pdf_attempts = models.PositiveSmallIntegerField(default=0)
    pdf_requested_at = models.DateTimeField(default=timezone.now)
    pdf_started_at = models.DateTimeField(null=True, blank=True)
    pdf_rendered_at = models.DateTimeField(null=True, blank=True)
    # A fixed Dutch message, never an exception's text.
    pdf_error = models.CharField(
        max_length=MAX_PDF_ERROR, blank=True, validators=[validate_line]
    )

    class Meta:
        verbose_name = _("CoMensha-melding")
        verbose_name_plural = _("CoMensha-meldingen")
        ordering = ["-reported_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(consent_basis=ConsentBasis.DUTY) | ~Q(consent_reference=""),
                name="comensha_consent_recorded",
                violation_error_message=_(
                    "Leg vast waar de getekende toestemming te vinden is."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id} {self.reported_at:%Y-%m-%d}"
