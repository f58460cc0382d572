"""Datasette plugin: what the program and institution pages show besides their own row.

Datasette renders ``/DB/program_directory/<id>`` and ``/DB/institutions/<unitid>`` with the row
template; templates/row.html turns them into pages for people. This hook gives that template
the program (every directory column by name), the listings merged into it with the evidence
each source gave, its change history, and for an institution its programs. Loaded by
``python -m crawler serve`` with ``--plugins-dir plugins``.
"""

from __future__ import annotations

from datasette import hookimpl
from datasette.utils import tilde_decode

from db.views import PROGRAM_DIRECTORY

_LISTINGS = ("SELECT m.status, m.evidence AS match_evidence, p.* FROM program_merge_members m "
             "JOIN programs p ON p.program_id = m.program_id WHERE m.directory_id = :id "
             "ORDER BY m.status IN ('anchor', 'shared') DESC, p.source")
_HISTORY = ("SELECT changed_at, spider, change, field, old_value, new_value "
            "FROM program_changes WHERE directory_program_id = :id "
            "ORDER BY change_id DESC LIMIT 100")
_INSTITUTION = "SELECT name, city, state, website, control FROM institutions WHERE unitid = :id"
_INSTITUTION_PROGRAMS = (
    f"SELECT program_id, title, track, credential_level, delivery_mode, sources, scope "
    f"FROM {PROGRAM_DIRECTORY.name} WHERE unitid = :id "
    f"ORDER BY scope = 'look-alikes and other levels', track, credential_level, title")


async def _rows(db, sql: str, params: dict) -> list[dict]:
    return [dict(row) for row in (await db.execute(sql, params)).rows]


async def program_page(db, program_id: str) -> dict:
    programs = await _rows(db, f"SELECT * FROM {PROGRAM_DIRECTORY.name} WHERE program_id = :id",
                           {"id": program_id})
    if not programs:
        return {}
    return {"program": programs[0],
            "listings": await _rows(db, _LISTINGS, {"id": program_id}),
            "history": await _rows(db, _HISTORY, {"id": program_id})}


async def institution_page(db, unitid: str) -> dict:
    found = await _rows(db, _INSTITUTION, {"id": unitid})
    return {"institution": found[0] if found else None,
            "institution_programs": await _rows(db, _INSTITUTION_PROGRAMS, {"id": unitid})}


@hookimpl
def extra_template_vars(template, database, table, view_name, request, datasette):
    if view_name != "row" or table not in (PROGRAM_DIRECTORY.name, "institutions"):
        return {}

    async def page_vars():
        key = tilde_decode(request.url_vars["pks"])
        db = datasette.get_database(database)
        if table == "institutions":
            return await institution_page(db, key)
        return await program_page(db, key)

    return page_vars
