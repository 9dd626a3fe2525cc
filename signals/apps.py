from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class SignalsConfig(AppConfig):
    name = "signals"
    verbose_name = _("Signalen en dossiers")

    def ready(self) -> None:
        from audit.labels import register_object_type_labels
        from partners.constants import Role
        from partners.services import role_permissions_extend
        from signals.services import indicators_sync

        # Audit entries of reads that are no one model (audit.labels).
        register_object_type_labels({"signals.search": _("Zoekopdracht")})

        # Reference data is (re)created like permissions: after every migrate/flush.
        post_migrate.connect(indicators_sync, sender=self)
        # Who may read a signal (SignalAudience) is refreshed by the services that
        # change grants, stackings or sharing, explicitly; no model receiver
        # (signals.services.audience).

        organising = [
            "signals.view_dossier",
            "signals.view_all_dossier",
            "signals.add_dossier",
            "signals.change_dossier",
            "signals.invite_dossier",
            "signals.add_enrichmentrequest",
        ]
        role_permissions_extend(
            Role.PARTNERMEDEWERKER,
            ["signals.view_signal", "signals.add_signal", "signals.view_dossier"],
        )
        # The vaste contactpersoon decides what the organisation shares: they answer.
        role_permissions_extend(
            Role.CONTACTPERSOON,
            [
                "signals.view_signal",
                "signals.view_dossier",
                "signals.change_enrichmentrequest",
            ],
        )
        role_permissions_extend(Role.SCREENER, organising)
        role_permissions_extend(Role.KETENREGISSEUR, organising)
        role_permissions_extend(
            Role.SCREENER,
            [
                "signals.view_signal",
                "signals.add_signal",
                "signals.change_signal",
                "signals.screen_signal",
            ],
        )
        role_permissions_extend(
            Role.KETENREGISSEUR,
            ["signals.view_signal", "signals.add_signal", "signals.view_trend_signal"],
        )
        role_permissions_extend(
            Role.FUNCTIONEEL_BEHEERDER,
            [
                "signals.view_indicator",
                "signals.change_indicator",
                "signals.add_indicator",
            ],
        )
