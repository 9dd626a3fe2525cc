"""Choices and limits of the risicotaxatie-instrument, the doorlaatverbod alert and
the CoMensha report (docs/domain.md sections 6 and 9)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class InstrumentCategory(models.TextChoices):
    """The seven categories of handreiking 3.2.1 (after "Helse liefde")."""

    GEDRAG = "gedrag", _("Gedragskenmerken")
    UITERLIJK = "uiterlijk", _("Uiterlijke kenmerken")
    FYSIEK = "fysiek", _("Fysieke kenmerken")
    GEZIN = "gezin", _("Gezinssituatie")
    NETWERK = "netwerk", _("Sociaal netwerk")
    SCHOOL = "school", _("School")
    STRAFRECHTELIJK = "strafrechtelijk", _("Strafrechtelijk")


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Concept")
    PUBLISHED = "published", _("Gepubliceerd")


class ConsentBasis(models.TextChoices):
    """Why a CoMensha report may be made (docs/domain.md section 9)."""

    PERSON = "person", _("Schriftelijke toestemming van de persoon zelf (16+)")
    PARENT_OR_GUARDIAN = (
        "parent_or_guardian",
        _("Schriftelijke toestemming van een ouder of voogd (jonger dan 16)"),
    )
    DUTY = "duty", _("Meldplicht van politie of opsporingsdienst (geen toestemming)")


class PdfStatus(models.TextChoices):
    """The CoMensha report's PDF, rendered by a worker; the page shows it."""

    QUEUED = "queued", _("In de wachtrij")
    RUNNING = "running", _("Wordt gemaakt")
    DONE = "done", _("Klaar")
    FAILED = "failed", _("Mislukt")


MAX_ITEM_LABEL = 300
MAX_ITEM_POINTS = 20
MAX_THRESHOLD = 1_000
MAX_INSTRUMENT_ITEMS = 200
MAX_INTERVENTION = 4_000
MAX_CONSENT_REFERENCE = 300
MAX_PDF_ERROR = 200
