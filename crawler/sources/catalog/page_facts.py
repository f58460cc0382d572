"""Facts every program page states in prose, whatever its platform: credits, length, cost,
credential, delivery, CAHIIM accreditation, AHIMA PCAP approval and certification exams.

Each function takes plain text (or a title) and returns the fact or None. Adapters call them on
the page's main content; structured values from the platform (JSON-LD, CourseLeaf totals) win.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

CERTIFICATIONS = ("RHIT", "CCA", "CCS", "CPC", "CBCS", "CMRS")
NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}
_NUMBER = r"(\d{1,2}|" + "|".join(NUMBER_WORDS) + r")"
_UNITS = r"(semester|term|quarter|month|week|year)s?"

_TOTAL_CREDITS = re.compile(
    r"total\s+(?:program\s+)?(?:credits?|credit hours|hours|units)\s*:?\s*(\d{1,3}(?:\.\d)?)", re.I)
_CREDITS = re.compile(
    r"(?:(\d{1,3}(?:\.\d)?)(?:\s*(?:-|–|to)\s*\d{1,3})?\s+(?:(?:semester|quarter)\s+)?"
    r"(?:credits?|credit hours|units)\b)|(?:\bcredits?(?: required)?\s*:?\s*(\d{1,3}(?:\.\d)?)\b)",
    re.I)
_LABELLED_LENGTH = re.compile(
    r"(?:program length|length|time to complete|duration)\s*:?\s*" + _NUMBER + r"[\s-]+" + _UNITS,
    re.I)
_LENGTH = re.compile(r"\b" + _NUMBER + r"[\s-]+" + _UNITS + r"\b", re.I)
_MONEY = re.compile(r"\$\s?(\d{1,3}(?:,\d{3})+|\d+)(?:\.\d{2})?")
_COST_WORDS = re.compile(r"\b(cost|tuition|fees?|price)\b", re.I)
_SENTENCES = re.compile(r"(?<=[.!?])\s+|\n+")

_CAHIIM = re.compile(
    r"accreditor of (?P<college>.+?) is the Commission on Accreditation for Health Informatics "
    r"and Information Management Education\s*\(CAHIIM\)\.?\s*The\b.{0,40}?accreditation for "
    r"(?:the |an? )?(?P<level>associate|baccalaureate|bachelor|master)(?:['’]s)? degree in "
    r"(?P<program>.+?) has been (?:re)?affirmed through (?P<year>\d{4})", re.I | re.S)
_ACCREDITATION_LEVELS = {"associate": "associate", "baccalaureate": "bachelor",
                         "bachelor": "bachelor", "master": "master"}
_PCAP = re.compile(r"\bPCAP\b|Professional Certificate Approval Program|AHIMA[- ]approved|"
                   r"approved by (?:the )?AHIMA", re.I)
_NOT_YET = re.compile(r"\b(not|pending|seeking|applied|candidacy|working toward)\b", re.I)
_CERTIFICATION = re.compile(r"\b(" + "|".join(CERTIFICATIONS) + r")\b")

_DELIVERY = re.compile(
    r"\b(online|hybrid|on[- ]campus|in[- ]person|face[- ]to[- ]face|classes meet|"
    r"classes and labs meet|distance education|delivery)\b", re.I)

_CREDENTIAL_WORD = re.compile(
    r"\b(associate|bachelor|master|doctorate|certificate|certification|diploma|degree|"
    r"non-?credit)\b", re.I)
_CREDENTIAL_ABBREVIATION = re.compile(
    r"(?<![A-Za-z])(A\.?A\.?S\.?|A\.A\.|A\.S\.|AS|B\.S\.|BS|B\.A\.|BA|M\.S\.|MS|MBA)(?![A-Za-z])")
_CREDENTIAL_PHRASE = re.compile(
    r"\b(?:certificate of (?:proficiency|completion|achievement)|"
    r"(?:associate|bachelor|master)(?:['’]s)?(?: of| in)? (?:applied )?(?:science|arts)|"
    r"(?:associate|bachelor|master)(?:['’]s)? degree|certificate|diploma|non-?credit)\b", re.I)
# "Award: Associate in Applied Science", also mid-line: "Format: Non-credit   Length: 12 weeks".
_LABELLED_CREDENTIAL = re.compile(
    r"(?:^|\s)(?:award|credential|degree|award type|degree type|credential awarded|format|"
    r"program type)\s*(?::|\n)\s*(?P<value>[^\n:]{3,80}?)(?=\s+(?-i:[A-Z])[\w /]{0,20}:|\s*$)",
    re.I | re.M)
_TITLE_PARTS = re.compile(r",\s*|\s+[–—-]\s+|\s*\(|\)\s*")


@dataclass(frozen=True)
class Accreditation:
    accreditor: str
    level: str
    through: int


def credits_in(text: str) -> float | None:
    """'Total Credits: 64' first, else the first 'N credits' (the lower bound of a range)."""
    total = _TOTAL_CREDITS.search(text)
    if total:
        return float(total.group(1))
    match = _CREDITS.search(text)
    return float(match.group(1) or match.group(2)) if match else None


def length_in(text: str) -> str | None:
    """'Program length: four semesters' -> '4 semesters'; a labelled length wins."""
    match = _LABELLED_LENGTH.search(text) or _LENGTH.search(text)
    if not match:
        return None
    number, unit = match.group(1).lower(), match.group(2).lower()
    count = NUMBER_WORDS.get(number) or int(number)
    return f"{count} {unit}{'s' if count != 1 else ''}"


def cost_in(text: str) -> float | None:
    """The first dollar amount in a sentence about cost, tuition, fees or price."""
    for sentence in _SENTENCES.split(text):
        money = _MONEY.search(sentence)
        if money and _COST_WORDS.search(sentence):
            return float(money.group(1).replace(",", ""))
    return None


def accreditation_in(text: str) -> Accreditation | None:
    """The CAHIIM statement every accredited program must publish (SOURCES.md §5), else None:
    a page that only mentions CAHIIM ("applied for", "candidacy") is not accredited."""
    match = _CAHIIM.search(re.sub(r"\s+", " ", text))
    if not match:
        return None
    return Accreditation("CAHIIM", _ACCREDITATION_LEVELS[match["level"].lower()],
                         int(match["year"]))


def pcap_approved_in(text: str) -> bool:
    return any(_PCAP.search(s) and not _NOT_YET.search(s) for s in _SENTENCES.split(text))


def certifications_in(text: str) -> list[str]:
    """Certification exams named on the page, in a fixed order (RHIT, CCA, CCS, CPC, CBCS, CMRS)."""
    found = set(_CERTIFICATION.findall(text))
    return [name for name in CERTIFICATIONS if name in found]


# Enough for a format statement and its exceptions; a page rarely has more that matter.
DELIVERY_SENTENCES = 4


def delivery_in(text: str) -> str | None:
    """The sentences with delivery words, in page order: the classifier reads them one by one and
    keeps those about taking the courses (the first one may be "Applications are available
    online")."""
    sentences = [s.strip() for s in _SENTENCES.split(text) if _DELIVERY.search(s)]
    return " ".join(sentences[:DELIVERY_SENTENCES]) or None


def credential_in(title: str, text: str = "") -> str | None:
    """The credential as the page names it: a labelled value ('Award: Associate in Applied
    Science'), else the credential part of the title ('..., AAS', '... Certificate')."""
    labelled = _LABELLED_CREDENTIAL.search(text)
    if labelled and _is_credential(labelled["value"]):
        return labelled["value"].strip()
    for part in reversed([p.strip() for p in _TITLE_PARTS.split(title) if p.strip()]):
        phrase = _CREDENTIAL_PHRASE.search(part)
        if phrase:
            return phrase.group(0)
        if len(part.split()) <= 3 and _is_credential(part):  # 'AAS', 'A.A.S. Degree', 'B.S.'
            return part
    return None


def names_credential(text: str) -> bool:
    """Whether a title or label names a credential (degree, certificate, AAS...)."""
    return _is_credential(text)


def _is_credential(text: str) -> bool:
    return bool(_CREDENTIAL_WORD.search(text) or _CREDENTIAL_ABBREVIATION.search(text))
