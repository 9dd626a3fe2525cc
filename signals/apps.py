from django.apps import AppConfig
from django.db.models.signals import (
    m2m_changed,
    post_delete,
    post_migrate,
    post_save,
)
from django.utils.translation import gettext_lazy as _


class SignalsConfig(AppConfig):
    name = "signals"
    verbose_name = _("Signalen en dossiers")

    def ready(self) -> None:
        from partners.constants import Role
        from partners.services import role_permissions_extend
        from signals.models import DossierGroupObjectPermission, DossierSignal, Signal
        from signals.services import indicators_sync
        from signals.services.audience import (
            on_grant_changed,
            on_sharing_changed,
            on_stacked,
            on_unstacked,
        )

        # Reference data is (re)created like permissions: after every migrate/flush.
        post_migrate.connect(indicators_sync, sender=self)
        # Who may read a signal is stored (SignalAudience); whatever changes a
        # dossier's grants or signals refreshes it in the same transaction.
        for model_signal in (post_save, post_delete):
            model_signal.connect(
                on_grant_changed,
                sender=DossierGroupObjectPermission,
                dispatch_uid=f"audience-grant-{model_signal is post_save}",
            )
        post_save.connect(on_stacked, sender=DossierSignal, dispatch_uid="audience-in")
        post_delete.connect(
            on_unstacked, sender=DossierSignal, dispatch_uid="audience-out"
        )
        m2m_changed.connect(
            on_sharing_changed,
            sender=Signal.shared_with.through,
            dispatch_uid="audience-shared-with",
        )

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
