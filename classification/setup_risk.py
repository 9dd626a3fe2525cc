"""Start-up wiring of the instrument, the doorlaatverbod and CoMensha (called from
``ClassificationConfig.ready``)."""

from __future__ import annotations

from django.apps import AppConfig
from django.db.models.signals import post_migrate


def risk_ready(config: AppConfig) -> None:
    from classification.banners import doorlaatverbod_banners, risk_tool_banners
    from classification.services_instrument import instrument_default_ensure
    from partners.constants import Role
    from partners.services import role_permissions_extend
    from signals.dossier_banners import dossier_banner_register

    # The shipped instrument version, like the reference lists: after every migrate.
    post_migrate.connect(
        instrument_default_ensure, sender=config, dispatch_uid="instrument_default"
    )
    dossier_banner_register(doorlaatverbod_banners)
    dossier_banner_register(risk_tool_banners)

    role_permissions_extend(
        Role.FUNCTIONEEL_BEHEERDER,
        [
            "classification.view_instrumentversion",
            "classification.add_instrumentversion",
            "classification.change_instrumentversion",
        ],
    )
    role_permissions_extend(
        Role.SCREENER,
        ["classification.view_assessment", "classification.add_assessment"],
    )
    # Who records the intervention after a doorlaatverbod alert is narrowed further
    # by services_doorlaatverbod (police, OM, screening team, ketenregisseur).
    # Who prepares a CoMensha report: anyone working on the dossier.
    for role in (
        Role.SCREENER,
        Role.KETENREGISSEUR,
        Role.PARTNERMEDEWERKER,
        Role.CONTACTPERSOON,
    ):
        role_permissions_extend(
            role,
            [
                "classification.change_doorlaatverbodalert",
                "classification.add_comenshareport",
            ],
        )
