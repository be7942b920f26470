"""Campaigns (đợt đại hội) and each unit's congress (đại hội) in one."""

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _


class Campaign(models.Model):
    """All congresses of one round across the tree, e.g. 2020-2025."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=255)
    previous = models.ForeignKey(
        "self",
        verbose_name=_("previous campaign"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="next_campaigns",
    )

    class Meta:
        ordering = ["-code"]
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")

    def __str__(self) -> str:
        return self.name


class CongressKind(models.TextChoices):
    MEMBERS = "members", _("members' congress")
    DELEGATES = "delegates", _("delegates' congress")


class CongressStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    HELD = "held", _("held")


class Congress(models.Model):
    """One unit's congress in one campaign."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="congresses")
    unit = models.ForeignKey("units.Unit", on_delete=models.CASCADE, related_name="congresses")
    term = models.CharField(_("term"), max_length=40, blank=True)
    kind = models.CharField(
        _("kind"), max_length=20, choices=CongressKind.choices, default=CongressKind.MEMBERS
    )
    planned_on = models.DateField(_("planned date"), null=True, blank=True)
    held_on = models.DateField(_("held date"), null=True, blank=True)
    summoned = models.PositiveIntegerField(_("summoned"), null=True, blank=True)
    attended = models.PositiveIntegerField(_("attended"), null=True, blank=True)
    pilot = models.BooleanField(_("pilot congress"), default=False)

    class Meta:
        verbose_name = _("congress")
        verbose_name_plural = _("congresses")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "unit"], name="one_congress_per_campaign"),
            models.CheckConstraint(
                condition=models.Q(attended__isnull=True)
                | models.Q(summoned__isnull=True)
                | models.Q(attended__lte=models.F("summoned")),
                name="attended_not_above_summoned",
            ),
        ]
        indexes = [models.Index(fields=["campaign", "held_on"])]

    def __str__(self) -> str:
        return f"{self.unit} — {self.campaign.code}"

    def status_on(self, as_of: datetime.date | None = None) -> str:
        """The one place status is decided: held once the held date has come."""
        as_of = as_of or datetime.date.today()
        if self.held_on is not None and self.held_on <= as_of:
            return CongressStatus.HELD
        return CongressStatus.PLANNED

    @property
    def status(self) -> str:
        return self.status_on()
