"""What `serve` exposes: no arbitrary SQL for anonymous users unless switched on, the staged
tables unreadable, no file path in /-/databases.json, and a loud warning before binding to an
address other people can reach."""

from __future__ import annotations

import asyncio
import urllib.error
import urllib.request

import pytest
from datasette.app import Datasette

from crawler.cli import main
from crawler.commands import serve
from db.metadata import build_metadata
from tests.datasette_process import serve_process

STAGED = ("staged_programs", "staged_institutions", "staged_program_outcomes",
          "staged_school_facts")


@pytest.fixture
def directory(database, database_path):
    database["institutions"].insert({"unitid": 1, "name": "Bayshore CC", "state": "NJ"})
    database["programs"].insert({"program_id": "p1", "unitid": 1, "title": "Medical Coding",
                                 "track": "billing_coding", "credential_level": "certificate",
                                 "delivery_mode": "online", "state": "NJ",
                                 "first_seen": "2026-01-01T00:00:00+00:00"})
    database["staged_programs"].insert({"run_id": 9, "program_id": "secret-staged",
                                        "title": "Half-run row"}, alter=True)
    return database_path


def served(database_path, allow_sql=False) -> Datasette:
    """Datasette exactly as `serve` configures it (settings, metadata, plugins)."""
    return Datasette([str(database_path)], metadata=build_metadata(database_path.stem),
                     plugins_dir=str(serve.PLUGINS_DIR),
                     settings=serve.datasette_settings(allow_sql))


def get(datasette, path, **params):
    return asyncio.run(datasette.client.get(path, params=params or None))


def test_arbitrary_sql_is_off_for_anonymous_users_by_default(directory):
    datasette = served(directory)
    assert get(datasette, "/directory.json", sql="select 1").status_code == 403
    assert get(datasette, "/directory/programs.json", _where="1=1").status_code in (400, 403)
    # The directory itself, its facets and the canned queries and feed still work.
    assert get(datasette, "/directory/programs.json", track="billing_coding").status_code == 200
    assert get(datasette, "/directory/new_programs.json").status_code == 200
    assert get(datasette, "/directory/new_programs.atom").status_code == 200


@pytest.mark.parametrize("allow_sql", [False, True])
def test_staged_tables_cannot_be_read(directory, allow_sql):
    datasette = served(directory, allow_sql)
    for table in STAGED:
        response = get(datasette, f"/directory/{table}.json")
        assert response.status_code in (403, 404), (table, response.status_code)
        assert "secret-staged" not in response.text
    response = get(datasette, "/directory.json", sql="select * from staged_programs")
    assert response.status_code in (400, 403)
    assert "secret-staged" not in response.text
    sneaky = get(datasette, "/directory.json",
                 sql="select program_id from programs union select program_id "
                     "from STAGED_PROGRAMS")
    assert "secret-staged" not in sneaky.text


def test_sql_can_be_switched_on(directory):
    datasette = served(directory, allow_sql=True)
    response = get(datasette, "/directory.json", sql="select title from programs",
                   _shape="array")
    assert response.status_code == 200
    assert response.json() == [{"title": "Medical Coding"}]


def test_the_database_file_path_is_not_shown(directory):
    datasette = served(directory)
    for path in ("/-/databases.json", "/-/databases", "/.json", "/directory.json",
                 "/-/settings.json", "/-/metadata.json"):
        response = get(datasette, path)
        assert str(directory.parent) not in response.text, path
    databases = get(datasette, "/-/databases.json").json()
    assert [db["name"] for db in databases] == ["directory"]
    assert "path" not in databases[0]
    assert get(datasette, "/directory.db").status_code in (403, 404)


@pytest.fixture
def exec_command(monkeypatch):
    """What `serve` would exec, without starting a server."""
    commands = []

    def fake_execv(path, command):
        commands.append(command)
        raise SystemExit(0)

    monkeypatch.setattr(serve.os, "execv", fake_execv)
    return commands


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.20", "example.org"])
def test_a_public_address_gets_a_loud_warning(directory, exec_command, capsys, host):
    with pytest.raises(SystemExit):
        main(["serve", "--db", str(directory), "--host", host])
    err = capsys.readouterr().err
    assert "WARNING" in err and host in err
    assert "anyone who can reach" in err
    assert exec_command[0][exec_command[0].index("--host") + 1] == host


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1", "127.0.0.2"])
def test_loopback_is_quiet(directory, exec_command, capsys, host):
    with pytest.raises(SystemExit):
        main(["serve", "--db", str(directory), "--host", host])
    assert "WARNING" not in capsys.readouterr().err


def test_serve_runs_datasette_with_bounded_settings(directory, exec_command):
    with pytest.raises(SystemExit):
        main(["serve", "--db", str(directory)])
    command = " ".join(exec_command[0])
    for setting in ("default_allow_sql off", "sql_time_limit_ms 1000", "max_returned_rows 1000",
                    "allow_download off"):
        assert f"--setting {setting}" in command
    with pytest.raises(SystemExit):
        main(["serve", "--db", str(directory), "--allow-sql"])
    assert "--setting default_allow_sql on" in " ".join(exec_command[1])


@pytest.mark.crawl
def test_the_real_server_hides_sql_staging_and_paths(directory):
    with serve_process(directory) as (base, _):
        with pytest.raises(urllib.error.HTTPError) as answer:
            urllib.request.urlopen(base + "/directory.json?sql=select+1", timeout=10)
        assert answer.value.code == 403
        with pytest.raises(urllib.error.HTTPError) as answer:
            urllib.request.urlopen(base + "/directory/staged_programs.json", timeout=10)
        assert answer.value.code in (403, 404)
        with urllib.request.urlopen(base + "/-/databases.json", timeout=10) as response:
            text = response.read().decode()
        assert str(directory.parent) not in text and '"path"' not in text
