from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    GEMEENTE = "gemeente", _("Gemeente")
    POLITIE = "politie", _("Politie")
    OM = "om", _("Openbaar Ministerie")
    GGD = "ggd", _("Zorg voor meerderjarigen (GGD/GG&GD)")
    JEUGDBESCHERMING = (
        "jeugdbescherming",
        _("Zorg voor minderjarigen (jeugdbescherming)"),
    )
    SCHOOL = "school", _("School")
    JEUGDZORG = "jeugdzorg", _("(Jeugd)zorg")
    OPVANG = "opvang", _("Opvanginstelling")
    HULPVERLENING = "hulpverlening", _("Hulpverleningsorganisatie")
    AMW = "amw", _("Algemeen Maatschappelijk Werk")
    CJG = "cjg", _("Centrum Jeugd en Gezin")
    RAAD_KINDERBESCHERMING = (
        "raad_kinderbescherming",
        _("Raad voor de Kinderbescherming"),
    )
    OPSPORINGSDIENST = "opsporingsdienst", _("Opsporingsdienst")
    BELASTINGDIENST = "belastingdienst", _("Belastingdienst")
    KVK = "kvk", _("Kamer van Koophandel")
    COMENSHA = "comensha", _("CoMensha")
    IND = "ind", _("IND")
    COA = "coa", _("COA")
    LEERPLICHT = "leerplicht", _("Leerplicht")
    RIEC = "riec", _("RIEC")
    VEILIGHEIDSHUIS = "veiligheidshuis", _("Veiligheidshuis")
    # Regionaal Coördinatiepunt Mensenhandel en Prostitutie: oranje and rood go there.
    RCMP = "rcmp", _("RCMP (Regionaal Coördinatiepunt Mensenhandel en Prostitutie)")
    WELZIJN = "welzijn", _("Welzijnsorganisatie")
    OVERIG = "overig", _("Overig")


class Domain(models.TextChoices):
    VEILIGHEID = "veiligheid", _("Veiligheid")
    ZORG = "zorg", _("Zorg")


class Ring(models.TextChoices):
    KERNTEAM = "kernteam", _("Kernteam")
    FLEXIBELE_SCHIL = "flexibele_schil", _("Flexibele schil")


class Role(models.TextChoices):
    KETENREGISSEUR = "ketenregisseur", _("Ketenregisseur")
    SCREENER = "screener", _("Screener")
    PARTNERMEDEWERKER = "partnermedewerker", _("Partnermedewerker")
    CONTACTPERSOON = "contactpersoon", _("Vaste contactpersoon")
    FUNCTIONEEL_BEHEERDER = "functioneel_beheerder", _("Functioneel beheerder")


ROLE_GROUP_PREFIX = "rol:"
ORGANISATION_GROUP_PREFIX = "org:"

# What each role may do at all (model-level). Which objects it may do that to is
# decided per organisation by object grants in the access layer. Apps above
# partners add their own codenames with services.role_permissions_extend().
ROLE_PERMISSIONS: dict[str, tuple[str, ...]] = {
    Role.KETENREGISSEUR: (
        "partners.view_organisation",
        "partners.view_convenant",
    ),
    Role.SCREENER: ("partners.view_organisation",),
    Role.PARTNERMEDEWERKER: ("partners.view_organisation",),
    Role.CONTACTPERSOON: ("partners.view_organisation",),
    Role.FUNCTIONEEL_BEHEERDER: (
        "partners.view_organisation",
        "partners.add_organisation",
        "partners.change_organisation",
        "partners.view_convenant",
        "partners.add_convenant",
        "partners.change_convenant",
        "partners.view_user",
        "partners.add_user",
        "partners.change_user",
        "partners.view_apiclient",
        "partners.add_apiclient",
        "partners.change_apiclient",
        "audit.view_auditevent",
    ),
}

# Roles that read personal data beyond their own organisation's grants, so that
# granting one needs a second functioneel beheerder (four eyes). Judged on what the
# roles may do (ROLE_PERMISSIONS plus what signals adds in its AppConfig.ready()):
# the screener works on every melding at signalering (signals.screen_signal,
# change_signal) and the ketenregisseur reads every dossier and the trend signals
# (signals.view_all_dossier, view_trend_signal), whatever organisation holds them.
# A partnermedewerker or vaste contactpersoon reads only what is granted to their
# own organisation per dossier, and a functioneel beheerder reads no case at all.
# tests/partners/test_role_proposals.py checks this set against the permissions.
PERSONAL_DATA_ROLES: frozenset[str] = frozenset({Role.SCREENER, Role.KETENREGISSEUR})
# A functioneel beheerder reads no case, but she confirms those roles: a beheerder who
# could make another beheerder account on her own (say, one of her own with an e-mail
# address she reads) could confirm her own proposal. So that role takes four eyes too.
FOUR_EYES_ROLES: frozenset[str] = PERSONAL_DATA_ROLES | {Role.FUNCTIONEEL_BEHEERDER}

# Limits of the free texts partners holds (partners.text applies them everywhere).
MAX_ORGANISATION_NAME = 200
MAX_CONVENANT_TITLE = 200
# The convenant's purpose and target group: a few paragraphs, not a document.
MAX_CONVENANT_TEXT = 4_000
MAX_USER_NAME = 150  # first and last name, as Django's user model has them
MAX_PHONE = 30
MAX_API_CLIENT_NAME = 100
