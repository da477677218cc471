"""Keeping the register: every change is checked against the actor's scope and audited.

One module per part of the register; the names other apps and the views use are here.
"""

from baovetreem.registry.services.children import (
    AUDIT_FIELDS,
    CHILD_FIELDS,
    ID_IN_YOUR_REGISTER,
    ConcurrentEditError,
    _changes_since,
    age_out_children,
    check_unique_id,
    delete_child,
    move_child,
    purge_child,
    register_child,
    restore_child,
    set_status,
    sixteenth_birthday,
    update_child,
)
from baovetreem.registry.services.groups import (
    Allowance,
    add_membership,
    allowance_coefficient_for,
    end_membership,
    monthly_allowance,
    record_support,
)
from baovetreem.registry.services.growth import (
    HEIGHT_SHRINK_TOLERANCE_CM,
    Z_LIMIT,
    ImplausibleMeasurement,
    record_measurement,
)
from baovetreem.registry.services.households import create_household

__all__ = [
    "AUDIT_FIELDS",
    "CHILD_FIELDS",
    "HEIGHT_SHRINK_TOLERANCE_CM",
    "ID_IN_YOUR_REGISTER",
    "Z_LIMIT",
    "Allowance",
    "ConcurrentEditError",
    "ImplausibleMeasurement",
    "_changes_since",
    "add_membership",
    "age_out_children",
    "allowance_coefficient_for",
    "check_unique_id",
    "create_household",
    "delete_child",
    "end_membership",
    "monthly_allowance",
    "move_child",
    "purge_child",
    "record_measurement",
    "record_support",
    "register_child",
    "restore_child",
    "set_status",
    "sixteenth_birthday",
    "update_child",
]
