"""Platform adapters on saved pages: one assertion per field, parametrised over pages."""

from __future__ import annotations

import pytest

from tests.catalog.conftest import read_page

HARBOR = "https://catalog.harborpoint.edu/preview_program.php?catoid=12&poid="
RED_MESA = "https://catalog.redmesa.edu/programs/health-sciences/"
BLUESTEM = "https://www.bluestem.edu/programs/"
KETTLE = "https://www.kettleriver.edu/programs/"

PROGRAM_PAGES = {
    "acalog_program_hit.html": (HARBOR + "3401", None, {
        "platform": "acalog",
        "title": "Health Information Technology, AAS",
        "credential_text": "Associate in Applied Science (AAS)",
        "credits": 64.0,
        "program_length": "4 semesters",
        "cost": 9860.0,
        "delivery_text": "Delivery: Hybrid – most courses online, with on-campus labs in "
                             "Erie",
        "accreditor": "CAHIIM",
        "accreditation_level": "associate",
        "accredited_through": 2031,
        "pcap_approved": 0,
        "certifications": "RHIT",
        "url": HARBOR + "3401",
        "source": "catalog",
        "site": "example.edu",  # the seed's site keys the program, whatever page it is on
        "language": "en",
    }),
    "acalog_program_coding.html": (HARBOR + "3402", None, {
        "platform": "acalog",
        "title": "Medical Coding Certificate of Proficiency",
        "credential_text": "Certificate of Proficiency",
        "credits": 30.0,
        "program_length": "2 semesters",
        "cost": 4120.0,
        "accreditor": None,
        "pcap_approved": 1,
        "certifications": "CCA, CCS",
    }),
    "courseleaf_program_hit.html": (RED_MESA + "health-information-technology-aas/", None, {
        "platform": "courseleaf",
        "title": "Health Information Technology, A.A.S.",
        "credential_text": "A.A.S.",
        "credits": 62.0,
        "program_length": "5 semesters",
        "cost": None,
        "delivery_text": "Classes meet on the Grand Junction campus.",
        "accredited_through": 2029,
        "certifications": "RHIT",
        "url": RED_MESA + "health-information-technology-aas/",
    }),
    "courseleaf_program_coding.html": (RED_MESA + "medical-coding-specialist-certificate/", None, {
        "platform": "courseleaf",
        "title": "Medical Coding Specialist, Certificate",
        "credential_text": "Certificate",
        "credits": 34.0,
        "program_length": "12 months",
        "cost": 5240.0,
        "certifications": "CCA, CPC",
    }),
    "jsonld_program_him.html": (BLUESTEM + "health-information-management-bs/", None, {
        "platform": "jsonld",
        "title": "Health Information Management, B.S.",
        "credential_text": "Bachelor of Science",
        "credits": 120.0,
        "program_length": "4 years",
        "delivery_text": "online",
        "accreditor": "CAHIIM",
        "accreditation_level": "bachelor",
        "accredited_through": 2030,
        "certifications": None,
        "description": "An online bachelor's degree preparing health information managers for "
                       "hospitals, health systems and payers.",
    }),
    "jsonld_program_coding.html": (BLUESTEM + "medical-billing-coding-certificate/", None, {
        "platform": "jsonld",
        "title": "Medical Billing and Coding Certificate",
        "credential_text": "Certificate",
        "credits": 30.0,
        "program_length": "9 months",
        "cost": 4650.0,
        "delivery_text": "Online",
        "pcap_approved": 1,
        "certifications": "CCA, CPC",
    }),
    "generic_program_hit_cp1252.html": (KETTLE + "health-information-technology.html", "cp1252", {
        "platform": "generic_html",
        "title": "Health Information Technology – A.A.S. Degree",
        "credential_text": "A.A.S. Degree",
        "credits": 60.0,
        "program_length": "2 years",
        "cost": 11480.0,
        "delivery_text": "Where / how Classes meet on the Cloquet campus; several courses are "
                             "also offered online.",
        "accredited_through": 2027,
        "certifications": "RHIT, CCA",
        "language": None,  # an old static page that declares no language
    }),
    "generic_program_malformed.html": (KETTLE + "medical-coding-certificate.html", None, {
        "platform": "generic_html",
        "title": "HIT Coding Specialist Certificate (HITC.CER2)",
        "credential_text": "Certificate",
        "credits": 30.0,
        "program_length": "2 semesters",
        "pcap_approved": 1,
        "certifications": "CCA, CCS",
    }),
    "generic_program_award_label.html": (
        "https://www.juniperbasin.edu/programs/health-information-technology/", None, {
            "platform": "generic_html",
            "title": "Health Information Technology",
            "credential_text": "Associate of Applied Science",
            "credits": 90.0,
            "program_length": "6 terms",
            # "applied for CAHIIM accreditation; in candidacy": not accredited
            "accreditor": None,
            "accredited_through": None,
        }),
    # No h1 at all: the name is the <title> without the site's name, and the page is a program
    # page on its evidence (award in the name, credits, length, delivery, an exam).
    "generic_missing_title.html": ("https://www.example.edu/coding.html", None, {
        "platform": "generic_html",
        "title": "Medical Coding Certificate",
        "credential_text": "Certificate",
        "credits": 30.0,
        "certifications": "CCA",
    }),
    "generic_truncated.html": ("https://www.example.edu/coding.html", None, {
        "platform": "generic_html",
        "title": "Medical Coding Certificate",
        "credits": 30.0,
        "cost": 4000.0,
    }),
}

FIELD_CASES = [(fixture, field) for fixture, (_, _, fields) in PROGRAM_PAGES.items()
               for field in fields]


@pytest.mark.parametrize("fixture, field", FIELD_CASES)
def test_program_page_field(fixture, field):
    url, encoding, expected = PROGRAM_PAGES[fixture]
    platform, item = read_page(fixture, url, encoding)
    assert item is not None, f"{fixture} is a program page"
    actual = platform if field == "platform" else item.get(field)
    assert actual == expected[field]


@pytest.mark.parametrize("fixture", PROGRAM_PAGES)
def test_program_page_has_stable_id_and_provenance(fixture):
    url, encoding, _ = PROGRAM_PAGES[fixture]
    _, first = read_page(fixture, url, encoding)
    _, again = read_page(fixture, url, encoding)
    assert first["program_id"] == again["program_id"]
    assert first["program_id"].startswith("catalog-")
    assert (first["source_url"], bool(first["fetched_at"])) == (url, True)


NOT_PROGRAM_PAGES = [
    ("acalog_listing_page2.html",
     "https://catalog.harborpoint.edu/content.php?catoid=12&navoid=1003&filter%5Bcpage%5D=2",
     "acalog"),
    ("courseleaf_department.html", RED_MESA, "courseleaf"),
    ("jsonld_itemlist.html", BLUESTEM, "generic_html"),  # programs nested in an ItemList
    ("jsonld_news.html", "https://www.bluestem.edu/news/2025/him-program-reaccredited/",
     "generic_html"),
    ("generic_listing.html", KETTLE + "index.html", "generic_html"),
    ("generic_news_story.html", "https://www.harborpoint.edu/stories/hit-evening-cohort.html",
     "generic_html"),
    ("js_shell_coursedog.html", "https://catalog.juniperbasin.edu/", "js_shell"),
]


@pytest.mark.parametrize("fixture, url, platform", NOT_PROGRAM_PAGES)
def test_page_that_is_not_a_program_yields_nothing(fixture, url, platform):
    assert read_page(fixture, url) == (platform, None)


def test_invalid_utf8_bytes_do_not_break_the_page():
    platform, item = read_page("invalid_utf8.html", "https://www.example.edu/billing.html", "utf-8")
    assert platform == "generic_html"
    assert item["title"] == "Medical Billing \ufffd Coding Certificate"
    assert (item["credits"], item["certifications"]) == (24.0, "CBCS")


def test_json_ld_that_is_not_json_falls_back_to_the_page():
    platform, item = read_page("jsonld_broken.html", "https://www.example.edu/hit.html")
    assert platform == "generic_html"
    assert (item["title"], item["credits"]) == ("Health Information Technology, A.A.S.", 64.0)
