"""factory_boy factories. Every name in here is fictional."""

from __future__ import annotations

import datetime
from typing import Any

import factory
from django.contrib.auth.models import Group
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from partners.constants import ORGANISATION_GROUP_PREFIX, Domain, OrganisationKind, Ring
from partners.models import Convenant, ConvenantParticipation, Organisation, User
from partners.services import _set_memberships

TEST_PASSWORD = "Fictief-wachtwoord-2026"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Fictieve organisatie {n}")
    slug = factory.Sequence(lambda n: f"org-{n}")
    kind = OrganisationKind.OVERIG
    domain = Domain.ZORG
    ring = Ring.FLEXIBELE_SCHIL
    active = True
    group = factory.LazyAttribute(
        lambda o: Group.objects.get_or_create(
            name=f"{ORGANISATION_GROUP_PREFIX}{o.slug}"
        )[0]
    )

    class Params:
        kernteam = factory.Trait(ring=Ring.KERNTEAM)
        veiligheid = factory.Trait(domain=Domain.VEILIGHEID)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"gebruiker{n}")
    first_name = "Fictief"
    last_name = factory.Sequence(lambda n: f"Persoon {n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    organisation = factory.SubFactory(OrganisationFactory)
    password = factory.django.Password(TEST_PASSWORD)

    @factory.post_generation
    def roles(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create:
            _set_memberships(self, extracted or ())

    @factory.post_generation
    def totp(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        """Every persona has a confirmed authenticator unless ``totp=False``."""
        if create and extracted is not False:
            TOTPDevice.objects.create(user=self, name="test", confirmed=True)


class ConvenantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Convenant

    title = "Convenant ketenaanpak loverboys Demoregio (fictief)"
    purpose = "Signaleren, bundelen en aanpakken van loverboyproblematiek."
    target_group = "Jongeren tot 23 jaar en hun netwerk."
    valid_from = factory.LazyFunction(
        lambda: timezone.localdate() - datetime.timedelta(days=365)
    )
    valid_until = factory.LazyFunction(
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
