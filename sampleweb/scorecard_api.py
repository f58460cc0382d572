"""The College Scorecard schools API, as the sample web serves it at api.data.gov.

Faithful where the spider depends on it: the api_key is checked first (403 with api.data.gov's
JSON error), then the key's rate limit (429 with Retry-After and X-RateLimit-Limit/-Remaining
headers once ``rate_limit`` requests fell in one window of ``window_seconds``), then
``page``/``per_page`` (per_page quietly capped at 100, as the real API does), the
``latest.programs.cip_4_digit.code`` filter (only the matching programs are returned unless
``all_programs_nested=true``) and ``fields`` (each returned under its flat dotted name, program
fields as a list of flat dotted keys under ``latest.programs.cip_4_digit``; see
tests/fixtures/scorecard/README.md).
The schools come from ``sampleweb/data/scorecard_schools.json`` (``build_scorecard_sample``).
"""

from __future__ import annotations

import json
import math
import threading
import time
from pathlib import Path
from urllib.parse import parse_qs

DATASET = Path(__file__).resolve().parent / "data" / "scorecard_schools.json"
SAMPLE_API_KEY = "SAMPLE_KEY"  # what a sample crawl sends (crawler/sample_web.py)
ACCEPTED_KEYS = frozenset({SAMPLE_API_KEY})
MAX_PER_PAGE = 100
PROGRAMS = "latest.programs.cip_4_digit"
JSON = "application/json; charset=utf-8"


class ScorecardApi:
    def __init__(self, rate_limit: int = 1000, window_seconds: float = 3600,
                 dataset: Path = DATASET):
        self.schools = json.loads(Path(dataset).read_text())
        self.rate_limit, self.window_seconds = rate_limit, window_seconds
        self._window_start = 0.0
        self._used = 0
        self._lock = threading.Lock()  # the server answers from several threads

    def respond(self, query: str) -> tuple[int, dict[str, str], bytes]:
        params = {name: values[0] for name, values in parse_qs(query).items()}
        key = params.pop("api_key", "")
        if not key:
            return _gateway_error(403, "API_KEY_MISSING",
                                  "No api_key was supplied. Get one at https://api.data.gov:443")
        if key not in ACCEPTED_KEYS:
            return _gateway_error(403, "API_KEY_INVALID",
                                  "An invalid api_key was supplied. Get one at "
                                  "https://api.data.gov:443")
        remaining, retry_after = self._take()
        limits = {"X-RateLimit-Limit": str(self.rate_limit),
                  "X-RateLimit-Remaining": str(remaining)}
        if retry_after is not None:
            status, headers, body = _gateway_error(
                429, "OVER_RATE_LIMIT", "You have exceeded your rate limit. Try again later.")
            return status, headers | limits | {"Retry-After": str(retry_after)}, body
        try:
            page, per_page = int(params.pop("page", 0)), int(params.pop("per_page", 20))
        except ValueError:
            return _api_error("parameter_error", "page and per_page must be whole numbers")
        if per_page < 0 or page < 0:
            return _api_error("per_page_error", "per_page and page must be 0 or more")
        per_page = min(per_page, MAX_PER_PAGE)  # no error past the maximum: just fewer results
        codes = set(params.pop(f"{PROGRAMS}.code", "").split(",")) - {""}
        all_nested = params.pop("all_programs_nested", "") == "true"
        fields = [f for f in params.pop("fields", "").split(",") if f]
        matching = [s for s in self.schools if not codes or _programs(s, codes)]
        results = [_project(s, fields, codes, all_nested)
                   for s in matching[page * per_page:(page + 1) * per_page]]
        body = {"metadata": {"total": len(matching), "page": page, "per_page": per_page},
                "results": results}
        return 200, {"Content-Type": JSON} | limits, json.dumps(body).encode()

    def _take(self) -> tuple[int, int | None]:
        """Count one request: (requests left in the window, seconds to wait or None)."""
        with self._lock:
            now = time.monotonic()
            if now - self._window_start >= self.window_seconds:
                self._window_start, self._used = now, 0
            if self._used >= self.rate_limit:
                wait = self._window_start + self.window_seconds - now
                return 0, max(1, math.ceil(wait))
            self._used += 1
            return self.rate_limit - self._used, None


def _programs(school: dict, codes: set[str]) -> list[dict]:
    return [p for p in _get(school, PROGRAMS) or [] if not codes or str(p["code"]) in codes]


def _project(school: dict, fields: list[str], codes: set[str], all_nested: bool) -> dict:
    programs = _programs(school, set() if all_nested else codes)
    if not fields:
        return school | {PROGRAMS: programs}
    result = {}
    program_fields = [f[len(PROGRAMS) + 1:] for f in fields if f.startswith(PROGRAMS + ".")]
    for name in fields:
        if not name.startswith(PROGRAMS + "."):
            result[name] = _get(school, name)
    if program_fields:
        result[PROGRAMS] = [_subset(program, program_fields) for program in programs]
    return result


def _subset(program: dict, dotted_names: list[str]) -> dict:
    """The program with only the named fields, each under its flat dotted name."""
    return {name: _get(program, name) for name in dotted_names}


def _get(record: dict, dotted: str):
    value = record
    for part in dotted.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def _gateway_error(status: int, code: str, message: str):
    body = json.dumps({"error": {"code": code, "message": message}}).encode()
    return status, {"Content-Type": JSON}, body


def _api_error(error: str, message: str):
    body = json.dumps({"errors": [{"error": error, "message": message}]}).encode()
    return 400, {"Content-Type": JSON}, body
