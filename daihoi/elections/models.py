"""Elections at a congress and their candidates, with results as entered or imported."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Body(models.TextChoices):
    COMMITTEE = "committee", _("committee")
    STANDING_COMMITTEE = "standing_committee", _("standing committee")
    SECRETARY = "secretary", _("secretary")
    DEPUTY_SECRETARY = "deputy_secretary", _("deputy secretary")
    INSPECTION_COMMITTEE = "inspection_committee", _("inspection committee")
    DELEGATES = "delegates", _("delegates to the higher congress")


# The bodies whose full election makes a congress's leadership "full" (seed figure 4,175).
LEADERSHIP_BODIES = (Body.COMMITTEE, Body.SECRETARY, Body.DEPUTY_SECRETARY)


class ElectedBy(models.TextChoices):
    CONGRESS = "congress", _("the congress")
    COMMITTEE = "committee", _("the committee")


class Gender(models.TextChoices):
    MALE = "male", _("male")
    FEMALE = "female", _("female")


# Ethnicity of the majority; every other value counts as an ethnic minority.
MAJORITY_ETHNICITY = "Kinh"


class Election(models.Model):
    """One body elected at one congress."""

    congress = models.ForeignKey(
        "campaigns.Congress", on_delete=models.CASCADE, related_name="elections"
    )
    body = models.CharField(_("body"), max_length=30, choices=Body.choices)
    seats = models.PositiveIntegerField(_("seats"))
    elected_by = models.CharField(
        _("elected by"), max_length=20, choices=ElectedBy.choices, default=ElectedBy.CONGRESS
    )

    class Meta:
        verbose_name = _("election")
        verbose_name_plural = _("elections")
        constraints = [
            models.UniqueConstraint(fields=["congress", "body"], name="one_election_per_body"),
        ]

    def __str__(self) -> str:
        return f"{self.get_body_display()} — {self.congress}"


class Candidate(models.Model):
    """A name on an election list, with the result."""

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="candidates")
    full_name = models.CharField(_("full name"), max_length=200)
    incumbent = models.BooleanField(_("incumbent"), default=False)
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("birth year"), null=True, blank=True)
    ethnicity = models.CharField(_("ethnicity"), max_length=60, blank=True)
    votes = models.PositiveIntegerField(_("votes"), null=True, blank=True)
    elected = models.BooleanField(_("elected"), default=False)

    class Meta:
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["election", "full_name"], name="candidate_name_unique_in_election"
            ),
        ]
        indexes = [models.Index(fields=["election", "elected"])]

    def __str__(self) -> str:
        return self.full_name
