"""Prose facts on program pages, including the statements that must NOT count."""

from __future__ import annotations

import pytest

from crawler.sources.catalog.page_facts import (Accreditation, accreditation_in, certifications_in,
                                        cost_in, credential_in, credits_in, delivery_in,
                                        length_in, pcap_approved_in)

CAHIIM = ("The Health Information Management accreditor of Lake College is the Commission on "
          "Accreditation for Health Informatics and Information Management Education (CAHIIM). "
          "The College’s accreditation for {level} degree in Health Information {program} has "
          "been reaffirmed through {year}.")


@pytest.mark.parametrize("text, expected", [
    (CAHIIM.format(level="associate", program="Technology", year=2031),
     Accreditation("CAHIIM", "associate", 2031)),
    (CAHIIM.format(level="baccalaureate", program="Management", year=2029),
     Accreditation("CAHIIM", "bachelor", 2029)),
    (CAHIIM.format(level="master's", program="Management", year=2030).replace("\n", " "),
     Accreditation("CAHIIM", "master", 2030)),
    ("This program has applied for CAHIIM accreditation; it is in candidacy status.", None),
    ("Graduates of CAHIIM-accredited programs may sit for the RHIT exam.", None),
])
def test_accreditation_statement(text, expected):
    assert accreditation_in(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Approved by the AHIMA Professional Certificate Approval Program (PCAP).", True),
    ("This AHIMA-approved coding certificate (PCAP) is taught online.", True),
    ("We are seeking PCAP approval for this certificate.", False),
    ("Students may join AHIMA as student members.", False),
])
def test_pcap_approval(text, expected):
    assert pcap_approved_in(text) is expected


@pytest.mark.parametrize("text, expected", [
    ("Prepares you for the CPC (AAPC), CBCS (NHA) and CMRS (AMBA) exams.", ["CPC", "CBCS", "CMRS"]),
    ("Eligible for the RHIT exam; coders may also take the CCA.", ["RHIT", "CCA"]),
    ("Graduates may take the CMA (AAMA) exam.", []),
    ("Learn CPT coding and ICD-10-CM.", []),
])
def test_certifications(text, expected):
    assert certifications_in(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("HIT 101 Credits: 3\nHIT 210 Credits: 4\nTotal Credits: 64", 64.0),
    ("Credits\n90 quarter credits", 90.0),
    ("Certificate – 18 credits", 18.0),
    ("A 60-64 credit hours degree", 60.0),
    ("A non-credit bootcamp.", None),
])
def test_credits(text, expected):
    assert credits_in(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Program length: 4 semesters (2 years full time)", "4 semesters"),
    ("Length: Two years (four semesters)", "2 years"),
    ("A 16-week, live online bootcamp.", "16 weeks"),
    ("It can be completed in 1 year.", "1 year"),
    ("Founded in 1968, since Fall 2025.", None),
])
def test_length(text, expected):
    assert length_in(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Estimated cost: $9,860 in-district tuition and fees.", 9860.0),
    ("Tuition: $7,500.", 7500.0),
    ("Earn up to $45,000 a year as a coder. Tuition is $3,995.", 3995.0),
    ("Median wage $48,000.", None),
])
def test_cost(text, expected):
    assert cost_in(text) == expected


@pytest.mark.parametrize("title, text, expected", [
    ("Health Information Technology, AAS", "", "AAS"),
    ("Medical Coding Certificate of Proficiency", "", "Certificate of Proficiency"),
    ("HIT Coding Specialist Certificate (HITC.CER2)", "", "Certificate"),
    ("Health Information Technology – A.A.S. Degree", "", "A.A.S. Degree"),
    ("Full Stack Coding Bootcamp (Non-Credit)", "", "Non-Credit"),
    ("Health Information Technology", "Award: Associate in Applied Science\nCredits: 60",
     "Associate in Applied Science"),
    ("Coding Bootcamp", "Format: Non-credit, online   Length: 6 months", "Non-credit, online"),
    ("Health Information Technology", "Format: 100% online", None),
])
def test_credential(title, text, expected):
    assert credential_in(title, text) == expected


@pytest.mark.parametrize("text, expected", [
    # Every sentence with delivery words, in order: the classifier decides which are about
    # taking the courses (the café sentence is not).
    ("Learn to code.\nThis diploma is offered 100% online.\n"
     "Café open to online students on campus.",
     "This diploma is offered 100% online. Café open to online students on campus."),
    ("Applications are available online. The curriculum is offered online.",
     "Applications are available online. The curriculum is offered online."),
    ("Graduates work in clinics. Classes meet on campus with an externship.",
     "Classes meet on campus with an externship."),
    ("Graduates work in clinics.", None),
])
def test_delivery_sentence(text, expected):
    assert delivery_in(text) == expected
