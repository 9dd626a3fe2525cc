"""The fictional demo region of docs/api-contract.md section 2. Every name here is invented.

Deterministic: running it twice gives the same organisations, users, passwords, TOTP
secrets and API token, so the printed logins always work.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
from base64 import b32encode
from dataclasses import dataclass

from axes.models import AccessAttempt
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from partners.constants import Domain, OrganisationKind, Ring, Role
from partners.models import ApiClient, Convenant, Organisation, RoleProposal, User
from partners.services import (
    Participation,
    api_client_issue,
    convenant_save,
    organisation_create,
    organisation_update,
    user_create,
    user_update,
)

DEMO_PASSWORD = "Demo-Ketenaanpak-2026"
_DEMO_SALT = b"ketenaanpak-fictieve-demoregio"

K, F = Ring.KERNTEAM, Ring.FLEXIBELE_SCHIL
V, Z = Domain.VEILIGHEID, Domain.ZORG
OK = OrganisationKind

# slug, name, kind, domain, ring (docs/domain.md section 2)
ORGANISATIONS: list[tuple[str, str, str, str, str]] = [
    ("gemeente", "Gemeente Demostad", OK.GEMEENTE, V, K),
    ("politie", "Politie Eenheid Demoland", OK.POLITIE, V, K),
    ("om", "Openbaar Ministerie Arrondissement Demoland", OK.OM, V, K),
    ("ggd", "GGD Demoland", OK.GGD, Z, K),
    ("jeugdbescherming", "Jeugdbescherming Demoland", OK.JEUGDBESCHERMING, Z, K),
    ("school", "Fictief College", OK.SCHOOL, Z, F),
    ("jeugdzorg", "Jeugdzorg De Verzonnen Linde", OK.JEUGDZORG, Z, F),
    ("opvang", "Opvanghuis Het Denkbeeldige Anker", OK.OPVANG, Z, F),
    ("hulpverlening", "Prostitutiehulpverlening Demoland", OK.HULPVERLENING, Z, F),
    ("amw", "Algemeen Maatschappelijk Werk Demostad", OK.AMW, Z, F),
    ("cjg", "Centrum Jeugd en Gezin Demostad", OK.CJG, Z, F),
    (
        "raad-kinderbescherming",
        "Raad voor de Kinderbescherming, regio Demoland",
        OK.RAAD_KINDERBESCHERMING,
        Z,
        F,
    ),
    ("opsporingsdiensten", "Inspectie en KMar Demoland", OK.OPSPORINGSDIENST, V, F),
    ("belastingdienst", "Belastingdienst kantoor Demostad", OK.BELASTINGDIENST, V, F),
    ("kvk", "Kamer van Koophandel Demoland", OK.KVK, V, F),
    ("comensha", "CoMensha (demo)", OK.COMENSHA, Z, F),
    ("ind", "IND Demoland", OK.IND, V, F),
    ("coa", "COA locatie Demostad", OK.COA, Z, F),
    ("leerplicht", "Leerplicht Demostad", OK.LEERPLICHT, Z, F),
    ("riec", "RIEC Demoland", OK.RIEC, V, F),
    ("veiligheidshuis", "Zorg- en Veiligheidshuis Demoland", OK.VEILIGHEIDSHUIS, V, F),
    ("welzijn", "Welzijn Demostad", OK.WELZIJN, Z, F),
]
# Signed nothing: proves that an organisation without a convenant sees no personal data.
OUTSIDER = ("sportclub", "Sportvereniging Nergenshuizen", OK.OVERIG, Z, F)

# username, first, last, organisation slug, roles
USERS: list[tuple[str, str, str, str, tuple[str, ...]]] = [
    ("fenna.beheer", "Fenna", "Beheer", "gemeente", (Role.FUNCTIONEEL_BEHEERDER,)),
    # The second pair of eyes: a screener or ketenregisseur role one beheerder
    # proposes in the app is granted only when the other confirms it.
    (
        "bram.beheer",
        "Bram",
        "Beheer",
        "veiligheidshuis",
        (Role.FUNCTIONEEL_BEHEERDER,),
    ),
    ("kim.regisseur", "Kim", "Regisseur", "gemeente", (Role.KETENREGISSEUR,)),
    ("sam.screener", "Sam", "Screener", "welzijn", (Role.SCREENER,)),
    ("sven.screener", "Sven", "Screener", "politie", (Role.SCREENER,)),
    (
        "pieter.agent",
        "Pieter",
        "Agent",
        "politie",
        (Role.PARTNERMEDEWERKER, Role.CONTACTPERSOON),
    ),
    (
        "olga.officier",
        "Olga",
        "Officier",
        "om",
        (Role.PARTNERMEDEWERKER, Role.CONTACTPERSOON),
    ),
    (
        "gijs.ggd",
        "Gijs",
        "Gezondheid",
        "ggd",
        (Role.PARTNERMEDEWERKER, Role.CONTACTPERSOON),
    ),
    (
        "bo.jeugdbescherming",
        "Bo",
        "Beschermer",
        "jeugdbescherming",
        (Role.PARTNERMEDEWERKER, Role.CONTACTPERSOON),
    ),
    ("gert.gemeente", "Gert", "Gemeente", "gemeente", (Role.CONTACTPERSOON,)),
    (
        "sofie.mentor",
        "Sofie",
        "Mentor",
        "school",
        (Role.PARTNERMEDEWERKER, Role.CONTACTPERSOON),
    ),
    (
        "jorien.jeugdzorg",
        "Jorien",
        "Jeugdzorg",
        "jeugdzorg",
        (Role.PARTNERMEDEWERKER, Role.CONTACTPERSOON),
    ),
    (
        "riek.riec",
        "Riek",
        "Riec",
        "riec",
        (Role.PARTNERMEDEWERKER, Role.CONTACTPERSOON),
    ),
    ("otto.buiten", "Otto", "Buiten", "sportclub", (Role.PARTNERMEDEWERKER,)),
]
CONTACT_PERSONS = {
    "gemeente": "gert.gemeente",
    "politie": "pieter.agent",
    "om": "olga.officier",
    "ggd": "gijs.ggd",
    "jeugdbescherming": "bo.jeugdbescherming",
    "school": "sofie.mentor",
    "jeugdzorg": "jorien.jeugdzorg",
    "riec": "riek.riec",
    "welzijn": "sam.screener",
}
CONVENANT_TITLE = "Convenant integrale ketenaanpak loverboys Demoland (fictief)"
MELDPUNT_CLIENT = "Meldpunt Demostad"


def _derive(label: str, size: int) -> bytes:
    return hmac.new(_DEMO_SALT, label.encode(), hashlib.sha256).digest()[:size]


def demo_totp_key(username: str) -> bytes:
    return _derive(f"totp:{username}", 20)


def demo_api_token() -> str:
    return "demo-" + _derive("meldpunt-token", 24).hex()


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str
    totp_secret: str
    organisation: str
    roles: str


@dataclass(frozen=True)
class DemoRegion:
    logins: list[DemoLogin]
    api_client: str
    api_token: str


SHORT_CONVENANT_TITLE = "Aanvullend convenant pilot jongerenwerk Demostad (fictief)"
# Locked out in the demo, so the beheerder's start page has someone to unlock.
LOCKED_USER = "riek.riec"


def _seed_beheer_work(
    *, today: datetime.date, organisations: dict[str, Organisation]
) -> None:
    """The functioneel beheerder's start page: a convenant ending within 60 days,
    a role proposal waiting for the second beheerder, a locked-out colleague."""
    convenant_save(
        actor=None,
        convenant=Convenant.objects.filter(title=SHORT_CONVENANT_TITLE).first(),
        title=SHORT_CONVENANT_TITLE,
        purpose="Een proef met signalering door het jongerenwerk (fictief).",
        target_group="Jongeren tot 23 jaar in Demostad.",
        valid_from=today - datetime.timedelta(days=300),
        valid_until=today + datetime.timedelta(days=45),
        participations=[
            Participation(
                organisation=organisations["welzijn"],
                signed_on=today - datetime.timedelta(days=290),
            )
        ],
    )
    gert = User.objects.get(username="gert.gemeente")
    if not RoleProposal.objects.filter(
        user=gert, outcome=RoleProposal.Outcome.PENDING
    ).exists():
        user_update(
            user=gert,
            actor=User.objects.get(username="fenna.beheer"),
            roles=[Role.CONTACTPERSOON, Role.SCREENER],
        )
    AccessAttempt.objects.update_or_create(
        username=LOCKED_USER,
        ip_address="192.0.2.44",
        user_agent="Fictieve browser",
        defaults={
            "failures_since_start": settings.ACCOUNT_LOCKOUT_LIMIT,
            "attempt_time": timezone.now(),
            "get_data": "",
            "post_data": "",
            "http_accept": "",
            "path_info": "/inloggen/",
        },
    )


@transaction.atomic
def seed_demo_region(*, today: datetime.date) -> DemoRegion:
    organisations: dict[str, Organisation] = {}
    for slug, name, kind, domain, ring in [*ORGANISATIONS, OUTSIDER]:
        data = {
            "name": name,
            "slug": slug,
            "kind": kind,
            "domain": domain,
            "ring": ring,
            "active": True,
        }
        existing = Organisation.objects.filter(slug=slug).first()
        if existing is None:
            organisations[slug] = organisation_create(actor=None, **data)
        else:
            organisations[slug] = organisation_update(
                organisation=existing, actor=None, **data
            )

    convenant = Convenant.objects.filter(title=CONVENANT_TITLE).first()
    convenant_save(
        actor=None,
        convenant=convenant,
        title=CONVENANT_TITLE,
        purpose=(
            "Het tijdig signaleren, bundelen en gezamenlijk aanpakken van "
            "loverboyproblematiek door de ketenpartners, met gegevensdeling op basis "
            "van need to know."
        ),
        target_group="Jongeren tot 23 jaar die (mogelijk) slachtoffer zijn van loverboys, "
        "en (vermoedelijke) daders en faciliteerders.",
        valid_from=datetime.date(today.year - 1, 1, 1),
        valid_until=datetime.date(today.year + 2, 12, 31),
        participations=[
            Participation(
                organisation=organisations[slug],
                signed_on=datetime.date(today.year - 1, 1, 15),
            )
            for slug, *_rest in ORGANISATIONS
        ],
    )

    logins = []
    for username, first, last, org_slug, roles in USERS:
        data = {
            "username": username,
            "first_name": first,
            "last_name": last,
            "email": f"{username}@demo.example",
            "organisation": organisations[org_slug],
            "is_active": True,
        }
        user = User.objects.filter(username=username).first()
        if user is None:
            user = user_create(actor=None, roles=roles, password=DEMO_PASSWORD, **data)
        else:
            user = user_update(user=user, actor=None, roles=roles, **data)
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        key = demo_totp_key(username)
        TOTPDevice.objects.filter(user=user).exclude(name="Demo-authenticator").delete()
        TOTPDevice.objects.update_or_create(
            user=user,
            name="Demo-authenticator",
            defaults={"key": key.hex(), "confirmed": True},
        )
        logins.append(
            DemoLogin(
                username=username,
                password=DEMO_PASSWORD,
                totp_secret=b32encode(key).decode(),
                organisation=organisations[org_slug].name,
                roles=", ".join(str(Role(r).label) for r in roles),
            )
        )

    for org_slug, username in CONTACT_PERSONS.items():
        organisation_update(
            organisation=organisations[org_slug],
            actor=None,
            contact_person=User.objects.get(username=username),
        )

    _seed_beheer_work(today=today, organisations=organisations)

    token = demo_api_token()
    if not ApiClient.objects.filter(
        token_prefix=token[:8], revoked_at__isnull=True
    ).exists():
        ApiClient.objects.filter(
            organisation=organisations["gemeente"],
            name=MELDPUNT_CLIENT,
            revoked_at__isnull=True,
        ).delete()
        api_client_issue(
            organisation=organisations["gemeente"], name=MELDPUNT_CLIENT, token=token
        )
    return DemoRegion(logins=logins, api_client=MELDPUNT_CLIENT, api_token=token)
