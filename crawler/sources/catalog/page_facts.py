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
# Prose totals: "requires a total of 64 credit hours", "Program Total: 64 credits".
_STATED_TOTAL = re.compile(
    r"(?:\btotal of\s+(\d{1,3}(?:\.\d)?)\s+(?:(?:semester|quarter)\s+)?"
    r"(?:credits?|credit hours|hours|units)\b)|(?:\bprogram total\s*:?\s*(\d{1,3}(?:\.\d)?)\b)",
    re.I)
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

_NOT_TEACHING = re.compile(
    r"\b(online (?:[\w&-]+ ){0,4}?(information sessions?|orientation|applications?|forms?|"
    r"payments?|registration|"
    r"catalog|store)|(apply|register|enroll|pay) online)\b", re.I)

_CREDENTIAL_WORD = re.compile(
    r"\b(associate|bachelor|master|doctorate|certificate|certification|diploma|degree|"
    r"non-?credit)\b", re.I)
_CREDENTIAL_ABBREVIATION = re.compile(
    r"(?<![A-Za-z])(A\.?A\.?S\.?|A\.A\.|A\.S\.|AS|B\.S\.|BS|B\.A\.|BA|M\.S\.|MS|MBA|C\.A\.)"
    r"(?![A-Za-z])")
_CREDENTIAL_PHRASE = re.compile(
    r"\b(?:certificate of (?:proficiency|completion|achievement)|"
    r"(?:associate|bachelor|master)(?:['’]s)?(?: of| in)? (?:applied )?(?:science|arts)|"
    r"(?:associate|bachelor|master)(?:['’]s)? degree|certificate|diploma|non-?credit)\b", re.I)
_CREDENTIAL_LABELS = (r"(?:award|credential|degree|award type|degree type|credential awarded|"
                      r"credential earned|degree earned|award earned|format|program type)")
# "Award: Associate in Applied Science", also mid-line: "Format: Non-credit   Length: 12 weeks".
_LABELLED_CREDENTIAL = re.compile(
    r"(?:^|\s)" + _CREDENTIAL_LABELS + r"\s*(?::|\n)\s*(?P<value>[^\n:]{3,80}?)"
    r"(?=\s+(?-i:[A-Z])[\w /]{0,20}:|\s*$)", re.I | re.M)
# Fact bars put the value above its label: "Diploma" on one line, "Credential earned" below
# (or beside it, when value and label are inline spans of one fact).
_VALUE_ABOVE_LABEL = re.compile(
    r"^[ \t]*(?P<value>[^\n:]{3,60}?)[ \t]*\n[ \t]*" + _CREDENTIAL_LABELS + r"[ \t]*$",
    re.I | re.M)
# Beside it only with a label no title ends with ("... A.A.S. Degree" is a name, not a fact).
_VALUE_BESIDE_LABEL = re.compile(
    r"^[ \t]*(?P<value>[^\n:]{3,60}?)[ \t]+(?:credential earned|degree earned|award earned|"
    r"credential awarded|award type|degree type|program type|award)[ \t]*$", re.I | re.M)
_CLOCK_HOURS = re.compile(r"\b(\d{2,4}(?:,\d{3})?)[\s-]+(?:clock|contact)[\s-]+hours?\b", re.I)
_AWARD_LINE = re.compile(
    r"(?:(?:associate|bachelor|master)(?:['’]s)?(?: of| in)? (?:applied )?(?:science|arts)|"
    r"(?:associate|bachelor|master)(?:['’]s)? degree|technical )?"
    r"\s?(?:certificate|diploma|degree)?"
    r"(?: of (?:proficiency|completion|achievement))?(?: \([A-Z. ]{2,10}\))?|"
    r"(?:A\.?A\.?S\.?|A\.S\.|AAS|AS) degree", re.I)
MAX_AWARD_LINE_WORDS = 7
_TITLE_PARTS = re.compile(r",\s*|\s+[–—-]\s+|\s*\(|\)\s*")


@dataclass(frozen=True)
class Accreditation:
    accreditor: str
    level: str
    through: int


def credits_in(text: str) -> float | None:
    """'Total Credits: 64' first, else the first 'N credits' (the lower bound of a range)."""
    total = stated_total_in(text) or _TOTAL_CREDITS.search(text)
    if isinstance(total, float):
        return total
    if total:
        return float(total.group(1))
    match = _CREDITS.search(text)
    return float(match.group(1) or match.group(2)) if match else None


def stated_total_in(text: str) -> float | None:
    """A program total stated in prose: 'a total of 64 credit hours', 'Program Total: 64'."""
    match = _STATED_TOTAL.search(text)
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
    online"). A sentence whose only delivery words are 'apply online' or 'an online information
    session' says nothing about the teaching and is left out."""
    sentences = [s.strip() for s in _SENTENCES.split(text)
                 if _DELIVERY.search(_NOT_TEACHING.sub(" ", s))]
    return " ".join(sentences[:DELIVERY_SENTENCES]) or None


def credential_in(title: str, text: str = "") -> str | None:
    """The credential as the page names it: a labelled value ('Award: Associate in Applied
    Science', or a fact bar's 'Diploma' above 'Credential earned'), else the credential part of
    the title ('..., AAS', '... Certificate')."""
    labelled = labelled_credential_in(text)
    if labelled:
        return labelled
    for part in reversed([p.strip() for p in _TITLE_PARTS.split(title) if p.strip()]):
        phrase = _CREDENTIAL_PHRASE.search(part)
        if phrase:
            return phrase.group(0)
        if len(part.split()) <= 3 and _is_credential(part):  # 'AAS', 'A.A.S. Degree', 'B.S.'
            return part
    return None


def labelled_credential_in(text: str) -> str | None:
    """A credential the page states as a fact, with a label beside or below it."""
    for pattern in (_LABELLED_CREDENTIAL, _VALUE_ABOVE_LABEL, _VALUE_BESIDE_LABEL):
        for match in pattern.finditer(text):
            if _is_credential(match["value"]):
                return match["value"].strip()
    return None


def award_line_in(text: str) -> str | None:
    """A line that is nothing but an award's name ('Associate of Applied Science', 'Diploma'):
    how hero banners and fact bars state the credential without a label."""
    for line in text.splitlines():
        line = line.strip(" -•\t")
        if line and len(line.split()) <= MAX_AWARD_LINE_WORDS and _AWARD_LINE.fullmatch(line):
            return line
    return None


def clock_hours_in(text: str) -> int | None:
    """'900 clock hours' -> 900: career schools state length in clock hours, not credits."""
    match = _CLOCK_HOURS.search(text)
    return int(match.group(1).replace(",", "")) if match else None


def names_credential(text: str) -> bool:
    """Whether a title or label names a credential (degree, certificate, AAS...)."""
    return _is_credential(text)


def _is_credential(text: str) -> bool:
    return bool(_CREDENTIAL_WORD.search(text) or _CREDENTIAL_ABBREVIATION.search(text))
