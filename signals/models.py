from __future__ import annotations

import datetime
import uuid

from django.contrib.auth.models import Group
from django.core.validators import MaxValueValidator, RegexValidator
from django.db import models
from django.db.models import Case, F, IntegerField, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase

from partners.models import ApiClient, Organisation, User
from partners.text import multiline_validators, validate_line
from signals.constants import (
    INDICATOR_CODE_PATTERN,
    MAX_AGE,
    MAX_DESCRIPTION,
    MAX_EXTERNAL_ID,
    MAX_INDICATOR_CODE,
    MAX_INDICATOR_LABEL,
    MAX_MUNICIPALITY,
    MAX_NAME,
    MAX_PHONE,
    MAX_REASON,
    MAX_TEXT,
    DossierEventKind,
    DossierStatus,
    EnrichmentStatus,
    Gender,
    IndicatorGroup,
    IndicatorList,
    Kind,
    MatchDecision,
    PersonRole,
    Sharing,
    Source,
    Status,
    SubjectRole,
)

# What the meldpunt API and its schema accept as an indicator code, and what a
# functioneel beheerder may store: so every stored code can be sent.
validate_indicator_code = RegexValidator(
    INDICATOR_CODE_PATTERN,
    _(
        "Een code bestaat uit kleine letters, cijfers en _, in delen gescheiden "
        "door een punt (zoals gedrag.veel_geld)."
    ),
)


class Indicator(models.Model):
    """One item of the signalenlijst (bijlage 2) or the loverboy-checklist (bijlage 1).

    Reference data: shipped as a fixture, editable by the functioneel beheerder. The
    code is what API clients send; the group is separate, so a code's prefix does not
    have to name its group (the contract's ``gedrag.opgehaald_gebracht`` sits in the
    group "gedrag en houding ten opzichte van anderen").
    """

    code = models.CharField(
        _("code"),
        max_length=MAX_INDICATOR_CODE,
        unique=True,
        validators=[validate_line, validate_indicator_code],
    )
    list = models.CharField(_("lijst"), max_length=32, choices=IndicatorList.choices)
    group = models.CharField(_("groep"), max_length=32, choices=IndicatorGroup.choices)
    label = models.CharField(
        _("omschrijving"), max_length=MAX_INDICATOR_LABEL, validators=[validate_line]
    )
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    active = models.BooleanField(_("actief"), default=True)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicatoren")
        ordering = ["list", "order", "code"]

    def __str__(self) -> str:
        return self.label


class SharedContribution(models.Model):
    """A contribution to a dossier reaches every participant, or only the
    organisations its owner chose (docs/domain.md section 9). For a signal the readers
    are kept by signals.services.audience; for an answer they are read with it."""

    sharing = models.CharField(
        _("delen binnen een dossier"),
        max_length=16,
        choices=Sharing.choices,
        default=Sharing.PARTICIPANTS,
    )
    shared_with = models.ManyToManyField(
        Organisation,
        verbose_name=_("gedeeld met"),
        blank=True,
        related_name="+",
    )

    class Meta:
        abstract = True


def screening_urgency() -> Case:
    """The screening werkvoorraad's order of urgency: an urgent melding (0) before
    a regular one (1). The werkvoorraad orders by this expression and the partial
    index ``signal_screening_worklist`` holds it, so the list reads in index order."""
    return Case(
        When(kind=Kind.URGENT.value, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )


class Signal(SharedContribution):
    """One observation of concern (docs/domain.md section 3), owned by the entering organisation."""

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
    external_id = models.CharField(
        _("extern kenmerk"),
        max_length=MAX_EXTERNAL_ID,
        blank=True,
        validators=[validate_line],
    )
    idempotency_key = models.CharField(max_length=255, blank=True)
    request_hash = models.CharField(max_length=64, blank=True, editable=False)

    observed_at = models.DateTimeField(_("waargenomen op"))
    description = models.TextField(
        _("gebeurtenis"),
        max_length=MAX_DESCRIPTION,
        validators=multiline_validators(MAX_DESCRIPTION),
    )
    relevance = models.TextField(
        _("relevantie"),
        max_length=MAX_TEXT,
        blank=True,
        validators=multiline_validators(MAX_TEXT),
    )
    non_verbal = models.TextField(
        _("non-verbale uitingen"),
        max_length=MAX_TEXT,
        blank=True,
        validators=multiline_validators(MAX_TEXT),
    )
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
    reporter_name = models.CharField(
        _("naam melder"), max_length=MAX_NAME, blank=True, validators=[validate_line]
    )
    reporter_organisation = models.CharField(
        _("organisatie melder"),
        max_length=MAX_NAME,
        blank=True,
        validators=[validate_line],
    )
    reporter_phone = models.CharField(
        _("telefoon melder"),
        max_length=MAX_PHONE,
        blank=True,
        validators=[validate_line],
    )
    reporter_email = models.EmailField(_("e-mail melder"), blank=True)

    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.RECEIVED
    )
    feedback = models.TextField(
        _("terugkoppeling"),
        max_length=MAX_TEXT,
        blank=True,
        validators=multiline_validators(MAX_TEXT),
    )
    bilateral = models.BooleanField(
        _("bilateraal afhandelen"),
        default=False,
        help_text=_("Urgente signalen worden direct bilateraal opgepakt."),
    )
    received_at = models.DateTimeField(_("ontvangen op"), default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    # What full-text search reads: description, relevance, non-verbal and keywords,
    # written by the services. PostgreSQL indexes it with a Dutch tsvector GIN index.
    search_text = models.TextField(blank=True, editable=False)
    # Derived, kept by signals.services.audience: the signal lies in some dossier
    # (what the ketenregisseur reads, next to trend signals and its own).
    in_dossier = models.BooleanField(default=False, editable=False)
    # In the screening team's werkvoorraad (classification): true until the
    # melding's screening moves past vaststellen, when classification's services
    # clear it. Stored so that the work list reads only its open rows through a
    # partial index instead of an anti-join over every signal; true by default, so
    # a melding enters the werkvoorraad whichever way it is created.
    screening_open = models.BooleanField(default=True, editable=False)
    # The latest correction by the owner (signals.services.signal_correct); what it
    # replaced is kept in SignalVersion.
    corrected_at = models.DateTimeField(
        _("gecorrigeerd op"), null=True, blank=True, editable=False
    )
    corrected_by = models.ForeignKey(
        User,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    # Withdrawn by the owner (signals.services.signal_withdraw): never deleted, so
    # the chain keeps what it acted on; shown as "Ingetrokken" with the reason.
    withdrawn_at = models.DateTimeField(
        _("ingetrokken op"), null=True, blank=True, editable=False
    )
    withdrawn_by = models.ForeignKey(
        User,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    withdrawal_reason = models.TextField(
        _("reden van intrekken"),
        max_length=MAX_REASON,
        blank=True,
        validators=multiline_validators(MAX_REASON),
    )

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
            # they hold when retries race (docs/api-contract.md).
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
            # The screening werkvoorraad: only open meldingen (trend signals are
            # never screened), in the list's order: urgency, then the oldest.
            models.Index(
                screening_urgency(),
                F("received_at"),
                F("id"),
                name="signal_screening_worklist",
                condition=Q(screening_open=True) & ~Q(kind=Kind.TREND.value),
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        """SIG-<year>-<number>: derived from the primary key, so never out of step."""
        return f"SIG-{self.received_at.year}-{self.pk:06d}"


class SignalVersion(models.Model):
    """One correction of a signal by its owner: the values it replaced, who made
    it, when and why. The signal holds the current values; version 1 is the
    signal as entered, each correction makes the next number."""

    signal = models.ForeignKey(
        Signal, on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveSmallIntegerField(_("versie"))
    changed_fields = models.JSONField(_("gewijzigde velden"), default=list)
    # Field name -> value before this correction, as JSON (a date-time as ISO 8601).
    previous = models.JSONField(_("vorige waarden"), default=dict)
    reason = models.TextField(
        _("reden"), max_length=MAX_REASON, validators=multiline_validators(MAX_REASON)
    )
    created_by = models.ForeignKey(
        User, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("gecorrigeerd op"), default=timezone.now)

    class Meta:
        verbose_name = _("correctie van een signaal")
        verbose_name_plural = _("correcties van signalen")
        ordering = ["signal", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["signal", "number"], name="one_signal_version_per_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.signal_id} v{self.number}"


class SignalPerson(models.Model):
    """A person as one signal describes them: a mention, not yet an identity.

    Stacking (the screener confirming that mentions concern one person) links
    mentions to a Person in a later step; the mention keeps what the reporter said.
    """

    signal = models.ForeignKey(Signal, on_delete=models.CASCADE, related_name="persons")
    person = models.ForeignKey(
        "signals.Person",
        verbose_name=_("gekoppelde persoon"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="mentions",
    )
    role = models.CharField(_("rol"), max_length=16, choices=PersonRole.choices)
    name = models.CharField(
        _("naam"), max_length=MAX_NAME, blank=True, validators=[validate_line]
    )
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
    municipality = models.CharField(
        _("woonplaats"),
        max_length=MAX_MUNICIPALITY,
        blank=True,
        validators=[validate_line],
    )

    class Meta:
        verbose_name = _("betrokken persoon")
        verbose_name_plural = _("betrokken personen")
        ordering = ["signal", "id"]

    def __str__(self) -> str:
        return self.name or str(_("onbekend"))


class Person(models.Model):
    """One identity that signals are stacked onto (stapelen, docs/domain.md section 4).

    Kept to the minimum the handreiking asks: name or alias, handles, date of birth or
    estimated age, gender, municipality, vulnerability factors.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(
        _("naam"), max_length=MAX_NAME, blank=True, validators=[validate_line]
    )
    aliases = models.JSONField(_("bijnamen en accounts"), default=list, blank=True)
    date_of_birth = models.DateField(_("geboortedatum"), null=True, blank=True)
    estimated_age = models.PositiveSmallIntegerField(
        _("geschatte leeftijd"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(MAX_AGE)],
    )
    estimated_on = models.DateField(
        _("leeftijd geschat op"),
        null=True,
        blank=True,
        help_text=_("Een geschatte leeftijd loopt mee met de tijd vanaf deze datum."),
    )
    gender = models.CharField(
        _("geslacht"), max_length=1, choices=Gender.choices, blank=True
    )
    municipality = models.CharField(
        _("woonplaats"),
        max_length=MAX_MUNICIPALITY,
        blank=True,
        validators=[validate_line],
    )
    vulnerability_factors = models.JSONField(
        _("kwetsbaarheidsfactoren"), default=list, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("persoon")
        verbose_name_plural = _("personen")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name or (self.aliases[0] if self.aliases else str(_("onbekend")))


class PersonMention(models.Model):
    """The screener's decision on whether a signal's mention is a known person."""

    mention = models.ForeignKey(
        SignalPerson, on_delete=models.CASCADE, related_name="decisions"
    )
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="decisions"
    )
    decision = models.CharField(max_length=16, choices=MatchDecision.choices)
    decided_by = models.ForeignKey(
        User, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("koppelbeslissing")
        verbose_name_plural = _("koppelbeslissingen")
        constraints = [
            models.UniqueConstraint(
                fields=["mention", "person"], name="one_decision_per_mention_and_person"
            ),
            models.UniqueConstraint(
                fields=["mention"],
                condition=Q(decision=MatchDecision.CONFIRMED),
                name="a_mention_is_confirmed_for_one_person",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mention_id} → {self.person_id}: {self.decision}"


class PersonLink(models.Model):
    """Victim ↔ perpetrator ↔ facilitator ↔ lovergirl: the koppeling screeners look for."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="links_out"
    )
    role = models.CharField(_("rol"), max_length=16, choices=PersonRole.choices)
    other = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="links_in")
    other_role = models.CharField(
        _("rol van de ander"), max_length=16, choices=PersonRole.choices
    )
    signal = models.ForeignKey(
        Signal,
        verbose_name=_("onderbouwd door signaal"),
        on_delete=models.PROTECT,
        related_name="person_links",
    )
    created_by = models.ForeignKey(
        User, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("koppeling tussen personen")
        verbose_name_plural = _("koppelingen tussen personen")
        constraints = [
            models.CheckConstraint(
                condition=~Q(person=models.F("other")), name="person_link_not_to_self"
            ),
            models.UniqueConstraint(
                fields=["person", "role", "other", "other_role", "signal"],
                name="person_link_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} ({self.role}) ↔ {self.other_id} ({self.other_role})"


def dossier_reference(pk: int, created_at: datetime.datetime) -> str:
    """DOS-<year>-<number>, as ``Dossier.reference``; for lists read as values."""
    return f"DOS-{created_at.year}-{pk:06d}"


class Dossier(models.Model):
    """The signals, persons, enrichment and decisions about one situation (2.2.3).

    Access is per organisation through object grants in DossierGroupObjectPermission
    (partners.access); signals and enrichment inherit it through their foreign keys.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("eigenaar"),
        on_delete=models.PROTECT,
        related_name="owned_dossiers",
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=DossierStatus.choices,
        default=DossierStatus.SIGNALERING,
    )
    casemanager = models.ForeignKey(
        User,
        verbose_name=_("casemanager"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="casemanaged_dossiers",
    )
    signals = models.ManyToManyField(  # type: ignore[var-annotated]
        Signal, through="DossierSignal", related_name="dossiers"
    )
    persons = models.ManyToManyField(  # type: ignore[var-annotated]
        Person, through="DossierPerson", related_name="dossiers"
    )
    created_by = models.ForeignKey(
        User, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("aangemaakt op"), default=timezone.now)
    updated_at = models.DateTimeField(_("bijgewerkt op"), default=timezone.now)

    class Meta:
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")
        ordering = ["-updated_at", "-id"]
        permissions = [
            (
                "view_all_dossier",
                _("Alle dossiers inzien (screeningsteam, ketenregie)"),
            ),
            ("invite_dossier", _("Organisaties uitnodigen voor een dossier")),
        ]
        indexes = [models.Index(fields=["-updated_at", "-id"], name="dossier_recent")]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return dossier_reference(self.pk, self.created_at)


class DossierGroupObjectPermission(GroupObjectPermissionBase):
    """Direct-FK grants on dossiers (docs/architecture.md: never the generic table)."""

    content_object = models.ForeignKey(Dossier, on_delete=models.CASCADE)
    # The dossier's updated_at, copied by every timeline event (services._event):
    # an organisation's dossier list then reads its own grants newest first in one
    # index, instead of walking all dossiers and probing a grant for each. It only
    # orders the list; whether a row is shown is the grant itself.
    dossier_updated_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta(GroupObjectPermissionBase.Meta):
        verbose_name = _("toegang tot dossier")
        verbose_name_plural = _("toegang tot dossiers")
        indexes = [
            models.Index(
                fields=["content_object", "group", "permission"],
                name="dossier_grant_by_object",
            ),
            models.Index(
                fields=[
                    "group",
                    "permission",
                    "-dossier_updated_at",
                    "-content_object",
                ],
                name="dossier_grant_newest",
            ),
        ]


class DossierSignal(models.Model):
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE)
    signal = models.ForeignKey(Signal, on_delete=models.PROTECT)
    added_by = models.ForeignKey(
        User, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["dossier", "signal"], name="dossier_signal_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id} ∋ signal {self.signal_id}"


class SignalAudience(models.Model):
    """Derived: an organisation group that may read a signal, one row per pair.

    The owner's group, and the group of every organisation taking part in a dossier
    that holds the signal (its view grant) that the owner shares it with
    (``sharing``). It is the ownership, participation and sharing rules of
    docs/domain.md section 9 worked out ahead, so a signal list or search reads
    one index instead of joining every dossier the organisation takes part in. Only
    ``signals.services.audience`` writes it, from the grants, stacked signals and
    sharing choices themselves, in the transaction that changes them. ``received_at`` is the
    signal's own (it never changes), so a list walks an organisation's signals
    newest first in the index.
    """

    # Both single-column indexes would repeat the two composite ones below.
    signal = models.ForeignKey(
        Signal, on_delete=models.CASCADE, related_name="audience", db_index=False
    )
    group = models.ForeignKey(
        Group, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    received_at = models.DateTimeField()

    class Meta:
        verbose_name = _("lezer van signaal")
        verbose_name_plural = _("lezers van signalen")
        constraints = [
            models.UniqueConstraint(
                fields=["signal", "group"], name="signal_audience_once"
            )
        ]
        indexes = [
            models.Index(
                fields=["group", "-received_at", "-signal"],
                name="signal_audience_newest",
            )
        ]

    def __str__(self) -> str:
        return f"signal {self.signal_id} → group {self.group_id}"


class DossierPerson(models.Model):
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE)
    person = models.ForeignKey(Person, on_delete=models.PROTECT)
    role = models.CharField(_("rol"), max_length=16, choices=PersonRole.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["dossier", "person"], name="dossier_person_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id} ∋ person {self.person_id}"


class DossierEvent(models.Model):
    """The dossier's timeline. Text is a summary without personal data."""

    dossier = models.ForeignKey(
        Dossier, on_delete=models.CASCADE, related_name="events"
    )
    at = models.DateTimeField(default=timezone.now)
    kind = models.CharField(max_length=32, choices=DossierEventKind.choices)
    actor = models.ForeignKey(
        User, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    organisation = models.ForeignKey(
        Organisation, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    detail = models.CharField(max_length=300, blank=True)
    # The signal an event is about (a signal added): the timeline shows the event
    # only to those who may read that signal (docs/domain.md section 9, tipping off).
    signal = models.ForeignKey(
        Signal, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["dossier", "-at"])]

    def __str__(self) -> str:
        return f"{self.dossier_id} {self.kind}"


class EnrichmentRequest(SharedContribution):
    """Veredelen (2.3.5): the owner asks a partner a question; the partner answers
    with what it knows, or records that it has nothing. The answer is owned by the
    answering organisation and shared with the dossier's participants."""

    dossier = models.ForeignKey(
        Dossier, on_delete=models.CASCADE, related_name="enrichments"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("gevraagde organisatie"),
        on_delete=models.PROTECT,
        related_name="enrichment_requests",
    )
    reason = models.TextField(
        _("waarom dit signaal wordt ingebracht"),
        max_length=MAX_TEXT,
        validators=multiline_validators(MAX_TEXT),
    )
    question = models.TextField(
        _("vraag"), max_length=MAX_TEXT, validators=multiline_validators(MAX_TEXT)
    )
    asked_by = models.ForeignKey(
        User, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    asked_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(
        max_length=16, choices=EnrichmentStatus.choices, default=EnrichmentStatus.OPEN
    )
    answer = models.TextField(
        _("antwoord"),
        max_length=MAX_TEXT,
        blank=True,
        validators=multiline_validators(MAX_TEXT),
    )
    answered_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("veredelingsvraag")
        verbose_name_plural = _("veredelingsvragen")
        ordering = ["asked_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status=EnrichmentStatus.OPEN, answered_at__isnull=True)
                | (~Q(status=EnrichmentStatus.OPEN) & Q(answered_at__isnull=False)),
                name="enrichment_answered_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(status=EnrichmentStatus.ANSWERED) | ~Q(answer=""),
                name="enrichment_answer_not_empty",
            ),
        ]
        indexes = [models.Index(fields=["organisation", "status"])]

    def __str__(self) -> str:
        return f"{self.dossier_id} → {self.organisation_id}: {self.status}"
