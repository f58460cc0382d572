"""The sample web never names a host held out for evaluation.

The generated IPEDS institutions get made-up web addresses from their initials, and initials can
spell a real college's host; the held-out list (``../shared/heldout.md``, outside the repository)
names hosts the project must never be tuned or tested on. This test reads that list where the
checkout has one beside it and fails on any sample host that is one of them or under one.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sampleweb.build_ipeds_sample import build_population, fixture_population

ROOT = Path(__file__).resolve().parent.parent


def held_out_list() -> Path | None:
    """The ``shared/heldout.md`` of the nearest folder above the checkout (a worktree sits deeper)."""
    for folder in ROOT.parents:
        candidate = folder / "shared" / "heldout.md"
        if candidate.is_file():
            return candidate
    return None


def held_out_hosts(text: str) -> list[str]:
    section = text.split("## Web hosts", 1)[1].split("\n## ", 1)[0]
    return [line[2:].strip().lower() for line in section.splitlines() if line.startswith("- ")]


def web_host(webaddr: str) -> str:
    """The host of an HD WEBADDR as typed (no scheme, maybe a path)."""
    return webaddr.strip().split("/")[0].lower()


def under(host: str, held: str) -> bool:
    """Is ``host`` the held-out host or one of its subdomains (``www.`` included)?"""
    return host == held or host.endswith("." + held)


def test_held_out_hosts_are_read_from_the_list():
    text = "# Held out\n## Repositories\n- a/b\n\n## Web hosts (and subdomains)\n- x.edu\n- Y.edu\n"
    assert held_out_hosts(text) == ["x.edu", "y.edu"]
    assert under("catalog.x.edu", "x.edu") and under("x.edu", "x.edu")
    assert not under("ax.edu", "x.edu")
    assert web_host("www.PCCareer.edu/santa-ana/") == "www.pccareer.edu"


def test_no_sample_host_is_held_out():
    path = held_out_list()
    if path is None:
        pytest.skip("no shared/heldout.md above this checkout")
    held = held_out_hosts(path.read_text())
    assert len(held) > 10  # the section was found
    hosts = {web_host(inst.webaddr): inst.name for inst in build_population() + fixture_population()}
    hosts.update({web_host(site.name): f"sampleweb/sites/{site.name}"
                  for site in (ROOT / "sampleweb" / "sites").iterdir() if site.is_dir()})
    clashes = sorted(f"{owner}: {host}" for host, owner in hosts.items()
                     if any(under(host, h) for h in held))
    assert clashes == []
