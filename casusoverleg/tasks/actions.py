"""Celery tasks of the casusoverleg: actions."""
