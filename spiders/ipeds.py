"""IPEDS spider: the national backbone, read from the NCES zipped CSV data files.

Downloads, for one collection year, the institution directory (HD), the programs offered and
offered by distance education (C{YYYY}DEP) and completions (C{YYYY}_A), then yields one
InstitutionItem per institution with a program in our CIP codes and one ProgramItem per
(institution, CIP code, award level).

Where and which year: each file is asked for at NCES's current location first and at the legacy
one when the current one answers 404 (the log says which answered). Without ``year`` the newest
year whose three files are all published is used: the newest possible year first, then one year
back at a time, at most ``IPEDS_YEARS_BACK`` years. The year used is in the stats
(``run/data_year``), on every program and in ``crawl_runs``.

Programs carry the source's words (``credential_text``: the award level's name;
``delivery_text``: what the DEP flags say, in IPEDS's wording); the classify pipeline decides.

Nothing is yielded until all three files are read: a broken or missing file stops the run as
failed and leaves the database as it was. Bad rows are logged, counted per row (``rows/read``,
``rows/errors``) and skipped; the health check judges their share.

    scrapy crawl ipeds -a year=2023 -a base_url=https://nces.ed.gov/ipeds/complete-data-files/
    scrapy crawl ipeds -a cip_codes=51.0707,51.0713 -a award_levels=cert1,cert2,cert4,assoc,bachelor
"""

from __future__ import annotations

from datetime import datetime, timezone

import scrapy
from scrapy.spidermiddlewares.httperror import HttpError

from crawler.cip import cip_title, normalize_cip
from crawler.ids import program_id
from crawler.items import InstitutionItem, ProgramItem
from crawler.sources.ipeds import (AWARD_LEVELS, DEFAULT_MAX_UNCOMPRESSED_BYTES, IpedsFileError,
                                   parse_completions, parse_directory, parse_program_offers,
                                   read_zip_csv)
from spiders.base import SourceSpider

CURRENT_BASE_URL = "https://nces.ed.gov/ipeds/complete-data-files/"
LEGACY_BASE_URL = "https://nces.ed.gov/ipeds/datacenter/data/"
FILE_NAMES = ("HD{year}", "C{year}DEP", "C{year}_A")
NAVIGATOR_URL = "https://nces.ed.gov/collegenavigator/?id={unitid}#programs"
MAX_LOGGED_PROBLEMS = 20


class IpedsSpider(SourceSpider):
    name = "ipeds"
    default_base_url = CURRENT_BASE_URL
    legacy_base_url = LEGACY_BASE_URL

    def __init__(self, year=None, base_url=None, legacy_base_url=None, cip_codes=None,
                 award_levels=None, **kwargs):
        super().__init__(**kwargs)
        self._year_arg, self._base_url_arg = year, base_url
        self._legacy_arg = legacy_base_url
        self._cip_arg, self._levels_arg = cip_codes, award_levels
        # A scope given as arguments is ad hoc: such a run never marks the programs it did not
        # look for as removed (crawler.run_recorder). Change the scope for good with IPEDS_*
        # settings.
        self.partial_run = bool(cip_codes or award_levels)

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        settings = crawler.settings
        year = int(spider.argument_or_setting(spider._year_arg, "IPEDS_YEAR", 0))
        newest = settings.getint("IPEDS_NEWEST_YEAR") or datetime.now(timezone.utc).year - 1
        back = max(1, settings.getint("IPEDS_YEARS_BACK"))
        spider.years = [year] if year else list(range(newest, newest - back, -1))
        bases = [spider.argument_or_setting(spider._base_url_arg, "IPEDS_BASE_URL",
                                            cls.default_base_url),
                 spider.argument_or_setting(spider._legacy_arg, "IPEDS_LEGACY_BASE_URL",
                                            cls.legacy_base_url)]
        spider.base_urls = list(dict.fromkeys(base.rstrip("/") + "/" for base in bases))
        spider.cip_codes = _parse_cip_codes(
            spider.argument_or_setting(spider._cip_arg, "IPEDS_CIP_CODES", ()))
        spider.award_levels = _parse_award_levels(
            spider.argument_or_setting(spider._levels_arg, "IPEDS_AWARD_LEVELS", ()))
        return spider

    @property
    def year(self) -> int:
        """The year being read (the first candidate until a year's files are found)."""
        return self.years[0]

    def file_url(self, name: str, base: int = 0) -> str:
        return f"{self.base_urls[base]}{name}.zip"

    async def start(self):
        yield self._file_request(0, 0, 0, {})

    def _file_request(self, year_at: int, file_at: int, base_at: int, found: dict):
        name = FILE_NAMES[file_at].format(year=self.years[year_at])
        return scrapy.Request(
            self.file_url(name, base_at), callback=self.file_arrived, errback=self.file_failed,
            cb_kwargs={"year_at": year_at, "file_at": file_at, "base_at": base_at,
                       "found": found},
            meta={"file_name": f"{name}.zip"}, dont_filter=True)

    def file_arrived(self, response, year_at, file_at, base_at, found):
        location = "current" if base_at == 0 else "legacy"
        self.logger.info("IPEDS %s answered from the %s location %s", response.meta["file_name"],
                         location, self.base_urls[base_at])
        self.crawler.stats.inc_value(f"ipeds/location/{location}")
        found[FILE_NAMES[file_at]] = response
        if file_at + 1 < len(FILE_NAMES):
            yield self._file_request(year_at, file_at + 1, 0, found)
            return
        yield from self._read_year(self.years[year_at], found)

    def file_failed(self, failure):
        request = failure.request
        kwargs = request.cb_kwargs
        response = getattr(failure.value, "response", None)
        if not (failure.check(HttpError) and response is not None and response.status == 404):
            reason = f"HTTP {response.status}" if response is not None else (
                failure.getErrorMessage())
            self.fail(f"IPEDS file {request.url} could not be downloaded: {reason}",
                      "ipeds_file_error", stat="file_errors")
        if kwargs["base_at"] + 1 < len(self.base_urls):
            return self._file_request(kwargs["year_at"], kwargs["file_at"],
                                      kwargs["base_at"] + 1, kwargs["found"])
        year = self.years[kwargs["year_at"]]
        name = request.meta["file_name"]
        if kwargs["year_at"] + 1 < len(self.years):
            # Not all of this year's files are out yet: the whole year is skipped, not mixed.
            self.logger.info("IPEDS %s is at neither location: %d is not complete, trying %d",
                             name, year, self.years[kwargs["year_at"] + 1])
            return self._file_request(kwargs["year_at"] + 1, 0, 0, {})
        tried = ", ".join(str(y) for y in self.years)
        self.fail(f"IPEDS {name} is at neither {' nor '.join(self.base_urls)} "
                  f"(years tried: {tried})", "ipeds_file_error", stat="file_errors")

    def _read_year(self, year: int, found: dict):
        self.crawler.stats.set_value("run/data_year", year)
        self.years = [year]
        directory = self._read(found["HD{year}"], parse_directory)
        self.logger.info("HD%d: %d institutions read", year, len(directory))
        offers = self._read(found["C{year}DEP"], lambda table: parse_program_offers(
            table, self.cip_codes, self.award_levels, year))
        self.logger.info("C%dDEP: %d programs in CIP %s at levels %s", year, len(offers),
                         ",".join(sorted(self.cip_codes)), ",".join(self.award_levels))
        completions = self._read(found["C{year}_A"],
                                 lambda table: parse_completions(table, self.cip_codes))
        urls = {name: response.url for name, response in found.items()}
        yield from self._items(year, urls, directory, offers, completions)

    def _read(self, response, parse):
        file_name = response.meta["file_name"]
        try:
            parsed = parse(read_zip_csv(response.body, file_name, self.settings.getint(
                "IPEDS_MAX_UNCOMPRESSED_BYTES", DEFAULT_MAX_UNCOMPRESSED_BYTES)))
        except IpedsFileError as exc:
            self.fail(f"IPEDS file unusable: {exc}", "ipeds_file_error", stat="file_errors")
        self.crawler.stats.inc_value("ipeds/files_read")
        self.crawler.stats.inc_value("rows/read", parsed.rows)
        self._report_problems(parsed.problems)
        return parsed.value

    def _report_problems(self, problems):
        # Warnings, not errors: the health check weighs bad rows against rows read (rows/*),
        # so one odd row in 200,000 does not fail a run.
        for problem in problems[:MAX_LOGGED_PROBLEMS]:
            self.logger.warning("IPEDS bad row skipped: %s", problem)
        if len(problems) > MAX_LOGGED_PROBLEMS:
            self.logger.warning("IPEDS: %d more bad rows skipped",
                                len(problems) - MAX_LOGGED_PROBLEMS)
        self.crawler.stats.inc_value("rows/errors", len(problems))

    def _items(self, year, urls, directory, offers, completions):
        fetched_at = datetime.now(timezone.utc).isoformat(timespec="seconds")
        emitted, not_listed = set(), set()
        for offer in offers:
            unitid = offer["unitid"]
            institution = directory.get(unitid)
            if institution is None:
                self.logger.warning("IPEDS bad row skipped: unitid %s is not in HD%s", unitid,
                                    year)
                self.crawler.stats.inc_value("rows/errors")
                continue
            if institution["not_listed"]:
                if unitid not in not_listed:
                    not_listed.add(unitid)
                    self.logger.info("IPEDS: %s (%s) not listed: %s", institution["name"],
                                     unitid, institution["not_listed"])
                    self.crawler.stats.inc_value("ipeds/institutions_not_listed")
                continue
            if unitid not in emitted:
                emitted.add(unitid)
                fields = {k: v for k, v in institution.items() if k != "not_listed"}
                yield InstitutionItem(**fields, source="ipeds", source_url=urls["HD{year}"],
                                      fetched_at=fetched_at)
            yield self._program(year, urls, offer, institution, completions, fetched_at)

    def _program(self, year, urls, offer, institution, completions, fetched_at):
        level, cip = offer["award_level"], offer["cip_code"]
        return ProgramItem(
            program_id=program_id("ipeds", offer["unitid"], cip, level.key),
            source="ipeds",
            unitid=offer["unitid"],
            institution_name=institution["name"],
            city=institution["city"],
            state=institution["state"],
            title=cip_title(cip) or cip,
            cip_code=cip,
            cip_title=cip_title(cip),
            # The source's words only: the classify pipeline decides credential and delivery
            # (IPEDS's distance-education wording: crawler/sources/ipeds.py DEP_TEXTS).
            credential_text=level.label,
            delivery_text=offer["delivery_text"],
            completions=completions.get((offer["unitid"], cip, level.key)),
            data_year=year,
            url=NAVIGATOR_URL.format(unitid=offer["unitid"]),
            source_url=urls["C{year}DEP"],
            fetched_at=fetched_at,
        )


def _parse_cip_codes(values) -> set[str]:
    codes = set()
    for value in _split(values):
        code = normalize_cip(value)  # raises CipCodeError with the bad value
        if code is None:
            raise ValueError(f"CIP code {value!r} is a family, give 6-digit codes like 51.0707")
        codes.add(code)
    return codes


def _parse_award_levels(values) -> list[str]:
    levels = _split(values)
    unknown = [level for level in levels if level not in AWARD_LEVELS]
    if unknown:
        raise ValueError(f"unknown award level(s) {', '.join(unknown)}; "
                         f"choose from {', '.join(AWARD_LEVELS)}")
    return levels


def _split(values) -> list[str]:
    if isinstance(values, str):
        values = values.split(",")
    return [v.strip() for v in values if v.strip()]
