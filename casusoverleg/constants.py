"""Choices and limits of the casusoverleg (docs/domain.md sections 7 and 8)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Gepland")
    IN_PROGRESS = "in_progress", _("Bezig")
    CLOSED = "closed", _("Gesloten")


class JobStatus(models.TextChoices):
    """A background job (agenda builder, minutes render): the page shows it."""

    QUEUED = "queued", _("In de wachtrij")
    RUNNING = "running", _("Bezig")
    DONE = "done", _("Klaar")
    FAILED = "failed", _("Mislukt")


class ItemKind(models.TextChoices):
    DOSSIER = "dossier", _("Casus")
    TREND = "trend", _("Trend")
    BILATERAL = "bilateral", _("Urgente casus, bilateraal opgepakt")


class ItemStatus(models.TextChoices):
    PROPOSED = "proposed", _("Voorgesteld")
    ACCEPTED = "accepted", _("Op de agenda")
    REMOVED = "removed", _("Van de agenda gehaald")


class ItemReason(models.TextChoices):
    """Why the agenda builder proposed an item (an item may have several)."""

    COLOUR_READY = "colour_ready", _("Oranje of rood, veredeling compleet")
    OVERDUE = "overdue", _("Interventie over de termijn")
    CARRIED_OVER = "carried_over", _("Onafgeronde interventie uit een vorig overleg")
    REREVIEW = "rereview", _("Toe aan herbespreking")
    TREND = "trend", _("Trendsignaal")
    BILATERAL = "bilateral", _("Sinds het vorige overleg bilateraal opgepakt")
    MANUAL = "manual", _("Door de ketenregisseur toegevoegd")


class AttendanceKind(models.TextChoices):
    PRESENT = "present", _("Aanwezig")
    APOLOGIES = "apologies", _("Afgemeld")
    OBSERVER = "observer", _("Toehoorder")


class InterventionKind(models.TextChoices):
    """The kinds of docs/domain.md section 8."""

    HULPVERLENING = "hulpverlening", _("Hulpverlening")
    BESTUURLIJK = "bestuurlijk", _("Bestuurlijk")
    FISCAAL = "fiscaal", _("Fiscaal")
    OPSPORING = "opsporing", _("Opsporing en vervolging")
    VERDACHTEN = "verdachten", _("Verdachten en veroordeelden")
    NAZORG = "nazorg", _("Nazorg")


class InterventionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In uitvoering")
    DONE = "done", _("Uitgevoerd")
    # Unfinished, as the responsible organisation marks it; both carry over and
    # the minutes keep the distinction (issue: casusoverleg).
    NOT_POSSIBLE = "not_possible", _("Niet mogelijk (omstandigheden gewijzigd)")
    NOT_DONE = "not_done", _("Niet uitgevoerd")


# Statuses that still need the meeting: they carry over to the next agenda.
UNFINISHED_STATUSES = (
    InterventionStatus.OPEN,
    InterventionStatus.IN_PROGRESS,
    InterventionStatus.NOT_POSSIBLE,
    InterventionStatus.NOT_DONE,
)


class Prosecution(models.TextChoices):
    """The OM's feedback: only whether a criminal investigation follows."""

    YES = "yes", _("Ja, er volgt een strafrechtelijk onderzoek")
    NO = "no", _("Nee")
    NOT_YET = "not_yet", _("Nog niet")


class ReminderKind(models.TextChoices):
    BEFORE = "before", _("Termijn nadert")
    AFTER = "after", _("Termijn verstreken")


# A dossier discussed within this many days is marked as a repeat.
REPEAT_WINDOW_DAYS = 365
# A dossier is due for re-review this many days after it was last discussed.
REREVIEW_AFTER_DAYS = 56
# Reminder before a deadline, in days.
REMINDER_BEFORE_DAYS = 3
DEFAULT_ITEM_MINUTES = 15
MAX_ITEM_MINUTES = 240

# Limits of the free texts (partners.text applies the policy).
MAX_LINE = 200
MAX_SKETCH = 4_000
MAX_DECISION = 4_000
MAX_NOTE = 4_000
