from django.db import models
from django.utils.translation import gettext_lazy as _

# API enum values are English (docs/api-contract.md); labels are the Dutch UI.


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


# Limits that keep a signal readable and the database safe (docs/threat-model.md),
# used by the models, forms, API serializers and services alike; partners.text
# applies them with the rest of the text policy.
MAX_DESCRIPTION = 10_000
MAX_TEXT = 4_000  # every other multi-line text: relevance, answers, questions
MAX_KEYWORDS = 30
MAX_KEYWORD_LENGTH = 50
MAX_PERSONS = 20
MAX_ALIASES = 20
MAX_ALIAS_LENGTH = 100
# Mentions add up: a person may collect more handles than one signal may carry.
MAX_PERSON_ALIASES = 100
MAX_AGE = 120
MAX_NAME = 200  # a person's or reporter's name, a reporter's organisation
MAX_MUNICIPALITY = 100
MAX_PHONE = 30
MAX_EXTERNAL_ID = 100
MAX_INDICATOR_CODE = 80
MAX_INDICATOR_LABEL = 200
API_MAX_BODY_BYTES = 256 * 1024
# When a signal can have been observed: not later than now plus a clock's drift (a
# meldpunt's server clock, a laptop's), not earlier than this many years ago (the
# handreiking's signals are about young people; 1900-01-01 is a typo). Form, API
# serializer and service all check signals.services.signal.observed_at_problem.
OBSERVED_AT_CLOCK_SKEW_MINUTES = 5
OBSERVED_AT_MAX_YEARS_AGO = 10
# Why a signal is corrected or withdrawn: one or two sentences.
MAX_REASON = 1_000


class VulnerabilityFactor(models.TextChoices):
    LVB = "lvb", _("Licht verstandelijke beperking (LVB)")
    EER_SCHAAMTE = "eer_schaamte", _("Eer- en schaamtecultuur")
    STRENG_RELIGIEUS = "streng_religieus", _("Streng religieus gezin")
    PROBLEMATISCH_GEZIN = "problematisch_gezin", _("Problematische gezinssituatie")
    MISBRUIK = "misbruik", _("(Seksueel) misbruik")
    BOY_VICTIM = "boy_victim", _("Jongen als slachtoffer")


class AgeRoute(models.TextChoices):
    MINOR = "minor", _("Minderjarig")
    YOUNG_ADULT = "young_adult", _("18 tot en met 23 jaar")
    ADULT = "adult", _("Volwassen (24+)")
    UNKNOWN = "unknown", _("Leeftijd onbekend")


class AgeBand(models.TextChoices):
    UNDER_14 = "under_14", _("jonger dan 14")
    FROM_14_TO_17 = "14_17", _("14–17")
    FROM_18_TO_23 = "18_23", _("18–23")
    OVER_23 = "over_23", _("ouder dan 23")
    UNKNOWN = "unknown", _("onbekend")


class MatchDecision(models.TextChoices):
    CONFIRMED = "confirmed", _("Bevestigd: zelfde persoon")
    REJECTED = "rejected", _("Afgewezen: andere persoon")


class DossierStatus(models.TextChoices):
    SIGNALERING = "signalering", _("Signalering")
    DOSSIERVORMING = "dossiervorming", _("Dossiervorming en analyse")
    WEGING = "weging", _("Weging en kwalificatie")
    UITVOERING = "uitvoering", _("Toewijzing en uitvoering")
    NAZORG = "nazorg", _("Nazorg")
    AFGESLOTEN = "afgesloten", _("Afgesloten")


# A question open longer than this many days is overdue: the ketenregisseur's start
# page lists it (the handreiking sets no term; the region can agree another).
ENRICHMENT_DUE_DAYS = 14


class EnrichmentStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ANSWERED = "answered", _("Beantwoord")
    NO_INFORMATION = "no_information", _("Geen informatie beschikbaar")


class Sharing(models.TextChoices):
    """How far a contribution to a dossier reaches (docs/domain.md section 9): its owner
    decides. The screening team and the ketenregisseur read every contribution."""

    PARTICIPANTS = "participants", _("Met alle deelnemers van het dossier")
    SELECTED = "selected", _("Alleen met de organisaties die ik aanvink")
    # Opsporingsbelang (docs/threat-model.md): withheld from named partners only, so a
    # participant that joins later reads it.
    EXCEPT = "except", _("Met alle deelnemers behalve de organisaties die ik aanvink")


class DossierEventKind(models.TextChoices):
    CREATED = "created", _("Dossier aangemaakt")
    SIGNAL_ADDED = "signal_added", _("Signaal toegevoegd")
    PERSON_ADDED = "person_added", _("Persoon toegevoegd")
    STATUS_CHANGED = "status_changed", _("Status gewijzigd")
    CASEMANAGER_SET = "casemanager_set", _("Casemanager toegewezen")
    INVITED = "invited", _("Organisatie uitgenodigd")
    INVITATION_WITHDRAWN = "invitation_withdrawn", _("Uitnodiging ingetrokken")
    ENRICHMENT_ASKED = "enrichment_asked", _("Vraag uitgezet (veredelen)")
    ENRICHMENT_ANSWERED = "enrichment_answered", _("Vraag beantwoord")
    # Written by classification's services (signals.services.dossier_event_record).
    CLASSIFIED = "classified", _("Kleur vastgesteld")
    CLASSIFICATION_PROPOSED = "classification_proposed", _("Kleur voorgesteld")
    HANDED_OFF = "handed_off", _("Doorgeleid")
    PERPETRATOR_DECIDED = "perpetrator_decided", _("Dadermelding beoordeeld")
    TEST_273F = "test_273f", _("Toetsing art. 273f Sr")


# An indicator code as API clients send it: lower-case words joined by dots
# (``gedrag.opgehaald_gebracht``). The API refuses anything else and its OpenAPI
# schema says so (a pattern), so a client's validator and the API agree.
INDICATOR_CODE_PATTERN = r"\A[a-z0-9_]+(?:\.[a-z0-9_]+)*\Z"
