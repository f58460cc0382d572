"""Track decisions: each rule family, the hard negatives of issue #3, CIP as evidence, confidence."""

import pytest

from crawler.classification import TRACKS


@pytest.mark.parametrize("title", [
    "Medical Billing and Coding",
    "Medical Coding Certificate of Proficiency",
    "Medical Billing & Coding Specialist - Online",
    "Outpatient Coding Certificate",
    "Medical Biller/Coder Diploma",
    "ICD-10 Certified Reimbursement Specialist",
    "Revenue Cycle and Medical Billing",
    "Coding Specialist - Hospital Based",
    "Medical Coding Bootcamp",  # "bootcamp" does not make medical coding a programming course
])
def test_titles_naming_billing_or_coding_are_billing_coding(classified, title):
    assert classified(title).track == "billing_coding"


@pytest.mark.parametrize("certification", ["CCA", "CCS", "CPC", "COC", "CIC", "CRC", "CBCS", "CMRS"])
def test_billing_and_coding_certifications_are_billing_coding(classified, certification):
    result = classified(f"{certification} Exam Preparation")
    assert result.track == "billing_coding"
    assert certification.lower() in result.track_evidence


@pytest.mark.parametrize("title, track", [
    ("RHIT Exam Review Course", "hit"),
    ("RHIA Exam Preparation Course", "him"),
    ("Certified Electronic Health Records Specialist (CEHRS)", "hit"),
])
def test_health_information_certifications_name_their_track(classified, title, track):
    assert classified(title).track == track


@pytest.mark.parametrize("title", [
    "Medical Administrative Assistant with Medical Billing and Coding",
    "Medical Office Assistant - Billing and Coding Option",
    "Medical Assistant with Billing and Coding",
    "Pharmacy Technician with Medical Billing",
])
def test_combined_programs_naming_billing_or_coding_are_billing_coding(classified, title):
    assert classified(title).track == "billing_coding"


@pytest.mark.parametrize("title, credential", [
    ("Full Stack Coding Bootcamp", None),
    ("Coding Bootcamp: JavaScript and React", None),
    ("Software Development - Coding Certificate", None),
    ("Medical Assistant", None),
    ("Clinical Medical Assistant", None),
    ("Medical Office Administration", None),
    ("Medical Transcription", None),
    ("Health Information Technology", "Master's degree"),
    ("Master of Science in Health Information Technology", None),
    ("Health Information Management, MS", None),
    ("Graduate Certificate in Health Information Management", None),
    ("Pharmacy Technician", None),
    ("Nursing", "Associate's degree"),
    ("Certified Nursing Assistant (CNA)", None),
    ("Health Care Administration", None),
    ("Medical Assistant with EHR", None),
    ("Medical Office Administration with Electronic Health Records", None),
    ("Certified Phlebotomy Technician (CPT)", None),  # CPT here is phlebotomy, not coding
    ("Health Insurance Claims Examiner Certificate", None),
    ("Healthcare Information Privacy and Security Certificate", None),
    ("Records and Information Management Certificate", None),
])
def test_hard_negatives_are_other(classified, title, credential):
    assert classified(title, credential=credential).track == "other"


def test_master_program_evidence_says_graduate(classified):
    result = classified("Health Information Technology", credential="Master's degree",
                        cip_code="51.0707")
    assert result.track == "other"
    assert result.track_evidence.startswith("graduate program")


@pytest.mark.parametrize("title, track", [
    ("Health Information Technology, AAS", "hit"),
    ("Health Information Technician", "hit"),
    ("Medical Records Technology Diploma", "hit"),
    ("Electronic Health Records Specialist", "hit"),
    ("Healthcare IT Technician", "hit"),
    ("Health Info Tech AAS", "hit"),
    ("Health Insurance Specialist", "billing_coding"),
    ("Health Information Management, B.S.", "him"),
    ("Health Information Administration, Bachelor of Science", "him"),
    ("HIM Bachelor's Degree Completion Program", "him"),
])
def test_health_information_titles(classified, title, track):
    assert classified(title).track == track


def test_associate_degree_in_health_information_management_is_the_hit_degree(classified):
    result = classified("Health Information Management AAS")
    assert result.track == "hit"
    assert "associate" in result.track_evidence


def test_two_year_colleges_him_degree_is_the_hit_degree(classified):
    title = "Health Information Management Technology Degree"
    assert classified(title, institution="Albany Technical College").track == "hit"
    # Without the college the level is unknown, and the HIM words decide.
    assert classified(title).track == "him"


@pytest.mark.parametrize("title, track", [
    ("Health Information Technology AAS - Coding Option", "hit"),
    ("Health Information Management (B.S.) with Coding Concentration", "him"),
    ("Health Information Technology - Coding Certificate", "billing_coding"),
    ("HIT Coding Specialist Certificate (HITC.CER2)", "billing_coding"),
])
def test_coding_inside_a_health_information_program(classified, title, track):
    """A degree with a coding option is the degree; a coding certificate is billing/coding."""
    assert classified(title).track == track


def test_cip_code_decides_when_the_title_is_silent(classified):
    result = classified("Certificate Program", cip_code="51.0713")
    assert result.track == "billing_coding"
    assert "cip 51.0713" in result.track_evidence


def test_title_overrules_a_miscoded_cip_and_says_so(classified):
    agreeing = classified("Medical Billing and Coding", cip_code="51.0713")
    miscoded = classified("Medical Billing and Coding", cip_code="51.0720")
    assert miscoded.track == "billing_coding"
    assert "51.0720" in miscoded.track_evidence and "overruled" in miscoded.track_evidence
    assert miscoded.track_confidence < agreeing.track_confidence


def test_occupation_title_overrules_a_track_cip(classified):
    assert classified("Medical Assisting", cip_code="51.0713").track == "other"


def test_evidence_names_title_phrase_and_cip(classified):
    result = classified("Medical Coding", cip_code="51.0713")
    assert result.track_evidence == 'title: "medical coding"; cip 51.0713 agrees'


def test_unreadable_cip_is_noted_not_fatal(classified):
    result = classified("Medical Coding", cip_code="abc")
    assert result.track == "billing_coding"
    assert 'cip "abc" unreadable' in result.track_evidence


def test_description_decides_only_when_title_and_cip_are_silent(classified):
    assert classified("Health Information Administration Program").track == "him"
    silent = classified("Certificate Program",
                        description="Prepares students for the RHIA exam. Classes are small.")
    assert silent.track == "him" and silent.track_evidence.startswith("description:")
    assistant = classified("Medical Assisting Certificate",
                           description="Includes medical billing and coding and phlebotomy.")
    assert assistant.track == "other"


@pytest.mark.parametrize("title, description", [
    ("Health Science", "Students explore health careers. Courses include medical coding."),
    ("Office Technology", "Office workers keep records. Some learn medical billing and coding."),
    ("Allied Health Certificate", "Prepares students for the RHIA exam."),
    ("Healthcare Administrative Professional",
     "This program covers scheduling, medical billing and coding and patient records."),
])
def test_one_mention_in_a_neighbouring_program_description_is_not_a_track(classified, title,
                                                                          description):
    """Issue #11, class 4: broad health and office programs mention our topics in passing."""
    assert classified(title, description=description).track == "other"


def test_a_first_sentence_saying_what_the_program_is_decides(classified):
    result = classified("Certificate of Achievement",
                        description="The medical coding certificate prepares you for the CPC "
                                    "exam. Some graduates work in medical offices.")
    assert result.track == "billing_coding"
    assert "first sentence" in result.track_evidence


@pytest.mark.parametrize("title, track", [
    ("Health Information Specialist", "hit"),
    ("Medical Records Specialist Certificate", "hit"),
    ("Health Information Clerk", "hit"),
    ("Release of Information Specialist", "hit"),
    ("Health Information Certificate", "hit"),
    ("Medical Records and Health Information Specialist", "hit"),
])
def test_occupation_style_names_of_health_information_programs_are_hit(classified, title, track):
    """Issue #11, class 1."""
    assert classified(title).track == track


@pytest.mark.parametrize("title", [
    "IT Support Specialist (CompTIA A+, Network+, HIT)",
    "Computer Support Technician - HIT and EHR certifications",
    "Human Resources Generalist (EHR, PHR)",
    "Network Administration with Healthcare IT",
    "ROBLOX Coders and Entrepreneurs! (Gr. 6-8)",
    "Coding with Bee-Bots (Gr. K-1)",
])
def test_it_hr_and_kids_programs_are_other_whatever_abbreviations_they_list(classified, title):
    """Issue #11, class 2."""
    assert classified(title).track == "other"


@pytest.mark.parametrize("title, track", [
    ("RHIT/RHIA Exam Prep Course", "hit"),
    ("RHIA and RHIT Review", "him"),
])
def test_two_health_information_tracks_named_together_the_first_decides(classified, title, track):
    assert classified(title).track == track


def test_hit_abbreviation_alone_still_names_the_track(classified):
    assert classified("HIT Certificate").track == "hit"


def test_institution_name_is_not_evidence(classified):
    result = classified("Anatomy", institution="Justified Coding and Billing")
    assert result.track == "other"


def test_single_course_at_a_coding_school_is_not_a_program(classified):
    assert classified("Anatomy", cip_code="51.0713").track == "other"


def test_bare_coding_without_programming_words_is_billing_coding(classified):
    result = classified("Coding Certificate")
    assert result.track == "billing_coding"
    assert result.track_confidence < classified("Medical Coding Certificate").track_confidence


@pytest.mark.parametrize("title, track", [
    ("Medical Claims Processing and Billing", "billing_coding"),
    ("Medical Office Administration with Billing", "billing_coding"),
    ("Billing and Accounts Receivable Clerk (QuickBooks)", "other"),
    ("Intro to Coding (Scratch) for Teens", "other"),
])
def test_bare_billing_or_coding_yields_to_business_or_programming_words(classified, title, track):
    assert classified(title).track == track


@pytest.mark.parametrize("title", ["", "Medical Coding", "Full Stack Coding Bootcamp", "Anatomy"])
def test_every_decision_is_a_track_with_confidence_and_evidence(classified, title):
    result = classified(title, cip_code="51.0707")
    assert result.track in TRACKS
    assert 0 <= result.track_confidence <= 1
    assert result.track_evidence
