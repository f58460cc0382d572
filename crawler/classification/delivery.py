"""Delivery mode: online, hybrid, campus or unknown, from the source's delivery field, then text.

A delivery field (a training provider's format, schema.org educationalProgramMode, a page's
delivery sentences) is a statement about delivery, so it decides first; the exact statements the
IPEDS spider makes from the distance-education flag decide outright. Titles and descriptions come
next. A bare yes/no "online" flag comes last: "no" only says the program is not
fully online, and New Jersey flags "Medical Assisting Hybrid" with "no".

Prose (descriptions, a page's delivery sentences) is read sentence by sentence, and only
statements about taking the program or its courses count (issue #11, class 5): "applications are
available online" and "hybrid health records" are not delivery; campus words count only in a
sentence about classes, courses or the program, or in a delivery field's format label ("On
campus (Oak Ridge)"); and a practicum, clinical or externship done at a local site does not make
an online program hybrid (IPEDS counts such programs as distance education too). A mix named as
one thing ("a blend of face-to-face and online") is hybrid.

A program offered in several modes (a choice: "online or on campus", "Online, Hybrid, In-person",
"On-Campus & Online", "on campus; all courses also available online") gets its most flexible
mode and all of them as ``options`` ("online,campus"), so "can I take it online?" is one filter.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from crawler.classification.text import Field, PhraseFamilies, normalize, quote, scan_cache
from crawler.sources.ipeds import (DEP_CAMPUS_TEXT, DEP_CAMPUS_TEXT_2019, DEP_DISTANCE_TEXT,
                                   DEP_DISTANCE_TEXT_2019, DEP_SOME_DISTANCE_TEXT)

MODE_ORDER = ("online", "hybrid", "campus")  # most flexible first

_NOT_DELIVERY = [
    # "apply online", "applications are available online": how to enrol, not how it is taught.
    r"(?:apply|applications?|register|registration|enroll|enrollment|sign up|pay|payments?|order"
    r"|purchase|submit|request information)(?: \w+){0,3} (?:online|on line)",
    r"online (?:application|registration|orientation|portal|store|payment|bookstore|library"
    r"|tutoring|resources|catalog|form|information sessions?|info sessions?)s?",
    # "complete the online Health Information Management information session": an event named
    # in between is still an event, not a course.
    r"(?:(?:complete|attend|take|join|watch|view)s? (?:the |an |our )?)?online(?: \w+){1,4} "
    r"(?:information sessions?|info sessions?|orientations?)",
    r"virtual (?:reality|information sessions?|info sessions?|tours?)",
    # Record formats, not course formats: "paper-based, electronic or hybrid records".
    r"hybrid (?:health |medical |patient )?(?:records?|charts?|record systems?)",
    r"(?:electronic|paper)(?: \w+){0,4} hybrid (?:formats?|records?|systems?|environments?)",
    r"off ?campus", r"campus (?:tours?|visits?|life|events?|bookstore|library|store|maps?"
    r"|safety|police|housing|resources)", r"(?:visit|tour) (?:our |the )?campus",
]
_NOT_ONLINE = [
    r"not (?:available|offered|delivered|taught|possible)(?: \w+)? (?:online|on line)",
    r"not (?:available|offered)(?: via| through| by| as)? distance(?: education| learning)?",
    r"no online(?: option| courses?| classes| version)?",
    r"cannot be (?:completed|taken) (?:online|on line)",
]
# A choice of formats that includes an online one: the program can be taken online.
# ("offered online and on campus" without "fully" or "or" stays hybrid: it may describe one mixed
# program, see data/classification/README.md.)
_PARTLY = r"(?:hybrid|blended)"
_ELSEWHERE = r"(?:hybrid|blended|on campus|in person|face to face|in the classroom|classroom)"
# Other parts "also" offered on campus next to a program completed online: a choice of where to
# take them ("can be completed online from start to finish; general education courses are also
# offered on campus"), not one mixed program.
_ALSO_ELSEWHERE = (r"also (?:be )?(?:offered|available|taught|taken)(?: \w+){0,2} "
                   r"(?:on campus|in person|face to face|in the classroom)")
# The same the other way round: "On campus (Oak Ridge); all courses also available online".
_ALSO_ONLINE = r"also (?:be )?(?:offered|available|taught|taken)(?: \w+){0,2} online"
_ONLINE_CHOICE = [
    rf"(?:available|offered)(?: both)? online (?:and|or) (?:in )?(?:a )?{_PARTLY}",
    rf"(?:available|offered)(?: both)? (?:fully|100%|entirely|completely) online (?:and|or) "
    rf"(?:in )?(?:a )?{_ELSEWHERE}",
    rf"(?:available|offered)(?: both)? (?:in )?(?:a )?{_PARTLY}(?: formats?)? (?:and|or) online",
    rf"(?:available|offered)(?: both)? (?:in )?(?:a )?{_ELSEWHERE}(?: formats?)? (?:and|or) "
    rf"(?:fully|100%|entirely|completely) online",
    # "online or on campus", "on campus or online", "online, hybrid or in person"
    rf"(?:fully |100% |entirely |completely )?online(?: {_ELSEWHERE})? or (?:in )?(?:a )?"
    rf"{_ELSEWHERE}",
    rf"{_ELSEWHERE}(?: {_ELSEWHERE})? or (?:fully |100% |entirely |completely )?online",
]
# A mix of online and on-site teaching named as one thing: "a blend of face-to-face and online",
# "a combination of online, classroom, laboratory, and clinical experience", "combines
# classroom, online and experiential learning".
_MIX = (r"(?:(?:a )?(?:combination|blend|mix|mixture) of|combin(?:es|ing)|blend(?:s|ing)"
        r"|mix(?:es|ing))")
_ON_SITE = (r"(?:on campus|in person|face to face|classroom|in class|on site|onsite|on ground"
            r"|seated)")
_MIXED = [rf"{_MIX}(?: \w+){{0,3}}? online(?: \w+){{0,5}}? {_ON_SITE}",
          rf"{_MIX}(?: \w+){{0,3}}? {_ON_SITE}(?: \w+){{0,5}}? online"]
_PARTLY_ONLINE = _MIXED + [r"hybrid", r"blended", r"mixed ?mode",
                  r"not (?:fully|100%|completely|entirely) online",
                  r"partially online", r"partly online",
                  # Part of the courses at a distance: one program, partly online.
                  r"(?:some|many|most|several|selected?|a few) (?:of (?:the|our) )?(?:\w+ )?"
                  r"(?:courses|classes|sections)"
                  r"(?: \w+){0,4} (?:online|(?:via |through )?distance (?:education|learning))"]
_SERVICE_CENTER = (r"(?:testing|test|tutoring|learning|writing|math|career|welcome|student|success"
                   r"|advising|resource|resources|wellness|fitness|counseling|information|visitor"
                   r"|conference|call|data|assessment|computer)")
_CAMPUS = [r"on campus", r"in person", r"face to face", r"classroom", r"on site", r"onsite",
           r"offline", r"campus based", r"campus(?:es)?",
           # A college's named site: "classes … at the Archdale Center" (counted, like every
           # campus word in prose, only in a sentence about classes or the program). Not a
           # service every student may use (an online course's exam at the Testing Center),
           # nor an institute ("the National Center for Health Statistics").
           rf"at (?:the|our) (?:(?!{_SERVICE_CENTER} )[a-z]\w* ){{1,3}}(?:center|centre)(?! for\b)"]
_ONLINE_ANYWHERE = [r"100% online", r"fully online", r"completely online", r"entirely online",
                    r"(?:completed|taken) at a distance", r"distance (?:education|learning)",
                    r"no (?:campus|on campus|in person) (?:visits?|attendance)",
                    r"e ?learning", r"virtual classroom"]
# In a delivery field or a title, "online" alone is the mode; in a description it needs a verb
# or noun of delivery around it ("offered online", "online courses", "online associate degree").
_ONLINE_SHORT = [r"online ?only", r"online", r"on line", r"virtual", r"remote", r"web based"]
_ONLINE_IN_PROSE = [
    r"(?:offered|available|taught|delivered|provided|complete[ds]?|take[ns]?|finish(?:ed)?|study"
    r"|learn|courses?|class(?:es)?|programs?|curriculum|format|degree|certificate)"
    r"(?: \w+){0,2} online",
    r"online(?: \w+)? (?:programs?|format|courses?|classes|delivery|learning|degree|certificate"
    r"|lectures|instruction|associate|bachelor|diploma|boot ?camp)",
]


def _scanner(online: list[str]) -> PhraseFamilies:
    return PhraseFamilies({"ignored": _NOT_DELIVERY, "not_online": _NOT_ONLINE,
                           "online_choice": _ONLINE_CHOICE, "also_elsewhere": [_ALSO_ELSEWHERE],
                           "hybrid": _PARTLY_ONLINE, "online": _ONLINE_ANYWHERE + online,
                           "campus": _CAMPUS})


_SHORT_TEXT = _scanner(_ONLINE_SHORT)
_PROSE = _scanner(_ONLINE_IN_PROSE)
# Also on their own: a longer online phrase starting earlier ("courses are available online")
# must not hide the choice that follows it ("… online and in hybrid format"), nor "also …
# online" ("courses also available online"), nor a mix ("the program combines classroom, online
# and …").
_HIDDEN = PhraseFamilies({"ignored": _NOT_DELIVERY, "online_choice": _ONLINE_CHOICE,
                          "also_online": [_ALSO_ONLINE], "hybrid": _MIXED})
# The IPEDS flag's statements, matched whole: the flag decided them, so no word scan second-guesses.
# ...DES alone ("some programs in a CIP code can be completed entirely via distance education"):
# part of the offer can be taken at a distance, so the field is hybrid at that school and level.
_IPEDS_DEP = {DEP_DISTANCE_TEXT: "online", DEP_SOME_DISTANCE_TEXT: "hybrid",
              DEP_CAMPUS_TEXT: "campus", DEP_DISTANCE_TEXT_2019: "online",
              DEP_CAMPUS_TEXT_2019: "campus"}
_YES = {"yes", "y", "true", "1"}
_NO = {"no", "n", "false", "0"}

_SENTENCES = re.compile(r"(?<=[.!?;])\s+|\n+")
# A placement is done somewhere; that is not how the courses are taught.
_PLACEMENT = re.compile(r"\b(?:practicums?|clinicals?|clinical (?:rotations?|experiences?)"
                        r"|externships?|internships?|professional practice|practice experiences?"
                        r"|ppes?|placements?|field (?:work|experiences?)|preceptorships?)\b")
# Campus words in prose count only in a sentence about taking the program or its courses.
_TAKING = re.compile(r"\b(?:class(?:es)?|courses?|programs?|curriculum|degree|certificate"
                     r"|lectures?|labs?|instruction|taught|offered|delivered|attend\w*|meets?"
                     r"|study(?! (?:lounges?|rooms?|areas?|spaces?))|formats?|sessions?"
                     r"|cohorts?)\b")
# A sentence about enrolling ("Applications for the fall cohort are available online") says
# nothing about how the courses are taught, unless it also speaks of them.
_ENROLMENT = re.compile(r"\b(?:apply|applications?|register|registration|enroll\w*|admissions?"
                        r"|orientation|information sessions?|tuition|fees?|payments?"
                        r"|transcripts?|forms?)\b")
_COURSES = re.compile(r"\b(?:class(?:es)?|courses?|curriculum|lectures?|instruction|taught"
                      r"|delivered)\b")
# Short texts that list modes as alternatives: "Online, Hybrid, In-person", "Online / On campus",
# "On-Campus & Online" (a format label listing the modes it is offered in). A spelled-out "and"
# is not a list mark: "In-Person and Online", like "offered online and on campus", may be one
# mixed program, which the labelling guide reads as hybrid.
_LIST_SEPARATOR = re.compile(r"\s*(?:,|/|&|\bor\b|\|)\s*", re.I)
_MODE_WORD = {"online": "online", "on line": "online", "distance education": "online",
              "distance learning": "online", "virtual": "online", "hybrid": "hybrid",
              "blended": "hybrid", "in person": "campus", "on campus": "campus",
              "campus": "campus", "face to face": "campus", "classroom": "campus"}


class DeliveryDecision(NamedTuple):
    mode: str
    evidence: str
    options: str  # the modes it is offered in, most flexible first: "online,campus"; "" unknown


# The cues that make each mode, in the order evidence quotes them.
_CUES = {"hybrid": ("hybrid", "online", "campus", "not_online"),
         "online": ("online_choice", "online"),
         "campus": ("not_online", "campus")}


def _mode(found: dict[str, str]) -> str | None:
    if "online_choice" in found and "not_online" not in found:
        return "online"
    if "hybrid" in found or ("online" in found and ("campus" in found or "not_online" in found)):
        return "hybrid"
    if "online" in found:
        return "online"
    if "not_online" in found or "campus" in found:
        return "campus"
    return None


def _options_of_choice(phrase: str) -> str:
    modes = {"online"}
    if re.search(r"hybrid|blended", phrase):
        modes.add("hybrid")
    if re.search(r"campus|person|face|classroom", phrase):
        modes.add("campus")
    return ",".join(mode for mode in MODE_ORDER if mode in modes)


def _decision(found: dict[str, str], name: str,
              quoted: str | None = None) -> DeliveryDecision | None:
    mode = _mode(found)
    if mode is None:
        return None
    if quoted is None:
        quoted = " + ".join(quote(found[cue]) for cue in _CUES[mode] if cue in found)
    options = _options_of_choice(found["online_choice"]) if (
        mode == "online" and "online_choice" in found) else mode
    return DeliveryDecision(mode, f"{name}: {quoted}", options)


def _listed_modes(raw: str) -> list[str]:
    """Modes a short text lists as alternatives, when every part of it is a mode word."""
    parts = [normalize(part) for part in _LIST_SEPARATOR.split(raw) if part.strip()]
    modes = [_MODE_WORD.get(part) for part in parts]
    if len(parts) < 2 or None in modes or len(set(modes)) < 2:
        return []
    return [mode for mode in MODE_ORDER if mode in modes]


def _short_text(field: Field) -> DeliveryDecision | None:
    listed = _listed_modes(field.raw)
    if listed:
        return DeliveryDecision(listed[0], f"{field.name}: {quote(field.raw)} (a choice)",
                                ",".join(listed))
    found = _SHORT_TEXT.find(field.norm)
    if field.name == "delivery":
        # A delivery field is short and is itself the statement: quote all of it.
        return _decision(found, field.name, quote(field.raw))
    return _decision(found, field.name)


def _prose(field: Field) -> DeliveryDecision | None:
    """Sentence by sentence: only statements about taking the program or its courses count."""
    found: dict[str, str] = {}
    placement_campus: dict[str, str] = {}
    for sentence in _SENTENCES.split(field.raw):
        norm = normalize(sentence)
        if not norm or (_ENROLMENT.search(norm) and not _COURSES.search(norm)):
            continue
        cues = _PROSE.find(norm)
        for cue, phrase in _HIDDEN.find(norm).items():
            if cue != "ignored":
                cues.setdefault(cue, phrase)
        campus = cues.pop("campus", None)
        # Even in a delivery field a sentence may speak of the campus as a place ("a study
        # lounge open to online students on campus"); one that starts with the mode is a format
        # label ("On campus (Oak Ridge)").
        if campus and (_TAKING.search(norm)
                       or (field.name == "delivery" and norm.startswith(campus))):
            # Kept aside when the sentence is about a placement: it says where the placement is,
            # which matters only when nothing says the courses are online.
            (placement_campus if _PLACEMENT.search(norm) else cues).setdefault("campus", campus)
        for cue, phrase in cues.items():
            found.setdefault(cue, phrase)
    also = found.pop("also_elsewhere", None)
    also_online = found.pop("also_online", None)
    if also and "online" in found and "hybrid" not in found and "online_choice" not in found:
        found["online_choice"] = also
    elif also_online:
        if "campus" in found and "hybrid" not in found and "online_choice" not in found:
            # Quoted with the campus statement, so the options name both.
            found["online_choice"] = f"{found['campus']} \u2026 {also_online}"
        else:
            found.setdefault("online", also_online)
    if "online" not in found and "online_choice" not in found:
        for cue, phrase in placement_campus.items():
            found.setdefault(cue, phrase)
    return _decision(found, field.name)


def _is_prose(field: Field) -> bool:
    """Descriptions, and a delivery field holding a page's sentences rather than a format name."""
    if field.name == "description":
        return True
    return field.name == "delivery" and (bool(_SENTENCES.search(field.raw.strip()))
                                         or len(field.norm.split()) > 6)


@scan_cache
def _mode_of(field: Field) -> DeliveryDecision | None:
    """The mode one field states, or None."""
    return _prose(field) if _is_prose(field) else _short_text(field)


def decide_delivery(delivery: Field, title: Field, credential: Field,
                    description: Field) -> DeliveryDecision:
    if delivery.raw in _IPEDS_DEP:
        mode = _IPEDS_DEP[delivery.raw]
        # Quoted whole: IPEDS's sentence is the evidence (the longest is 101 characters).
        return DeliveryDecision(mode, f"delivery: {quote(delivery.raw, limit=120)}", mode)
    if delivery.norm in _YES:
        return DeliveryDecision("online", f"delivery: {quote(delivery.raw)} (flagged online)",
                                "online")
    if delivery.norm and delivery.norm not in _NO:
        stated = _mode_of(delivery)
        if stated:
            return stated
    for field in (title, credential, description):
        if field.norm:
            stated = _mode_of(field)
            if stated:
                return stated
    if delivery.norm in _NO:
        return DeliveryDecision("campus", f"delivery: {quote(delivery.raw)} (not flagged online)",
                                "campus")
    return DeliveryDecision("unknown", "no delivery stated", "")
