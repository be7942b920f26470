"""Elections at a congress and their candidates, with results as entered or imported.

The counting board's records (counts, ballot entries, board decisions) are at the end.
"""

from typing import Any

from django.conf import settings
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


class Rules(models.TextChoices):
    """The election regulation a count applies (the engine's rule sets)."""

    R190_2024 = "190-2024", _("Decision 190-QĐ/TW (2024)")
    R244_2014 = "244-2014", _("Decision 244-QĐ/TW (2014)")


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
    rules = models.CharField(
        _("election regulation"), max_length=20, choices=Rules.choices, default=Rules.R190_2024
    )
    alternates = models.PositiveIntegerField(_("alternates"), default=0)

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


# -- counting (issue 3) --------------------------------------------------------------------


class CountMode(models.TextChoices):
    BALLOTS = "ballots", _("every ballot, entered twice")
    AGGREGATE = "aggregate", _("aggregated counts")


class CountState(models.TextChoices):
    OPEN = "open", _("open")
    FROZEN = "frozen", _("frozen")


class FrozenCountError(Exception):
    """A write to a frozen count or to its entries: frozen counts never change."""


class Count(models.Model):
    """The counting board's count of one round of an election.

    Open while the clerks enter ballots (or the board enters totals); frozen once, with the
    engine's input, its sha256, the engine version and the result. A recount is a new count of
    the same round that `supersedes` the old one, which stays as it was.
    """

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="counts")
    round = models.PositiveSmallIntegerField(_("round"), default=1)
    mode = models.CharField(_("mode"), max_length=20, choices=CountMode.choices)
    state = models.CharField(
        _("state"), max_length=10, choices=CountState.choices, default=CountState.OPEN
    )
    rules = models.CharField(_("election regulation"), max_length=20, choices=Rules.choices)
    seats = models.PositiveIntegerField(_("seats"))
    alternates = models.PositiveIntegerField(_("alternates"), default=0)
    candidates = models.JSONField(_("election list"), default=list)  # names, A-B-C order
    attendance = models.JSONField(_("attendance"), default=dict)  # engine `attendance`
    base = models.PositiveIntegerField(_("base"))
    issued = models.PositiveIntegerField(_("ballots issued"), null=True, blank=True)
    options = models.JSONField(_("options"), default=dict)  # engine options (configured [U])
    board = models.JSONField(_("counting board"), default=list)  # [{name, role, is_head}]
    # Ballots mode: the scanned stream alone (every doubtful ballot decided by the board) is
    # enough; typed streams are optional, and must agree when present (docs/counting.md).
    scanned_alone = models.BooleanField(_("counted from the scanned ballots alone"), default=False)
    # Aggregate mode: the board's totals.
    returned = models.PositiveIntegerField(_("ballots returned"), null=True, blank=True)
    invalid = models.PositiveIntegerField(_("invalid ballots"), null=True, blank=True)
    votes = models.JSONField(_("votes"), default=dict)  # {name: votes}
    invalid_reasons = models.JSONField(_("invalid reasons"), default=dict)
    # Why this count exists: a recount's reason, a further round's authorization.
    supersedes = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="superseded_by",
        verbose_name=_("supersedes"),
    )
    reason = models.TextField(_("reason"), blank=True)
    authorized_by = models.CharField(_("authorized by"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # Set once, on freezing.
    frozen_at = models.DateTimeField(_("frozen at"), null=True, blank=True)
    frozen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    engine = models.CharField(_("engine version"), max_length=40, blank=True)
    input_json = models.JSONField(_("engine input"), null=True, blank=True)
    input_hash = models.CharField(_("input sha256"), max_length=64, blank=True)
    result_json = models.JSONField(_("result"), null=True, blank=True)

    class Meta:
        verbose_name = _("count")
        verbose_name_plural = _("counts")
        ordering = ["election", "round", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["election"],
                condition=models.Q(state="open"),
                name="one_open_count_per_election",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.election} — {self.round}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.stored_frozen():
            raise FrozenCountError(f"count {self.pk} is frozen")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        if self.stored_frozen():
            raise FrozenCountError(f"count {self.pk} is frozen")
        return super().delete(*args, **kwargs)

    @property
    def is_frozen(self) -> bool:
        return self.state == CountState.FROZEN

    def stored_frozen(self) -> bool:
        """Whether the row in the database is frozen (whatever this instance says)."""
        return (
            self.pk is not None
            and Count.objects.filter(pk=self.pk, state=CountState.FROZEN).exists()
        )


def _refuse_if_frozen(count_id: int | None) -> None:
    if count_id is not None and Count.objects.filter(pk=count_id, state="frozen").exists():
        raise FrozenCountError(f"count {count_id} is frozen")


class PartOfCount(models.Model):
    """A row belonging to a count (a clerk's entry, a board decision): frozen with it."""

    count_id: int

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        _refuse_if_frozen(self.count_id)
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        _refuse_if_frozen(self.count_id)
        return super().delete(*args, **kwargs)


class BallotEntry(PartOfCount):
    """One clerk's reading of one ballot: struck list numbers (TT) or marks, and defects."""

    count = models.ForeignKey(Count, on_delete=models.CASCADE, related_name="entries")
    clerk = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    number = models.PositiveIntegerField(_("ballot number"))
    struck = models.JSONField(_("struck names"), default=list)  # TT numbers, sorted
    marks = models.JSONField(_("marks"), default=list)  # one mark per name, list order
    defects = models.JSONField(_("defects"), default=list)  # sorted codes
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("ballot entry")
        verbose_name_plural = _("ballot entries")
        ordering = ["count", "clerk", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["count", "clerk", "number"], name="one_entry_per_clerk_and_ballot"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.count_id}/{self.clerk_id}/{self.number}"

    def reading(self) -> tuple[Any, ...]:
        """What two clerks must agree on."""
        return (tuple(self.struck), tuple(self.marks), tuple(self.defects))


class BoardDecision(PartOfCount):
    """The counting board's decision on a ballot the engine flagged (valid or invalid)."""

    class Decision(models.TextChoices):
        VALID = "valid", _("valid")
        INVALID = "invalid", _("invalid")

    count = models.ForeignKey(Count, on_delete=models.CASCADE, related_name="decisions")
    number = models.PositiveIntegerField(_("ballot number"))
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("board decision")
        verbose_name_plural = _("board decisions")
        constraints = [
            models.UniqueConstraint(fields=["count", "number"], name="one_decision_per_ballot"),
        ]

    def __str__(self) -> str:
        return f"{self.count_id}/{self.number}: {self.decision}"
