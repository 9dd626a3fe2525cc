from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = _("Partners")

    def ready(self) -> None:
        from partners import access, services

        # Permissions are (re)created after every migrate and flush; role groups and
        # the permission-id cache follow them.
        post_migrate.connect(services.roles_sync_after_migrate, sender=self)
        post_migrate.connect(access.clear_permission_cache)
