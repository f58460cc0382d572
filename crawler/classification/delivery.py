"""Delivery mode: online, hybrid, campus or unknown, from the source's delivery field, then text.

A delivery field (a training provider's format, schema.org educationalProgramMode, a page's
delivery sentences) is a statement about delivery, so it decides first; the exact statements the
IPEDS spider makes from the distance-education flag decide outright. Titles and descriptions come
next. A bare yes/no "online" flag comes last: "no" only says the program is not
fully online, and New Jersey flags "Medical Assisting Hybrid" with "no".
"""

from __future__ import annotations

from crawler.classification.text import Field, PhraseFamilies, quote, scan_cache
from crawler.sources.ipeds import DEP_CAMPUS_TEXT, DEP_DISTANCE_TEXT

_NOT_DELIVERY = [
    # "apply online", "online application": how to enrol, not how the program is taught.
    r"(?:apply|applications?|register|registration|enroll|enrollment|sign up|pay|payments?|order"
    r"|purchase|submit|request information)(?: \w+)? online",
    r"online (?:application|registration|orientation|portal|store|payment|bookstore|library"
    r"|tutoring|resources|catalog|form)s?",
    r"virtual reality",
]
_NOT_ONLINE = [
    r"not (?:available|offered|delivered|taught|possible)(?: \w+)? (?:online|on line)",
    r"not (?:available|offered)(?: via| through| by| as)? distance(?: education| learning)?",
    r"no online(?: option| courses?| classes| version)?",
    r"cannot be (?:completed|taken) (?:online|on line)",
]
# A choice of formats that includes a fully online one: the program can be taken online.
# ("offered online and on campus" without "fully" stays hybrid: it may describe one mixed
# program, see data/classification/README.md.)
_PARTLY = r"(?:hybrid|blended)"
_ELSEWHERE = r"(?:hybrid|blended|on campus|in person|face to face)"
_ONLINE_CHOICE = [
    rf"(?:available|offered)(?: both)? online (?:and|or) (?:in )?(?:a )?{_PARTLY}",
    rf"(?:available|offered)(?: both)? (?:fully|100%|entirely) online (?:and|or) (?:in )?(?:a )?"
    rf"{_ELSEWHERE}",
    rf"(?:available|offered)(?: both)? (?:in )?(?:a )?{_PARTLY}(?: formats?)? (?:and|or) online",
    rf"(?:available|offered)(?: both)? (?:in )?(?:a )?{_ELSEWHERE}(?: formats?)? (?:and|or) "
    rf"(?:fully|100%|entirely) online",
]
_PARTLY_ONLINE = [r"hybrid", r"blended", r"mixed ?mode", r"not (?:fully|100%|completely|entirely) online",
                  r"partially online", r"partly online"]
_CAMPUS = [r"on campus", r"in person", r"face to face", r"classroom", r"on site", r"onsite",
           r"offline", r"campus based", r"campus"]
_ONLINE_ANYWHERE = [r"100% online", r"fully online", r"completely online", r"entirely online",
                    r"(?:completed|taken) at a distance", r"distance (?:education|learning)",
                    r"no (?:campus|on campus|in person) (?:visits?|attendance)"]
# In a delivery field or a title, "online" alone is the mode; in a description it needs a verb
# or noun of delivery around it ("offered online", "online courses").
_ONLINE_SHORT = [r"online ?only", r"online", r"on line", r"virtual", r"remote", r"e learning", r"web based"]
_ONLINE_IN_PROSE = [
    r"(?:offered|available|taught|delivered|completed|taken|study|learn|courses?|classes|program"
    r"|format)(?: \w+)? online",
    r"online (?:program|format|courses?|classes|delivery|learning|degree|certificate|lectures)",
]


def _scanner(online: list[str]) -> PhraseFamilies:
    return PhraseFamilies({"ignored": _NOT_DELIVERY, "not_online": _NOT_ONLINE,
                           "online_choice": _ONLINE_CHOICE,
                           "hybrid": _PARTLY_ONLINE, "online": _ONLINE_ANYWHERE + online,
                           "campus": _CAMPUS})


_SHORT_TEXT = _scanner(_ONLINE_SHORT)
_PROSE = _scanner(_ONLINE_IN_PROSE)
# The IPEDS flag's statements, matched whole: the flag decided them, so no word scan second-guesses.
_IPEDS_DEP = {DEP_DISTANCE_TEXT: "online", DEP_CAMPUS_TEXT: "campus"}
_YES = {"yes", "y", "true", "1"}
_NO = {"no", "n", "false", "0"}


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


@scan_cache
def _mode_of(field: Field) -> tuple[str, str] | None:
    """(mode, evidence) that one field states, or None."""
    scanner = _PROSE if field.name == "description" else _SHORT_TEXT
    found = scanner.find(field.norm)
    mode = _mode(found)
    if mode is None:
        return None
    if field.name == "delivery":
        # A delivery field is short and is itself the statement: quote all of it.
        return mode, f"delivery: {quote(field.raw)}"
    phrases = [found[cue] for cue in _CUES[mode] if cue in found]
    return mode, f"{field.name}: " + " + ".join(quote(phrase) for phrase in phrases)


def decide_delivery(delivery: Field, title: Field, credential: Field,
                    description: Field) -> tuple[str, str]:
    if delivery.raw in _IPEDS_DEP:
        return _IPEDS_DEP[delivery.raw], f"delivery: {quote(delivery.raw)}"
    if delivery.norm in _YES:
        return "online", f"delivery: {quote(delivery.raw)} (flagged online)"
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
        return "campus", f"delivery: {quote(delivery.raw)} (not flagged online)"
    return "unknown", "no delivery stated"
