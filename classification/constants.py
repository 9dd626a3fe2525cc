"""Choices and limits of screening and classification (docs/domain.md section 6)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Phase(models.TextChoices):
    """The Sittard-Geleen flow of one melding, in order."""

    ONDERZOEKEN = "onderzoeken", _("Onderzoeken")
    VERIFIEREN = "verifieren", _("Verifiëren")
    VASTSTELLEN = "vaststellen", _("Vaststellen")
    TERUGKOPPELEN = "terugkoppelen", _("Terugkoppelen")
    AFGEROND = "afgerond", _("Afgerond")


PHASE_ORDER: tuple[str, ...] = tuple(Phase.values)
# Phases whose work is recorded as a step (or skipped with a reason); vaststellen
# ends with a classification, terugkoppelen with the feedback text.
STEP_PHASES = (Phase.ONDERZOEKEN, Phase.VERIFIEREN)
# Terugkoppelen can be skipped (an anonymous reporter cannot be told anything).
SKIPPABLE_PHASES = (Phase.ONDERZOEKEN, Phase.VERIFIEREN, Phase.TERUGKOPPELEN)


class Colour(models.TextChoices):
    BLAUW = "blauw", _("Blauw")
    GROEN = "groen", _("Groen")
    ORANJE = "oranje", _("Oranje")
    ROOD = "rood", _("Rood")


# Higher is more serious: opschalen raises, afschalen lowers.
COLOUR_RANK: dict[str, int] = {
    Colour.BLAUW: 0,
    Colour.GROEN: 1,
    Colour.ORANJE: 2,
    Colour.ROOD: 3,
}
# Colours at which the kernteam joins the dossier (docs/domain.md section 9).
KERNTEAM_COLOURS = frozenset({Colour.ORANJE, Colour.ROOD})


class ClassificationStatus(models.TextChoices):
    PENDING = "pending", _("Wacht op bevestiging")
    CONFIRMED = "confirmed", _("Bevestigd")
    DECLINED = "declined", _("Afgewezen")


class HandOffKind(models.TextChoices):
    """What a routing asks of the receiving organisation (docs/domain.md section 6)."""

    REGISTRATION = "registration", _("Registratie en doorgeleiding (blauw)")
    CARE = "care", _("Oppakken door het CJG (groen)")
    SAFETY_HOUSE = "safety_house", _("Veiligheidshuis (oranje)")
    RCMP = "rcmp", _("RCMP (oranje)")
    OVERLEG_PROPOSAL = "overleg_proposal", _("Voorstel: inbrengen in het casusoverleg")
    PRIORITY = "priority", _("Met voorrang oppakken (rood)")
    CASEMANAGER = "casemanager", _("Casemanager toewijzen (rood)")
    KERNTEAM = "kernteam", _("Kernteam neemt deel (oranje/rood)")
    # A perpetrator melding with a strong suspicion (docs/domain.md section 6).
    TEST_273F = "test_273f", _("Toetsing art. 273f Sr (dadermelding)")
    TAKEOVER = "takeover", _("Overname: strafrechtelijke route leidend")
    SAFETY_HOUSE_AGENDA = (
        "safety_house_agenda",
        _("Op de agenda van het Veiligheidshuis"),
    )


class PerpetratorOutcome(models.TextChoices):
    """Vaststellen of a melding about a possible perpetrator."""

    INSUFFICIENT = (
        "insufficient",
        _("Onvoldoende aanwijzingen: registreren en bundelen voor dossiervorming"),
    )
    STRONG_SUSPICION = (
        "strong_suspicion",
        _("Sterk vermoeden: voorleggen aan RCMP/OM en RIEC (toetsing art. 273f Sr)"),
    )


class Result273f(models.TextChoices):
    """The answer of the OM or the RCMP to the art. 273f Sr test."""

    PROSECUTION_POSSIBLE = "prosecution_possible", _("Vervolging mogelijk")
    NO_PROSECUTION = "no_prosecution", _("Geen vervolging (nog)")


# Organisation kinds the art. 273f Sr test is put to, and those whose users record
# its answer (the RIEC advises; the OM or the RCMP answers).
TEST_273F_KINDS = ("rcmp", "om", "riec")
TEST_273F_ANSWER_KINDS = frozenset({"om", "rcmp"})


# Limits of the free texts (partners.text applies the policy).
MAX_NOTE = 4_000
MAX_RATIONALE = 4_000
MAX_FEEDBACK = 4_000
MAX_ROUTING_NOTE = 500
MAX_TEST_NOTE = 1_000
