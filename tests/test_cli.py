"""The command line as a user meets it: help, clear errors, export."""

from __future__ import annotations

import csv
import subprocess
import sys

import pytest

from crawler.cli import COMMANDS, main
from crawler.commands.export import EXPORT_COLUMNS
from db.directory import refresh_directory


def run_cli(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "crawler", *args], capture_output=True,
                          text=True, cwd=cwd, timeout=120)


def test_help_lists_every_command():
    result = run_cli("--help")
    assert result.returncode == 0
    for name in COMMANDS:
        assert name in result.stdout


@pytest.mark.parametrize("command", COMMANDS)
def test_each_command_explains_itself(command, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main([command, "--help"])
    assert exit_info.value.code == 0
    assert "usage:" in capsys.readouterr().out


def test_unknown_spider_is_a_clear_error(tmp_path):
    result = run_cli("crawl", "nosuchspider", "--db", str(tmp_path / "x.db"))
    assert result.returncode == 2
    assert "unknown spider(s): nosuchspider" in result.stderr
    assert "Traceback" not in result.stderr


def test_serve_without_database_says_what_to_do(tmp_path):
    result = run_cli("serve", "--db", str(tmp_path / "missing.db"))
    assert result.returncode == 2
    assert "crawl --sample" in result.stderr


def test_export_writes_programs_csv(database, database_path, tmp_path):
    database["institutions"].insert({"unitid": 1, "name": "Bayshore CC", "state": "NJ",
                                     "website": "https://www.bayshore.edu/"})
    database["programs"].insert_all([
        {"program_id": "b", "unitid": 1, "title": "Medical Coding", "state": "NJ",
         "institution_name": "Bayshore CC", "track": "billing_coding"},
        {"program_id": "a", "unitid": 1, "title": "Health Information Technology",
         "state": "NJ", "institution_name": "Bayshore CC", "track": "hit"}])
    refresh_directory(database)  # what every promotion does
    output = tmp_path / "out" / "programs.csv"
    assert main(["export", "--db", str(database_path), "-o", str(output)]) == 0
    rows = list(csv.DictReader(output.open(encoding="utf-8")))
    assert [(r["title"], r["website"]) for r in rows] == [
        ("Health Information Technology", "https://www.bayshore.edu/"),
        ("Medical Coding", "https://www.bayshore.edu/")]


def test_export_of_an_older_database_asks_for_migrate(database, database_path, tmp_path,
                                                     capsys):
    # A file built by an earlier version: its directory was a view lacking today's columns.
    # Export is read-only (issue 12): it points to `migrate` instead of changing the file.
    database["program_directory"].disable_fts()
    database["program_directory"].drop()
    database.create_view("program_directory", "select program_id, title from programs")
    database.close()
    output = tmp_path / "programs.csv"
    assert main(["export", "--db", str(database_path), "-o", str(output)]) == 2
    assert "python -m crawler migrate" in capsys.readouterr().err
    assert main(["migrate", "--db", str(database_path)]) == 0
    assert main(["export", "--db", str(database_path), "-o", str(output)]) == 0
    header = output.read_text(encoding="utf-8").splitlines()[0]
    assert header.split(",") == list(EXPORT_COLUMNS)
