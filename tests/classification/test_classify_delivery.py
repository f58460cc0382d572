"""Delivery mode: the source's delivery field first, then title and description, with negations."""

import pytest

from crawler.sources.ipeds import DEP_CAMPUS_TEXT, DEP_DISTANCE_TEXT


@pytest.mark.parametrize("delivery, mode", [
    ("IPEDS DEP: all required coursework can be completed at a distance", "online"),
    ("IPEDS DEP: not offered via distance education", "campus"),
    ("Distance Education", "online"),
    ("Hybrid", "hybrid"),
    ("In-person", "campus"),
    ("online", "online"),
    ("hybrid", "hybrid"),
    ("in-person", "campus"),
    ("Online and Offline", "hybrid"),
    ("blended", "hybrid"),
    ("yes", "online"),
])
def test_structured_delivery_field(classified, delivery, mode):
    result = classified("Medical Coding", delivery=delivery)
    assert result.delivery_mode == mode
    assert result.delivery_evidence.startswith("delivery:")


@pytest.mark.parametrize("delivery, mode", [(DEP_DISTANCE_TEXT, "online"),
                                            (DEP_CAMPUS_TEXT, "campus")])
def test_ipeds_distance_education_statement_decides_and_is_quoted(classified, delivery, mode):
    # The title's "Online" does not outvote what the IPEDS flag says.
    result = classified("Medical Coding - Online", delivery=delivery)
    assert (result.delivery_mode, result.delivery_evidence) == (mode, f'delivery: "{delivery}"')


@pytest.mark.parametrize("title, mode", [
    ("Medical Billing & Coding Specialist - Online", "online"),
    ("MEDICAL BILLING AND CODING-ONLINE", "online"),
    ("Medical Coding (On Line)", "online"),
    ("On-Line Dental Laboratory Technician", "online"),
    ("Pharmacy Technician - 100% Online", "online"),
    ("HIT - Fully Online AAS", "online"),
    ("Computer Software Applications Specialist (CSAS) - Virtual", "online"),
    ("Medical Billing and Coding Hybrid", "hybrid"),
    ("Administrative Medical Assistant - Blended", "hybrid"),
    ("EKG with CPR Blended (Online and Classroom)", "hybrid"),
    ("Health Information Technician Diploma - On Campus", "campus"),
    ("Medical Coding", "unknown"),
])
def test_delivery_words_in_titles(classified, title, mode):
    assert classified(title).delivery_mode == mode


@pytest.mark.parametrize("description, mode", [
    ("This 100% online program prepares students for the CPC exam.", "online"),
    ("All courses are taught online.", "online"),
    ("Most courses are offered online; labs meet on campus.", "hybrid"),
    ("Classes meet in person at the downtown center.", "campus"),
    ("This program is not available online.", "campus"),
    ("Evening classes on campus; not available online.", "campus"),
    ("IPEDS: not offered via distance education.", "campus"),
    ("Apply online today.", "unknown"),
    ("Register online for the next cohort.", "unknown"),
    ("Complete the online application by May 1.", "unknown"),
    ("Apply online. Classes meet on campus two evenings per week.", "campus"),
    ("Students use online resources and an online portal.", "unknown"),
    # A choice of formats that includes a fully online one: it can be taken online.
    ("Courses are available online and in hybrid format.", "online"),
    ("Offered in a hybrid or online format.", "online"),
    ("The program is available fully online or on campus.", "online"),
    # Online and on campus without "fully" may be one mixed program.
    ("Courses are offered online and on campus.", "hybrid"),
])
def test_delivery_in_descriptions_with_negations(classified, description, mode):
    assert classified("Medical Coding", description=description).delivery_mode == mode


def test_delivery_field_decides_before_the_title(classified):
    result = classified("Medical Coding - Online",
                        delivery="IPEDS DEP: not offered via distance education")
    assert result.delivery_mode == "campus"


def test_title_words_beat_a_no_online_flag(classified):
    """New Jersey flags "Medical Assisting Hybrid" online=no: "no" means not fully online."""
    assert classified("Medical Assisting Hybrid", delivery="no").delivery_mode == "hybrid"
    assert classified("ONLINE Certified Pharmacy Technician", delivery="no").delivery_mode == "online"
    flagged_only = classified("Medical Assisting", delivery="no")
    assert flagged_only.delivery_mode == "campus"
    assert "not flagged online" in flagged_only.delivery_evidence


def test_nothing_said_is_unknown(classified):
    result = classified("Medical Coding Certificate")
    assert (result.delivery_mode, result.delivery_evidence) == ("unknown", "no delivery stated")


@pytest.mark.parametrize("description, mode", [
    # Issue #11, class 5: words about something else than taking the courses.
    ("Applications are available online. Classes meet on campus.", "campus"),
    ("Applications are available online.", "unknown"),
    ("Technicians keep charts on paper, in electronic systems or in a hybrid record system.",
     "unknown"),
    ("Students learn to manage hybrid health records.", "unknown"),
    ("The off-campus practicum is scheduled in the last semester.", "unknown"),
    ("Visit our campus to learn more.", "unknown"),
    # A local placement does not make an online program hybrid.
    ("You can finish every class online. Your supervised practicum takes place on site at a "
     "clinic close to home.", "online"),
    ("The program is offered completely online; the professional practice experience is done "
     "in person at a local hospital.", "online"),
    ("Classes meet on campus with an externship.", "campus"),
    # Plain statements of an online program.
    ("Earn an online associate degree in health information technology.", "online"),
    ("The curriculum is offered online.", "online"),
    ("Most courses are offered online; labs meet on campus.", "hybrid"),
    ("Several of the courses may be taken through distance learning.", "hybrid"),
    ("Many classes are available online.", "hybrid"),
    # An online event named in between is not a course.
    ("Applicants complete the online Health Information Management information session and "
     "place into MTH 4.", "unknown"),
    ("The program is taught on the Vidalia and Swainsboro campuses.", "campus"),
    # Campus facilities offered to online students say nothing about how classes are taught.
    ("Every course runs fully online. Remote learners may also use the study rooms on campus.",
     "online"),
    # Sections are courses too; a bootcamp is a program.
    ("Lectures are held on campus, and a few afternoon sections run online.", "hybrid"),
    ("Most day sections meet online.", "hybrid"),
    ("An evening online bootcamp for adults changing careers.", "online"),
])
def test_delivery_is_read_sentence_by_sentence(classified, description, mode):
    assert classified("Health Information Technology",
                      description=description).delivery_mode == mode


@pytest.mark.parametrize("fields, mode, options", [
    ({"description": "The program is available online or on campus."}, "online", "online,campus"),
    ({"description": "Choose on-campus or online classes."}, "online", "online,campus"),
    ({"description": "Offered in a hybrid or online format."}, "online", "online,hybrid"),
    ({"delivery": "Online, Hybrid, In-person"}, "online", "online,hybrid,campus"),
    ({"delivery": "In-person / Online"}, "online", "online,campus"),
    ({"delivery": "Online and Offline"}, "hybrid", "hybrid"),
    ({"description": "Courses are offered online and on campus."}, "hybrid", "hybrid"),
    # Completed online, with other parts "also" on campus: a choice, not one mixed program.
    ({"description": "The program can be completed online from start to finish; general "
                     "education courses are also offered on campus."}, "online", "online,campus"),
    ({"description": "Most courses are offered online. Labs are also offered on campus."},
     "hybrid", "hybrid"),
    ({"title": "Medical Coding - Online"}, "online", "online"),
    ({"delivery": "no"}, "campus", "campus"),
    ({}, "unknown", ""),
])
def test_a_program_offered_in_several_modes_gets_the_most_flexible_and_all_options(
        classified, fields, mode, options):
    title = fields.pop("title", "Medical Coding")
    result = classified(title, **fields)
    assert (result.delivery_mode, result.delivery_options) == (mode, options)


def test_a_page_delivery_sentence_in_the_delivery_field_is_read_as_prose(classified):
    result = classified("Health Information Technology",
                        delivery="Applications for the fall cohort are available online.")
    assert result.delivery_mode == "unknown"
    taught = classified("Health Information Technology",
                        delivery="This program can be completed 100% online.")
    assert taught.delivery_mode == "online"


# The delivery classes of the college_pages source (data/classification/README.md).

@pytest.mark.parametrize("delivery, mode, options", [
    # A format label listing the modes joined with "&": a choice.
    ("On-Campus & Online", "online", "online,campus"),
    ("Online & Hybrid", "online", "online,hybrid"),
    # On campus, with every course "also" online: a choice.
    ("On campus (Oak Ridge); all courses also available online", "online", "online,campus"),
    # A spelled-out "and" may be one mixed program (the guide's "online and on campus"), and
    # "offline" is no mode one enrols in.
    ("In-Person and Online", "hybrid", "hybrid"),
    ("Online and Offline", "hybrid", "hybrid"),
    # "also" online with nothing else said is simply online.
    ("All courses are also available online.", "online", "online"),
])
def test_modes_joined_as_a_choice_in_a_delivery_statement(classified, delivery, mode, options):
    result = classified("Medical Coding", delivery=delivery)
    assert (result.delivery_mode, result.delivery_options) == (mode, options)


@pytest.mark.parametrize("statement, mode", [
    # One program mixing online and on-site teaching, named as a mix.
    ("A blend of face-to-face and online", "hybrid"),
    ("combination of online, classroom, laboratory, and clinical experience", "hybrid"),
    ("The program combines classroom, online and experiential learning.", "hybrid"),
    ("Training is provided in both online and in-person formats.", "hybrid"),
    # A mix with no online part, or no teaching modes at all, is no hybrid.
    ("A combination of classroom and laboratory instruction.", "campus"),
    ("A blend of theory and hands-on practice.", "unknown"),
    # Online courses combined with a placement stay online.
    ("The program combines online courses with a clinical practicum at a local hospital.",
     "online"),
    # Online components a face-to-face program "may contain" do not make it hybrid.
    ("Courses are delivered face-to-face and may contain online components.", "campus"),
])
def test_mixed_mode_phrasings_of_one_program_are_hybrid(classified, statement, mode):
    assert classified("Pharmacy Technician", delivery=statement).delivery_mode == mode
    assert classified("Pharmacy Technician", description=statement).delivery_mode == mode


@pytest.mark.parametrize("description, mode", [
    # A scheduled in-person program at a college's named site.
    ("Medical Assisting is a day program; MED classes during the week in daytime hours at the "
     "Archdale Center.", "campus"),
    ("Classes meet at the Northside Center.", "campus"),
    # Not a service centre, an institute, or a placement site.
    ("Exams for the online courses are proctored at the Testing Center.", "online"),
    ("Tutoring for all courses is available at the Math Tutoring Center.", "unknown"),
    ("The program was designed with the National Center for Health Statistics.", "unknown"),
    ("The clinical externship is done at the Regional Medical Center.", "unknown"),
    ("Courses are taught online; the clinical practicum is done at the Regional Medical Center.",
     "online"),
])
def test_classes_at_a_named_college_site_are_on_campus(classified, description, mode):
    assert classified("Medical Assisting", description=description).delivery_mode == mode


def test_campus_as_a_place_in_a_pages_delivery_sentences_does_not_make_it_hybrid(classified):
    # The catalog spider passes a page's delivery sentences in the delivery field; a lounge
    # open to online students is where they may sit, not how the diploma is taught.
    result = classified("Medical Billing and Coding Diploma",
                        delivery="This diploma is offered 100% online. Café-style study lounge "
                                 "open to online students on campus.")
    assert result.delivery_mode == "online"
