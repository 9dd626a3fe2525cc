from __future__ import annotations

import uuid

from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partners.models import ApiClient, Organisation, User
from signals.constants import (
    MAX_AGE,
    Gender,
    IndicatorGroup,
    IndicatorList,
    Kind,
    PersonRole,
    Source,
    Status,
    SubjectRole,
)


class Indicator(models.Model):
    """One item of the signalenlijst (bijlage 2) or the loverboy-checklist (bijlage 1).

    Reference data: shipped as a fixture, editable by the functioneel beheerder. The
    code is what API clients send; the group is separate, so a code's prefix does not
    have to name its group (the contract's ``gedrag.opgehaald_gebracht`` sits in the
    group "gedrag en houding ten opzichte van anderen").
    """

    code = models.CharField(_("code"), max_length=80, unique=True)
    list = models.CharField(_("lijst"), max_length=32, choices=IndicatorList.choices)
    group = models.CharField(_("groep"), max_length=32, choices=IndicatorGroup.choices)
    label = models.CharField(_("omschrijving"), max_length=200)
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    active = models.BooleanField(_("actief"), default=True)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicatoren")
        ordering = ["list", "order", "code"]

    def __str__(self) -> str:
        return self.label


class Signal(models.Model):
    """One observation of concern (DOMAIN.md section 3), owned by the entering organisation."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("eigenaar"),
        on_delete=models.PROTECT,
        related_name="signals",
    )
    created_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    api_client = models.ForeignKey(
        ApiClient,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="signals",
    )
    external_id = models.CharField(_("extern kenmerk"), max_length=100, blank=True)
    idempotency_key = models.CharField(max_length=255, blank=True)
    request_hash = models.CharField(max_length=64, blank=True, editable=False)

    observed_at = models.DateTimeField(_("waargenomen op"))
    description = models.TextField(_("gebeurtenis"))
    relevance = models.TextField(_("relevantie"), blank=True)
    non_verbal = models.TextField(_("non-verbale uitingen"), blank=True)
    subject_role = models.CharField(
        _("over wie"), max_length=16, choices=SubjectRole.choices
    )
    kind = models.CharField(_("soort"), max_length=16, choices=Kind.choices)
    source = models.CharField(_("bron"), max_length=32, choices=Source.choices)
    keywords = models.JSONField(_("steekwoorden"), default=list, blank=True)
    indicators = models.ManyToManyField(
        Indicator, verbose_name=_("indicatoren"), blank=True, related_name="+"
    )
    passed_on_to = models.ManyToManyField(
        Organisation,
        verbose_name=_("al doorgegeven aan"),
        blank=True,
        related_name="+",
    )
    reporter_anonymous = models.BooleanField(_("anonieme melder"), default=False)
    reporter_name = models.CharField(_("naam melder"), max_length=200, blank=True)
    reporter_organisation = models.CharField(
        _("organisatie melder"), max_length=200, blank=True
    )
    reporter_phone = models.CharField(_("telefoon melder"), max_length=30, blank=True)
    reporter_email = models.EmailField(_("e-mail melder"), blank=True)

    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.RECEIVED
    )
    feedback = models.TextField(_("terugkoppeling"), blank=True)
    bilateral = models.BooleanField(
        _("bilateraal afhandelen"),
        default=False,
        help_text=_("Urgente signalen worden direct bilateraal opgepakt."),
    )
    received_at = models.DateTimeField(_("ontvangen op"), default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("signaal")
        verbose_name_plural = _("signalen")
        ordering = ["-received_at", "-id"]
        permissions = [
            ("screen_signal", _("Alle signalen screenen (screeningsteam)")),
            ("view_trend_signal", _("Trendsignalen van alle partners inzien")),
        ]
        constraints = [
            # The idempotency guarantees of the meldpunt API live in the database, so
            # they hold when retries race (API_CONTRACT.md).
            models.UniqueConstraint(
                fields=["api_client", "external_id"],
                condition=Q(api_client__isnull=False) & ~Q(external_id=""),
                name="signal_unique_external_id_per_client",
            ),
            models.UniqueConstraint(
                fields=["api_client", "idempotency_key"],
                condition=Q(api_client__isnull=False) & ~Q(idempotency_key=""),
                name="signal_unique_idempotency_key_per_client",
            ),
            models.CheckConstraint(
                condition=Q(reporter_anonymous=False)
                | (Q(reporter_name="") & Q(reporter_phone="") & Q(reporter_email="")),
                name="signal_anonymous_reporter_has_no_contact",
            ),
        ]
        indexes = [
            models.Index(fields=["organisation", "-received_at"]),
            models.Index(fields=["-received_at"]),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        """SIG-<year>-<number>: derived from the primary key, so never out of step."""
        return f"SIG-{self.received_at.year}-{self.pk:06d}"


class SignalPerson(models.Model):
    """A person as one signal describes them: a mention, not yet an identity.

    Stacking (the screener confirming that mentions concern one person) links
    mentions to a Person in a later step; the mention keeps what the reporter said.
    """

    signal = models.ForeignKey(Signal, on_delete=models.CASCADE, related_name="persons")
    role = models.CharField(_("rol"), max_length=16, choices=PersonRole.choices)
    name = models.CharField(_("naam"), max_length=200, blank=True)
    aliases = models.JSONField(_("bijnamen en accounts"), default=list, blank=True)
    date_of_birth = models.DateField(_("geboortedatum"), null=True, blank=True)
    estimated_age = models.PositiveSmallIntegerField(
        _("geschatte leeftijd"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(MAX_AGE)],
    )
    gender = models.CharField(
        _("geslacht"), max_length=1, choices=Gender.choices, blank=True
    )
    municipality = models.CharField(_("woonplaats"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("betrokken persoon")
        verbose_name_plural = _("betrokken personen")
        ordering = ["signal", "id"]

    def __str__(self) -> str:
        return self.name or str(_("onbekend"))
