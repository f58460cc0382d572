"""The program's name on a page, chosen among scored candidates rather than the first ``h1``.

Real pages have an empty logo ``h1``, a pop-up's ``h1`` first in ``<main>``, or no ``h1`` at all
and the program's name in an ``h2``, the ``<title>``, ``og:title`` or the breadcrumb. Each of
those is a candidate with a score for where it came from; candidates that agree with each
other, name a credential, or appear in the main content score higher; menu words, the site's
own name and sentence-long headlines score lower.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from scrapy.http import TextResponse

from crawler.sources.catalog.page_facts import names_credential
from crawler.sources.catalog.page_text import text_of, tidy

# Where a candidate came from, and how much that alone says.
SOURCE_SCORES = {"h1": 3.0, "h2": 1.0, "og:title": 2.0, "title": 2.0, "breadcrumb": 2.0,
                 "url": 0.5}
BREADCRUMB = ('[class*="breadcrumb"] li, [class*="breadcrumb"] a, [class*="breadcrumb"] span, '
              'nav[aria-label*="readcrumb"] li')
# Words that name a page, a menu or a widget, never a program.
_NOT_A_NAME = re.compile(
    r"^(menu|main menu|search|home|close|skip to .*|apply( now| today)?|request info(rmation)?|"
    r"contact us|quick links|navigation|programs?( (and|&) (degrees|certificates))?|"
    r"programs a-z|a-z|programs a to z|all programs|"
    r"academics|explore|overview|get started|welcome|share|sign up.*|subscribe.*|"
    r"student resources|related programs|you may also like|learn more|next steps|"
    r"program (description|overview|requirements|outcomes|information|details)|"
    r"career (opportunities|outlook)|curriculum|requirements|description|accreditation|"
    r"contact information)$", re.I)
# Page names such as "Admissions" or "FAQ" stay candidates: the page is then judged as what it is.
_TITLE_SEPARATORS = re.compile(r"\s+[|–—:»·]\s+|\s+-\s+|\s*::\s*")
_INSTITUTION = re.compile(r"\b(college|university|institute|school|academy|community college|"
                          r"cc|campus)\b", re.I)
MAX_WORDS = 12
_AWARD_WORDS = {"associate", "associates", "bachelor", "bachelors", "master", "masters",
                "certificate", "certificates", "diploma", "degree", "degrees", "program",
                "programs", "applied", "science", "arts", "the", "and", "aas", "cert",
                "achievement", "completion", "proficiency", "technical", "credit"}


@dataclass
class Candidate:
    text: str
    source: str
    score: float


def page_title(response: TextResponse, main: str) -> str | None:
    """The best-scored name for the page's program, or None when nothing names it."""
    ranked = candidates(response, main)
    return ranked[0].text if ranked else None


def candidates(response: TextResponse, main: str) -> list[Candidate]:
    """All candidates, best first (ties keep document order: h1, h2, og:title, ...)."""
    site_name = tidy(response.css('meta[property="og:site_name"]::attr(content)').get())
    raw = [(tidy(text_of(h)), "h1") for h in response.css("h1")]
    raw += [(tidy(text_of(h)), "h2") for h in response.css("h2")]
    raw += [(_strip_site(response.css('meta[property="og:title"]::attr(content)').get(),
                         site_name), "og:title"),
            (_strip_site(text_of(*response.css("title")[:1]), site_name), "title")]
    crumbs = [tidy(text_of(c)) for c in response.css(BREADCRUMB)]
    raw += [(crumbs[-1] if crumbs else None, "breadcrumb"), (_slug(response.url), "url")]
    found = [Candidate(text, source, SOURCE_SCORES[source]) for text, source in raw
             if text and _could_be_a_name(text, site_name)]
    main_folded = _fold(main)
    for candidate in found:
        candidate.score += _adjustment(candidate, found, main_folded)
    return sorted(found, key=lambda c: -c.score)


def _adjustment(candidate: Candidate, found: list[Candidate], main_folded: str) -> float:
    folded = _fold(candidate.text)
    score = 0.0
    if names_credential(candidate.text):
        score += 2.5  # a department heading rarely names an award; the program's name often does
    if not _subject_words(candidate.text):
        score -= 3.0  # "Associate Degree Program": an award without a field is not a name
    if candidate.source in ("h1", "h2") and folded and folded in main_folded:
        score += 1.0  # a heading of the main content, not of a menu, hero banner or pop-up
    # Every other source naming the same thing (or a longer form of it) is a vote for it.
    others = {c.source for c in found if c is not candidate and c.source != candidate.source
              and folded and folded in _fold(c.text)}
    score += 1.0 * len(others)
    if _INSTITUTION.search(candidate.text) and not names_credential(candidate.text):
        score -= 2.0  # the college's own name: a logo heading, not a program
    if len(candidate.text.split()) > MAX_WORDS:
        score -= 3.0  # a headline or a sentence, not a program's name
    return score


def _could_be_a_name(text: str, site_name: str | None) -> bool:
    if len(text) < 4 or _NOT_A_NAME.match(text):
        return False
    return not (site_name and _fold(text) == _fold(site_name))


def _strip_site(title: str | None, site_name: str | None) -> str | None:
    """'Medical Coding | Programs | Kettle River CC' -> 'Medical Coding'."""
    parts = [p.strip() for p in _TITLE_SEPARATORS.split(tidy(title) or "") if p.strip()]
    if len(parts) > 1:
        parts = [p for p in parts if not _is_site_part(p, site_name)] or parts[:1]
    return next((p for p in parts if not _NOT_A_NAME.match(p)), None)


def _is_site_part(part: str, site_name: str | None) -> bool:
    if site_name and _fold(part) == _fold(site_name):
        return True
    return bool(_INSTITUTION.search(part)) and not names_credential(part)


def _slug(url: str) -> str | None:
    """'/programs/medical-billing-coding/' -> 'Medical Billing Coding'."""
    segments = [s for s in urlsplit(url).path.split("/") if s and s != "index.html"]
    if not segments:
        return None
    words = re.sub(r"\.\w+$", "", unquote(segments[-1])).replace("_", "-").split("-")
    return " ".join(w.capitalize() for w in words if w) or None


def _subject_words(text: str) -> list[str]:
    """The words of a name that are not award or filler words."""
    return [w for w in re.findall(r"[a-z]{3,}", text.lower()) if w not in _AWARD_WORDS]


def _fold(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", (text or "").lower()))
