"""Per-congress results summary: the figures of one congress, kept by the writers.

The statistics of a subtree add these rows up instead of walking every election and candidate
(docs/performance.md). A row is recomputed by `daihoi.stats.summary.refresh_congress_summaries`
whenever a writer changes a congress, its elections or candidates (signal
`daihoi.campaigns.signals.congress_results_changed`), inside the writer's transaction.

"Held" is not stored: it depends on the as-of date and is read from the congress. A congress
without a row counts as having no leadership elections (full leadership, every number 0).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CongressSummary(models.Model):
    congress = models.OneToOneField(
        "campaigns.Congress",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="summary",
    )
    # Copied from the congress (never changes), so a campaign's rows can be read by index.
    campaign = models.ForeignKey("campaigns.Campaign", on_delete=models.CASCADE, related_name="+")
    # Every committee, secretary and deputy secretary election elected at least its seats.
    full_leadership = models.BooleanField(default=True)
    # The secretary election is elected by the congress.
    direct_secretary = models.BooleanField(default=False)
    committee_seats = models.PositiveIntegerField(default=0)
    committee_elected = models.PositiveIntegerField(default=0)
    committee_shortfall = models.PositiveIntegerField(default=0)
    incumbents_not_reelected = models.PositiveIntegerField(default=0)
    # Among elected committee members; under_40 is counted with the congress's held year.
    women = models.PositiveIntegerField(default=0)
    under_40 = models.PositiveIntegerField(default=0)
    ethnic_minority = models.PositiveIntegerField(default=0)
    first_time = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("congress results summary")
        verbose_name_plural = _("congress results summaries")

    def __str__(self) -> str:
        return f"summary of congress {self.congress_id}"
