"""Signals the cases app sends, so that apps above it (referrals) can follow a case without cases
importing them (the layers of pyproject.toml)."""

from django.dispatch import Signal

# Sent by ``services.link_child`` with ``case`` (locked, already linked), ``child`` and ``actor``,
# after the link is saved and inside its transaction: a receiver that raises undoes the link.
child_linked = Signal()
