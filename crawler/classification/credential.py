"""Credential level from the title, the credential text and the opening of the description.

The title is what the program calls itself; a provider's credential field is often a default
(New Jersey lists "Certificate of Completion" for its AAS degrees and its voucher courses), so the
title decides, except when the credential field names a degree: that is a deliberate statement
("Associate's Degree"). A credential field that is exactly one of IPEDS's award-level names is a
structured statement from a federal source and decides outright.

A program page often states its award only in the lines under its name (a fact bar "Associate in
Applied Science / Credential earned", "Award: …"), which reach us as the start of the description.
That opening statement is read when the title and the credential field name no award, and a
"non-credit" there makes a titled "Certificate" a non-credit one (the more specific statement).
The rest of a description is not read for awards: it names other awards (stackable
certificates, the degree credits transfer to, a high-school diploma needed to enrol).

Certification-exam preparation is non-credit when the title or credential field says so ("CPC
Exam Prep"). In the description's opening, exam-prep words decide only when nothing names an
award, as an awarded program prepares for an exam too ("Certificate of Recognition … PTCB exam
preparation"). A title naming a certification ("… Certification", "Certified …") names the exam,
not an award: with no award named anywhere, a description saying the program prepares for an
exam makes it an exam-prep course (non-credit); otherwise "… Certification" stays a certificate.

Last, a "Degree" that names no level is an associate degree when the institution's name says it
is a two-year college (community, technical or junior college): the only use of the institution.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from crawler.classification.text import Field, PhraseFamilies, make_field, quote, scan_cache
from crawler.sources.ipeds import AWARD_LEVELS

# Most specific first: a title naming both a degree and a certificate is the degree.
# "exam_prep" is non-credit and "certification" a certificate once decided (_AS_LEVEL); they are
# kept apart until then because a description may outrank them (decide_credential).
_LEVEL_ORDER = ("graduate_certificate", "master", "post_baccalaureate", "bachelor", "associate",
                "non-credit", "exam_prep", "diploma", "certificate", "certification")
_AS_LEVEL = {"exam_prep": "non-credit", "certification": "certificate"}
_DEGREES = {"graduate_certificate", "master", "post_baccalaureate", "bachelor", "associate"}

_WORDS = PhraseFamilies({
    "graduate_certificate": [r"(?:post ?)?graduate certificat\w*",
                             r"post ?masters?(?: certificat\w*)?"],
    # An undergraduate-level award for degree holders (IPEDS "postbaccalaureate certificate"):
    # an HIM one leads to RHIA eligibility, so it is not sent to other (issue #11, class 3).
    "post_baccalaureate": [r"post ?baccalaureate(?: certificat\w*)?"],
    "master": [r"masters?(?= (?:of|in|degree|program)\b|$)"],
    "bachelor": [r"bachelors?", r"baccalaureate"],
    # "Certified Coding Associate" and "Patient Care Associate" are job titles, not degrees.
    # "Certified Associate in Project Management" is a certification, like the coding one.
    "associate": [r"(?<!certified )associates?(?= (?:degree|of|in)\b)", r"associates(?=$)"],
    "non_credit": [r"non ?credit", r"not for credit", r"vouchers?(?: included)?",
                   r"continuing education", r"community education", r"ceus?",
                   # A college's continuing-education division ("LifeLong Learning").
                   r"life ?long learning"],
    # Certification-exam preparation: a non-credit course when the title or credential field
    # names it, but in a description it is what an awarded program also prepares for.
    "exam_prep": [r"exam review", r"review course",
                  # "Career Prep" is a training program; other prep is certification-exam prep.
                  r"(?<!career )prep(?:aration)?"],
    "diploma": [r"diploma"],
    # Listed before "certificate", which would match it too: a title naming a certification
    # names the exam, so the award depends on what else is said (see decide_credential).
    "certification": [r"certifications?"],
    "certificate": [r"certificat\w*", r"cert", r"cer ?[1-4]"],
})

# Abbreviations checked on the raw text, upper case only ("MS" is not "ms", "AS" is not "as").
_ABBREVIATIONS = PhraseFamilies({
    # "MS Office", "MS SQL Server" are Microsoft, not a Master of Science.
    "master": [r"M\.?S\.?(?:N\.?|c)?(?!\s*(?:Office|Word|Excel|Access|Project|PowerPoint|Outlook"
               r"|SQL|Windows|Exchange|SharePoint|Dynamics|Azure|Teams))",
               r"M\.?P\.?S\.?", r"M\.?H\.?I\.?(?:M\.?)?", r"M\.?H\.?A\.?", r"M\.?B\.?A\.?",
               r"M\.?P\.?H\.?"],
    "bachelor": [r"B\.?S\.?N\.?", r"B\.?A\.?A\.?S\.?", r"B\.?A\.?S\.?", r"B\.?F\.?A\.?",
                 r"B\.?B\.?A\.?", r"B\.?S\.?W\.?", r"B\.?S\.?", r"B\.?A\.?", r"BSHIM", r"BSHIA"],
    # Associate of Engineering Science, of Fine Arts, of General Studies: dotted only, as
    # "AES" undotted is an encryption standard in IT titles.
    "associate": [r"A\.?A\.?S\.?", r"A\.?O\.?S\.?", r"A\.E\.S\.?", r"A\.F\.A\.?",
                  r"A\.G\.S\.?", r"A\.?A\.?", r"A\.?S\.?", r"ADN"],
    # Florida's Applied Technology Diploma, the award of its career programs under 60 credits.
    "diploma": [r"A\.?T\.?D\.?"],
    # Catalog award codes: "(HITC.CER2)", "(MUS.CA)", "C.A." (certificate of achievement), OSA.
    "certificate": [r"CER[1-4]", r"C\.A\.", r"(?<=\.)CA", r"OSA"],
}, case_sensitive=True)

# Only in a credential field: IPEDS award levels that do not say "certificate" ("Award of less
# than 1 academic year"), and a bare "Associate"; in a title these words would be about
# something else.
_CREDENTIAL_FIELD_ONLY = PhraseFamilies({
    "certificate": [r"awards? of", r"academic years?", r"less than \w+ years?"],
    # A credential field that is the one word names the award ("Associate", beside "Bachelor's"
    # and "Master's"); with more words it can be a job title or a certification ("Certified
    # Coding Associate"), which the title rules above already tell apart.
    "associate": [r"(?<!.)associate(?:s| s)?$"],
})

# Our level for each IPEDS award level (crawler/sources/ipeds.py AWARD_LEVELS, keyed by its label):
# a level added there without a line here fails at import rather than being guessed from words.
_LEVEL_OF_IPEDS_AWARD = {"cert1": "certificate", "cert2": "certificate", "assoc": "associate",
                         "cert4": "certificate", "bachelor": "bachelor",
                         "postbacc": "post_baccalaureate", "master": "master"}
_IPEDS_AWARD_LABELS = {level.label: _LEVEL_OF_IPEDS_AWARD[key]
                       for key, level in AWARD_LEVELS.items()}


# The opening statement of a description: its first sentence, at most a short paragraph long.
_FIRST_SENTENCE = re.compile(r"(?<=[.!?;])\s")
_OPENING_CHARS = 300
# Awards a student needs to enrol, not the one the program gives.
_ENTRY_AWARD = re.compile(r"high school (?:diploma|equivalency)(?: or \w+)?|\bGED\b", re.I)
# A two-year college's degrees are associate degrees, so its "Accounting Degree" (Georgia's
# technical colleges name their AAS programs so) is one; a bachelor's there says "Bachelor".
# A title naming a certification ("Pharmacy Technician Certification", "Certified Pharmacy
# Technician (CPhT)") names the exam; with no award named, a description saying the program
# prepares for an exam makes it an exam-prep course, which is non-credit (labelling guide).
_NAMES_CERTIFICATION = re.compile(r"(?<![^ ])(?:certified|certifications?)\b")
_EXAM_PREP = re.compile(r"(?<![^ ])(?:prepar\w*|prep|review\w*|sit)(?: \w+){0,6} "
                        r"(?:exams?|examinations?)\b"
                        r"|(?<![^ ])(?:exams?|examination) (?:prep|preparation|review)\b")
_BARE_DEGREE = re.compile(r"(?<![^ ])degree\b")
_TWO_YEAR_COLLEGE = re.compile(r"(?<![^ ])(?:community|technical|junior) college\b")


class CredentialDecision(NamedTuple):
    level: str
    evidence: str
    graduate: bool  # a graduate program: master's or post-baccalaureate / graduate certificate


@scan_cache
def _levels(field: Field) -> dict[str, str]:
    """{level: phrase} found in one field."""
    found = _WORDS.find(field.norm)
    for level, phrase in _ABBREVIATIONS.find(field.raw).items():
        found.setdefault(level, phrase)
    if field.name == "credential":
        for level, phrase in _CREDENTIAL_FIELD_ONLY.find(field.norm).items():
            found.setdefault(level, phrase)
    if "non_credit" in found:
        found["non-credit"] = found.pop("non_credit")
    if field.name == "credential" and "certification" in found:
        # A provider's credential field saying "Certification" states the award it gives.
        found.setdefault("certificate", found.pop("certification"))
    return found


def _most_specific(found: dict[str, str]) -> str | None:
    for level in _LEVEL_ORDER:
        if level in found:
            return level
    return None


def _opening(description: Field | None) -> Field | None:
    """The description's opening statement, where a page's award bar and lead sentence are."""
    if description is None or not description.norm:
        return None
    first = _FIRST_SENTENCE.split(description.raw, maxsplit=1)[0][:_OPENING_CHARS]
    return make_field("description", _ENTRY_AWARD.sub(" ", first))


def decide_credential(title: Field, credential: Field, description: Field | None = None,
                      institution: Field | None = None) -> CredentialDecision:
    if credential.raw in _IPEDS_AWARD_LABELS:
        return _decision(_IPEDS_AWARD_LABELS[credential.raw],
                         f"credential: {quote(credential.raw)} (IPEDS award level)")
    in_credential = _levels(credential) if credential.norm else {}
    in_title = _levels(title)
    from_credential = _most_specific(in_credential)
    from_title = _most_specific(in_title)
    # A title that only names a certification names the exam, so any award the credential
    # field names decides over it.
    if from_credential and (from_credential in _DEGREES or from_title in (None, "certification")):
        level, evidence = from_credential, f"credential: {quote(credential.raw)}"
    elif from_title:
        level, evidence = from_title, f"title: {quote(in_title[from_title])}"
    else:
        level, evidence = None, ""
    opening = _opening(description)
    in_opening = _levels(opening) if opening and opening.norm else {}
    from_opening = _most_specific(in_opening)
    # The opening decides when nothing else named an award; over a named certificate only an
    # explicit "non-credit" does: exam-prep words there are what an awarded program prepares
    # for too ("Certificate of Recognition" … "PTCB exam preparation").
    if from_opening and (level is None or (level in ("certificate", "certification")
                                           and from_opening == "non-credit")):
        level = from_opening
        evidence = (f"{evidence}; " if evidence else "") + (
            f"description opens: {quote(in_opening[from_opening])}")
    if level in (None, "certification") and description is not None:
        level, evidence = _certification_exam_prep(title, description, level, evidence)
    if level is None and institution is not None:
        level, evidence = _two_year_degree(title, credential, institution)
    if level is None:
        return CredentialDecision("unknown", "no credential named", False)
    return _decision(_AS_LEVEL.get(level, level), evidence)


def _certification_exam_prep(title: Field, description: Field, level: str | None,
                             evidence: str) -> tuple[str | None, str]:
    """A title naming a certification, no award named, a description saying it prepares for
    an exam: a certification exam-prep course (non-credit)."""
    named = _NAMES_CERTIFICATION.search(title.norm)
    prep = _EXAM_PREP.search(description.norm) if named else None
    if prep is None:
        return level, evidence
    return "non-credit", (f"title: {quote(named.group())}, no award named; "
                          f"description: {quote(prep.group())} (exam preparation)")


def _two_year_degree(title: Field, credential: Field,
                     institution: Field) -> tuple[str | None, str]:
    """A degree naming no level, from a college whose name says it is a two-year college."""
    named = next((field for field in (title, credential) if _BARE_DEGREE.search(field.norm)), None)
    if named is None or not _TWO_YEAR_COLLEGE.search(institution.norm):
        return None, ""
    return "associate", (f"{named.name}: \"degree\" at a two-year college "
                         f"({quote(institution.raw)})")


def _decision(level: str, evidence: str) -> CredentialDecision:
    if level == "graduate_certificate":
        return CredentialDecision("certificate", evidence + " (graduate)", True)
    if level == "post_baccalaureate":
        return CredentialDecision("certificate", evidence + " (post-baccalaureate)", False)
    return CredentialDecision(level, evidence, level == "master")
