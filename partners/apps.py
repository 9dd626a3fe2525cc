from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = _("Partners")

    def ready(self) -> None:
        from audit.labels import register_organisation_names, register_role_labels
        from partners import access, services
        from partners.constants import Role
        from partners.models import Organisation

        # The audit page shows roles and organisations by name (audit.labels).
        register_role_labels({**dict(Role.choices), "api-client": _("API-client")})
        register_organisation_names(
            lambda ids: dict(
                Organisation.objects.filter(pk__in=ids).values_list("pk", "name")
            )
        )

        # Permissions are (re)created app by app after every migrate and flush; the
        # role groups follow each time, so the last app's permissions are included.
        post_migrate.connect(services.roles_sync_after_migrate)
        post_migrate.connect(access.clear_permission_cache)
