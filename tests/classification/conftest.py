"""Helpers for the classification tests: classify a title, run the classify command in-process."""

from __future__ import annotations

import argparse
import io
import sys
from dataclasses import dataclass

import pytest

from crawler.classification import Classification, Listing, classify
from crawler.commands import classify as classify_command


@pytest.fixture
def classified():
    """classified(title, **fields) -> Classification."""
    def run(title: str, **fields) -> Classification:
        return classify(Listing(title, **fields))
    return run


@dataclass
class CommandResult:
    code: int
    stdout: str
    stderr: str


@pytest.fixture
def run_command(capsys, monkeypatch):
    """run_command(*args, stdin=bytes) runs `classify` as the CLI would and captures its output."""
    def run(*args: str, stdin: bytes | None = None) -> CommandResult:
        if stdin is not None:
            monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin)))
        parser = argparse.ArgumentParser()
        classify_command.configure(parser)
        code = classify_command.run(parser.parse_args(list(args)))
        captured = capsys.readouterr()
        return CommandResult(code, captured.out, captured.err)
    return run
