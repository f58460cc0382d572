"""Readers only read: ``export`` and ``serve`` open the database read-only (mode=ro) and never
migrate it, so a promotion in progress does not stop them and they leave the file as it was.
Migrations happen in ``crawl`` or ``python -m crawler migrate``."""

from __future__ import annotations

import contextlib
import hashlib
import sqlite3

import pytest

from crawler.cli import main
from crawler.commands.serve import datasette_command
from db.build import open_database
from db.directory import refresh_directory
from tests.faults.conftest import run_cli


def add_program(db):
    db["institutions"].insert({"unitid": 1, "name": "Bayshore Community College",
                               "state": "NJ"})
    db["programs"].insert({"program_id": "p1", "unitid": 1, "title": "Medical Coding",
                           "institution_name": "Bayshore Community College", "state": "NJ",
                           "track": "billing_coding", "delivery_mode": "online"})
    refresh_directory(db)  # what every promotion does


@pytest.fixture(params=["wal", "delete"])
def built(request, database_path):
    """A current database with one program, closed; in WAL mode as crawls leave it, or in
    rollback-journal mode (a file from an older version, or copied without its WAL)."""
    db = open_database(database_path)
    add_program(db)
    db.execute(f"PRAGMA journal_mode = {request.param}")
    db.close()
    return database_path


@contextlib.contextmanager
def promotion_in_progress(database_path):
    """Another connection holds the write lock, as a promotion transaction does."""
    writer = sqlite3.connect(database_path, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("UPDATE programs SET title = 'Medical Coding (changing)'")
    try:
        yield
    finally:
        writer.execute("ROLLBACK")
        writer.close()


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_export_reads_during_a_promotion(built, tmp_path, capsys):
    output = tmp_path / "programs.csv"
    with promotion_in_progress(built):
        assert main(["export", "--db", str(built), "-o", str(output)]) == 0
    assert "Medical Coding," in output.read_text()  # the committed title, not the pending one


def test_serve_starts_during_a_promotion(built):
    with promotion_in_progress(built):
        command = datasette_command(built, "127.0.0.1", 8001)
    assert str(built) in command


def test_export_and_serve_leave_the_file_unchanged(built, tmp_path):
    before = digest(built)
    assert main(["export", "--db", str(built), "-o", str(tmp_path / "out.csv")]) == 0
    datasette_command(built, "127.0.0.1", 8001)
    assert digest(built) == before  # no WAL switch, no view rewritten


def outdated_database(database_path):
    db = open_database(database_path)
    add_program(db)
    # An older file: no program_directory table (it was a view then) nor its search index.
    db["program_directory"].disable_fts()
    db["program_directory"].drop()
    db.close()
    return database_path


@pytest.mark.parametrize("command", [["export", "-o", "-"], ["serve"]])
def test_an_outdated_database_is_refused_with_the_migrate_command(command, database_path,
                                                                  capsys, monkeypatch):
    def no_exec(*args):  # serve becomes Datasette: never in the test process
        raise AssertionError("serve started Datasette on an outdated database")

    monkeypatch.setattr("crawler.commands.serve.os.execv", no_exec)
    outdated_database(database_path)
    before = digest(database_path)
    assert main([command[0], "--db", str(database_path), *command[1:]]) == 2
    error = capsys.readouterr().err
    assert "python -m crawler migrate" in error and "program_directory" in error
    assert digest(database_path) == before


def test_migrate_brings_an_outdated_database_up_to_date(database_path, tmp_path, capsys):
    outdated_database(database_path)
    assert main(["migrate", "--db", str(database_path)]) == 0
    assert main(["export", "--db", str(database_path), "-o", str(tmp_path / "out.csv")]) == 0
    assert "Medical Coding" in (tmp_path / "out.csv").read_text()


def test_migrate_has_help():
    result = run_cli("migrate", "--help", timeout=30)
    assert result.returncode == 0
    assert "--db" in result.stdout and "read-only" in result.stdout
