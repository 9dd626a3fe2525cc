"""factory_boy factories. Every name in here is fictional."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth.models import Group
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from factory.declarations import (
    LazyAttribute,
    LazyFunction,
    PostGeneration,
    Sequence,
    SubFactory,
    Trait,
)
from factory.django import DjangoModelFactory, Password

from partners.constants import ORGANISATION_GROUP_PREFIX, Domain, OrganisationKind, Ring
from partners.models import Convenant, ConvenantParticipation, Organisation, User
from partners.services import _set_memberships

TEST_PASSWORD = "Fictief-wachtwoord-2026"


class OrganisationFactory(DjangoModelFactory[Organisation]):
    class Meta:
        model = Organisation
        django_get_or_create = ("slug",)

    name = Sequence(lambda n: f"Fictieve organisatie {n}")
    slug = Sequence(lambda n: f"org-{n}")
    kind = OrganisationKind.OVERIG
    domain = Domain.ZORG
    ring = Ring.FLEXIBELE_SCHIL
    active = True
    group = LazyAttribute(
        lambda o: Group.objects.get_or_create(
            name=f"{ORGANISATION_GROUP_PREFIX}{o.slug}"
        )[0]
    )

    class Params:
        kernteam = Trait(ring=Ring.KERNTEAM)
        veiligheid = Trait(domain=Domain.VEILIGHEID)


# Run by factory_boy on the user it made (``post_generation``).
def _user_roles(user: User, create: bool, extracted: Any, **kwargs: Any) -> None:
    if create:
        _set_memberships(user, extracted or ())


def _user_totp(user: User, create: bool, extracted: Any, **kwargs: Any) -> None:
    """Every persona has a confirmed authenticator unless ``totp=False``."""
    if create and extracted is not False:
        TOTPDevice.objects.create(user=user, name="test", confirmed=True)


class UserFactory(DjangoModelFactory[User]):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = Sequence(lambda n: f"gebruiker{n}")
    first_name = "Fictief"
    last_name = Sequence(lambda n: f"Persoon {n}")
    email = LazyAttribute(lambda u: f"{u.username}@example.org")
    organisation = SubFactory(OrganisationFactory)
    password = Password(TEST_PASSWORD)

    roles = PostGeneration(_user_roles)
    totp = PostGeneration(_user_totp)


class ConvenantFactory(DjangoModelFactory[Convenant]):
    class Meta:
        model = Convenant

    title = "Convenant ketenaanpak loverboys Demoregio (fictief)"
    purpose = "Signaleren, bundelen en aanpakken van loverboyproblematiek."
    target_group = "Jongeren tot 23 jaar en hun netwerk."
    valid_from = LazyFunction(
        lambda: timezone.localdate() - datetime.timedelta(days=365)
    )
    valid_until = LazyFunction(
        lambda: timezone.localdate() + datetime.timedelta(days=365)
    )


def sign(
    convenant: Convenant, *organisations: Organisation, days_ago: int = 300
) -> None:
    for organisation in organisations:
        ConvenantParticipation.objects.create(
            convenant=convenant,
            organisation=organisation,
            signed_on=timezone.localdate() - datetime.timedelta(days=days_ago),
        )
