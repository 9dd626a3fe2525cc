from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClassificationConfig(AppConfig):
    name = "classification"
    verbose_name = _("Screening en classificatie")

    def ready(self) -> None:
        from partners.constants import Role
        from partners.services import role_permissions_extend

        # The screening pages are the screening team's: signals.screen_signal.
        # Hand-offs reach an organisation; its people see and acknowledge them.
        for role in (Role.PARTNERMEDEWERKER, Role.CONTACTPERSOON, Role.KETENREGISSEUR):
            role_permissions_extend(
                role, ["classification.view_handoff", "classification.change_handoff"]
            )
        role_permissions_extend(
            Role.SCREENER,
            [
                "classification.view_handoff",
                "classification.change_handoff",
                "classification.view_classification",
                "classification.add_classification",
                "classification.view_screening",
                "classification.change_screening",
            ],
        )
        # The risicotaxatie-instrument, the doorlaatverbod and CoMensha.
        from classification.setup_risk import risk_ready

        risk_ready(self)
