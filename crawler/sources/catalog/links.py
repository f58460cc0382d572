"""Link policy for the focused crawl: which links to follow, in what order, and why not.

``score_link`` rates a link by its anchor text and URL words (program, catalog, health
information, coding, certificate... up; news, athletics, login... down); the score is the
request priority and links below ``MIN_SCORE`` are not followed. ``skip_reason`` names links a
crawler must never follow whatever their words: binaries, search results, calendars, endless
pagination, course popups. ``clean_url`` drops fragments and session ids so one page is one URL.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlsplit

from scrapy.linkextractors import IGNORED_EXTENSIONS
from scrapy.utils.url import url_has_any_extension
from w3lib.url import url_query_cleaner

MIN_SCORE = 1

# Phrases matched as whole words in "anchor text + URL words", each counted once.
WEIGHTS = {
    "health information": 4, "medical coding": 4, "medical billing": 4, "medical records": 3,
    "billing": 3, "coding": 3, "coder": 3, "hit": 3, "him": 3, "rhit": 3, "health informatics": 3,
    "program": 2, "programs": 2, "catalog": 2, "course catalog": 2, "certificate": 2,
    "certificates": 2, "associate": 2, "aas": 2, "a a s": 2, "degree": 2, "degrees": 2,
    "diploma": 2, "bachelor": 1, "academics": 1, "areas of study": 1, "pathway": 1,
    "pathways": 1, "health": 1, "majors": 1, "continuing education": 1, "workforce": 1,
    "news": -5, "newsroom": -5, "athletics": -5, "sports": -5, "calendar": -5, "events": -5,
    "event": -5, "login": -5, "log in": -5, "donate": -5, "give": -3, "alumni": -5,
    "foundation": -3, "employment": -5, "jobs": -5, "privacy": -5, "accessibility": -3,
    "apply": -3, "bookstore": -5, "library": -3, "map": -3, "course": -2, "courses": -2,
    "course descriptions": -3, "archive": -2, "archives": -2, "print": -3,
}
_PHRASES = re.compile(
    r"\b(" + "|".join(sorted((re.escape(p) for p in WEIGHTS), key=len, reverse=True)) + r")\b")

SESSION_PARAMS = ("jsessionid", "phpsessid", "sid", "sessionid", "session_id", "sessid",
                  "aspsessionid", "cfid", "cftoken")
_PATH_SESSION = re.compile(r";(jsessionid|phpsessid|sid)=[^?#/]*", re.IGNORECASE)
_SEARCH_PATH = re.compile(r"(^|/)(search|search_advanced\.php|cgi-bin/search)", re.IGNORECASE)
_SEARCH_PARAMS = {"q", "s", "query", "keys", "keyword", "keywords", "search", "searchterm",
                  "search_database"}
_CALENDAR_PATH = re.compile(r"(^|/)(calendar|events?|ical)(/|\.|$)", re.IGNORECASE)
_DATE_PARAMS = {"month", "year", "day", "date", "week", "tribe-bar-date", "ical"}
_PAGE_PARAMS = {"page", "pg", "p", "cpage", "filter[cpage]", "start", "offset", "paged"}
# Course codes open course popups, not programs: "HIT 101 - Intro...", "BIO-210".
_COURSE_ANCHOR = re.compile(r"^\s*[A-Z]{2,5}\s?-?\d{3,4}[A-Z]?\b")
# Acalog "showCourse('29', '302776', this, ...)" and "acalogPopup(...)", CourseLeaf
# "return showCourse(this, 'HIT 101')": the link opens a course popup on the same page.
_COURSE_POPUP = re.compile(r"\b(showCourse|acalogPopup)\s*\(", re.I)
_PAGINATION_ANCHOR = re.compile(r"^\s*(\d{1,3}|next( page)?|more|older|›|»|>)\s*$",
                                re.IGNORECASE)


def clean_url(url: str) -> str:
    """Without fragment and session ids: the same page always has the same URL."""
    url = _PATH_SESSION.sub("", url.split("#", 1)[0])
    # Session parameter names come in any case (PHPSESSID, JSESSIONID, sid).
    names = [name for name, _ in parse_qsl(urlsplit(url).query, keep_blank_values=True)
             if name.lower() in SESSION_PARAMS]
    return url_query_cleaner(url, names, remove=True) if names else url


def has_session_id(url: str) -> bool:
    return clean_url(url) != url.split("#", 1)[0]


def score_link(url: str, anchor: str) -> int:
    parts = urlsplit(url)
    words = _words(f"{anchor} {parts.path} {parts.query}")
    return sum(WEIGHTS[phrase] for phrase in set(_PHRASES.findall(words)))


def opens_course_popup(onclick: str) -> bool:
    return bool(_COURSE_POPUP.search(onclick or ""))


def is_pagination(url: str, anchor: str) -> bool:
    return bool(_PAGINATION_ANCHOR.match(anchor)) or bool(_page_numbers(url))


def skip_reason(url: str, anchor: str, max_listing_pages: int) -> str | None:
    parts = urlsplit(url)
    params = {name.lower(): value for name, value in parse_qsl(parts.query, keep_blank_values=True)}
    if url_has_any_extension(url, IGNORED_EXTENSIONS):
        return "binary"
    if _SEARCH_PATH.search(parts.path) or _SEARCH_PARAMS & params.keys():
        return "search"
    if _CALENDAR_PATH.search(parts.path) or _DATE_PARAMS & params.keys():
        return "calendar"
    if any(number > max_listing_pages for number in _page_numbers(url)):
        return "pagination"
    if _COURSE_ANCHOR.match(anchor):
        return "course"
    return None


def _page_numbers(url: str) -> list[int]:
    return [int(value) for name, value in parse_qsl(urlsplit(url).query)
            if name.lower() in _PAGE_PARAMS and value.lstrip("-").isdigit()]


def _words(text: str) -> str:
    """Lower-case words, single-spaced: 'Health-Information_Tech' -> 'health information tech'."""
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))
