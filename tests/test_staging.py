"""Staging a run's rows through one call (db/staging.py), and which fields count as changes
(promotion itself: tests/history/test_promotion.py)."""

from __future__ import annotations

import pytest

from crawler.items import ProgramItem
from crawler.run_recorder import RunRecorder
from db.promotion import TRACKED_FIELDS
from db.queries import read_only
from db.staging import stage_rows
from spiders.base import SourceSpider


def program(**fields) -> dict:
    return {"program_id": "p1", "source": "ipeds", "title": "Medical Coding",
            "fetched_at": "2026-01-01T00:00:00+00:00", "track_evidence": "title"} | fields


def test_rows_are_staged_under_the_run_and_a_later_row_wins(database):
    staged = stage_rows(database, 7, {"programs": [program(), program(title="Coding")],
                                      "institutions": []})
    assert staged == {"programs": 2}
    rows = list(database["staged_programs"].rows)
    assert [(row["run_id"], row["program_id"], row["title"]) for row in rows] == [
        (7, "p1", "Coding")]
    assert database["programs"].count == 0  # nothing goes live before promotion


def test_a_table_without_staging_is_refused(database):
    with pytest.raises(ValueError, match="crawl_runs"):
        stage_rows(database, 1, {"crawl_runs": [{"run_id": 1}]})


def test_the_tracked_flag_lives_on_the_item_fields():
    untracked = {name for name, meta in ProgramItem.fields.items() if not meta["tracked"]}
    assert {"fetched_at", "source_url", "track_evidence"} <= untracked
    assert set(TRACKED_FIELDS) == set(ProgramItem.fields) - untracked


def test_the_recorder_stages_only_inside_a_run(crawler, database_path):
    recorder = crawler.get_extension(RunRecorder)
    with pytest.raises(RuntimeError, match="no run is open"):
        recorder.stage({"programs": [program()]})
    spider = SourceSpider(name="ipeds")
    recorder.spider_opened(spider)
    try:
        assert recorder.stage({"programs": [program()]}) == {"programs": 1}
        with read_only(database_path) as connection:  # committed, seen by another connection
            assert connection.execute("SELECT count(*) FROM staged_programs").fetchone()[0] == 1
    finally:
        recorder.spider_closed(spider, "shutdown")


def test_a_field_without_a_column_is_refused(database):
    with pytest.raises(ValueError, match="staged_programs for nickname"):
        stage_rows(database, 1, {"programs": [program(), program(nickname="HIT")]})

