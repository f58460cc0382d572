"""Configuration and input files of the wrong shape: a one-line error naming what is wrong
(the job and the key, or the file), exit status 2, never a traceback and never a crawl run with
a misread argument."""

from __future__ import annotations

import subprocess
import sys

import pytest

from crawler.cli import main
from crawler.settings import PROJECT_ROOT

JOB = "  ipeds:\n    cron: '0 3 2 * *'\n    spiders: [ipeds]\n"


def schedule_file(tmp_path, text: str | bytes):
    path = tmp_path / "schedule.yml"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text)
    return path


def run_schedule_list(tmp_path, text) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "crawler", "schedule", "--list", "--db", str(tmp_path / "d.db"),
         "--config", str(schedule_file(tmp_path, text))],
        capture_output=True, text=True, cwd=PROJECT_ROOT, timeout=60)


def assert_one_line_error(result, *words):
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    for word in words:
        assert word in lines[0], lines[0]
    assert result.stdout == ""  # nothing listed, nothing run


@pytest.mark.parametrize("text, words", [
    ("- ipeds\n- catalog\n", ["a mapping", "list"]),
    ("just words\n", ["a mapping", "str"]),
    ("jobs:\n  - ipeds\n  - catalog\n", ["jobs", "a mapping"]),
    ("jobs:\n  ipeds:\n    cron: '0 3 2 * *'\n    spiders: ipeds\n",
     ["job 'ipeds'", "spiders", "a list"]),
    ("jobs:\n  ipeds:\n    cron: '0 3 2 * *'\n    spiders: [ipeds, [catalog]]\n",
     ["job 'ipeds'", "spiders"]),
    ("jobs:\n  ipeds:\n    cron: '0 3 2 * *'\n    spiders: []\n", ["job 'ipeds'", "spiders"]),
    ("jobs:\n  ipeds:\n    cron: '0 3 2 * *'\n    spiders: [ipeds]\n    args: -a year=2022\n",
     ["job 'ipeds'", "args", "a list"]),
    ("jobs:\n  ipeds:\n    cron: '0 3 2 * *'\n    spiders: [ipeds]\n    args: [{year: 1}]\n",
     ["job 'ipeds'", "args"]),
    ("jobs:\n  ipeds:\n    cron: 5\n    spiders: [ipeds]\n", ["job 'ipeds'", "cron"]),
    ("jobs:\n  ipeds:\n    cron: '0 3 2 * *'\n    spider: [ipeds]\n",
     ["job 'ipeds'", "spider", "unknown key"]),
    ("jobs:\n  ipeds: [ipeds]\n", ["job 'ipeds'", "a mapping"]),
    ("misfire_grace_time: soon\njobs:\n" + JOB, ["misfire_grace_time", "seconds"]),
    ("misfire_grace_time: -5\njobs:\n" + JOB, ["misfire_grace_time", "seconds"]),
    ("timezone: Mars/Olympus_Mons\njobs:\n" + JOB, ["timezone", "Mars/Olympus_Mons"]),
    ("timezone: [UTC]\njobs:\n" + JOB, ["timezone"]),
    ("jobs:\n  ipeds:\n    cron: '0 3 2 * *\n    spiders: [ipeds]\n", ["not valid YAML"]),
    (b"\0" * 4096, ["not valid YAML"]),
    (b"\xff\xfej\x00o\x00b\x00s\x00", ["not UTF-8"]),
])
def test_a_malformed_schedule_is_a_one_line_error(tmp_path, text, words):
    assert_one_line_error(run_schedule_list(tmp_path, text), *words)


def test_a_wellformed_schedule_still_lists(tmp_path):
    result = run_schedule_list(tmp_path, "jobs:\n  ipeds:\n    cron: '0 3 2 * *'\n"
                                         "    spiders: [ipeds]\n    args: [-a, year=2022]\n")
    assert result.returncode == 0, result.stderr
    assert "-m crawler crawl ipeds -a year=2022 --db" in result.stdout


@pytest.mark.parametrize("size", [1_000, 1_000_000])
def test_classify_refuses_a_file_of_nul_bytes(tmp_path, size):
    source = tmp_path / "zeros.csv"
    source.write_bytes(b"\0" * size)
    result = subprocess.run([sys.executable, "-m", "crawler", "classify", str(source), "-o",
                             str(tmp_path / "out.csv")],
                            capture_output=True, text=True, cwd=PROJECT_ROOT, timeout=60)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and "\0" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "NUL" in result.stderr
    assert not (tmp_path / "out.csv").exists()


def test_classify_refuses_nul_bytes_in_a_row(tmp_path, capsys):
    source = tmp_path / "providers.csv"
    source.write_bytes(b"title,credential\nMedical Coding,Certificate\nHIT\0\0,AAS\n")
    assert main(["classify", str(source), "-o", str(tmp_path / "out.csv")]) == 2
    assert "line 3" in capsys.readouterr().err
