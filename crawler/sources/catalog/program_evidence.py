"""Whether a page describes one program: a score over evidence, with the evidence kept.

No single signal decides. A program page usually names an award, states credits or clock hours,
a length or a cost, lists courses, describes outcomes, admission and careers, and sits under a
program-like URL; a news story, an index of programs or an admissions page has some of those
too, and a dated byline, a news path, many credential links or a page-type title count against
it. ``og:type=article`` alone says nothing: many college CMSs set it on every page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from parsel import Selector
from scrapy.http import TextResponse

from crawler.sources.catalog.page_facts import (accreditation_in, award_line_in, certifications_in,
                                                clock_hours_in, cost_in, credits_in, delivery_in,
                                                labelled_credential_in, length_in,
                                                names_credential)

THRESHOLD = 4.0
WEIGHTS = {
    "award_in_title": 3.0, "award_stated": 2.0, "credits": 2.0, "clock_hours": 2.0,
    "course_list": 2.0, "length": 1.0, "cost": 1.0, "outcomes": 1.0, "admission": 1.0,
    "careers": 1.0, "requirements": 1.0, "accreditation": 1.0, "certification_exam": 1.0,
    "delivery": 0.5, "program_url": 1.0, "names_itself_a_program": 1.5, "award_in_lead": 1.5,
    "title_in_url": 1.0,
    "listing": -5.0, "index_title": -4.0, "dated_byline": -3.0, "news_url": -3.0,
    "page_type_title": -4.0, "headline_title": -2.0,
}
_OUTCOMES = re.compile(r"\b(program (learning )?outcomes|learning outcomes|student learning|"
                       r"upon (successful )?completion|graduates will be able|"
                       r"students will (learn|be able)|what you('|’)ll learn)\b", re.I)
_ADMISSION = re.compile(r"\b(admission (requirements|criteria|process)|admissions? process|"
                        r"(selective|open|limited|special) admission|how to apply|to apply|"
                        r"entrance requirements|prerequisites|application (guidelines|deadlines?)|"
                        r"selection criteria|before enrolling|high school diploma)\b", re.I)
_CAREERS = re.compile(r"\b(career (opportunities|outlook|paths?)|careers|job (titles|outlook)|"
                      r"employment opportunities|where you('|’)ll work|potential jobs)\b", re.I)
_REQUIREMENTS = re.compile(r"\b(required courses|program requirements|curriculum|"
                           r"course sequence|degree requirements|plan of study)\b", re.I)
_COURSE_CODE = re.compile(r"(?<![A-Za-z])[A-Z]{2,7}[ -]?\d{2,4}[A-Z]?(?![\d])")
# "The Health Information Technology program can be completed online", "this training program".
_NAMES_ITSELF = re.compile(r"\b(the|this|our)\s+(?:[\w&/'’-]+\s+){0,6}?program\b(?!s)", re.I)
_AWARD_PHRASE = re.compile(
    r"\b(certificate of (proficiency|completion|achievement)|college credit certificate|"
    r"(associate|bachelor)(['’]s)? (of|in) (applied )?(science|arts)|technical certificate|"
    r"(associate|bachelor)(['’]s)? degree|diploma)\b", re.I)
LEAD = 400  # characters of main content after the name: where a page says what it offers
_PROGRAM_PATH = re.compile(
    r"(^|/)(programs?|degrees?|certificates?|majors?|academics|areas-of-study|pathways?|"
    r"preview_program\.php|ce|continuing-education|workforce|training|"
    r"[\w-]*-(aas|as|cert|certificate|diploma|degree)(\.html?)?)(/|$)", re.I)
_NEWS_PATH = re.compile(r"(^|/)(news|stories|story|blog|press|press-releases|events?|"
                        r"newsroom|announcements)(/|$)", re.I)
_PAGE_TYPE_TITLE = re.compile(
    r"\b(faq|faqs|frequently asked|admissions?|how to apply|apply|tuition|financial aid|news|"
    r"calendar|contact|about us|course descriptions|courses|catalog home|search results|"
    r"advising|checklist|planning guide|selection criteria|information sessions?|"
    r"about the profession|applications?|guidelines|index)\b", re.I)
# A page about many programs, whatever award words its title carries.
_INDEX_TITLE = re.compile(
    r"\b((degrees?|certificates?|diplomas?) (and|&|or) (a )?(degrees?|certificates?|diplomas?)|"
    r"(degree|certificate|academic|credit|transfer) programs|programs of study|all programs|"
    r"programs (and|&) (degrees|certificates)|areas of study|programs a-z|earning a degree)\b",
    re.I)
# A visible dated byline; not article:published_time, which some CMSs put on every page.
BYLINE = ("article time[datetime], .byline, .posted-on, .post-date, .entry-date, "
          "time.published, [itemprop=datePublished]")
MAX_CREDENTIAL_LINKS = 2  # a program page's own text links to two related programs at most
MIN_COURSE_CODES = 3
MAX_TITLE_WORDS = 12


@dataclass
class Evidence:
    """The signals found on a page; ``summary`` is what the spider keeps in its stats and log."""

    signals: dict[str, float] = field(default_factory=dict)

    def add(self, name: str, present: bool) -> None:
        if present:
            self.signals[name] = WEIGHTS[name]

    @property
    def score(self) -> float:
        return sum(self.signals.values())

    @property
    def is_program(self) -> bool:
        return self.score >= THRESHOLD

    def summary(self) -> str:
        return ", ".join(f"{name} {weight:+g}" for name, weight in self.signals.items())


def program_evidence(response: TextResponse, title: str, text: str,
                     main: Selector | None = None) -> Evidence:
    """Evidence that the page titled ``title`` with main-content ``text`` (the element ``main``)
    is one program."""
    evidence = Evidence()
    path = urlsplit(response.url).path
    lead = _lead(text, title)
    index_title = bool(_INDEX_TITLE.search(title))
    evidence.add("award_in_title", names_credential(title) and not index_title)
    evidence.add("award_stated", bool(labelled_credential_in(text) or award_line_in(text)))
    evidence.add("credits", credits_in(text) is not None)
    evidence.add("clock_hours", clock_hours_in(text) is not None)
    evidence.add("course_list", len(set(_COURSE_CODE.findall(text))) >= MIN_COURSE_CODES)
    evidence.add("length", length_in(text) is not None)
    evidence.add("cost", cost_in(text) is not None)
    evidence.add("outcomes", bool(_OUTCOMES.search(text)))
    evidence.add("admission", bool(_ADMISSION.search(text)))
    evidence.add("careers", bool(_CAREERS.search(text)))
    evidence.add("requirements", bool(_REQUIREMENTS.search(text)))
    evidence.add("accreditation", accreditation_in(text) is not None)
    evidence.add("certification_exam", bool(certifications_in(text)))
    evidence.add("delivery", delivery_in(text) is not None)
    evidence.add("program_url", bool(_PROGRAM_PATH.search(path)))
    evidence.add("names_itself_a_program", bool(_NAMES_ITSELF.search(lead)))
    evidence.add("award_in_lead", bool(_AWARD_PHRASE.search(lead)))
    evidence.add("title_in_url", _title_in_url(title, path))
    evidence.add("listing", _credential_links(main or response) > MAX_CREDENTIAL_LINKS)
    evidence.add("index_title", index_title)
    evidence.add("dated_byline", bool(response.css(BYLINE)))
    evidence.add("news_url", bool(_NEWS_PATH.search(path)))
    evidence.add("page_type_title", bool(_PAGE_TYPE_TITLE.search(title))
                 and not names_credential(title))
    evidence.add("headline_title", len(title.split()) > MAX_TITLE_WORDS)
    return evidence


def _lead(text: str, title: str) -> str:
    """The opening of the main content, after the program's name."""
    start = text.find(title) + len(title) if title and title in text else 0
    return text[start:start + LEAD]


def _title_in_url(title: str, path: str) -> bool:
    """Most of the name's words are in the URL's last segment: a page of its own."""
    words = set(re.findall(r"[a-z]{3,}", title.lower())) - {"and", "the", "for", "with"}
    slug = [s for s in path.lower().split("/") if s and s != "index.html"]
    found = set(re.findall(r"[a-z]{3,}", slug[-1])) if slug else set()
    return bool(words) and len(words & found) >= 0.6 * len(words)


def _credential_links(scope) -> int:
    """Links naming a credential inside the content (menus, sidebars and footers do not
    count: a program page often lists related programs beside its own). Counting stops past
    the limit: an index page may hold thousands."""
    anchors = scope.xpath(
        ".//a[not(ancestor::nav or ancestor::header or ancestor::footer or ancestor::aside "
        "or ancestor::*[@role='navigation'] or ancestor::*[@role='complementary'])]")
    count = 0
    for anchor in anchors:
        count += names_credential(" ".join(anchor.xpath(".//text()").getall()))
        if count > MAX_CREDENTIAL_LINKS:
            break
    return count
