"""Celery tasks of the casusoverleg, one module per area. Tasks take ids only,
never personal data. Celery's autodiscovery imports this package; the imports
below register every task."""

from casusoverleg.tasks import actions, agenda, minutes

__all__ = ["actions", "agenda", "minutes"]
