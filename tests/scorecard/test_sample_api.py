"""The sample web's College Scorecard API: key check, paging limits, CIP filter, rate limit."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from urllib.parse import urlencode

import pytest

from sampleweb.scorecard_api import ScorecardApi
from sampleweb.server import SampleWeb

CODE = "latest.programs.cip_4_digit.code"


def ask(api, **params):
    status, headers, body = api.respond(urlencode(params))
    return status, headers, json.loads(body)


@pytest.fixture(scope="module")
def api():
    return ScorecardApi()


@pytest.mark.parametrize("params, code", [({}, "API_KEY_MISSING"),
                                          ({"api_key": "DEMO_KEY"}, "API_KEY_INVALID")])
def test_a_missing_or_unknown_key_is_refused(api, params, code):
    status, _, body = ask(api, **params)
    assert status == 403 and body["error"]["code"] == code


def test_more_than_100_per_page_is_quietly_capped_at_100(api):
    status, _, body = ask(api, api_key="SAMPLE_KEY", per_page=500, fields="id")
    assert status == 200 and body["metadata"]["per_page"] == 100
    assert len(body["results"]) == 51  # all of them: fewer than 100
    status, _, body = ask(api, api_key="SAMPLE_KEY", per_page=-1)
    assert status == 400 and body["errors"][0]["error"] == "per_page_error"


def test_program_fields_come_back_as_flat_dotted_keys(api):
    fields = ("id,school.name,latest.programs.cip_4_digit.code,"
              "latest.programs.cip_4_digit.credential.level,"
              "latest.programs.cip_4_digit.earnings.4_yr.overall_median_earnings")
    _, _, body = ask(api, api_key="SAMPLE_KEY", per_page=5, fields=fields, **{CODE: "5107"})
    program = body["results"][0]["latest.programs.cip_4_digit"][0]
    assert set(program) == {"code", "credential.level",
                            "earnings.4_yr.overall_median_earnings"}
    assert "school.name" in body["results"][0]


def test_pages_cover_the_filtered_schools_once(api):
    ids = []
    for page in range(3):
        status, _, body = ask(api, api_key="SAMPLE_KEY", page=page, per_page=20,
                              fields="id", **{CODE: "5107"})
        assert status == 200 and body["metadata"] == {"total": 49, "page": page, "per_page": 20}
        ids += [school["id"] for school in body["results"]]
    assert len(ids) == len(set(ids)) == 49
    _, _, unfiltered = ask(api, api_key="SAMPLE_KEY", fields="id")
    assert unfiltered["metadata"]["total"] == 51  # two schools have no 51.07 program


def test_only_matching_programs_unless_all_programs_nested(api):
    fields = "id,latest.programs.cip_4_digit.code"
    _, _, matching = ask(api, api_key="SAMPLE_KEY", per_page=100, fields=fields, **{CODE: "5107"})
    _, _, everything = ask(api, api_key="SAMPLE_KEY", per_page=100, fields=fields,
                           all_programs_nested="true", **{CODE: "5107"})
    codes = lambda body: {p["code"] for s in body["results"]  # noqa: E731
                          for p in s["latest.programs.cip_4_digit"]}
    assert codes(matching) == {"5107"}
    assert codes(everything) == {"5107", "5138"}


def test_past_the_rate_limit_the_api_answers_429_with_retry_after():
    api = ScorecardApi(rate_limit=2, window_seconds=60)
    statuses = [ask(api, api_key="SAMPLE_KEY")[:2] for _ in range(3)]
    assert [s for s, _ in statuses] == [200, 200, 429]
    assert [h["X-RateLimit-Remaining"] for _, h in statuses] == ["1", "0", "0"]
    assert statuses[2][1]["X-RateLimit-Limit"] == "2"
    assert 1 <= int(statuses[2][1]["Retry-After"]) <= 60


def test_the_server_serves_the_api_by_host():
    path = "/ed/collegescorecard/v1/schools?fields=id&per_page=1&api_key="
    with SampleWeb() as web:
        def fetch(key):
            request = urllib.request.Request(f"http://127.0.0.1:{web.port}{path}{key}",
                                             headers={"Host": "api.data.gov"})
            with urllib.request.urlopen(request, timeout=10) as response:
                return json.load(response)
        assert fetch("SAMPLE_KEY")["metadata"]["per_page"] == 1
        with pytest.raises(urllib.error.HTTPError) as refused:
            fetch("WRONG")
    assert refused.value.code == 403
