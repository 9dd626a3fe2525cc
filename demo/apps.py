from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The fictional demo region. The top layer: it may use every app below it."""

    name = "demo"
    verbose_name = _("Fictieve demoregio")
