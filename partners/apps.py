from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = _("Partners")

    def ready(self) -> None:
        from partners import access, services

        # Permissions are (re)created app by app after every migrate and flush; the
        # role groups follow each time, so the last app's permissions are included.
        post_migrate.connect(services.roles_sync_after_migrate)
        post_migrate.connect(access.clear_permission_cache)
