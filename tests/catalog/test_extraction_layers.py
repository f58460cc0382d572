"""Each extraction layer on small real-shaped pages: main content, title candidates, program
evidence, and the Acalog, CourseLeaf, SmartCatalog and Coursedog readers."""

from __future__ import annotations

import json

import pytest
from scrapy.http import HtmlResponse

from crawler.sources.catalog.apis import coursedog
from crawler.sources.catalog.main_content import main_text
from crawler.sources.catalog.platforms import detect
from crawler.sources.catalog.program_evidence import program_evidence
from crawler.sources.catalog.title_candidates import candidates, page_title
from tests.catalog.conftest import read_page
from tests.helpers import FIXTURES, file_response

CMS = "https://www.pinehollow.edu/programs/medical-billing-and-coding-specialist/"


def response_for(fixture: str, url: str) -> HtmlResponse:
    return file_response(f"catalog/{fixture}", url)


# -- main content --------------------------------------------------------------------------
def test_hero_article_in_the_header_is_not_the_main_content():
    text = main_text(response_for("generic_cms_program_article.html", CMS))
    assert "Learn to assign diagnosis and procedure codes" in text
    assert "Classes start every eight weeks" not in text


def test_main_content_keeps_a_fact_table_row_per_line():
    response = file_response("catalog/generic_program_hit_cp1252.html",
                             "https://www.kettleriver.edu/programs/hit.html", encoding="cp1252")
    assert "Total credits 60" in main_text(response).splitlines()


# -- title candidates ----------------------------------------------------------------------
@pytest.mark.parametrize("fixture, url, title", [
    # empty logo h1, a pop-up's h1 first in <main>, the name in an h2
    ("generic_cms_program_article.html", CMS, "Medical Billing and Coding Specialist"),
    # no heading names it: the breadcrumb's last item does (the <title> is generic)
    ("generic_breadcrumb_title.html", "https://www.mesaverde.edu/academics/hit-aas",
     "Health Information Technology AAS"),
    # no h1 at all: <title> without the site's name
    ("generic_missing_title.html", "https://www.example.edu/coding.html",
     "Medical Coding Certificate"),
])
def test_title_is_the_best_candidate(fixture, url, title):
    response = response_for(fixture, url)
    assert page_title(response, main_text(response)) == title


def test_pop_up_and_logo_headings_are_not_candidates():
    response = response_for("generic_cms_program_article.html", CMS)
    texts = [c.text for c in candidates(response, main_text(response))]
    assert "Request Info" not in texts
    assert texts[0] == "Medical Billing and Coding Specialist"


# -- evidence ------------------------------------------------------------------------------
def test_og_type_article_is_not_a_veto():
    response = response_for("generic_cms_program_article.html", CMS)
    evidence = program_evidence(response, "Medical Billing and Coding Specialist",
                                main_text(response))
    assert evidence.is_program
    assert {"award_stated", "clock_hours", "careers", "outcomes"} <= evidence.signals.keys()


@pytest.mark.parametrize("fixture, url", [
    ("generic_news_story.html", "https://www.harborpoint.edu/stories/hit-evening-cohort.html"),
    ("generic_faq.html", "https://www.lakeshoretech.edu/faq/"),
    ("generic_listing.html", "https://www.kettleriver.edu/programs/index.html"),
])
def test_pages_about_programs_score_below_the_threshold(fixture, url):
    response = response_for(fixture, url)
    text = main_text(response)
    evidence = program_evidence(response, page_title(response, text) or "", text)
    assert not evidence.is_program, evidence.summary()


def test_cms_program_page_is_read_with_its_fact_bar():
    platform, item = read_page("generic_cms_program_article.html", CMS)
    assert (platform, item["title"], item["credential_text"]) == (
        "generic_html", "Medical Billing and Coding Specialist", "Diploma")
    assert item["program_length"] == "9 months"
    assert item["certifications"] == "CBCS"


def test_program_without_a_stated_credential_is_kept_as_unknown():
    platform, item = read_page("generic_program_no_credential.html",
                               "https://www.lakeshoretech.edu/programs/medical-coding/")
    assert (item["title"], item["credential_text"], item["credits"]) == (
        "Medical Coding", None, 32.0)


def test_degree_earned_label_and_breadcrumb_title():
    _, item = read_page("generic_breadcrumb_title.html",
                        "https://www.mesaverde.edu/academics/hit-aas")
    assert (item["title"], item["credential_text"], item["credits"]) == (
        "Health Information Technology AAS", "Associate of Applied Science", 64.0)


# -- platform adapters ---------------------------------------------------------------------
def test_acalog_reads_the_description_outside_the_cores():
    platform, item = read_page(
        "acalog_program_description_outside_cores.html",
        "https://catalog.cedarplains.edu/preview_program.php?catoid=7&poid=2231")
    assert platform == "acalog"
    assert item["delivery_text"] == "This certificate is offered fully online."
    assert (item["pcap_approved"], item["certifications"], item["cost"]) == (1, "CCA, CPC", 3870.0)
    assert (item["credits"], item["program_length"]) == (29.0, "2 semesters")
    assert "Print-Friendly" not in item["description"]


def test_courseleaf_total_is_the_prose_total_not_the_last_subtotal():
    platform, item = read_page("courseleaf_program_several_tables.html",
                               "https://catalog.sagebrush.edu/programs/hit-aas/")
    assert (platform, item["credits"]) == ("courseleaf", 60.0)


def test_courseleaf_several_tables_without_a_prose_total_leave_credits_unknown():
    html = (FIXTURES / "catalog" / "courseleaf_program_several_tables.html").read_text()
    body = html.replace("requires a total of 60 credit hours", "is a two-year degree")
    response = HtmlResponse("https://catalog.sagebrush.edu/programs/hit-aas/",
                            body=body.encode(), encoding="utf-8")
    page = detect(response).program(response)
    assert page.credits is None
    assert "Total Hours 46" not in page.text  # a subtotal must not pass for the total


def test_smartcatalog_program_page():
    platform, item = read_page(
        "smartcatalog_program.html",
        "https://sagebrush.smartcatalogiq.com/en/2025-2026/catalog/health-sciences/"
        "health-information-technology-aas")
    assert (platform, item["title"], item["credential_text"]) == (
        "smartcatalog", "Health Information Technology, AAS", "Associate of Applied Science")
    assert (item["credits"], item["certifications"]) == (61.0, "RHIT")


def test_smartcatalog_course_page_is_not_a_program():
    assert read_page("smartcatalog_course.html",
                     "https://sagebrush.smartcatalogiq.com/en/2025-2026/catalog/"
                     "course-descriptions/hit-health-information-technology/2000/hit-2110"
                     ) == ("smartcatalog", None)


# -- Coursedog API -------------------------------------------------------------------------
def test_coursedog_catalog_ids_and_paging():
    payload = json.loads((FIXTURES / "catalog" / "coursedog_catalog_urls.json").read_text())
    assert coursedog.catalog_ids(payload) == ("juniperbasin_cc", "Jb7qLcR2x9TfW4mKp1Za")
    assert coursedog.catalog_ids({"message": "does not have entity assigned"}) is None
    assert coursedog.next_skip({"listLength": 250, "data": [{}] * 100}, 100) == 200
    assert coursedog.next_skip({"listLength": 250, "data": [{}] * 50}, 200) is None


def test_coursedog_program_records_become_program_pages():
    rows = coursedog.programs((FIXTURES / "catalog" / "coursedog_programs.json").read_bytes())
    pages = dict(coursedog.program_pages(rows, "catalog.juniperbasin.edu"))
    coding = pages["https://catalog.juniperbasin.edu/programs/MBC-CC"]
    assert (coding.title, coding.credential, coding.credits) == (
        "Medical Billing and Coding, Certificate of Completion", "Certificate (CC)", 45.0)
    assert coding.delivery == "Classes meet in person on the Bend campus."
    assert "https://catalog.juniperbasin.edu/programs/MT-CC" not in pages  # inactive


# -- structured data -----------------------------------------------------------------------
def test_microdata_program_is_read_like_json_ld():
    platform, item = read_page("microdata_program.html",
                               "https://www.prairiewind.edu/programs/medical-coding/")
    assert (platform, item["title"], item["credential_text"], item["delivery_text"]) == (
        "jsonld", "Medical Coding Certificate", "Certificate", "online")
    assert (item["credits"], item["program_length"]) == (30.0, "9 months")


def test_courseleaf_overview_only_program_page_is_judged_on_its_evidence():
    html = (FIXTURES / "catalog" / "courseleaf_program_several_tables.html").read_text()
    overview_only = html.split("<h3>General Education</h3>")[0].replace(
        "Health Information Technology, AAS</h1>", "Health Information Technology</h1>")
    body = overview_only + "</div></div></body></html>"
    response = HtmlResponse("https://catalog.sagebrush.edu/programs/health-information-technology/",
                            body=body.encode(), encoding="utf-8")
    page = detect(response).program(response)
    assert (page.title, page.credits) == ("Health Information Technology", 60.0)
    assert "award_in_lead" in page.evidence
