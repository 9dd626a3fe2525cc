from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasusoverlegConfig(AppConfig):
    name = "casusoverleg"
    verbose_name = _("Casusoverleg")

    def ready(self) -> None:
        from partners.constants import Role
        from partners.services import role_permissions_extend

        # Which objects: an agenda item and its dossier through the access layer's
        # grants; these say only what a role may do at all (docs/architecture.md).
        partner = [
            "casusoverleg.view_meeting",
            "casusoverleg.view_agendaitem",
            "casusoverleg.view_intervention",
            "casusoverleg.change_intervention",
            "casusoverleg.view_minutes",
        ]
        for role in (Role.PARTNERMEDEWERKER, Role.CONTACTPERSOON):
            role_permissions_extend(role, partner)
        # The voorbereidingsteam (screening team) prepares the sketches.
        role_permissions_extend(
            Role.SCREENER,
            [
                "casusoverleg.view_meeting",
                "casusoverleg.view_agendaitem",
                "casusoverleg.change_agendaitem",
            ],
        )
        role_permissions_extend(
            Role.KETENREGISSEUR,
            [
                f"casusoverleg.{action}_{model}"
                for model in (
                    "meeting",
                    "agendaitem",
                    "iteminvitation",
                    "attendance",
                    "decision",
                    "itemcontribution",
                    "intervention",
                    "correction",
                    "minutes",
                )
                for action in ("view", "add", "change")
            ],
        )

        # The dossier page's section on the meetings and interventions of a case.
        from casusoverleg.sections import casusoverleg_sections
        from signals.dossier_sections import dossier_section_register

        dossier_section_register(casusoverleg_sections)

        # A lowered colour's withdrawal keeps the organisations a meeting that is
        # not closed still needs the dossier for.
        from casusoverleg.keepers import casusoverleg_keeps_access
        from signals.dossier_hooks import dossier_access_keeper_register

        dossier_access_keeper_register(casusoverleg_keeps_access)
