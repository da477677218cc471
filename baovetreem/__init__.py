"""baovetreem: child-protection information and case management."""
