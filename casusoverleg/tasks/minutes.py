"""Celery tasks of the casusoverleg: minutes."""
