"""What one follow-up run did, as staff read it (`python -m bot.cli opvolgen`: cron mails the
output, var/opvolgen.log keeps it for a year).

Counts per moment and channel only. Who the tenants are (their internal ids) and which repair of
theirs was asked about (its reference) stay in the database, where the console's tenant page
shows a tenant's follow-ups to the staff allowed to see them; the output and the log are read by
whoever runs the machines.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import List, Tuple

REPAIR_MOMENT_PREFIX = "reparatie:"  # the moment of the question after repair <reference>
REPAIR_QUESTION = "vraag na reparatie"  # how that moment is shown, without its reference


def moment_kind(moment: str) -> str:
    """A moment as staff may read it: its id in the profile (week_1), or the repair question
    without the repair's reference."""
    return REPAIR_QUESTION if moment.startswith(REPAIR_MOMENT_PREFIX) else moment


@dataclass
class RunReport:
    sent: int = 0
    failed: int = 0
    skipped: int = 0  # missed moments, recorded as overgeslagen
    not_now: int = 0  # due, but outside the tenant's times or inside the quiet hours
    taken: int = 0  # already sent, or claimed by another run at the same moment
    notes: List[str] = field(default_factory=list)  # about the whole run (the schedule is off)
    outcomes: Counter[Tuple[str, str, str]] = field(default_factory=Counter)  # (kind, channel, outcome) -> count

    def record(self, moment: str, channel: str, outcome: str) -> None:
        """One message of `moment` over `channel` ended in `outcome` (its delivery status)."""
        self.outcomes[(moment_kind(moment), channel, outcome)] += 1

    @property
    def lines(self) -> List[str]:
        return [*self.notes, *(f"{kind} via {channel}: {count} {outcome}"
                               for (kind, channel, outcome), count in sorted(self.outcomes.items()))]

    def summary(self) -> str:
        return (f"opvolging: {self.sent} verzonden, {self.failed} mislukt, {self.skipped} overgeslagen, "
                f"{self.not_now} wachten op een geschikte tijd, {self.taken} al verzonden of door een andere "
                "server opgepakt")
