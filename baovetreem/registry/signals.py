"""Signals the registry sends, so that apps above it (indicators) can follow changes the
registry writes in bulk, where Django sends no per-row signal (the layers of pyproject.toml)."""

from django.dispatch import Signal

# Sent inside the transaction of a bulk write (Excel import of new children) with
# ``location_ids`` (the villages written to) and ``since`` (the earliest date the rows concern).
children_bulk_changed = Signal()
