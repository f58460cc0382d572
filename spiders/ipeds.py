"""IPEDS spider: the national backbone, read from the NCES zipped CSV data files.

Downloads, for one collection year, the institution directory (HD), the programs offered and
offered by distance education (C{YYYY}DEP) and completions (C{YYYY}_A), then yields one
InstitutionItem per institution with a program in our CIP codes and one ProgramItem per
(institution, CIP code, award level).

Nothing is yielded until all three files are read: a broken or missing file stops the run as
failed and leaves the database as it was. Bad rows are logged, counted and skipped.

    scrapy crawl ipeds -a year=2023 -a base_url=https://nces.ed.gov/ipeds/datacenter/data/
    scrapy crawl ipeds -a cip_codes=51.0707,51.0713 -a award_levels=cert1,cert2,cert4,assoc,bachelor
"""

from __future__ import annotations

from datetime import datetime, timezone

import scrapy

from crawler.cip import cip_title, normalize_cip
from crawler.ids import program_id
from crawler.sources.ipeds import (AWARD_LEVELS, DEP_CAMPUS_TEXT, DEP_DISTANCE_TEXT,
                                   IpedsFileError, parse_completions, parse_directory,
                                   parse_program_offers, read_zip_csv)
from crawler.items import InstitutionItem, ProgramItem
from spiders.base import SourceSpider

NAVIGATOR_URL = "https://nces.ed.gov/collegenavigator/?id={unitid}#programs"
MAX_LOGGED_PROBLEMS = 20


class IpedsSpider(SourceSpider):
    name = "ipeds"
    default_base_url = "https://nces.ed.gov/ipeds/datacenter/data/"

    def __init__(self, year=None, base_url=None, cip_codes=None, award_levels=None, **kwargs):
        super().__init__(**kwargs)
        self._year_arg, self._base_url_arg = year, base_url
        self._cip_arg, self._levels_arg = cip_codes, award_levels
        # A scope given as arguments is ad hoc: such a run never marks the programs it did not
        # look for as removed (crawler.run_recorder). Change the scope for good with IPEDS_*
        # settings.
        self.partial_run = bool(cip_codes or award_levels)

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.year = int(spider.argument_or_setting(spider._year_arg, "IPEDS_YEAR"))
        spider.base_url = spider.argument_or_setting(
            spider._base_url_arg, "IPEDS_BASE_URL", cls.default_base_url).rstrip("/") + "/"
        spider.cip_codes = _parse_cip_codes(
            spider.argument_or_setting(spider._cip_arg, "IPEDS_CIP_CODES", ()))
        spider.award_levels = _parse_award_levels(
            spider.argument_or_setting(spider._levels_arg, "IPEDS_AWARD_LEVELS", ()))
        return spider

    def file_url(self, name: str) -> str:
        return f"{self.base_url}{name}.zip"

    async def start(self):
        yield self._file_request(f"HD{self.year}", self.parse_directory, {})

    def _file_request(self, name, callback, tables):
        return scrapy.Request(self.file_url(name), callback=callback, errback=self.file_failed,
                              cb_kwargs={"tables": tables}, meta={"file_name": f"{name}.zip"})

    def parse_directory(self, response, tables):
        tables["directory"] = self._read(response, parse_directory)
        self.logger.info("%s: %d institutions read", response.meta["file_name"],
                         len(tables["directory"]))
        yield self._file_request(f"C{self.year}DEP", self.parse_offers, tables)

    def parse_offers(self, response, tables):
        offers, problems = self._read(
            response, lambda t: parse_program_offers(t, self.cip_codes, self.award_levels))
        self._report_problems(problems)
        tables["offers"] = offers
        self.logger.info("%s: %d programs in CIP %s at levels %s", response.meta["file_name"],
                         len(offers), ",".join(sorted(self.cip_codes)), ",".join(self.award_levels))
        yield self._file_request(f"C{self.year}_A", self.parse_completions, tables)

    def parse_completions(self, response, tables):
        completions, problems = self._read(
            response, lambda t: parse_completions(t, self.cip_codes))
        self._report_problems(problems)
        yield from self._items(tables["directory"], tables["offers"], completions)

    def _read(self, response, parse):
        file_name = response.meta["file_name"]
        try:
            table = read_zip_csv(response.body, file_name)
            result = parse(table)
        except IpedsFileError as exc:
            self.fail(f"IPEDS file unusable: {exc}", "ipeds_file_error", stat="file_errors")
        self.crawler.stats.inc_value("ipeds/files_read")
        return result

    def file_failed(self, failure):
        request = failure.request
        response = getattr(failure.value, "response", None)
        reason = f"HTTP {response.status}" if response is not None else failure.getErrorMessage()
        self.fail(f"IPEDS file {request.url} could not be downloaded: {reason}",
                  "ipeds_file_error", stat="file_errors")

    def _report_problems(self, problems):
        for problem in problems[:MAX_LOGGED_PROBLEMS]:
            self.logger.error("IPEDS bad row skipped: %s", problem)
        if len(problems) > MAX_LOGGED_PROBLEMS:
            self.logger.error("IPEDS: %d more bad rows skipped",
                              len(problems) - MAX_LOGGED_PROBLEMS)
        if problems:
            self.crawler.stats.inc_value("ipeds/row_errors", len(problems))

    def _items(self, directory, offers, completions):
        fetched_at = datetime.now(timezone.utc).isoformat(timespec="seconds")
        emitted_institutions = set()
        for offer in offers:
            unitid = offer["unitid"]
            institution = directory.get(unitid)
            if institution is None:
                self.logger.error("IPEDS bad row skipped: unitid %s is not in HD%s", unitid,
                                  self.year)
                self.crawler.stats.inc_value("ipeds/row_errors")
                continue
            if unitid not in emitted_institutions:
                emitted_institutions.add(unitid)
                yield InstitutionItem(**institution, source="ipeds",
                                      source_url=self.file_url(f"HD{self.year}"),
                                      fetched_at=fetched_at)
            yield self._program(offer, institution, completions, fetched_at)

    def _program(self, offer, institution, completions, fetched_at):
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
            # The source's words only: the classify pipeline decides credential and delivery.
            credential_text=level.label,
            delivery_text=DEP_DISTANCE_TEXT if offer["distance_education"] else DEP_CAMPUS_TEXT,
            completions=completions.get((offer["unitid"], cip, level.key)),
            data_year=self.year,
            url=NAVIGATOR_URL.format(unitid=offer["unitid"]),
            source_url=self.file_url(f"C{self.year}DEP"),
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
