from django.db import models
from django.utils.translation import gettext_lazy as _

# API enum values are English (API_CONTRACT.md); labels are the Dutch UI.


class SubjectRole(models.TextChoices):
    VICTIM = "victim", _("Mogelijk slachtoffer")
    PERPETRATOR = "perpetrator", _("Mogelijke dader (loverboy)")
    FACILITATOR = "facilitator", _("Faciliteerder")
    LOVERGIRL = "lovergirl", _("Lovergirl")
    UNKNOWN = "unknown", _("Onbekend")


class PersonRole(models.TextChoices):
    VICTIM = "victim", _("Mogelijk slachtoffer")
    PERPETRATOR = "perpetrator", _("Mogelijke dader (loverboy)")
    FACILITATOR = "facilitator", _("Faciliteerder")
    LOVERGIRL = "lovergirl", _("Lovergirl")
    NETWORK = "network", _("Netwerk van het slachtoffer")


class Kind(models.TextChoices):
    REGULAR = "regular", _("Regulier")
    URGENT = "urgent", _("Urgent")
    TREND = "trend", _("Trend / actualiteit")


class Source(models.TextChoices):
    EDUCATION = "education", _("Onderwijs (zorgteam, leerplicht, school)")
    YOUTH_WORK = "youth_work", _("Jongerenwerk")
    OUTREACH = "outreach", _("Veldwerk / bemoeizorg")
    SPECIFIC_GROUPS = "specific_groups", _("Specifieke groepen (bijv. MEE)")
    HEALTH = "health", _("(Geestelijke) gezondheidszorg")
    YOUTH_CARE = "youth_care", _("Jeugdhulpverlening")
    CRIMINAL_JUSTICE = (
        "criminal_justice",
        _("Strafrechtketen (politie, OM, Veiligheidshuis)"),
    )
    BYSTANDER = "bystander", _("Omstanders (ouders, vrienden, horeca)")
    ANONYMOUS = "anonymous", _("Anoniem (bijv. Meld Misdaad Anoniem)")


class Gender(models.TextChoices):
    FEMALE = "f", _("Vrouw")
    MALE = "m", _("Man")
    OTHER = "x", _("Anders / onbekend")


class Status(models.TextChoices):
    RECEIVED = "received", _("Ontvangen")
    IN_SCREENING = "in_screening", _("In screening")
    CLASSIFIED = "classified", _("Geclassificeerd")
    CLOSED = "closed", _("Afgesloten")


class IndicatorList(models.TextChoices):
    SIGNALENLIJST = "signalenlijst", _("Signalenlijst (mogelijk slachtoffer)")
    LOVERBOY_CHECKLIST = "loverboy_checklist", _("Loverboy-checklist (mogelijke dader)")


class IndicatorGroup(models.TextChoices):
    UITERLIJK = "uiterlijk", _("Uiterlijke en fysieke gesteldheid")
    ZELFBEELD = "zelfbeeld", _("Houding ten opzichte van zichzelf")
    GEDRAG = "gedrag", _("Gedrag (algemeen)")
    SEKSUEEL = "seksueel", _("Gedragssignalen op seksueel gebied")
    ANDEREN = "anderen", _("Gedrag en houding ten opzichte van anderen")
    LICHAMELIJK = "lichamelijk", _("Lichamelijke signalen")
    CHECKLIST = "checklist", _("Loverboy-checklist")


# Limits that keep a signal readable and the database safe (THREAT_MODEL.md).
MAX_DESCRIPTION = 10_000
MAX_TEXT = 4_000
MAX_KEYWORDS = 30
MAX_KEYWORD_LENGTH = 50
MAX_PERSONS = 20
MAX_ALIASES = 20
MAX_AGE = 120
API_MAX_BODY_BYTES = 256 * 1024
