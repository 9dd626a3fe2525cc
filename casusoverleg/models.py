"""The casusoverleg: meeting, agenda, decisions, interventions, minutes
(docs/domain.md sections 7 and 8).

Only ``casusoverleg.services*`` write these rows. After the chair closes a
meeting its record is fixed: corrections are new, dated ``Correction`` rows,
never edits (services refuse a change to a closed meeting's items).

Access: a meeting's agenda items are dossiers; an organisation sees an item when
it may see the item's dossier (the access layer's grants). Accepting an item
brings the kernteam into the dossier; inviting a flexibele-schil organisation to
an item grants it that dossier through ``signals.services.dossier_invite`` and
withdrawing the invitation (or the item) withdraws the grant this invitation made.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from casusoverleg.constants import (
    DEFAULT_ITEM_MINUTES,
    MAX_DECISION,
    MAX_LINE,
    MAX_NOTE,
    MAX_SKETCH,
    AttendanceKind,
    InterventionKind,
    InterventionStatus,
    ItemKind,
    ItemStatus,
    JobStatus,
    MeetingStatus,
    Prosecution,
    ReminderKind,
)
from partners.models import Organisation, User
from partners.text import multiline_validators, validate_line
from signals.models import Dossier, SharedContribution, Signal


def _line(verbose: StrOrPromise, *, blank: bool = False) -> models.CharField[str, str]:
    return models.CharField(
        verbose, max_length=MAX_LINE, blank=blank, validators=[validate_line]
    )


def _text(verbose: StrOrPromise, limit: int) -> models.TextField[str, str]:
    return models.TextField(
        verbose, max_length=limit, blank=True, validators=multiline_validators(limit)
    )


class Meeting(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    starts_at = models.DateTimeField(_("datum en tijd"))
    place = _line(_("plaats"), blank=True)
    video_link = models.URLField(
        _("videoverbinding"), max_length=500, blank=True, validators=[validate_line]
    )
    chair = models.ForeignKey(
        User, verbose_name=_("voorzitter"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=MeetingStatus.choices,
        default=MeetingStatus.PLANNED,
    )
    # The confidentiality statement as it read when the meeting started.
    confidentiality_statement = _text(_("geheimhoudingsverklaring"), MAX_NOTE)
    started_at = models.DateTimeField(_("gestart op"), null=True, blank=True)
    closed_at = models.DateTimeField(_("gesloten op"), null=True, blank=True)
    closed_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("casusoverleg")
        verbose_name_plural = _("casusoverleggen")
        ordering = ["-starts_at"]
        indexes = [models.Index(fields=["status", "starts_at"])]

    def __str__(self) -> str:
        # In the region's time zone, as every page shows it (not UTC).
        when = timezone.localtime(self.starts_at)
        return f"Casusoverleg {when:%d-%m-%Y %H:%M}"


class AgendaBuild(models.Model):
    """One run of the agenda builder (a Celery task); the page shows its state."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="agenda_builds"
    )
    status = models.CharField(
        max_length=16, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    requested_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    # A fixed Dutch message, never an exception text with data in it.
    error = models.CharField(max_length=MAX_LINE, blank=True, editable=False)
    proposed = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-requested_at", "-id"]

    def __str__(self) -> str:
        return f"Agenda {self.meeting_id} {self.status}"


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(
        _("soort"), max_length=16, choices=ItemKind.choices, default=ItemKind.DOSSIER
    )
    # A case item is a dossier; a trend item may name a (trend) signal instead.
    dossier = models.ForeignKey(
        Dossier, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    signal = models.ForeignKey(
        Signal, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    title = _line(_("titel"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ItemStatus.choices,
        default=ItemStatus.PROPOSED,
    )
    # ItemReason values, why the builder proposed it.
    reasons = models.JSONField(default=list, blank=True)
    position = models.PositiveIntegerField(_("volgorde"), default=0)
    planned_minutes = models.PositiveSmallIntegerField(
        _("geplande duur (minuten)"), default=DEFAULT_ITEM_MINUTES
    )
    # Discussed in an earlier meeting within REPEAT_WINDOW_DAYS.
    is_repeat = models.BooleanField(_("herhaling"), default=False)
    # The sketch, prepared by the voorbereidingsteam; editable until the meeting starts.
    background = _text(_("achtergrond"), MAX_SKETCH)
    open_actions = _text(_("openstaande acties"), MAX_SKETCH)
    questions = _text(_("vragen aan het overleg"), MAX_SKETCH)
    proposed_interventions = _text(_("voorgestelde interventies"), MAX_SKETCH)
    sketch_updated_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    sketch_updated_at = models.DateTimeField(null=True, blank=True)
    # The OM's feedback: whether a criminal investigation follows, never its content.
    prosecution = models.CharField(
        _("strafrechtelijk onderzoek"),
        max_length=8,
        choices=Prosecution.choices,
        blank=True,
    )
    prosecution_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    added_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("agendapunt")
        verbose_name_plural = _("agendapunten")
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "dossier"],
                condition=Q(dossier__isnull=False),
                name="agenda_item_one_per_dossier",
            ),
            models.CheckConstraint(
                condition=~Q(kind=ItemKind.DOSSIER) | Q(dossier__isnull=False),
                name="agenda_case_item_has_dossier",
            ),
        ]
        indexes = [models.Index(fields=["dossier", "status"])]

    def __str__(self) -> str:
        return self.title or f"Agendapunt {self.pk}"


class ItemInvitation(models.Model):
    """A flexibele-schil organisation invited to one agenda item."""

    item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, related_name="invitations"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+"
    )
    # True when this invitation made the dossier grant (so withdrawing it revokes
    # the grant); False when the organisation already took part in the dossier.
    granted_access = models.BooleanField(default=False)
    invited_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    invited_at = models.DateTimeField(default=timezone.now)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["item", "organisation"],
                condition=Q(withdrawn_at__isnull=True),
                name="item_invitation_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.item_id} {self.organisation_id}"


class ItemKernteamGrant(models.Model):
    """A kernteam organisation that joined the dossier because this item was
    accepted (it did not take part yet). Removing the item revokes exactly these
    grants, unless the organisation has since got the dossier another way."""

    item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, related_name="kernteam_grants"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+"
    )
    granted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["item", "organisation"], name="item_kernteam_grant_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.item_id} {self.organisation_id}"


class Attendance(models.Model):
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="attendance"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(
        _("aanwezigheid"), max_length=16, choices=AttendanceKind.choices
    )
    user = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    name = _line(_("naam"), blank=True)
    has_mandate = models.BooleanField(_("heeft mandaat"), default=False)
    # For apologies: whether the organisation sent its information in advance.
    info_sent = models.BooleanField(_("informatie vooraf aangeleverd"), default=False)
    confidentiality_acknowledged_at = models.DateTimeField(
        _("geheimhouding bevestigd op"), null=True, blank=True
    )
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["organisation__name", "id"]

    def __str__(self) -> str:
        return f"{self.meeting_id} {self.organisation_id} {self.kind}"


class Decision(models.Model):
    """A decision of the meeting on one item."""

    item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, related_name="decisions"
    )
    text = models.TextField(
        _("besluit"),
        max_length=MAX_DECISION,
        validators=multiline_validators(MAX_DECISION),
    )
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["recorded_at", "id"]

    def __str__(self) -> str:
        return f"Besluit {self.pk}"


class ItemContribution(SharedContribution):
    """What an organisation brought in at the table on an item. Like a signal or an
    answer it belongs to its organisation and reaches whom it is shared with
    (signals.selectors.sharing.reaches_q); the minutes follow that rule."""

    item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, related_name="contributions"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(
        _("inbreng"), max_length=MAX_NOTE, validators=multiline_validators(MAX_NOTE)
    )
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["recorded_at", "id"]

    def __str__(self) -> str:
        return f"Inbreng {self.pk}"


class Intervention(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="+")
    item = models.ForeignKey(
        AgendaItem, on_delete=models.PROTECT, related_name="interventions"
    )
    kind = models.CharField(_("soort"), max_length=16, choices=InterventionKind.choices)
    description = _line(_("omschrijving"))
    responsible = models.ForeignKey(
        Organisation,
        verbose_name=_("verantwoordelijke organisatie"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    owner = models.ForeignKey(
        User,
        verbose_name=_("eigenaar"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    deadline = models.DateField(_("termijn"))
    order = models.PositiveSmallIntegerField(_("volgorde"), default=1)
    depends_on = models.ForeignKey(
        "self",
        verbose_name=_("wacht op"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="followers",
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=InterventionStatus.choices,
        default=InterventionStatus.OPEN,
    )
    outcome = _text(_("resultaat"), MAX_NOTE)
    # The reason given with not_possible / not_done.
    status_reason = _text(_("toelichting op de status"), MAX_NOTE)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    status_changed_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("interventie")
        verbose_name_plural = _("interventies")
        ordering = ["deadline", "order", "id"]
        indexes = [
            models.Index(fields=["responsible", "status", "deadline"]),
            models.Index(fields=["dossier", "status"]),
        ]

    def __str__(self) -> str:
        return self.description


class InterventionUpdate(models.Model):
    """Progress on an intervention, as its organisation recorded it (history)."""

    intervention = models.ForeignKey(
        Intervention, on_delete=models.CASCADE, related_name="updates"
    )
    status = models.CharField(max_length=16, choices=InterventionStatus.choices)
    note = _text(_("toelichting"), MAX_NOTE)
    by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.intervention_id} {self.status}"


class InterventionReminder(models.Model):
    """A reminder sent (once per kind) around an intervention's deadline."""

    intervention = models.ForeignKey(
        Intervention, on_delete=models.CASCADE, related_name="reminders"
    )
    kind = models.CharField(max_length=8, choices=ReminderKind.choices)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["intervention", "kind"], name="intervention_reminder_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.intervention_id} {self.kind}"


class Correction(models.Model):
    """After closing, the record is fixed: a correction is a new, dated entry."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, related_name="corrections"
    )
    item = models.ForeignKey(
        AgendaItem,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="corrections",
    )
    text = models.TextField(
        _("correctie"), max_length=MAX_NOTE, validators=multiline_validators(MAX_NOTE)
    )
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["recorded_at", "id"]

    def __str__(self) -> str:
        return f"Correctie {self.pk}"


class Minutes(models.Model):
    """One rendered minutes PDF: the full set (organisation empty, for the chair and
    the ketenregisseur) or one organisation's version. Stored in the database so
    every web container serves it (no shared file system)."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="minutes"
    )
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        max_length=16, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    requested_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    rendered_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.CharField(max_length=MAX_LINE, blank=True, editable=False)
    pdf = models.BinaryField(null=True, blank=True, editable=False)
    # Bumped by a correction: a version renders again with it.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "organisation"],
                condition=Q(organisation__isnull=False),
                name="minutes_one_per_organisation",
            ),
            models.UniqueConstraint(
                fields=["meeting"],
                condition=Q(organisation__isnull=True),
                name="minutes_one_full_set",
            ),
        ]
        indexes = [models.Index(fields=["status", "requested_at"])]

    def __str__(self) -> str:
        return f"Verslag {self.meeting_id} {self.organisation_id or 'volledig'}"
