"""Administrative units: province → commune → village, plus historical districts."""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from baovetreem.core.models import ScopedManager, TimestampedModel
from baovetreem.core.text import normalize_name


class Level(models.TextChoices):
    PROVINCE = "province", _("Province")
    DISTRICT = "district", _("District (before 1/7/2025)")
    COMMUNE = "commune", _("Commune")
    VILLAGE = "village", _("Village / residential group")


class Kind(models.TextChoices):
    """The legal type of a unit, which names it (Tỉnh X, Xã Y, Thôn Z)."""

    TINH = "tinh", _("Province")
    THANH_PHO_TW = "thanh_pho_tw", _("Centrally-run city")
    HUYEN = "huyen", _("Rural district")
    QUAN = "quan", _("Urban district")
    THI_XA = "thi_xa", _("Town")
    THANH_PHO_THUOC_TINH = "thanh_pho_thuoc_tinh", _("Provincial city")
    XA = "xa", _("Commune")
    PHUONG = "phuong", _("Ward")
    DAC_KHU = "dac_khu", _("Special zone")
    THI_TRAN = "thi_tran", _("Township")
    THON = "thon", _("Village (thôn)")
    BAN = "ban", _("Hamlet (bản)")
    AP = "ap", _("Hamlet (ấp)")
    TO_DAN_PHO = "to_dan_pho", _("Residential group")
    KHU_PHO = "khu_pho", _("Quarter (khu phố)")
    BUON = "buon", _("Hamlet (buôn)")
    PHUM_SOC = "phum_soc", _("Hamlet (phum, sóc)")


VILLAGE_KINDS = [
    Kind.THON,
    Kind.BAN,
    Kind.AP,
    Kind.TO_DAN_PHO,
    Kind.KHU_PHO,
    Kind.BUON,
    Kind.PHUM_SOC,
]

village_code_validator = RegexValidator(
    r"^[A-Za-z0-9._-]{1,20}$",
    _("A village code has 1 to 20 letters, digits, dots, dashes or underscores, no spaces."),
)


class Location(TimestampedModel):
    """An administrative unit or village (đơn vị hành chính, thôn/tổ dân phố) in one tree.

    ``path`` lists the ids from the root ("/12/345/6789/"), so "everything under this unit" is a
    single indexed prefix query; access scoping is built on it.
    """

    level = models.CharField(_("level"), max_length=10, choices=Level.choices, db_index=True)
    kind = models.CharField(_("type"), max_length=24, choices=Kind.choices)
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=150)
    name_normalized = models.CharField(max_length=150, editable=False, db_index=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("belongs to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(max_length=255, editable=False, db_index=True, default="")
    depth = models.PositiveSmallIntegerField(editable=False, default=0)
    is_mountain = models.BooleanField(_("mountainous"), default=False)
    is_island = models.BooleanField(_("island"), default=False)
    is_extremely_disadvantaged = models.BooleanField(
        _("extremely disadvantaged (Program 135)"), default=False
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="merged_from",
    )

    objects = ScopedManager()
    scope_path_field = "path"

    class Meta:
        verbose_name = _("administrative unit")
        verbose_name_plural = _("administrative units")
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(
                fields=["level", "code"],
                condition=~Q(level="village"),
                name="unique_official_code_per_level",
            ),
            models.UniqueConstraint(
                fields=["parent", "code"],
                condition=Q(level="village"),
                name="unique_village_code_in_commune",
            ),
        ]
        permissions = [("export_location", "Can export administrative units")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.name_normalized = normalize_name(self.name)
        super().save(*args, **kwargs)
        expected = self.compute_path()
        if self.path != expected:
            self.path = expected
            self.depth = expected.count("/") - 2
            type(self).objects.filter(pk=self.pk).update(path=self.path, depth=self.depth)

    def compute_path(self) -> str:
        """The materialised path from the root down to this unit."""
        prefix = self.parent.path if self.parent_id else "/"
        return f"{prefix}{self.pk}/"

    @property
    def is_historical(self) -> bool:
        return self.valid_until is not None

    def ancestors(self) -> list[Location]:
        """Units above this one, from the root down (one query)."""
        ids = [int(part) for part in self.path.strip("/").split("/")[:-1] if part]
        units = {u.pk: u for u in Location.objects.filter(pk__in=ids)}
        return [units[i] for i in ids if i in units]

    def commune(self) -> Location | None:
        """The commune this unit is, or lies in."""
        if self.level == Level.COMMUNE:
            return self
        for unit in reversed(self.ancestors()):
            if unit.level == Level.COMMUNE:
                return unit
        return None

    def full_name(self) -> str:
        """Name with its ancestors, e.g. "Thôn 1, Xã Phước Hà, Tỉnh Khánh Hòa"."""
        return ", ".join([self.name] + [u.name for u in reversed(self.ancestors())])
