"""Celery tasks of the casusoverleg: agenda."""
