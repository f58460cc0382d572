"""Link policy: scores, skip reasons and URL cleaning, each case on its own."""

from __future__ import annotations

import pytest

from crawler.sources.catalog.links import (MIN_SCORE, clean_url, is_pagination, score_link,
                                           skip_reason)
from crawler.sources.catalog.platforms import normalize_url
from crawler.sources.catalog.sites import site_of

MAX_PAGES = 30
LISTING = "https://catalog.example.edu/content.php?catoid=12&navoid=1003"
PROGRAMS = "https://www.example.edu/programs/"


@pytest.mark.parametrize("url, anchor", [
    ("https://catalog.example.edu/preview_program.php?catoid=12&poid=3401",
     "Health Information Technology, AAS"),
    ("https://www.example.edu/academics/", "Academics"),
    ("https://catalog.example.edu/", "Browse the Academic Catalog"),
    ("https://catalog.example.edu/programs/health-sciences/medical-assisting-certificate/", ""),
    ("https://www.example.edu/ce/coding-bootcamp.html", "Full Stack Coding Bootcamp"),
])
def test_promising_links_are_followed(url, anchor):
    assert score_link(url, anchor) >= MIN_SCORE


@pytest.mark.parametrize("url, anchor", [
    ("https://www.example.edu/news/", "News"),
    ("https://www.example.edu/athletics/", "Athletics"),
    ("https://www.example.edu/about/", "About"),
    ("https://catalog.example.edu/content.php?catoid=12&navoid=1004", "Course Descriptions"),
    ("https://catalog.example.edu/course-descriptions/hit/", ""),
    ("https://www.example.edu/foundation/give/", "Donate"),
])
def test_noise_links_are_not_followed(url, anchor):
    assert score_link(url, anchor) < MIN_SCORE


def test_health_information_outranks_a_generic_program_link():
    health = score_link("https://x.edu/programs/health-information-technology/",
                        "Health Information Technology")
    assert health > score_link("https://x.edu/programs/welding/", "Welding Technology, Certificate")


@pytest.mark.parametrize("url, anchor, reason", [
    ("https://www.example.edu/docs/catalog-2025.pdf", "Printable Catalog", "binary"),
    ("https://www.example.edu/images/map.jpg", "Campus Map", "binary"),
    ("https://www.example.edu/search?q=coding", "Search", "search"),
    ("https://www.example.edu/?s=", "Search", "search"),
    ("https://catalog.example.edu/search_advanced.php?catoid=12", "Advanced Search", "search"),
    ("https://www.example.edu/events/calendar", "Events", "calendar"),
    ("https://www.example.edu/info-sessions/?month=7", "Next month", "calendar"),
    ("https://www.example.edu/programs/?page=31", "31", "pagination"),
    ("https://catalog.example.edu/preview_course_nopop.php?catoid=12&coid=5501",
     "HIT 101 - Introduction to Health Information", "course"),
    ("https://www.example.edu/programs/health-information-technology/", "HIT program", None),
    (f"{LISTING}&filter%5Bcpage%5D=3", "3", None),
])
def test_skip_reason(url, anchor, reason):
    assert skip_reason(url, anchor, MAX_PAGES) == reason


@pytest.mark.parametrize("url, anchor, expected", [
    (f"{LISTING}&filter%5Bcpage%5D=2", "2", True),
    ("https://www.example.edu/programs/", "Next", True),
    ("https://www.example.edu/programs/welding/", "Welding", False),
])
def test_pagination(url, anchor, expected):
    assert is_pagination(url, anchor) is expected


@pytest.mark.parametrize("url, expected", [
    ("https://www.example.edu/programs/index.html;jsessionid=A81F3C2B", f"{PROGRAMS}index.html"),
    ("https://www.example.edu/programs/index.html?sid=8f14e45f", f"{PROGRAMS}index.html"),
    ("https://www.example.edu/p.php?id=4&PHPSESSID=abc#top", "https://www.example.edu/p.php?id=4"),
    ("https://www.example.edu/programs/#overview", "https://www.example.edu/programs/"),
])
def test_clean_url_drops_session_ids_and_fragments(url, expected):
    assert clean_url(url) == expected


def test_acalog_program_links_lose_their_navigation_state():
    url = "https://catalog.example.edu/preview_program.php?catoid=12&poid=3401&returnto=1003"
    assert normalize_url(url) == url.removesuffix("&returnto=1003")


@pytest.mark.parametrize("url, site", [
    ("http://catalog.harborpoint.edu:8765/content.php", "harborpoint.edu"),
    ("https://www.harborpoint.edu/", "harborpoint.edu"),
    ("www.bayshore.edu/", "bayshore.edu"),
    ("https://www.cc.mn.us/", "www.cc.mn.us"),  # mn.us is a public suffix: www.cc is the site
    ("http://127.0.0.1:8000/", "127.0.0.1"),
])
def test_site_is_the_registered_domain(url, site):
    assert site_of(url) == site
