"""Run crawls on a schedule with APScheduler, as set in a YAML file (default: schedule.yml).

Each job names spiders and a cron expression; at each time it runs
`python -m crawler crawl SPIDERS [ARGS] --db DB` in a subprocess (a Scrapy process crawls only
once) under the same crawl lock as any other crawl. A job never overlaps itself; runs it missed
while the scheduler was down are coalesced into one if still within misfire_grace_time. When a
crawl finds the database locked by another crawl it is skipped (exit status 75) unless the job
or --wait says to wait.

Examples:
  python -m crawler schedule                  # run for ever, every job at its times
  python -m crawler schedule --list           # jobs, commands and next run times
  python -m crawler schedule --once ipeds     # run the ipeds job now, once, and exit
  python -m crawler schedule --config my.yml --db /srv/hitdir/directory.db

Exit status with --once: 0 when every job's crawl succeeded, else the first failing status.
"""

from __future__ import annotations

import logging
import re
import shlex
import subprocess
import sys
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger

from crawler.process import project_settings
from crawler.settings import PROJECT_ROOT

HELP = "run crawls on a schedule (schedule.yml) with APScheduler"
DEFAULT_CONFIG = PROJECT_ROOT / "schedule.yml"
DEFAULT_MISFIRE_GRACE_SECONDS = 6 * 3600
SCHEDULE_KEYS = frozenset({"timezone", "misfire_grace_time", "jobs"})
JOB_KEYS = frozenset({"cron", "spiders", "args"})
logger = logging.getLogger("crawler.schedule")


@dataclass(frozen=True)
class Job:
    name: str
    cron: str
    spiders: tuple[str, ...]
    args: tuple[str, ...] = field(default=())

    def command(self, database: str, wait: float | None) -> list[str]:
        command = [sys.executable, "-m", "crawler", "crawl", *self.spiders, *self.args,
                   "--db", database, "-s", f"RUN_STARTED_BY=schedule {self.name}"]
        if wait is not None and "--wait" not in self.args:
            command += ["--wait"] if wait < 0 else ["--wait", str(wait)]
        return command


@dataclass(frozen=True)
class Schedule:
    timezone: str
    misfire_grace_time: int
    jobs: tuple[Job, ...]

    def trigger(self, job: Job) -> CronTrigger:
        return CronTrigger.from_crontab(job.cron, timezone=self.timezone)


class ScheduleError(ValueError):
    """The schedule file cannot be used."""


def configure(parser) -> None:
    parser.add_argument("jobs", nargs="*", metavar="JOB",
                        help="jobs to schedule or run (default: every job in the file)")
    parser.add_argument("--config", default=str(DEFAULT_CONFIG),
                        help="schedule file (default: schedule.yml at the repository root)")
    parser.add_argument("--db", help="database file (default: build/directory.db)")
    action = parser.add_mutually_exclusive_group()
    action.add_argument("--list", action="store_true",
                        help="print each job, its crawl command and next run time, then exit")
    action.add_argument("--once", action="store_true",
                        help="run the jobs now, one after the other, and exit")
    parser.add_argument("--wait", nargs="?", type=float, const=-1, default=None,
                        metavar="SECONDS",
                        help="when another crawl holds the database, wait for it (for ever, or "
                             "at most SECONDS) instead of skipping the run")


def run(args) -> int:
    try:
        schedule = load_schedule(Path(args.config))
        jobs = select_jobs(schedule, args.jobs)
    except ScheduleError as exc:
        print(f"schedule: {exc}", file=sys.stderr)
        return 2
    # Absolute: the crawls run from the repository root, not from here.
    database = str(Path(args.db or project_settings().get("DATABASE_PATH")).resolve())
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    if args.list:
        print_jobs(schedule, jobs, database, args.wait)
        return 0
    if args.once:
        statuses = [run_job(job, database, args.wait) for job in jobs]
        return next((status for status in statuses if status != 0), 0)
    scheduler = build_scheduler(schedule, jobs, database, args.wait)
    print(f"schedule: {len(jobs)} job(s) from {args.config}; Ctrl-C to stop", flush=True)
    scheduler.start()
    return 0


def load_schedule(path: Path) -> Schedule:
    """The schedule in ``path``, its shape checked: every mistake is one ScheduleError line."""
    config = _read_yaml(path)
    if not isinstance(config, dict):
        raise ScheduleError(f"{path}: expected a mapping with timezone, misfire_grace_time and "
                            f"jobs, found {_kind(config)}")
    _no_unknown_keys(str(path), config, SCHEDULE_KEYS)
    specs = config.get("jobs") or {}
    if not isinstance(specs, dict):
        raise ScheduleError(f"{path}: jobs must be a mapping of job names to jobs, "
                            f"found {_kind(specs)}")
    jobs = [_job(str(name), spec) for name, spec in specs.items()]
    if not jobs:
        raise ScheduleError(f"{path} defines no jobs")
    schedule = Schedule(_timezone(config.get("timezone", "UTC")),
                        _misfire_grace_time(config.get("misfire_grace_time",
                                                       DEFAULT_MISFIRE_GRACE_SECONDS)),
                        tuple(jobs))
    for job in jobs:
        _check_cron(schedule, job)
    return schedule


def _read_yaml(path: Path):
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ScheduleError(f"{path} does not exist") from None
    except UnicodeDecodeError as exc:
        raise ScheduleError(f"{path} is not UTF-8 text (byte 0x{exc.object[exc.start]:02x} "
                            f"at offset {exc.start})") from None
    except OSError as exc:
        raise ScheduleError(f"cannot read {path}: {exc.strerror}") from None
    try:
        return yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ScheduleError(f"{path} is not valid YAML{where}: {problem}") from None


def _no_unknown_keys(where: str, mapping: dict, known: frozenset | set) -> None:
    unknown = sorted(map(str, set(mapping) - known))
    if unknown:
        raise ScheduleError(f"{where}: unknown key(s) {', '.join(unknown)} "
                            f"(known: {', '.join(sorted(known))})")


def _job(name: str, spec) -> Job:
    if not isinstance(spec, dict):
        raise ScheduleError(f"job {name!r} must be a mapping with cron, spiders and args, "
                            f"found {_kind(spec)}")
    _no_unknown_keys(f"job {name!r}", spec, JOB_KEYS)
    if not spec.get("cron") or not spec.get("spiders"):
        raise ScheduleError(f"job {name!r} needs a cron expression and a list of spiders")
    if not isinstance(spec["cron"], str):
        raise ScheduleError(f"job {name!r}: cron must be a quoted cron expression such as "
                            f"'0 3 2 * *', found {_kind(spec['cron'])}")
    spiders = _list_of_words(name, "spiders", spec["spiders"], "[ipeds]")
    # Numbers are fine as arguments (--wait 7200); YAML reads them as int or float.
    args = _list_of_words(name, "args", spec.get("args", []), '["--wait", "7200"]',
                          scalars=(str, int, float))
    return Job(name, spec["cron"], spiders, args)


def _list_of_words(job: str, key: str, value, example: str,
                   scalars: tuple[type, ...] = (str,)) -> tuple[str, ...]:
    """A YAML list of scalars as strings; a bare string would be split per character."""
    if not isinstance(value, list):
        raise ScheduleError(f"job {job!r}: {key} must be a list such as {example}, "
                            f"found {_kind(value)}")
    bad = [item for item in value
           if isinstance(item, bool) or not isinstance(item, scalars) or item == ""]
    if bad:
        raise ScheduleError(f"job {job!r}: every entry of {key} must be a non-empty "
                            f"{'string' if scalars == (str,) else 'string or number'}, "
                            f"found {_kind(bad[0])}")
    return tuple(str(item) for item in value)


def _timezone(value) -> str:
    if not isinstance(value, str):
        raise ScheduleError(f"timezone must be a time zone name such as UTC, found "
                            f"{_kind(value)}")
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ScheduleError(f"timezone {value!r} is not a known time zone name "
                            f"(e.g. UTC, America/New_York)") from None
    return value


def _misfire_grace_time(value) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ScheduleError(f"misfire_grace_time must be a whole number of seconds (0 or more), "
                            f"found {_kind(value)}")
    return value


def _kind(value) -> str:
    """How a YAML value reads in an error message: its type, and short text."""
    text = repr(value)
    return f"{type(value).__name__} {text if len(text) <= 40 else text[:37] + '...'}"


def _check_cron(schedule: Schedule, job: Job) -> None:
    fields = job.cron.split()
    if len(fields) == 5 and re.search(r"\d", fields[4]):
        raise ScheduleError(f"job {job.name!r}: write the day of week as names (mon, tue, ...), "
                            f"not {fields[4]!r}: cron and APScheduler number weekdays "
                            f"differently")
    try:
        schedule.trigger(job)
    except (ValueError, LookupError) as exc:
        raise ScheduleError(f"job {job.name!r}: bad cron expression {job.cron!r}: {exc}") from exc


def select_jobs(schedule: Schedule, names: list[str]) -> list[Job]:
    if not names:
        return list(schedule.jobs)
    by_name = {job.name: job for job in schedule.jobs}
    unknown = [name for name in names if name not in by_name]
    if unknown:
        raise ScheduleError(f"unknown job(s) {', '.join(unknown)}; "
                            f"the schedule has {', '.join(by_name)}")
    return [by_name[name] for name in names]


def build_scheduler(schedule: Schedule, jobs: list[Job], database: str,
                    wait: float | None) -> BlockingScheduler:
    scheduler = BlockingScheduler(timezone=schedule.timezone)
    for job in jobs:
        scheduler.add_job(run_job, schedule.trigger(job), args=(job, database, wait),
                          id=job.name, name=job.name, max_instances=1, coalesce=True,
                          misfire_grace_time=schedule.misfire_grace_time)
    return scheduler


def print_jobs(schedule: Schedule, jobs: list[Job], database: str, wait: float | None) -> None:
    now = datetime.now(timezone.utc)
    for job in jobs:
        next_time = schedule.trigger(job).get_next_fire_time(None, now)
        print(f"{job.name}: cron '{job.cron}' ({schedule.timezone}), next {next_time.isoformat()}")
        print(f"  {shlex.join(job.command(database, wait))}")


def run_job(job: Job, database: str, wait: float | None) -> int:
    """Run one job's crawl in a subprocess; its exit status says how it went."""
    logger.info("job %s: crawling %s", job.name, ", ".join(job.spiders))
    status = subprocess.call(job.command(database, wait), cwd=PROJECT_ROOT)
    outcome = {0: "succeeded", 75: "skipped: another crawl holds the database"}
    logger.info("job %s: %s (exit status %d)", job.name,
                outcome.get(status, "failed, see crawl_runs"), status)
    return status
