"""The tree of organizations (tổ chức đảng). Levels are data, not depth."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node


class Level(models.Model):
    """A kind of unit: province, district, grassroots, branch… (cấp)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    # Smaller ranks sit higher in the tree; used only to order tables and charts.
    rank = models.PositiveSmallIntegerField(_("rank"), default=0)

    class Meta:
        ordering = ["rank", "code"]
        verbose_name = _("level")
        verbose_name_plural = _("levels")

    def __str__(self) -> str:
        return self.name


class Unit(MP_Node):
    """A node of the organization tree (đơn vị)."""

    # 5 base-36 characters per step: up to 60 million children per unit.
    steplen = 5
    # On PostgreSQL migration 0002 gives this column C collation, so paths order and
    # prefix (subtree) queries use the index whatever the database's default collation.

    code = models.CharField(_("code"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=255)
    level = models.ForeignKey(Level, on_delete=models.PROTECT, related_name="units")
    members = models.PositiveIntegerField(_("official members"), default=0)

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        indexes = [models.Index(fields=["level", "path"])]

    def __str__(self) -> str:
        return self.name
