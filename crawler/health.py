"""Health checks after each spider run, in the spirit of Spidermon's monitors.

Each monitor looks at one thing in the run's stats and returns a problem (a sentence) or None.
A run with any problem is not promoted: the directory keeps the last healthy data. Limits come
from settings (``HEALTH_*`` in crawler/settings.py), so one run can be judged more leniently
with ``-s HEALTH_MAX_ITEM_DROP=0.9`` after a source really shrank.

Spidermon itself is not used: its monitors report to actions (mail, Slack) after the run,
while here the verdict has to gate the promotion transaction in the same process, against the
run history in the database.
"""

from __future__ import annotations

from dataclasses import dataclass

MISSING_PREFIX = "validate/missing/"
# Programs the run found on pages it did not parse again (unchanged: crawler/page_memory.py).
REUSED_PROGRAMS = "run/reused_programs"
# Counted by the store pipeline: rows staged per table, and rows with a value per field.
STAGED_PREFIX = "store/staged_"
FILLED_PREFIX = "store/filled/"


@dataclass(frozen=True)
class HealthLimits:
    max_item_drop: float  # share of the last healthy run's items that may disappear
    max_error_rate: float  # logged errors per page fetched
    max_missing_share: float  # share of items dropped for a missing required field
    max_row_error_rate: float = 0.01  # bad rows per data row read, for spiders reading files
    coverage_baseline: float = 0.9  # a field this well filled in the last healthy run ...
    min_coverage: float = 0.5  # ... must still be filled in at least this share of rows

    @classmethod
    def from_settings(cls, settings) -> "HealthLimits":
        return cls(settings.getfloat("HEALTH_MAX_ITEM_DROP"),
                   settings.getfloat("HEALTH_MAX_ERROR_RATE"),
                   settings.getfloat("HEALTH_MAX_MISSING_SHARE"),
                   settings.getfloat("HEALTH_MAX_ROW_ERROR_RATE", 0.01),
                   settings.getfloat("HEALTH_FIELD_COVERAGE_BASELINE", 0.9),
                   settings.getfloat("HEALTH_MIN_FIELD_COVERAGE", 0.5))


@dataclass(frozen=True)
class RunFacts:
    finish_reason: str
    stats: dict
    baseline_items: int | None  # items of the last complete healthy run, None for the first
    # data year of the newest promoted run (sources published by year, e.g. IPEDS), else None
    baseline_data_year: int | None = None
    # "table.field" -> share of rows filled in the last complete healthy run, None for the first
    baseline_coverage: dict[str, float] | None = None

    @property
    def data_year(self) -> int | None:
        return self.stats.get("run/data_year")

    @property
    def items(self) -> int:
        """Items scraped plus programs reused from unchanged pages: both were found."""
        return self.stats.get("item_scraped_count", 0) + self.stats.get(REUSED_PROGRAMS, 0)

    @property
    def pages(self) -> int:
        return self.stats.get("response_received_count", 0)

    @property
    def errors(self) -> int:
        return self.stats.get("log_count/ERROR", 0)

    def staged_rows(self, table: str) -> int:
        return self.stats.get(f"{STAGED_PREFIX}{table}", 0)

    @property
    def field_coverage(self) -> dict[str, float]:
        """"table.field" -> share of the table's staged rows that had a value for the field."""
        coverage = {}
        for key, filled in self.stats.items():
            if key.startswith(FILLED_PREFIX):
                table, _, name = key[len(FILLED_PREFIX):].partition("/")
                if self.staged_rows(table):
                    coverage[f"{table}.{name}"] = round(filled / self.staged_rows(table), 4)
        return coverage


def finish_reason_monitor(facts: RunFacts, limits: HealthLimits) -> str | None:
    if facts.finish_reason != "finished":
        return f"finish reason {facts.finish_reason!r}, not 'finished'"
    return None


def item_count_monitor(facts: RunFacts, limits: HealthLimits) -> str | None:
    if facts.baseline_items is None:
        return None
    floor = facts.baseline_items * (1 - limits.max_item_drop)
    if facts.items < floor:
        return (f"{facts.items} items, down from {facts.baseline_items} in the last healthy run "
                f"(more than {limits.max_item_drop:.0%} fewer)")
    return None


def error_rate_monitor(facts: RunFacts, limits: HealthLimits) -> str | None:
    rate = facts.errors / max(facts.pages, 1)
    if facts.errors and rate > limits.max_error_rate:
        return (f"{facts.errors} errors for {facts.pages} pages "
                f"(rate {rate:.2f}, limit {limits.max_error_rate:.2f})")
    return None


def required_fields_monitor(facts: RunFacts, limits: HealthLimits) -> str | None:
    missing = {key[len(MISSING_PREFIX):]: count for key, count in facts.stats.items()
               if key.startswith(MISSING_PREFIX)}
    total = sum(missing.values())
    if total and total / (facts.items + total) > limits.max_missing_share:
        fields = ", ".join(f"{name} ({count})" for name, count in sorted(missing.items()))
        return f"items dropped for missing required fields: {fields}"
    return None


def row_error_monitor(facts: RunFacts, limits: HealthLimits) -> str | None:
    """Bad rows weighed against rows read: one odd row in 200,000 is fine, a broken file is not."""
    rows, bad = facts.stats.get("rows/read", 0), facts.stats.get("rows/errors", 0)
    if bad and bad / max(rows, 1) > limits.max_row_error_rate:
        return (f"{bad} bad rows of {rows} read (rate {bad / max(rows, 1):.3f}, "
                f"limit {limits.max_row_error_rate:.3f})")
    return None


def data_year_monitor(facts: RunFacts, limits: HealthLimits) -> str | None:
    """An older year than the one already promoted must not overwrite newer data."""
    if facts.data_year is None or facts.baseline_data_year is None:
        return None
    if facts.data_year < facts.baseline_data_year:
        return (f"data year {facts.data_year} is older than {facts.baseline_data_year}, "
                f"already promoted: newer data is kept")
    return None


def field_coverage_monitor(facts: RunFacts, limits: HealthLimits) -> list[str]:
    """Fields that were well filled in the last healthy run and are empty for most rows now:
    a renamed or dropped source field, which would otherwise blank good data."""
    if not facts.baseline_coverage:
        return []
    now = facts.field_coverage
    problems = []
    for key, before in sorted(facts.baseline_coverage.items()):
        table = key.partition(".")[0]
        rows = facts.staged_rows(table)
        if before < limits.coverage_baseline or not rows:
            continue  # a sparse field, or a table this run did not stage at all
        share = now.get(key, 0.0)
        if share < limits.min_coverage:
            problems.append(f"{key} filled in {share:.0%} of {rows} rows, down from "
                            f"{before:.0%} in the last healthy run")
    return problems


MONITORS = (finish_reason_monitor, item_count_monitor, error_rate_monitor,
            required_fields_monitor, row_error_monitor, data_year_monitor,
            field_coverage_monitor)


def check(facts: RunFacts, limits: HealthLimits) -> list[str]:
    """Every problem the monitors find; an empty list means healthy."""
    problems = []
    for monitor in MONITORS:
        found = monitor(facts, limits)
        # A monitor finds one problem (a sentence) or several (a list of sentences).
        problems += [found] if isinstance(found, str) else list(found or ())
    return problems
