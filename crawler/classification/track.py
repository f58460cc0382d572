"""Track: hit, billing_coding, him or other, from title, credential, CIP code and description.

The title (with the credential text) says what the program is, so it decides when it names a
track or a different occupation. The CIP code is strong evidence but providers mis-code often
(SOURCES.md §1): it decides only when the title is silent, and otherwise raises or lowers the
confidence. The description decides last, because descriptions of neighbouring programs mention
our topics ("medical assistants learn billing and coding"). The institution is not evidence: a
school's name says what the school does ("Justified Coding and Billing" also lists "Anatomy").

Confidence, roughly: 0.97 title and CIP code agree; 0.95 graduate program; 0.9 the title names
it; 0.85 no track word and a non-track CIP code; 0.8 the title overrules the CIP code, or the CIP
code alone; 0.75 a bare "coding"/"billing"; 0.7 weak words ("EHR"); 0.65 the description alone;
0.6 nothing names a track. Two health-information tracks named together: 0.8 for the one named
first; a description decides only from its first sentence (0.65).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from crawler.cip import CipCodeError, cip_title, cip_track, normalize_cip
from crawler.classification.credential import CredentialDecision
from crawler.classification.text import Field, PhraseFamilies, make_field, quote, scan_cache

_HEALTH_CODING = (r"(?:medical|health|healthcare|clinical|hospital|physician|professional|inpatient"
                  r"|outpatient|facility|procedural|diagnosis|insurance|risk adjustment)")

_FAMILIES = PhraseFamilies({
    # Named billing/coding; wins over the occupation it is combined with.
    "billing_coding": [
        rf"{_HEALTH_CODING} (?:coding|coders?)",
        r"medical (?:billing|billers?|reimbursement)",
        r"(?:medical|health) insurance (?:billing|coding|specialists?|billers?)",
        r"(?:billing|coding) (?:and|or) (?:coding|billing|reimbursement|insurance)",
        r"(?:billing|coding) specialists?", r"coding (?:associate|technician)s?",
        r"icd \d+", r"revenue cycle",
        # Certifications: AHIMA CCA/CCS, AAPC CPC/COC/CIC/CRC/CPB, NHA CBCS, AMBA CMRS.
        r"cca", r"ccs(?: p)?", r"cpc", r"coc", r"cic", r"crc", r"cpb", r"cbcs", r"cmrs",
    ],
    "him": [r"health(?: ?care)? info(?:rmation)? (?:management|administration|manager)",
            r"health informatics and information management",
            r"medical records? administration", r"rhia"],
    "hit": [r"health(?: ?care)? info(?:rmation)? (?:technology|technician|tech)",
            r"(?:medical|health) records? (?:technology|technician|tech)", r"rhit",
            # Occupation-style names of the same programs (issue #11, class 1).
            r"health(?: ?care)? info(?:rmation)? (?:specialist|clerk|coordinator|associate"
            r"|professional|assistant)s?",
            r"(?:medical|health) records? (?:specialist|clerk|coordinator|assistant|management)s?",
            r"release of information"],
    # A programming "coding" program. Checked after the health-qualified coding phrases.
    "programming": [r"boot ?camps?", r"full stack", r"web (?:development|developer|design)",
                    r"software", r"javascript", r"python", r"java", r"react", r"html", r"css",
                    r"sql", r"scratch", r"programming", r"programmers?", r"developers?",
                    r"computer science", r"front end", r"back end", r"app development",
                    r"game (?:design|development)", r"robotics", r"data (?:science|analytics)",
                    r"cyber ?security", r"learn to code", r"kids", r"teens", r"youth",
                    r"children", r"camps?", r"roblox", r"minecraft", r"bee ?bots?", r"lego",
                    r"robots?", r"gr (?:k|\d+)", r"grades? (?:k|\d+)"],
    # IT and HR programs: a certification list naming "HIT" or "EHR" does not make them HIT.
    "it_hr": [r"comptia", r"cisco", r"ccna", r"network(?:ing)?", r"help ?desk",
              r"desktop support", r"it support", r"computer (?:support|technician|technology"
              r"|repair|systems|networking|information systems)",
              r"(?<!health )(?<!healthcare )(?<!health care )information technology",
              r"microsoft", r"linux", r"human resources?", r"shrm", r"s?phr", r"hris",
              # Not bare "hr": course lengths say "40 hr".
              r"hr (?:generalist|management|professional|specialist|assistant|certificate)"],
    # Billing that is not medical: bookkeeping and utility billing.
    "business_office": [r"quickbooks", r"bookkeeping", r"accounts (?:receivable|payable)",
                        r"accounting", r"payroll", r"utility"],
    # Bare words: health billing/coding unless programming / business words say otherwise.
    "coding": [r"coding", r"coders?"],
    "billing": [r"billing", r"billers?"],
    # Occupations next to ours that are not our tracks (issue #3 "other").
    "clinical_role": [r"medical assist\w*", r"medical asst", r"clinical (?:medical )?assist\w*",
                      r"ccma", r"cma", r"patient care", r"phlebotom\w*", r"ekg", r"ecg",
                      r"electrocardio\w*", r"dental", r"sonograph\w*", r"ultrasound",
                      r"radiolog\w*", r"surgical", r"sterile processing", r"home health",
                      r"emt", r"emergency medical", r"paramedic", r"massage", r"veterinary",
                      r"dialysis", r"laboratory", r"physical therapy", r"occupational therapy",
                      r"scribe", r"medication aide", r"community health", r"interpret\w*"],
    "nursing": [r"nurs\w*", r"cna", r"lpn", r"rn", r"bsn", r"msn", r"chha"],
    "pharmacy": [r"pharmac\w*", r"cpht"],
    "transcription": [r"transcription\w*", r"healthcare documentation"],
    "medical_office": [r"medical office", r"front office", r"medical administrative",
                       r"administrative medical", r"medical secretar\w*", r"reception\w*",
                       r"administrative assist\w*", r"office administration",
                       r"office assist\w*", r"unit (?:coordinator|clerk)", r"ward clerk",
                       r"patient access", r"office manager", r"cmaa",
                       r"office (?:technology|systems|management|professional|skills|procedures"
                       r"|careers?)", r"administrative (?:professional|support|office)"],
    # Broad health programs whose descriptions mention our topics in passing (issue #11, class 4).
    "general_health": [r"health sciences?", r"allied health", r"health professions?",
                       r"health careers?", r"pre ?(?:nursing|medical|medicine|health)"],
    "health_administration": [r"health ?care (?:administration|management)",
                              r"health services (?:administration|management)",
                              r"(?:hospital|long term care|health) administration", r"mha",
                              r"public health"],
    "research_registry_privacy": [r"clinical (?:research|trials?)", r"registry", r"privacy",
                                  r"security", r"hipaa", r"informatics", r"pharmacovigilance",
                                  r"claims examiner"],
    # A single prerequisite course, not a program.
    "single_course": [r"anatomy", r"physiology", r"medical terminology", r"cpr", r"first aid",
                      r"basic life support", r"bls"],
    # Weak track words: an EHR add-on to a medical assistant program does not make it HIT.
    "hit_weak": [r"electronic (?:health|medical) records?", r"electronic health ?care records?",
                 r"ehr", r"emr", r"cehrs", r"health ?care it", r"health it", r"medical records?",
                 r"health records?", r"health(?: ?care)? information"],
    "billing_weak": [r"reimbursement"],
})

# Upper-case program abbreviations in the raw title: "HIT Coding Specialist", "HIM Bachelor's".
_ABBREVIATIONS = PhraseFamilies({"hit_abbreviation": [r"HIT"], "him": [r"HIM"]},
                               case_sensitive=True)

# Families that make a listing "other", with the words evidence uses for them.
_OTHER_FAMILIES = {
    "programming": "programming", "business_office": "business office",
    "clinical_role": "clinical or allied health role",
    "nursing": "nursing", "pharmacy": "pharmacy", "transcription": "transcription",
    "medical_office": "medical office", "health_administration": "health care administration",
    "general_health": "general health studies", "it_hr": "IT or HR program",
    "research_registry_privacy": "research, registry or privacy",
    "single_course": "a single course",
}


class TrackDecision(NamedTuple):
    track: str
    confidence: float
    evidence: str


class _Cip(NamedTuple):
    code: str
    track: str | None  # our track, None for any other valid code
    description: str  # "cip 51.0720 (Regulatory Science/Affairs)"


@lru_cache(maxsize=4096)  # CIP codes are a vocabulary of a few thousand values
def _read_cip(raw: str | None) -> tuple[_Cip | None, str]:
    """The CIP code, and a note when one was given but cannot be used."""
    if not raw or not raw.strip():
        return None, ""
    try:
        code = normalize_cip(raw)
    except CipCodeError:
        return None, f"cip {quote(raw.strip())} unreadable"
    if code is None:
        return None, f"cip {raw.strip()} is a family, not a program"
    title = cip_title(code)
    return _Cip(code, cip_track(code), f"cip {code}" + (f" ({title})" if title else "")), ""


_Found = dict[str, tuple[str, str]]  # family -> (field name, phrase)


@scan_cache
def _field_phrases(field: Field) -> _Found:
    found: _Found = {}
    for family, phrase in _FAMILIES.find(field.norm).items():
        found[family] = (field.name, phrase)
    for family, phrase in _ABBREVIATIONS.find(field.raw).items():
        found.setdefault(family, (field.name, phrase))
    return found


def _phrases(*fields: Field) -> _Found:
    """Families found in the fields; an earlier field's phrase is the one cited."""
    found: _Found = {}
    for field in fields:
        if field.norm:
            for family, cited in _field_phrases(field).items():
                found.setdefault(family, cited)
    return found


def _cite(found: _Found, family: str) -> str:
    where, phrase = found[family]
    return f"{where}: {quote(phrase)}"


def _from_phrases(found: _Found, credential: CredentialDecision) -> tuple[str, str, float] | None:
    """(track, evidence, base confidence) that the phrases decide, or None when they are silent."""
    if "hit_abbreviation" in found and "hit" not in found and "it_hr" not in found:
        # "HIT" in an IT or HR program is a certification in a list, not the program.
        found = {**found, "hit": found["hit_abbreviation"]}
    coding = "billing_coding" if "billing_coding" in found else "coding" if "coding" in found else None
    degree_track = "him" if "him" in found else "hit" if "hit" in found else None
    if coding and degree_track and credential.level in ("associate", "bachelor"):
        # An HIT/HIM degree with a coding option or concentration is still the degree.
        track = "hit" if credential.level == "associate" else degree_track
        evidence = (f"{_cite(found, degree_track)} {credential.level} degree with "
                    f"{quote(found[coding][1])}")
        return track, evidence, 0.9
    if "billing_coding" in found:
        return "billing_coding", _cite(found, "billing_coding"), 0.9
    if "coding" in found and "programming" not in found and "it_hr" not in found:
        return "billing_coding", f"{_cite(found, 'coding')} (no programming words)", 0.75
    if "billing" in found and "business_office" not in found:
        return "billing_coding", f"{_cite(found, 'billing')} (no bookkeeping words)", 0.75
    if "him" in found and "hit" in found and credential.level != "bachelor":
        # Both named ("RHIT/RHIA Exam Prep"): the one named first decides, as in the guide.
        first = next(family for family in found if family in ("hit", "him"))
        if first == "hit":
            return "hit", f"{_cite(found, 'hit')}, named before {quote(found['him'][1])}", 0.8
    if "him" in found:
        if credential.level == "associate":
            # The associate HIM degrees are the HIT degrees (RHIT level), SOURCES.md §5.
            return "hit", f"{_cite(found, 'him')} at associate level", 0.9
        return "him", _cite(found, "him"), 0.9
    if "hit" in found:
        return "hit", _cite(found, "hit"), 0.9
    for family, name in _OTHER_FAMILIES.items():
        if family in found:
            return "other", f"{_cite(found, family)} ({name})", 0.9
    if "hit_weak" in found and "billing_weak" not in found:
        return "hit", _cite(found, "hit_weak"), 0.7
    if "billing_weak" in found and "hit_weak" not in found:
        return "billing_coding", _cite(found, "billing_weak"), 0.7
    return None


# Neighbouring programs whose descriptions mention billing, coding or EHR in passing.
_NEIGHBOURS = ("clinical_role", "nursing", "pharmacy", "transcription", "medical_office",
               "health_administration", "general_health", "it_hr", "business_office",
               "programming")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


def _from_description(description: Field,
                      credential: CredentialDecision) -> tuple[str, str, float] | None:
    """A track the description's first sentence, the one saying what the program is, names.

    A description of a medical office or health science program may mention billing or coding
    once (issue #11, class 4): only a first sentence naming a track and no neighbouring
    occupation decides.
    """
    if not description.norm:
        return None
    first = _SENTENCE_END.split(description.raw, maxsplit=1)[0]
    found = _phrases(make_field("description", first))
    if any(family in found for family in _NEIGHBOURS):
        return None
    decided = _from_phrases(found, credential)
    if decided is None or decided[0] == "other":
        return None
    return decided[0], decided[1] + " (first sentence)", 0.65


def _with_cip(track: str, evidence: str, confidence: float,
              cip: _Cip | None) -> TrackDecision:
    """Weigh a text decision against the CIP code: agreement raises confidence, conflict lowers it."""
    if cip is None:
        return TrackDecision(track, confidence, evidence)
    if (cip.track or "other") == track:
        return TrackDecision(track, min(0.97, confidence + 0.07), f"{evidence}; cip {cip.code} agrees")
    return TrackDecision(track, round(confidence - 0.1, 2), f"{evidence}; {cip.description} overruled")


def decide_track(title: Field, credential_text: Field, description: Field, cip_code: str | None,
                 credential: CredentialDecision) -> TrackDecision:
    cip, cip_note = _read_cip(cip_code)
    decision = _decide(title, credential_text, description, cip, credential)
    if cip_note:
        return TrackDecision(decision.track, decision.confidence, f"{decision.evidence}; {cip_note}")
    return decision


def _decide(title: Field, credential_text: Field, description: Field, cip: _Cip | None,
            credential: CredentialDecision) -> TrackDecision:
    if credential.graduate:
        return TrackDecision("other", 0.95, f"graduate program: {credential.evidence}")
    found = _phrases(title, credential_text)
    decided = _from_phrases(found, credential)
    if decided is None and "hit_weak" in found and "billing_weak" in found:
        # Both weak words ("Electronic Health Records and Reimbursement"): a track CIP code
        # chooses; without one the records side, named first in such titles, does.
        both = f"{_cite(found, 'hit_weak')} + {quote(found['billing_weak'][1])}"
        decided = (cip.track, both, 0.7) if cip and cip.track else ("hit", both, 0.6)
    if decided:
        return _with_cip(*decided, cip)
    if cip and cip.track:
        return TrackDecision(cip.track, 0.8, f"{cip.description}; title names no track")
    in_description = _from_description(description, credential)
    if in_description:
        return _with_cip(*in_description, cip)
    if cip:
        return TrackDecision("other", 0.85, f"{cip.description}: not a track code; title names no track")
    return TrackDecision("other", 0.6, "no track named")
