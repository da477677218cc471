"""Named personas for tests (STYLE.md): every access test reads like a story about them.

The world: province P (two communes C1, C2) and province Q (commune C3). Villages V1a, V1b in C1,
V2a in C2, V3a in C3. All names are synthetic.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from baovetreem.accounts.models import User
from baovetreem.accounts.services import provision_user
from baovetreem.locations.models import Kind, Level, Location

PASSWORD = "Mat-khau-thu-9"


@dataclass
class World:
    units: dict[str, Location] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)

    def __getattr__(self, name):
        units = self.__dict__.get("units", {})
        users = self.__dict__.get("users", {})
        if name in units:
            return units[name]
        if name in users:
            return users[name]
        raise AttributeError(name)


def _unit(level, kind, code, name, parent=None) -> Location:
    unit = Location(level=level, kind=kind, code=code, name=name, parent=parent)
    unit.save()
    return unit


PERSONAS = [
    # attribute, username, role, unit
    ("admin", "admin", "system_admin", "P"),
    ("tinh", "tinh", "provincial_officer", "P"),
    ("xa1", "xa1", "commune_officer", "C1"),
    ("xa2", "xa2", "commune_officer", "C2"),
    ("xa3", "xa3", "commune_officer", "C3"),
    ("ctv1", "ctv1", "village_collaborator", "V1a"),
    ("ctv1b", "ctv1b", "village_collaborator", "V1b"),
    ("canbo", "canbo", "case_worker", "C1"),
    ("giamsat", "giamsat", "case_supervisor", "C1"),
    ("tongdai", "tongdai", "hotline_operator", "P"),
    ("tongdai_q", "tongdai_q", "hotline_operator", "Q"),
    ("kiemtra", "kiemtra", "auditor", "P"),
]


def build_world() -> World:
    """Create the persona world in the current test database."""
    from baovetreem.testing.reference import ensure_reference_data

    ensure_reference_data()
    world = World()
    u = world.units
    u["P"] = _unit(Level.PROVINCE, Kind.TINH, "56", "Tỉnh Thử Nghiệm")
    u["Q"] = _unit(Level.PROVINCE, Kind.TINH, "68", "Tỉnh Bên Cạnh")
    u["C1"] = _unit(Level.COMMUNE, Kind.XA, "22001", "Xã An Bình", u["P"])
    u["C2"] = _unit(Level.COMMUNE, Kind.XA, "22002", "Xã Đông Hải", u["P"])
    u["C3"] = _unit(Level.COMMUNE, Kind.PHUONG, "24001", "Phường Ngọc Sơn", u["Q"])
    u["V1a"] = _unit(Level.VILLAGE, Kind.THON, "T01", "Thôn Một", u["C1"])
    u["V1b"] = _unit(Level.VILLAGE, Kind.THON, "T02", "Thôn Hai", u["C1"])
    u["V2a"] = _unit(Level.VILLAGE, Kind.THON, "T01", "Thôn Đông", u["C2"])
    u["V3a"] = _unit(Level.VILLAGE, Kind.TO_DAN_PHO, "TDP1", "Tổ dân phố 1", u["C3"])
    for attribute, username, role, unit in PERSONAS:
        world.users[attribute] = provision_user(
            username=username,
            password=PASSWORD,
            role_code=role,
            location=u[unit],
            full_name=f"Người thử {username}",
        )
    return world
