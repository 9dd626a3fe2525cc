"""The casusoverleg's writes, one module per area: ``meeting`` (schedule,
attendance, the meeting itself, decisions, interventions, closing, corrections),
``agenda`` (the builder, items, order, sketches, per-item invitations),
``minutes`` (rendering per organisation) and ``actions`` (progress on
interventions, reminders). Each is ``@transaction.atomic``, checks the actor's
permission and writes the audit trail."""
