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
        # A closed dossier closes its screened meldingen (docs/api-contract.md).
        from classification.services import signals_settle_for_dossier
        from signals.dossier_hooks import dossier_status_hook_register

        dossier_status_hook_register(signals_settle_for_dossier)
        # The dossier page's section on perpetrator meldingen and the 273f test.
        from classification.sections import perpetrator_sections
        from signals.dossier_sections import dossier_section_register

        dossier_section_register(perpetrator_sections)
        # The risicotaxatie-instrument, the doorlaatverbod and CoMensha.
        from classification.setup_risk import risk_ready

        risk_ready(self)
