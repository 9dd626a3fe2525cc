from __future__ import annotations

import datetime

from django.contrib.auth.models import AbstractUser, Group
from django.db import models
from django.db.models import Exists, ExpressionWrapper, OuterRef, Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from partners.constants import (
    MAX_API_CLIENT_NAME,
    MAX_CONVENANT_TEXT,
    MAX_CONVENANT_TITLE,
    MAX_ORGANISATION_NAME,
    MAX_PHONE,
    MAX_USER_NAME,
    ROLE_GROUP_PREFIX,
    Domain,
    OrganisationKind,
    Ring,
    Role,
)
from partners.text import multiline_validators, validate_line


def valid_convenant_q(on: datetime.date) -> Q:
    """The convenant rule, the one definition of it: an organisation is active and
    a current signatory of a convenant in force on ``on``.

    ``with_valid_convenant`` annotates it, and the access layer compiles its SQL
    from it (``partners.access``), so a user of an organisation that fails it gets
    a principal that grants no work on personal data.
    """
    participation = ConvenantParticipation.objects.filter(
        ConvenantParticipation.valid_on_q(on), organisation=OuterRef("pk")
    )
    return Q(active=True) & Q(Exists(participation))


class OrganisationQuerySet(models.QuerySet["Organisation"]):
    def with_valid_convenant(
        self, on: datetime.date | None = None
    ) -> OrganisationQuerySet:
        """Annotate ``has_valid_convenant``: ``valid_convenant_q`` on ``on``."""
        return self.annotate(
            has_valid_convenant=ExpressionWrapper(
                valid_convenant_q(on or timezone.localdate()),
                output_field=models.BooleanField(),
            )
        )

    def convenant_valid(self, on: datetime.date | None = None) -> OrganisationQuerySet:
        """Only the organisations that meet ``valid_convenant_q`` on ``on``."""
        return self.filter(valid_convenant_q(on or timezone.localdate()))


class Organisation(models.Model):
    """A partner in the chain. Each has one auth Group that holds its object grants."""

    name = models.CharField(
        _("naam"),
        max_length=MAX_ORGANISATION_NAME,
        unique=True,
        validators=[validate_line],
    )
    slug = models.SlugField(_("korte naam"), max_length=60, unique=True)
    kind = models.CharField(_("soort"), max_length=32, choices=OrganisationKind.choices)
    domain = models.CharField(_("domein"), max_length=16, choices=Domain.choices)
    ring = models.CharField(_("ring"), max_length=16, choices=Ring.choices)
    contact_person = models.ForeignKey(
        "partners.User",
        verbose_name=_("vaste contactpersoon"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    active = models.BooleanField(_("actief"), default=True)
    group = models.OneToOneField(
        Group, on_delete=models.PROTECT, related_name="organisation", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Convenant(models.Model):
    """The samenwerkingsconvenant: the legal basis for sharing personal data (2.3.4)."""

    title = models.CharField(
        _("titel"), max_length=MAX_CONVENANT_TITLE, validators=[validate_line]
    )
    purpose = models.TextField(
        _("doel"),
        max_length=MAX_CONVENANT_TEXT,
        validators=multiline_validators(MAX_CONVENANT_TEXT),
    )
    target_group = models.TextField(
        _("doelgroep"),
        max_length=MAX_CONVENANT_TEXT,
        validators=multiline_validators(MAX_CONVENANT_TEXT),
    )
    valid_from = models.DateField(_("geldig vanaf"))
    valid_until = models.DateField(_("geldig tot en met"), null=True, blank=True)
    organisations = models.ManyToManyField(  # type: ignore[var-annotated]
        Organisation,
        through="ConvenantParticipation",
        related_name="convenants",
        verbose_name=_("deelnemende organisaties"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("convenant")
        verbose_name_plural = _("convenanten")
        ordering = ["-valid_from", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True)
                | Q(valid_until__gte=models.F("valid_from")),
                name="convenant_period_ordered",
                violation_error_message=_("De einddatum ligt vóór de begindatum."),
            )
        ]

    def __str__(self) -> str:
        return self.title

    def is_valid_on(self, on: datetime.date) -> bool:
        return self.valid_from <= on and (
            self.valid_until is None or on <= self.valid_until
        )


class ConvenantParticipation(models.Model):
    convenant = models.ForeignKey(
        Convenant, on_delete=models.CASCADE, related_name="participations"
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="participations",
        verbose_name=_("organisatie"),
    )
    signed_on = models.DateField(_("ondertekend op"))
    withdrawn_on = models.DateField(_("uitgetreden op"), null=True, blank=True)

    class Meta:
        verbose_name = _("deelname aan convenant")
        verbose_name_plural = _("deelnames aan convenant")
        constraints = [
            models.UniqueConstraint(
                fields=["convenant", "organisation"],
                name="one_participation_per_convenant",
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_on__isnull=True)
                | Q(withdrawn_on__gt=models.F("signed_on")),
                name="participation_withdrawn_after_signing",
                violation_error_message=_(
                    "De uittreding ligt niet na de ondertekening."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} – {self.convenant}"

    @staticmethod
    def valid_on_q(on: datetime.date, prefix: str = "") -> Q:
        """Signed, not withdrawn, and the convenant itself in force on ``on``."""
        return (
            Q(
                **{
                    f"{prefix}signed_on__lte": on,
                    f"{prefix}convenant__valid_from__lte": on,
                }
            )
            & (
                Q(**{f"{prefix}withdrawn_on__isnull": True})
                | Q(**{f"{prefix}withdrawn_on__gt": on})
            )
            & (
                Q(**{f"{prefix}convenant__valid_until__isnull": True})
                | Q(**{f"{prefix}convenant__valid_until__gte": on})
            )
        )


class User(AbstractUser):
    """A person working for exactly one partner organisation."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisatie"),
        on_delete=models.PROTECT,
        related_name="users",
    )
    # Django's own name fields, under the text policy.
    first_name = models.CharField(
        _("first name"),
        max_length=MAX_USER_NAME,
        blank=True,
        validators=[validate_line],
    )
    last_name = models.CharField(
        _("last name"), max_length=MAX_USER_NAME, blank=True, validators=[validate_line]
    )
    phone = models.CharField(
        _("telefoon"), max_length=MAX_PHONE, blank=True, validators=[validate_line]
    )

    REQUIRED_FIELDS = ["email", "organisation"]

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")
        ordering = ["last_name", "first_name", "username"]

    @cached_property
    def role_names(self) -> frozenset[str]:
        # The access layer may already have looked the roles up for this request.
        principal = getattr(self, "_access_principal", None)
        if principal is not None:
            return frozenset(principal.roles)
        prefix = ROLE_GROUP_PREFIX
        return frozenset(
            name.removeprefix(prefix)
            for name in self.groups.filter(name__startswith=prefix).values_list(
                "name", flat=True
            )
        )

    def has_role(self, role: Role | str) -> bool:
        return str(role) in self.role_names

    @property
    def role_labels(self) -> list[str]:
        return [
            str(Role(name).label)
            for name in sorted(self.role_names)
            if name in Role.values
        ]

    # The audit trail's view of the actor (audit.services.AuditActor).
    @property
    def audit_organisation(self) -> tuple[int | None, str]:
        return self.organisation_id, self.organisation.slug

    @property
    def audit_roles(self) -> str:
        return ",".join(sorted(self.role_names))


class ApiClient(models.Model):
    """A machine client (the municipal meldpunt) of one organisation.

    Only a SHA-256 hash of the token is stored; the token itself is shown once.
    The token has 256 bits of entropy, so a fast hash is enough and lookups stay
    an indexed equality match.
    """

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="api_clients",
        verbose_name=_("organisatie"),
    )
    name = models.CharField(
        _("naam"), max_length=MAX_API_CLIENT_NAME, validators=[validate_line]
    )
    token_prefix = models.CharField(_("tokenprefix"), max_length=8)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("laatst gebruikt"), null=True, blank=True)

    class Meta:
        verbose_name = _("API-client")
        verbose_name_plural = _("API-clients")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"],
                condition=Q(revoked_at__isnull=True),
                name="one_active_client_name_per_organisation",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation.slug})"

    # DRF treats the authenticated client as request.user.
    is_authenticated = True
    is_anonymous = False

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    def get_username(self) -> str:
        return f"api:{self.name}"

    @property
    def audit_organisation(self) -> tuple[int | None, str]:
        return self.organisation_id, self.organisation.slug

    @property
    def audit_roles(self) -> str:
        return "api-client"


class UserSession(models.Model):
    """A login session of a user, so sessions can be listed and ended (docs/threat-model.md)."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="login_sessions"
    )
    session_key = models.CharField(max_length=40, unique=True)
    created_at = models.DateTimeField(_("ingelogd op"), default=timezone.now)
    ip_address = models.GenericIPAddressField(_("IP-adres"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("sessie")
        verbose_name_plural = _("sessies")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.user} {self.created_at:%Y-%m-%d %H:%M}"

    @classmethod
    def end_all_for(cls, user: User, *, keep: str | None = None) -> int:
        from django.contrib.sessions.models import Session

        sessions = cls.objects.filter(user=user)
        if keep:
            sessions = sessions.exclude(session_key=keep)
        keys = list(sessions.values_list("session_key", flat=True))
        Session.objects.filter(session_key__in=keys).delete()
        sessions.delete()
        return len(keys)


class RoleProposal(models.Model):
    """A role that reads personal data, proposed by one functioneel beheerder and
    granted only when a second one confirms it (four eyes, docs/threat-model.md).

    The user holds the role only from the confirmation on; a pending or declined
    proposal grants nothing. Rows are kept as the record of who proposed and who
    decided.
    """

    class Outcome(models.TextChoices):
        PENDING = "pending", _("Wacht op bevestiging")
        GRANTED = "granted", _("Bevestigd")
        DECLINED = "declined", _("Afgewezen")

    user = models.ForeignKey(
        User,
        verbose_name=_("gebruiker"),
        on_delete=models.CASCADE,
        related_name="role_proposals",
    )
    role = models.CharField(_("rol"), max_length=32, choices=Role.choices)
    proposed_by = models.ForeignKey(
        User,
        verbose_name=_("voorgesteld door"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    proposed_at = models.DateTimeField(_("voorgesteld op"), default=timezone.now)
    decided_by = models.ForeignKey(
        User,
        verbose_name=_("besloten door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("besloten op"), null=True, blank=True)
    outcome = models.CharField(
        _("uitkomst"),
        max_length=16,
        choices=Outcome.choices,
        default=Outcome.PENDING,
    )

    class Meta:
        verbose_name = _("rolvoorstel")
        verbose_name_plural = _("rolvoorstellen")
        ordering = ["-proposed_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=Q(outcome="pending"),
                name="one_pending_proposal_per_user_role",
            ),
            # Decided means both who and when; pending means neither.
            models.CheckConstraint(
                condition=(
                    Q(
                        outcome="pending",
                        decided_by__isnull=True,
                        decided_at__isnull=True,
                    )
                    | (
                        ~Q(outcome="pending")
                        & Q(decided_by__isnull=False, decided_at__isnull=False)
                    )
                ),
                name="role_proposal_decision_complete",
            ),
            # The second pair of eyes is a different person than the proposer and
            # than the user who gets the role, also for a write outside the service.
            models.CheckConstraint(
                condition=~Q(outcome="granted")
                | (
                    ~Q(decided_by=models.F("proposed_by"))
                    & ~Q(decided_by=models.F("user"))
                ),
                name="role_proposal_four_eyes",
            ),
            models.CheckConstraint(
                condition=~Q(proposed_by=models.F("user")),
                name="role_proposal_not_for_self",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} – {self.user}"

    @property
    def is_pending(self) -> bool:
        return self.outcome == self.Outcome.PENDING
