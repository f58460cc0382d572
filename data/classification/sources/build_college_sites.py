"""How college_sites.csv was made: program listings kept in public website-source repositories.

    python data/classification/sources/build_college_sites.py MIRROR_DIR [HELDOUT_MD]

MIRROR_DIR holds git copies of the seven public repositories below (MIRROR_DIR/owner+name/repo,
as the session's fetch tool lays them out); each file is read at the commit named in SOURCES.
HELDOUT_MD (../shared/heldout.md) is checked, when given, so that no repository or institution
web host on the held-out list slips in.

What each repository is, and what is read from it:

- `Cgines-stech/StechAthena`: an internal course-catalog tool of Southwest Technical College
  (Cedar City, Utah; "Southwest Technical College - FY2026" in its pages), one
  `data/programs/<program>/program.js` per program with the program's CIP code, credit and
  clock hours and award ("Certificate", "Certificate of Completion - C1Y"). All 21 programs.
- `dtroshin/final`: an ASP.NET site (2013) whose `Programs.aspx` reproduces the program page of
  Fountainhead College of Technology (Knoxville, Tennessee): each award heading ("Certificate",
  "Associate of Occupational Science Degree", ...) with its programs listed under it, two of
  them marked "(Also Available Online)" and repeated under "Distance Education" (read as that
  delivery statement, not as two more programs). It is a student project built on a book's
  sample site (PlanetWrox), so the listing is the college's as the author copied it; kept
  because its facts (titles, awards) are the college's, with the caveat in the README.
- `mattrhummel/GermannaCC-WPTheme`: Germanna Community College's (Virginia) WordPress theme;
  its Nursing and Health Technologies page template held a "Programs at a Glance" table
  (program, duration, full/part time, licensure) at commit 6e8ee4d, removed later. All 10 rows.
- `Orion-Technical-College/orion-website`: the college's (Davenport, Iowa) website, which keeps
  its 2024-2025 catalog as a PDF (`_legacy/.../orion-catalog-20242025-lvii.pdf`). The catalog's
  "Programs of Study" list is the listing (11 programs, award and length, "(online only)" on
  two); the program pages' own format sentences ("This program is offered hybrid.", "... 100%
  Online ...") are the delivery statements. The PDF's text is read with the standard library
  (zlib-inflated content streams, their text-showing operators); every title and sentence used
  is checked to be in it.
- `williamhstokes/uagc-dx-documentation`: SEO documentation for the University of Arizona Global
  Campus whose `academic-programs-catalog.md` lists the university's programs scraped from
  uagc.edu (title linked to its uagc.edu page, degree level). Rows linking to uagc.edu are read;
  rows marked new (linked to local proposal files, not to uagc.edu) are proposals, not programs,
  and are left out. The file says of all programs "Flexible delivery - Online format designed
  for working adults", which is the delivery statement of every row.
- `Kamran-Afzali/Kamran-Afzali.github.io`: a blog post surveying health informatics training
  (`_posts/digital_health_training_selected.md`, at a commit before the post was removed); its
  USA section lists programs of five US universities, each linked to the program's page (the
  URL is the source id). The University of Illinois Chicago's MSHI and post-master's
  certificate are left out: `college_pages` already holds them.
- `Yeshprabhu03/ai-engineering-fordham`: a chatbot's saved copy of fordham.edu, one markdown file
  per page opening with the page's URL. The three program pages in or near health care
  administration are read (title = the page's first heading).

The labels are ours, by the guide in ../README.md, decided by reading every row (LABELS, keyed
by source id); the script checks that LABELS and the rows read are the same set. Descriptions
are short notes in our words of the facts that bear on a label (NOTES_IN_DESCRIPTION), never
the source's prose; the delivery column is the source's own format words, shortened, and each
is checked to occur in the source text.
"""

from __future__ import annotations

import csv
import html
import re
import subprocess
import sys
import zlib
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2]))
from bench.classify_split import split_for  # noqa: E402

COLUMNS = ("source_id", "title", "credential", "description", "cip_code", "institution",
           "delivery", "expected_track", "expected_credential_level", "expected_delivery_mode",
           "note", "split")

# (repository, commit, institution web host(s)) by short name.
SOURCES = {
    "stech": ("Cgines-stech/StechAthena", "b5ef140bb6f0a6a6b0c608a701db1d94980be919",
              ("stech.edu",)),
    "fountainhead": ("dtroshin/final", "c164b3270dee840730231546ef3b74d0153d0082",
                     ("fountainheadcollege.edu",)),
    "germanna": ("mattrhummel/GermannaCC-WPTheme", "6e8ee4d7bd06024343de7426d02ae21988e55a51",
                 ("germanna.edu",)),
    "orion": ("Orion-Technical-College/orion-website",
              "3ba53591fb126671d93548addfae2103c587d1d6", ("orion.edu",)),
    "uagc": ("williamhstokes/uagc-dx-documentation", "972cf098ab4b71423f1497f04ebb3e551144fb7e",
             ("uagc.edu",)),
    "afzali": ("Kamran-Afzali/Kamran-Afzali.github.io",
               "019017e5892649d58cb1af49fbeae076b307105a",
               ("uic.edu", "stanford.edu", "du.edu", "harvard.edu", "buffalo.edu")),
    "fordham": ("Yeshprabhu03/ai-engineering-fordham", "fbc86dd192f4680a4a07c21f1af42c75ee164384",
                ("fordham.edu",)),
}


def git_show(mirror: Path, name: str, path: str) -> bytes:
    repo, commit, _ = SOURCES[name]
    folder = mirror / repo.replace("/", "+") / "repo"
    return subprocess.run(["git", "-C", str(folder), "show", f"{commit}:{path}"], check=True,
                          capture_output=True).stdout


def git_paths(mirror: Path, name: str) -> list[str]:
    repo, commit, _ = SOURCES[name]
    folder = mirror / repo.replace("/", "+") / "repo"
    listing = subprocess.run(["git", "-C", str(folder), "ls-tree", "-r", "--name-only", commit],
                             check=True, capture_output=True, text=True).stdout
    return listing.splitlines()


def file_id(name: str, path: str, anchor: str = "") -> str:
    """A row's source id: repository:path@short commit, plus #anchor for one of many rows."""
    repo, commit, _ = SOURCES[name]
    return f"{repo}:{path}@{commit[:7]}" + (f"#{anchor}" if anchor else "")


# --- Southwest Technical College -------------------------------------------------------------

_JS_FIELD = re.compile(r"(programCIP|certificate):\s*'?([^,'\n]+)'?")


def stech(mirror: Path) -> list[dict]:
    rows = []
    for path in git_paths(mirror, "stech"):
        match = re.fullmatch(r"data/programs/([^/]+)/program\.js", path)
        if not match:
            continue
        fields = dict(_JS_FIELD.findall(git_show(mirror, "stech", path).decode("utf-8")))
        rows.append({"source_id": file_id("stech", path), "title": match.group(1),
                     "credential": fields["certificate"].strip(),
                     "cip_code": fields["programCIP"].strip(),
                     "institution": "Southwest Technical College"})
    return rows


# --- Fountainhead College of Technology ------------------------------------------------------

FOUNTAINHEAD_PATH = "Programs.aspx"
_SECTION = re.compile(r"<h2[^>]*>(.*?)</h2>(.*?)(?=<h2|</asp:Content>)", re.S)
_ITEM = re.compile(r"<li>(.*?)</li>", re.S)


def fountainhead(mirror: Path) -> list[dict]:
    page = git_show(mirror, "fountainhead", FOUNTAINHEAD_PATH).decode("utf-8-sig")
    rows = []
    for heading, body in _SECTION.findall(page):
        award = html.unescape(heading).strip()
        if award == "Distance Education":
            continue  # the online-available programs again: their "(Also Available Online)"
        for item in _ITEM.findall(body):
            title = html.unescape(item).strip()
            online = "(Also Available Online)" in title
            rows.append({"source_id": file_id("fountainhead", FOUNTAINHEAD_PATH,
                                              f"{title} ({award})"),
                         "title": title, "credential": award,
                         "delivery": "Also Available Online" if online else "",
                         "institution": "Fountainhead College of Technology"})
    return rows


# --- Germanna Community College --------------------------------------------------------------

GERMANNA_PATH = "page-nursing-health.php"
_ROW = re.compile(r'<tr>\s*<th\s+scope="row">(.*?)</th>\s*<td>(.*?)</td>\s*<td\s*>(.*?)</td>'
                  r'\s*<td>(.*?)</td>\s*<td>(.*?)</td>', re.S)


def germanna(mirror: Path) -> list[dict]:
    page = git_show(mirror, "germanna", GERMANNA_PATH).decode("utf-8")
    table = page.split("Programs at a Glance", 1)[1].split("</table>", 1)[0]
    rows = []
    for title, duration, full, part, licensure in _ROW.findall(table):
        title = html.unescape(title).strip()
        licensed = "leads to licensure or certification" if licensure.strip() == "yes" else ""
        description = ", ".join(filter(None, [f"health program, length {duration.strip()}",
                                              licensed]))
        rows.append({"source_id": file_id("germanna", GERMANNA_PATH, title), "title": title,
                     "description": description,
                     "institution": "Germanna Community College"})
    return rows


# --- Orion Technical College -----------------------------------------------------------------

ORION_PATH = "_legacy/Content/User/files/orion-catalog-20242025-lvii.pdf"
_STREAM = re.compile(rb"stream\r?\n(.*?)\r?\nendstream", re.S)
_SHOWN = re.compile(rb"\((.*?)(?<!\\)\)\s*Tj|\[(.*?)\]\s*TJ", re.S)
_STRING = re.compile(rb"\((.*?)(?<!\\)\)", re.S)


def pdf_text(data: bytes) -> str:
    """The strings a PDF's deflated content streams show, spaces collapsed (enough to find the
    catalog's sentences; not a general PDF reader)."""
    shown = []
    for stream in _STREAM.findall(data):
        try:
            content = zlib.decompress(stream)
        except zlib.error:
            continue  # images and fonts
        for single, array in _SHOWN.findall(content):
            shown.append(single if single else b"".join(_STRING.findall(array)))
    text = b" ".join(shown).decode("latin-1").replace("\\(", "(").replace("\\)", ")")
    return " ".join(text.split())


# The catalog's "Programs of Study" list, in its order: (title, award, length as listed).
ORION_PROGRAMS = (
    ("Artificial Intelligence", "Master of Science", "30 semester credits"),
    ("Business Analytics", "Master of Science", "30 Semester credits"),
    ("Computer Science", "Master of Science", "30 semester credits"),
    ("Electronics Engineering Technology", "Associate of Science", "75 semester credit hours"),
    ("Mechatronics Electronics Technology", "Bachelor of Science", "120 semester credit hours"),
    ("Massage Therapy", "Diploma", "720 clock hours"),
    ("Medical Massage", "Diploma", "900 clock hours"),
    ("Medical Assisting", "Diploma", "32 semester credit hours"),
    ("Medical Billing and Coding", "Diploma", "34 semester credit hours"),
    ("Health Information Management", "Associate of Science", "63 semester credits"),
    ("Integrated Business Processes", "", "280 clock hours"),
)
# Each program's format words in the catalog (the list's "( online only )" and the program
# page's first sentence), as (words to look for in the text, delivery column).
ORION_DELIVERY = {
    "Medical Assisting": ("Medical Assisting Technology , Diploma School of Allied Health and "
                          "Wellness This program is offered hybrid.", "offered hybrid"),
    "Medical Billing and Coding": (
        "Medical Billing and Coding, Diploma School of Allied Health and Wellness This program "
        "is offered 100% Online, available anywhere, anytime.",
        "online only; offered 100% Online"),
    "Health Information Management": (
        "Health Information Management , Associate of Science (Online) School of Allied Health "
        "and Wellness This program is offered 100% Online, available anywhere, anytime.",
        "online only; offered 100% Online"),
}


def orion(mirror: Path) -> list[dict]:
    text = pdf_text(git_show(mirror, "orion", ORION_PATH))
    listing = text.split("Programs of Study Orion Technical College offers the following "
                         "programs.", 1)[1][:1200]
    rows = []
    for title, award, length in ORION_PROGRAMS:
        listed = f"{title}, {award}, {length}" if award else f"{title} ({length})"
        if title in ("Electronics Engineering Technology", "Mechatronics Electronics Technology"):
            listed = f"{title} {award}, {length}"  # listed without a comma after the title
        assert listed in listing, listed
        delivery = ""
        if title in ORION_DELIVERY:
            sentence, delivery = ORION_DELIVERY[title]
            assert sentence in text, sentence
        rows.append({"source_id": file_id("orion", ORION_PATH, title), "title": title,
                     "credential": award, "delivery": delivery,
                     "institution": "Orion Technical College"})
    assert listing.count("( online only )") == 2
    return rows


# --- University of Arizona Global Campus -----------------------------------------------------

UAGC_PATH = "new-docs/programs/academic-programs-catalog.md"
_UAGC_ROW = re.compile(r"^\| \[([^\]]+)\]\((https://www\.uagc\.edu/[^)]+)\) \| ([^|]+?) \|", re.M)
UAGC_DELIVERY = "Flexible delivery** - Online format designed for working adults"


def uagc(mirror: Path) -> list[dict]:
    page = git_show(mirror, "uagc", UAGC_PATH).decode("utf-8")
    assert UAGC_DELIVERY in page
    return [{"source_id": url, "title": title, "credential": degree,
             "delivery": "Online format designed for working adults",
             "institution": "University of Arizona Global Campus"}
            for title, url, degree in _UAGC_ROW.findall(page)]


# --- Five universities from a survey of health informatics training --------------------------

AFZALI_PATH = "_posts/digital_health_training_selected.md"
_AFZALI_HEAD = re.compile(r"^####\s+(.+)$", re.M)
_AFZALI_ITEM = re.compile(r"^- \[([^\]]+)\]\((https?://[^)\s]+)\s*\)", re.M)
AFZALI_INSTITUTIONS = {"University of Illinois Chicago": "University of Illinois Chicago",
                       "Stanford": "Stanford University", "University of Denver":
                       "University of Denver", "Harvard": "Harvard University",
                       "University at Buffalo": "University at Buffalo"}
# Already in college_pages (the UIC admission page names both).
AFZALI_LEFT_OUT = {"Master of Science in Health Informatics (MSHI)",
                   "Post-Master’s Certificate in Health Informatics (PMC HI)"}


def afzali(mirror: Path) -> list[dict]:
    post = git_show(mirror, "afzali", AFZALI_PATH).decode("utf-8")
    usa = post.split("### USA", 1)[1]
    heads = list(_AFZALI_HEAD.finditer(usa))
    rows, seen = [], set()
    for head, following in zip(heads, heads[1:] + [None]):
        section = usa[head.end():following.start() if following else len(usa)]
        institution = next(full for short, full in AFZALI_INSTITUTIONS.items()
                           if head.group(1).startswith(short))
        for title, url in _AFZALI_ITEM.findall(section):
            if title in AFZALI_LEFT_OUT:
                continue
            source_id = url if url not in seen else f"{url}#{title}"
            seen.add(url)
            rows.append({"source_id": source_id, "title": title, "institution": institution})
    return rows


# --- Fordham University ----------------------------------------------------------------------

FORDHAM_DIR = "fordham_chatbot/data/fordham-website/"
FORDHAM_PAGES = (
    "graduate-school-of-arts-and-sciences_academics_programs-of-study_"
    "master-of-science-in-health-administration.md",
    "academics_centers-and-institutes_center-for-ethics-education_academic-programs_"
    "advanced-certificate-in-health-care-ethics.md",
    "gabelli-school-of-business_academic-programs-and-admissions_undergraduate-programs_"
    "majors-and-concentrations_business-of-healthcare.md",
)
FORDHAM_DELIVERY = {
    "Master of Science in Health Administration": (
        "accelerated-style curriculum (including intensives and online instruction)",
        "accelerated curriculum including intensives and online instruction; bi-monthly weekend "
        "classes at our Lincoln Center campus"),
}


def fordham(mirror: Path) -> list[dict]:
    rows = []
    for page in FORDHAM_PAGES:
        text = git_show(mirror, "fordham", FORDHAM_DIR + page).decode("utf-8")
        url = text.split("\n", 1)[0].strip()
        title = re.search(r"^# (.+)$", text, re.M).group(1).strip()
        delivery = ""
        if title in FORDHAM_DELIVERY:
            words, delivery = FORDHAM_DELIVERY[title]
            assert words in text and "weekend classes at our conveniently-located Lincoln " \
                "Center campus" in text
        rows.append({"source_id": url, "title": title, "delivery": delivery,
                     "institution": "Fordham University"})
    return rows


# --- Labels ----------------------------------------------------------------------------------

# source id -> (track, credential level, delivery mode, note). Empty level or mode: the source
# says nothing about it (not scored).
def _sid(name: str, path: str, anchor: str = "") -> str:
    return file_id(name, path, anchor)


def _stech(program: str) -> str:
    return _sid("stech", f"data/programs/{program}/program.js")


def _fh(title: str, award: str) -> str:
    return _sid("fountainhead", FOUNTAINHEAD_PATH, f"{title} ({award})")


CERT, AOS, AAS, BAS = ("Certificate", "Associate of Occupational Science Degree",
                       "Associate of Applied Science Degree", "Bachelor of Applied Science Degree")
UAGC = "https://www.uagc.edu/online-degrees/"

LABELS: dict[str, tuple[str, str, str, str]] = {
    # Southwest Technical College: clock-hour certificates; no format stated.
    **{_stech(program): ("other", "certificate", "", "") for program in (
        "Advanced Emergency Medical Technician", "Automation Technology", "Automotive Technology",
        "Commercial Driver's License Class A", "Culinary Arts", "Electrical Apprenticeship",
        "Emergency Medical Technician", "Firefighter", "Master Esthetician", "Nursing Assistant",
        "Paramedic", "Phlebotomy", "Plumbing Apprenticeship", "Practical Nursing",
        "Surgical Technology", "Welding Technology")},
    _stech("Information Technology"): (
        "other", "certificate", "", "IT support (CompTIA A+/Network+): not healthcare IT"),
    _stech("Software Development"): ("other", "certificate", "", "programming, not medical coding"),
    _stech("Medical Assistant"): ("other", "certificate", "", "medical assisting look-alike"),
    _stech("Medical Office Receptionist"): (
        "other", "certificate", "",
        "front-office program whose tasks include billing and records (guide, hard case 4)"),
    _stech("Pharmacy Technician"): (
        "other", "certificate", "", "pharmacy technician; billing insurance is one duty among many"),
    # Fountainhead College of Technology.
    _fh("Health Information Management - Medical Coding", CERT): (
        "billing_coding", "certificate", "",
        "coding certificate of the HIM department, for students who already hold a degree"),
    _fh("Health Information Management: Medical Coding", AOS): (
        "hit", "associate", "",
        "associate degree in HIM with a medical coding option (guide: HIT degrees with a coding "
        "option are hit); judgement call, the option's name alone would say billing_coding"),
    _fh("Health Information Management: Health Information Technology", AOS): (
        "hit", "associate", "", "associate HIM degree, HIT option"),
    _fh("Computer Programming (Also Available Online)", AOS): (
        "other", "associate", "online",
        "programming; also online, so a choice of online or campus (most flexible: online)"),
    _fh("Information Technology", AOS): ("other", "associate", "", ""),
    _fh("Electronic Technology", AAS): ("other", "associate", "", ""),
    _fh("Radiological Protection Technology", AAS): (
        "other", "associate", "", "nuclear industry radiation protection, not radiologic imaging"),
    _fh("Network Security and Forensics", BAS): ("other", "bachelor", "", ""),
    _fh("Electronic Wireless Communication", BAS): ("other", "bachelor", "", ""),
    _fh("Computer Technology: Application Development (Also Available Online)", BAS): (
        "other", "bachelor", "online", "software development; also online (a choice)"),
    _fh("Computer Technology: Systems Analyst", BAS): ("other", "bachelor", "", ""),
    # Germanna Community College: the table names no award and no format.
    **{_sid("germanna", GERMANNA_PATH, title): ("other", "", "", note) for title, note in (
        ("Allied Health", "general allied health preparation"), ("Dental Assisting", ""),
        ("Dental Hygiene", ""), ("LPN to RN for Advanced Standing", ""), ("Nurse Aide", ""),
        ("Nursing (RN)", ""), ("Pharmacy Technician", "pharmacy technician look-alike"),
        ("Practical Nursing", ""), ("Surgical Scrub Nurse (post LPN)", ""),
        ("Physical Therapist Assistant", "listed as pending"))},
    # Orion Technical College.
    **{_sid("orion", ORION_PATH, title): ("other", level, "", "") for title, level in (
        ("Artificial Intelligence", "master"), ("Business Analytics", "master"),
        ("Computer Science", "master"), ("Electronics Engineering Technology", "associate"),
        ("Mechatronics Electronics Technology", "bachelor"), ("Massage Therapy", "diploma"),
        ("Medical Massage", "diploma"))},
    _sid("orion", ORION_PATH, "Medical Assisting"): (
        "other", "diploma", "hybrid", "medical assisting look-alike; the catalog says hybrid"),
    _sid("orion", ORION_PATH, "Medical Billing and Coding"): (
        "billing_coding", "diploma", "online", ""),
    _sid("orion", ORION_PATH, "Health Information Management"): (
        "hit", "associate", "online",
        "associate HIM degree (RHIT level; degree completion: 32 credits transferred in, 31 "
        "taken at Orion): hit"),
    _sid("orion", ORION_PATH, "Integrated Business Processes"): (
        "other", "", "", "SAP professional course listed apart from the degree and diploma "
                         "programs; no award named"),
    # University of Arizona Global Campus: every row online by the file's statement.
    **{UAGC + path: ("other", level, "online", "") for level, paths in (
        ("associate", ("associate/business", "associate/military-studies",
                       "associate/organizational-management",
                       "associate/early-childhood-education")),
        ("bachelor", tuple(f"bachelors/{slug}" for slug in (
            "accounting", "business-administration", "business-leadership",
            "business-information-systems", "finance", "marketing", "operations-management",
            "project-management", "early-childhood-education",
            "early-childhood-education-administration", "child-development",
            "early-childhood-development", "education-studies", "health-care-administration",
            "health-human-services", "rn-bsn", "information-technology",
            "computer-software-technology", "cyber-data-security-technology", "psychology",
            "sociology", "applied-behavioral-science", "social-criminal-justice", "liberal-arts",
            "instructional-design", "organizational-management", "human-resources-management",
            "homeland-security-emergency-management"))),
        ("master", tuple(f"masters/{slug}" for slug in (
            "mba", "information-systems-management", "human-resource-management", "finance",
            "accountancy", "organizational-management", "education", "special-education",
            "instructional-design-technology", "early-childhood-education-leadership",
            "health-care-administration", "public-health", "psychology",
            "technology-management", "criminal-justice", "human-services"))),
        ("", tuple(f"doctoral/{slug}" for slug in (
            "education", "human-services", "psychology",
            "organizational-development-leadership"))),
        ("certificate", ("certificate/post-baccalaureate-teaching-certificate",)))
       for path in paths},
    UAGC + "bachelors/health-information-management": (
        "him", "bachelor", "online", "bachelor's HIM degree: him"),
    UAGC + "masters/health-informatics-analytics": (
        "other", "master", "online", "graduate health informatics (guide, hard case 3)"),
    # The survey's US programs: graduate informatics and fellowships are other.
    "https://healthinformatics.uic.edu/online-programs/bachelor-of-science-in-health-information"
    "-management-bshim/": ("him", "bachelor", "", "bachelor's HIM degree"),
    "https://healthinformatics.uic.edu/online-programs/post-baccalaureate-certificates-in-health"
    "-informatics-pbc-hi/": (
        "other", "certificate", "",
        "post-baccalaureate certificate in health informatics, not HIM: other (the guide's "
        "post-baccalaureate rule is for HIM certificates)"),
    "https://med.stanford.edu/master-clinical-informatics-management/stanford-clinical-informatics"
    "/ms-clinical-informatics-management.html": ("other", "master", "", "graduate informatics"),
    "https://med.stanford.edu/master-clinical-informatics-management/stanford-clinical-informatics"
    "/clinical-informatics-fellowship.html": ("other", "", "", "physician fellowship, no award"),
    "https://med.stanford.edu/master-clinical-informatics-management/stanford-clinical-informatics"
    "/ms-phd-in-biomedical-informatics.html": (
        "other", "", "", "names two awards (MS and PhD): credential not labelled"),
    "https://universitycollege.du.edu/hinf/degree/masters/health-data-science-online/degreeid/594"
    "#faculty": ("other", "master", "", "graduate health informatics; the format is only in the "
                                        "URL, so delivery is not labelled"),
    "https://universitycollege.du.edu/hinf/degree/masters/project-management-online/degreeid/634": (
        "other", "master", "", "graduate health informatics; format only in the URL"),
    "https://dbmi.hms.harvard.edu/education/masters-program": ("other", "master", "", ""),
    "https://dbmi.hms.harvard.edu/education/masters-program#Master of Medical Sciences in "
    "Biomedical Informatics": ("other", "master", "", ""),
    "https://dbmi.hms.harvard.edu/education/nlm-biomedical-informatics-data-science-fellowship": (
        "other", "", "", "research fellowship, no award"),
    "https://medicine.buffalo.edu/departments/biomedical-informatics/education/"
    "clinical-informatics.html": ("other", "", "", "physician fellowship, no award"),
    "https://medicine.buffalo.edu/departments/biomedical-informatics/education/masters.html": (
        "other", "master", "", ""),
    "https://medicine.buffalo.edu/departments/biomedical-informatics/education/phd.html": (
        "other", "", "", "doctorate (not a level we list)"),
    # Fordham University.
    "https://www.fordham.edu/graduate-school-of-arts-and-sciences/academics/programs-of-study/"
    "master-of-science-in-health-administration": (
        "other", "master", "hybrid",
        "health administration master's; online instruction and weekend campus classes in one "
        "program: hybrid"),
    "https://www.fordham.edu/academics/centers-and-institutes/center-for-ethics-education/"
    "academic-programs/advanced-certificate-in-health-care-ethics": (
        "other", "certificate", "", "graduate certificate in health care ethics"),
    "https://www.fordham.edu/gabelli-school-of-business/academic-programs-and-admissions/"
    "undergraduate-programs/majors-and-concentrations/business-of-healthcare": (
        "other", "", "", "secondary concentration of business majors, not an award; the two "
                         "campuses named are places, not a format"),
}

# Short notes in our words for the classifier's description column (facts that bear on labels).
NOTES_IN_DESCRIPTION = {
    _stech("Medical Office Receptionist"):
        "medical office front desk: scheduling, medical billing and records tasks",
    _stech("Pharmacy Technician"):
        "prepares pharmacy technicians; dispensing, compounding, billing third-party insurance",
    _stech("Information Technology"): "computer support; prepares for CompTIA A+ and Network+",
    _stech("Medical Assistant"): "clinical and administrative medical assisting",
    _fh("Health Information Management - Medical Coding", CERT):
        "for degree holders moving into medical coding and medical records",
    _sid("orion", ORION_PATH, "Medical Billing and Coding"):
        "coding and billing practice for physician offices, clinics and hospitals",
    _sid("orion", ORION_PATH, "Health Information Management"):
        "degree completion: 32 transferred credits and 31 at the college; health information "
        "technician and data roles",
    _sid("orion", ORION_PATH, "Medical Assisting"): "clinical and administrative medical assisting",
}


def check_not_held_out(heldout_md: Path) -> None:
    listed = heldout_md.read_text(encoding="utf-8")
    for repo, _, hosts in SOURCES.values():
        assert not re.search(rf"^- {re.escape(repo)}\b", listed, re.M | re.I), repo
        for host in hosts:
            assert not re.search(rf"^- (?:[\w.-]+\.)?{re.escape(host)}$", listed, re.M), host


def main() -> None:
    mirror = Path(sys.argv[1])
    if len(sys.argv) > 2:
        check_not_held_out(Path(sys.argv[2]))
    rows = (stech(mirror) + fountainhead(mirror) + germanna(mirror) + orion(mirror)
            + uagc(mirror) + afzali(mirror) + fordham(mirror))
    ids = [row["source_id"] for row in rows]
    assert len(ids) == len(set(ids)), "duplicate source ids"
    assert set(ids) == set(LABELS), (set(ids) ^ set(LABELS))
    assert set(NOTES_IN_DESCRIPTION) <= set(ids)
    for row in rows:
        track, level, mode, note = LABELS[row["source_id"]]
        if row["source_id"] in NOTES_IN_DESCRIPTION:
            row["description"] = NOTES_IN_DESCRIPTION[row["source_id"]]
        assert bool(mode) <= bool(row.get("delivery")), row["source_id"]  # a mode needs words
        row.update(expected_track=track, expected_credential_level=level,
                   expected_delivery_mode=mode, note=note, split=split_for(row["title"]))
    with (HERE / "college_sites.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows({column: row.get(column, "") for column in COLUMNS} for row in rows)
    tracks = [row["expected_track"] for row in rows]
    print(f"college_sites.csv: {len(rows)} rows of "
          f"{len({row['institution'] for row in rows})} institutions, "
          + ", ".join(f"{track} {tracks.count(track)}"
                      for track in ("hit", "billing_coding", "him", "other")))


if __name__ == "__main__":
    main()
