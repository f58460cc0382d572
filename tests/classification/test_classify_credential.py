"""Credential level from titles and credential text, and which of the two wins."""

import pytest

from crawler.classification.credential import decide_credential
from crawler.classification.text import make_field
from crawler.sources.ipeds import AWARD_LEVELS


@pytest.mark.parametrize("title, level", [
    ("Health Information Technology, AAS", "associate"),
    ("Medical Reimbursement and Coding Specialist, A.A.S.", "associate"),
    ("Health Information Technology, A.S.", "associate"),
    ("Coding and Revenue Cycle Management, AS", "associate"),
    ("Pre-Nursing, A.A.", "associate"),
    ("Engineering A.E.S. (Transfer)", "associate"),
    ("Art A.F.A. (Transfer)", "associate"),
    ("General Studies A.G.S.", "associate"),
    ("Medical Coding and Billing Technician AOS", "associate"),
    ("Health Information Technician, Associate of Applied Science", "associate"),
    ("Health Information Technology Associate Degree", "associate"),
    ("Administrative Assistant (ADA.AAS)", "associate"),
    ("Medical Coding Certificate of Proficiency", "certificate"),
    ("Health Information Technology Certificate of Achievement", "certificate"),
    ("EKG Technician Certificate of Completion", "certificate"),
    ("Medical Coding Specialist, CER1", "certificate"),
    ("HIT Coding Specialist Certificate (HITC.CER2)", "certificate"),
    ("Hospital Coding Specialist C.A.", "certificate"),
    ("Multi-Skilled Technician (MST.CA)", "certificate"),
    ("Medical Billing Specialist (OSA)", "certificate"),
    ("Medical Biller/Coder Diploma", "diploma"),
    ("CCA Medical Billing and Coding (Voucher Included)", "non-credit"),
    ("Medical Coding - Non-Credit Certificate", "non-credit"),
    ("CPC Certification Prep Course", "non-credit"),
    ("Health Informatics, MS", "master"),
    ("Health Information Management, M.S. (Online)", "master"),
    ("Health Information Technology, MPS", "master"),
    ("Health Information Management, M.H.I.M.", "master"),
    ("Master of Science in Health Information Technology", "master"),
    ("Health Information Management, B.S.", "bachelor"),
    ("Health Information Management BAS", "bachelor"),
    ("Bachelor of Science in Health Information Management", "bachelor"),
    ("RN to BSN Online", "bachelor"),
    ("Acting (BFA)", "bachelor"),
    ("Business Administration, B.B.A.", "bachelor"),
    ("Medical Billing and Coding", "unknown"),
    ("AES Encryption for Network Administrators", "unknown"),
])
def test_credential_forms_in_titles(classified, title, level):
    assert classified(title).credential_level == level


@pytest.mark.parametrize("title, institution, level", [
    # A two-year college's degrees are associate degrees.
    ("Accounting Degree", "Albany Technical College", "associate"),
    ("Medical Assisting Degree", "Example Community College", "associate"),
    ("Health Information Technology Degree", "Example Junior College", "associate"),
    # Elsewhere a degree naming no level says nothing about the level.
    ("Accounting Degree", "Example State University", "unknown"),
    ("Accounting Degree", "", "unknown"),
    # A named level still decides; a two-year college's name adds nothing to a certificate.
    ("Nursing Bachelor's Degree", "Example Community College", "bachelor"),
    ("Medical Coding Certificate", "Example Technical College", "certificate"),
    ("Medical Coding", "Example Technical College", "unknown"),
])
def test_degree_without_level_at_a_two_year_college(classified, title, institution, level):
    result = classified(title, institution=institution)
    assert result.credential_level == level
    if level == "associate":
        assert "two-year college" in result.credential_evidence


@pytest.mark.parametrize("credential, level", [
    ("Associate's degree", "associate"),
    ("Certificate of at least 1 but less than 2 years", "certificate"),
    ("Award of less than 1 academic year", "certificate"),
    ("At least two year but less than four year Certificate", "certificate"),
    ("CertificateOfCompletion", "certificate"),
    ("Certification", "certificate"),
    ("Community College Certificate", "certificate"),
    ("Bachelor's degree", "bachelor"),
    ("Master's Degree", "master"),
    ("Diploma", "diploma"),
    ("License", "unknown"),
])
def test_credential_text(classified, credential, level):
    result = classified("Medical Coding", credential=credential)
    assert result.credential_level == level
    if level != "unknown":
        # IPEDS's own award-level names add "(IPEDS award level)", see below.
        assert result.credential_evidence.startswith(f'credential: "{credential}"')


# Each IPEDS award level (crawler/sources/ipeds.py) and the level we list it under.
IPEDS_LEVELS = {"cert1": ("certificate", False), "cert2": ("certificate", False),
                "assoc": ("associate", False), "cert4": ("certificate", False),
                "bachelor": ("bachelor", False), "postbacc": ("certificate", False),
                "master": ("master", True)}


@pytest.mark.parametrize("key", sorted(AWARD_LEVELS))
def test_ipeds_award_level_decides_and_is_quoted(key):
    label = AWARD_LEVELS[key].label
    decision = decide_credential(make_field("title", "Medical Coding"),
                                 make_field("credential", label))
    assert (decision.level, decision.graduate) == IPEDS_LEVELS[key]
    assert decision.evidence.startswith(f'credential: "{label}" (IPEDS award level)')


def test_ipeds_award_level_outranks_degree_words_in_the_title(classified):
    # Words alone would let the title's degree win over a certificate-level credential field.
    result = classified("Medical Coding Associate Degree Track",
                        credential="Certificate of less than 1 year")
    assert result.credential_level == "certificate"
    assert "IPEDS award level" in result.credential_evidence


def test_words_close_to_an_ipeds_label_are_read_as_words(classified):
    result = classified("Medical Coding", credential="certificate of less than one year")
    assert result.credential_level == "certificate"
    assert "IPEDS" not in result.credential_evidence


@pytest.mark.parametrize("title", [
    "Certified Coding Associate (CCA) Review",
    "Certified Clinical Medical Assistant Associate With EHR",
    "Advanced Patient Care Associate",
    "Executive Assistant with MS Office 2016 Training",
    "Master Porcelain",
    "Master Medical Coder Program",
])
def test_job_titles_and_product_names_are_not_degrees(classified, title):
    assert classified(title).credential_level not in ("associate", "master")


@pytest.mark.parametrize("title, credential, level", [
    # The title decides over a provider's generic credential field...
    ("Office Systems Technology AAS Degree", "Certificate of Completion", "associate"),
    ("Medical Billing and Coding (Voucher Included)", "Certificate of Completion", "non-credit"),
    ("Medical Interpreting Diploma Program", "Certificate of Completion", "diploma"),
    ("Nursing Assistant Career Prep", "Certificate of Completion", "certificate"),
    # ...but a degree named in the credential field is a deliberate statement.
    ("Medical Coding Certificate", "Associate's degree", "associate"),
])
def test_title_or_credential_field(classified, title, credential, level):
    assert classified(title, credential=credential).credential_level == level


def test_evidence_quotes_what_decided(classified):
    result = classified("Office Systems Technology AAS Degree", credential="Certificate of Completion")
    assert result.credential_evidence == 'title: "AAS"'


def test_graduate_certificate_is_a_certificate_of_a_graduate_program(classified):
    result = classified("Medical Coding", credential="Graduate certificate")
    assert result.credential_level == "certificate"
    assert result.track == "other"


@pytest.mark.parametrize("title, credential, track", [
    ("Health Information Management - Post-Baccalaureate Certificate", None, "him"),
    ("Health Information Management", "Postbaccalaureate certificate", "him"),
    ("Medical Coding", "Post-baccalaureate certificate", "billing_coding"),
])
def test_post_baccalaureate_certificates_are_not_graduate_programs(classified, title, credential,
                                                                  track):
    """Issue #11, class 3: an undergraduate-level award for degree holders keeps its track."""
    result = classified(title, credential=credential)
    assert (result.credential_level, result.track) == ("certificate", track)
    assert "post-baccalaureate" in result.credential_evidence


@pytest.mark.parametrize("title, level", [
    ("PMP/CAPM (Certified Associate in Project Management)", "unknown"),
    ("MS SQL Server Database Administration", "unknown"),
    ("Health Information Management, MS", "master"),
])
def test_certification_and_product_names_are_no_degrees(classified, title, level):
    assert classified(title).credential_level == level


@pytest.mark.parametrize("title, description, level", [
    # A page's award bar and lead sentence reach us as the start of the description.
    ("Health Information Technology",
     "Associate in Applied Science Credential earned A45360 Program code. Students learn to code.",
     "associate"),
    ("Medical Information Coder/Biller", "College Credit Certificate Award Once a year Admission",
     "certificate"),
    ("Medical Billing and Coding", "Certificate of Completion Award Non-Credit Program type",
     "non-credit"),
    # A non-credit statement makes a titled certificate a non-credit one.
    ("Electronic Health Records Specialist Certificate",
     "Certificate of Completion Award Non-Credit Program type", "non-credit"),
    # The rest of the description names other awards: not read.
    ("Medical Coding", "Learn to code for insurance claims. Credits count toward the AAS degree.",
     "unknown"),
    # An award needed to enrol is not the program's.
    ("Medical Coding and Billing", "Students need a high school diploma or equivalency.",
     "unknown"),
    # A title naming its award keeps it.
    ("Medical Coding Certificate", "An associate degree pathway starts here.", "certificate"),
])
def test_award_stated_at_the_start_of_the_description(title, description, level):
    decision = decide_credential(make_field("title", title), make_field("credential", ""),
                                 make_field("description", description))
    assert decision.level == level
    if level != "unknown" and "ertificate" not in title:
        assert "description opens" in decision.evidence


# The credential classes of the college_pages source (data/classification/README.md).

@pytest.mark.parametrize("title, credential, level", [
    # Florida's Applied Technology Diploma, as its award name or abbreviation.
    ("Medical Coder/Biller", "ATD", "diploma"),
    ("Patient Care Technician A.T.D.", None, "diploma"),
    ("Medical Coder/Biller", "Applied Technology Diploma", "diploma"),
    # The letters inside a longer token are no award.
    ("Medical Coding with ATDx Software", None, "unknown"),
])
def test_florida_applied_technology_diploma(classified, title, credential, level):
    assert classified(title, credential=credential).credential_level == level


@pytest.mark.parametrize("title, credential, description, level", [
    # A title naming a certification, no award named, a description saying it prepares for the
    # exam: a certification exam-prep course.
    ("Pharmacy Technician Certification", None,
     "A 160-hour program (80 theory, 80 externship) preparing for the PTCB exam.", "non-credit"),
    ("Certified Pharmacy Technician (CPhT)", None,
     "A 162-hour workforce training course with an externship; prepares for the PTCB CPhT exam.",
     "non-credit"),
    # Without the exam-prep statement the title's certification stays a certificate, and a
    # "Certified …" title names no award (the New Jersey and Virginia labels).
    ("EKG Technician Certification", None, None, "certificate"),
    ("Comptia A+ Certification", None, "Hands-on labs and a capstone project.", "certificate"),
    ("Certified Phlebotomy Technician", None, None, "unknown"),
    # An award named in the credential field or the title decides over the exam-prep statement.
    ("Pharmacy Technician Certification - Online", "Certificate of Completion",
     "Prepares students for the PTCB exam.", "certificate"),
    ("Pharmacy Technician Certificate", None, "Prepares students for the PTCB exam.",
     "certificate"),
    ("Health Information Technology AAS", None,
     "Graduates are prepared to sit for the RHIT exam.", "associate"),
    # A title naming no certification is not read as exam preparation.
    ("Pharmacy Technician", None, "Prepares students for the PTCB exam.", "unknown"),
    # A credential field's award decides over a title that only names a certification.
    ("EKG Tech Certification", "non-credit", None, "non-credit"),
    ("Certified Nurse Aide", "Certification", None, "certificate"),
])
def test_certification_exam_preparation_without_an_award(classified, title, credential,
                                                         description, level):
    result = classified(title, credential=credential, description=description)
    assert result.credential_level == level
    if level == "non-credit" and not credential:
        assert "exam preparation" in result.credential_evidence


@pytest.mark.parametrize("credential, level", [
    # A continuing-education credential field is non-credit even when the description speaks of
    # the certificate of completion every such course gives.
    ("LifeLong Learning", "non-credit"),
    ("Lifelong Learning", "non-credit"),
    ("Continuing Education Units (CEUs)", "non-credit"),
    ("Certificate", "certificate"),
])
def test_continuing_education_credential_field_outranks_a_certificate_of_completion(
        classified, credential, level):
    result = classified("Pharmacy Technician", credential=credential,
                        description="A 15-week course, certificate of completion from the "
                                    "college, classes at the main campus.")
    assert result.credential_level == level
    assert result.credential_evidence.startswith(f'credential: "{credential}"')


@pytest.mark.parametrize("title, credential, description, level", [
    # A named award outranks exam-prep words in the description's opening.
    ("Pharmacy Technician", "Certificate of Recognition in Pharmacy Technician",
     "12-credit program with lab instruction and clinical experiences, PTCB exam preparation",
     "certificate"),
    ("Medical Coding Certificate", None, "CPC exam review and practice coding cases.",
     "certificate"),
    # An explicit non-credit statement still does.
    ("Medical Coding Certificate", None,
     "Certificate of Completion Award Non-Credit Program type", "non-credit"),
    # With no award named, the exam-prep opening decides, and exam prep in the title too.
    ("Medical Coding", None, "Exam review course for the CPC credential.", "non-credit"),
    ("CPC Certification Prep Course", "Certificate of Completion", None, "non-credit"),
])
def test_an_award_named_outranks_exam_prep_words_in_the_description(classified, title, credential,
                                                                   description, level):
    result = classified(title, credential=credential, description=description)
    assert result.credential_level == level


@pytest.mark.parametrize("credential, level", [
    ("Associate", "associate"), ("Associate's", "associate"),
    ("Certified Coding Associate", "unknown"),  # a certification, not the award
])
def test_a_credential_field_that_is_the_word_associate_names_the_award(classified, credential,
                                                                       level):
    assert classified("Early Childhood Education", credential=credential).credential_level == level
