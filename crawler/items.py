"""Items: the record types the spiders yield.

Field names are the database column names. Each field is described once, here: the description
feeds the Datasette column descriptions (``db/metadata.py``), ``type`` feeds the SQLite schema
(``db/schema.py``) and ``tracked`` the change log (``db/promotion.py``), so items, columns and
docs cannot drift apart.
"""

from __future__ import annotations

import scrapy


def described(description: str, type: type = str, tracked: bool = True) -> scrapy.Field:
    """``tracked=False``: a new value is not recorded in ``changes`` as a change of the program.
    For its identity, and for bookkeeping that moves on every run (fetch time, sample-web port in
    source_url) or with every classifier tweak (evidence, confidence)."""
    return scrapy.Field(description=description, type=type, tracked=tracked)


class InstitutionItem(scrapy.Item):
    unitid = described("IPEDS unit id of the institution (the federal identifier).", int)
    name = described("Institution name as reported to IPEDS.")
    address = described("Street address.")
    city = described("City.")
    state = described("Two-letter state or territory code.")
    zip = described("ZIP code.")
    website = described("Institution website (absolute URL).")
    latitude = described("Latitude of the main campus (from IPEDS).", float)
    longitude = described("Longitude of the main campus (from IPEDS).", float)
    sector = described("IPEDS sector code (1 public 4-year, 4 public 2-year, ...).", int)
    control = described("Control: public, private nonprofit or private for-profit.")
    source = described("Source the record came from (e.g. ipeds).")
    source_url = described("URL of the file or page the record was read from.")
    fetched_at = described("When the source was fetched (UTC, ISO 8601).")


class ProgramItem(scrapy.Item):
    program_id = described(
        "Stable id derived from the program's identity (source, institution, CIP code or "
        "normalized title, award level): re-crawls update the same row.", tracked=False)
    source = described("Source the listing came from (ipeds, catalog, ...).", tracked=False)
    unitid = described("IPEDS unit id of the institution offering the program.", int)
    institution_name = described("Name of the institution offering the program.")
    city = described("City of the institution.")
    state = described("Two-letter state code of the institution.")
    title = described("Program title as published by the source.")
    description = described("Program description, when the source has one.")
    cip_code = described("CIP 2020 code (text, e.g. 51.0707) reported for the program.")
    cip_title = described("CIP 2020 title of cip_code.")
    credential_text = described(  # a raw input: not history, see delivery_text
        "The source's own credential words, read by the classifier: the IPEDS award level "
        "(e.g. \"Associate's degree\") or the catalog page's (e.g. \"Associate in Applied "
        "Science (AAS)\").", tracked=False)
    credential_level = described(
        "Credential: certificate, associate, bachelor, master, diploma, non-credit or unknown.")
    credential_evidence = described("What decided credential_level.", tracked=False)
    track = described(
        "Track: hit (health information technology / medical records technician), "
        "billing_coding (medical billing and coding), him (health information management) or other.")
    track_confidence = described("Confidence of the track decision, 0 to 1.", float, tracked=False)
    track_evidence = described("Human-readable reasons for the track decision.", tracked=False)
    delivery_mode = described("Whether it can be taken online: online, hybrid, campus or unknown.")
    # The raw inputs are not history either: a reworded page sentence is no change to the
    # program, and a rewording that matters shows in credential_level or delivery_mode.
    delivery_text = described(
        "The source's own statement of how the program is delivered, read by the classifier: "
        "the IPEDS distance-education flag in words, a page's delivery sentence or its "
        "schema.org educationalProgramMode.", tracked=False)
    delivery_evidence = described("What decided delivery_mode.", tracked=False)
    # Not history of its own: it moves with delivery_mode (its first mode).
    delivery_options = described(
        "Every mode the program is offered in, most flexible first (online, hybrid, campus), "
        "e.g. 'online,campus'; delivery_mode is the first. Empty when nothing says.",
        tracked=False)
    completions = described("Awards granted in the data year (IPEDS completions, first majors).", int)
    data_year = described("Data year of the source (e.g. IPEDS collection year).", int)
    credits = described("Credits to complete the program as its page states them (lower bound of "
                        "a range).", float)
    program_length = described("Program length as its page states it, e.g. '4 semesters', "
                               "'9 months'.")
    cost = described("Estimated program cost in US dollars when its page shows one.", float)
    accreditor = described("Programmatic accreditor named in a formal accreditation statement on "
                           "the program page (CAHIIM).")
    accreditation_level = described("Degree level the accreditation statement covers: associate, "
                                    "bachelor or master.")
    accredited_through = described("Year the accreditation has been reaffirmed through (next "
                                   "review), from the statement.", int)
    pcap_approved = described("1 when the program page states AHIMA PCAP approval (Professional "
                              "Certificate Approval Program), else 0.", int)
    certifications = described("Certification exams the page says the program prepares for "
                               "(RHIT, CCA, CCS, CPC, CBCS, CMRS), comma-separated.")
    site = described("College site (registered domain, e.g. kettleriver.edu) the catalog page "
                     "was found on; a crawl marks removals only on sites it crawled completely.")
    language = described("Language of the program page (its html lang attribute), e.g. en, es.")
    platform = described("Catalog platform the program page was read with: acalog, courseleaf, "
                         "jsonld or generic_html.")
    ipeds_program_id = described("program_id of the IPEDS listing for the same institution, "
                                 "track and credential level, when exactly one matches.")
    url = described("Page a student should read about the program (catalog page or college site).")
    source_url = described("URL of the file or page the record was read from.", tracked=False)
    fetched_at = described("When the source was fetched (UTC, ISO 8601).", tracked=False)


class ProgramOutcomeItem(scrapy.Item):
    """College Scorecard outcomes of one 4-digit CIP field at one institution and credential
    level. Enrichment only: 4-digit CIP 51.07 lumps HIT, coding, billing, HIM and medical office
    together, so it cannot say which of an institution's programs the figures belong to."""

    outcome_id = described("Stable id: unitid, cip_4digit and credential_level_code, e.g. "
                           "'104350-51.07-1'.")
    unitid = described("IPEDS unit id of the institution (Scorecard 'id'); it may be an "
                       "institution IPEDS did not list for our CIP codes.", int)
    institution_name = described("Institution name as the College Scorecard gives it.")
    cip_4digit = described("4-digit CIP 2020 family (text, e.g. 51.07) the figures are for.")
    title = described("Scorecard title of the 4-digit CIP field.")
    credential_level = described("Credential in our words: certificate (undergraduate), associate, "
                                 "bachelor or master; empty for levels we do not list.")
    credential_level_code = described("Scorecard credential.level: 1 undergraduate certificate, "
                                      "2 associate, 3 bachelor, 4 post-baccalaureate certificate, "
                                      "5 master, 6 doctoral, 7 first professional, 8 graduate "
                                      "certificate.", int)
    median_earnings_1yr = described("Median earnings of graduates one year after completing "
                                    "(US dollars; Scorecard earnings.1_yr.overall_median_earnings).",
                                    int)
    median_earnings_4yr = described("Median earnings of graduates four years after completing "
                                    "(US dollars; Scorecard earnings.4_yr.overall_median_earnings).",
                                    int)
    median_debt = described("Median federal loan debt of graduates, Stafford and Grad PLUS, at "
                            "this institution (US dollars; Scorecard "
                            "debt.staff_grad_plus.all.eval_inst.median).", int)
    awards = described("Awards conferred in the field, pooled over two years (Scorecard "
                       "counts.ipeds_awards2).", int)
    source = described("Source the record came from (scorecard).")
    source_url = described("API request the record was read from, without the api_key.")
    fetched_at = described("When the source was fetched (UTC, ISO 8601).")


class SchoolFactsItem(scrapy.Item):
    unitid = described("IPEDS unit id of the institution (Scorecard 'id').", int)
    name = described("Institution name as the College Scorecard gives it.")
    state = described("Two-letter state or territory code.")
    online_only = described("1 when the institution teaches only online (Scorecard "
                            "school.online_only), 0 when not, empty when unknown.", int)
    tuition_in_state = described("In-state tuition and fees for a year (US dollars; Scorecard "
                                 "latest.cost.tuition.in_state).", int)
    tuition_out_of_state = described("Out-of-state tuition and fees for a year (US dollars; "
                                     "Scorecard latest.cost.tuition.out_of_state).", int)
    source = described("Source the record came from (scorecard).")
    source_url = described("API request the record was read from, without the api_key.")
    fetched_at = described("When the source was fetched (UTC, ISO 8601).")
