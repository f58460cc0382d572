#!/usr/bin/env python3
"""Build the IPEDS part of the sample web, its ground truth and the IPEDS test fixtures.

``python sampleweb/build_ipeds_sample.py`` rewrites, byte for byte the same on every run:

* ``sampleweb/sites/nces.ed.gov/ipeds/complete-data-files/{HD,C…DEP,C…_A}{2021,2023,2024}.zip``
  and ``…/ipeds/datacenter/data/`` (the legacy location: 2019 and 2021, original releases without
  ``_rv``) -- about 220 fictional institutions in the real IPEDS layouts of each year, read from
  ``tests/fixtures/real/`` (HD in cp1252 up to 2021 and UTF-8 with a BOM from 2023; DEP with
  ``PCERT1`` in 2019 and ``PCERT1A/B`` with ``…DES`` from 2020; C_A with AWLEVEL 1 in 2019 and
  20/21 after, a revised ``_rv`` file next to the original at the current location), plus a few
  noise pages and robots.txt for the site;
* ``sampleweb/ground_truth/ipeds.json`` -- what a correct crawl with the default settings must
  produce, computed here from the generator's own data model (never by running crawler code);
* ``tests/fixtures/ipeds/`` -- a tiny hand-written set (6 institutions, 2023 layout) with
  ``expected.json``, the same set in the other layouts (``era_2019/``, ``era_split_no_des/``) and
  broken variants (truncated zip, missing column, unknown layout, bad CIP code, bad award level,
  HTML saved as .zip).

``--check`` builds everything into a temporary directory and fails if any committed file differs.
Standard library only; one seeded ``random.Random``; zip entries carry a fixed timestamp.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import random
import re
import tempfile
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
YEAR = 2024  # the newest year served: what a default crawl reads and the ground truth describes
FIXTURE_YEAR = 2023
SEED = 20231007  # a seed whose draw gives a balanced mix (in-scope, look-alike, unrelated)
ZIP_DATE = (2024, 10, 1, 0, 0, 0)

SITE = Path("sampleweb/sites/nces.ed.gov")
CURRENT_DIR = SITE / "ipeds/complete-data-files"
LEGACY_DIR = SITE / "ipeds/datacenter/data"
REAL = Path("tests/fixtures/real")  # the real layouts emitted here (see its README.md)
# Served years: DEP layout ("single" PCERT1 to 2019, "split" PCERT1A/B with DES from 2020, as the
# data dictionary dates them), and whether the current and the legacy location serve the year.
SERVED_YEARS = {2019: ("single", False, True), 2021: ("split", True, True),
                2023: ("split", True, False), 2024: ("split", True, False)}
GROUND_TRUTH = Path("sampleweb/ground_truth/ipeds.json")
FIXTURES = Path("tests/fixtures/ipeds")

# --- the crawl the ground truth describes (the spider's defaults) ------------------------------
TRACKS = {"51.0706": "him", "51.0707": "hit", "51.0713": "billing_coding", "51.0714": "billing_coding"}


def expected_track(cip: str, level_key: str) -> str:
    """The track a correct classifier gives: CIP track, except that an associate degree under
    51.0706 (HIM administration) is a HIT degree -- CAHIIM's associate HIM programs are the HIT
    degrees whose graduates sit for RHIT; RHIA-level HIM needs a bachelor's."""
    if cip == "51.0706" and level_key == "assoc":
        return "hit"
    return TRACKS[cip]
AWARD_LEVELS = {"cert1": "CERT1", "cert2": "CERT2", "cert4": "CERT4", "assoc": "ASSOC"}
CREDENTIAL_LEVELS = {"cert1": "certificate", "cert2": "certificate", "cert4": "certificate",
                     "assoc": "associate"}
# DEP award-level columns (P<level>, P<level>DE) in file order, and their C_A AWLEVEL codes.
DEP_LEVELS = ["ASSOC", "BACHL", "MASTR", "DOCRS", "DOCPP", "DOCOT", "CERT1", "CERT2", "CERT4",
              "PBACC", "PMAST"]
AWLEVELS = {"CERT1": (20, 21), "CERT2": (2,), "ASSOC": (3,), "CERT4": (4,), "BACHL": (5,),
            "PBACC": (6,), "MASTR": (7,), "PMAST": (8,), "DOCRS": (17,), "DOCPP": (18,),
            "DOCOT": (19,)}
# HD HLOFFER code of the highest award of each level.
HLOFFER = {"CERT1": 1, "CERT2": 2, "ASSOC": 3, "CERT4": 4, "BACHL": 5, "PBACC": 6, "MASTR": 7,
           "PMAST": 8, "DOCRS": 9, "DOCPP": 9, "DOCOT": 9}
DEGREES = ("ASSOC", "BACHL", "MASTR", "DOCRS", "DOCPP", "DOCOT")
GRADUATE = ("PBACC", "MASTR", "PMAST", "DOCRS", "DOCPP", "DOCOT")

def real_header(name: str, encoding: str = "utf-8-sig") -> list[str]:
    """The header of a real file kept in tests/fixtures/real/."""
    return (ROOT / REAL / name).read_bytes().decode(encoding).splitlines()[0].split(",")


# HD rows are built in these columns, then written in the real header of each year (HD2020's for
# the DUNS era up to 2021, HD2023's from 2023: UEIS); columns not built here get -2.
HD_BASE_COLUMNS = [
    "UNITID", "INSTNM", "IALIAS", "ADDR", "CITY", "STABBR", "ZIP", "FIPS", "OBEREG", "CHFNM",
    "CHFTITLE", "GENTELE", "EIN", "OPEID", "OPEFLAG", "WEBADDR", "ADMINURL", "FAIDURL", "APPLURL",
    "NPRICURL", "SECTOR", "ICLEVEL", "CONTROL", "HLOFFER", "UGOFFER", "GROFFER", "HDEGOFR1",
    "DEGGRANT", "HBCU", "HOSPITAL", "MEDICAL", "TRIBAL", "LOCALE", "OPENPUBL", "ACT", "NEWID",
    "DEATHYR", "CLOSEDAT", "CYACTIVE", "POSTSEC", "PSEFLAG", "PSET4FLG", "RPTMTH", "INSTCAT",
    "C21BASIC", "COUNTYCD", "COUNTYNM", "CNGDSTCD", "LONGITUD", "LATITUDE", "DFRCGID", "DFRCUSCG",
]
HD_TEXT_COLUMNS = {"IALIAS", "UEIS", "DUNS", "VETURL", "ATHURL", "DISAURL", "ADMINURL", "FAIDURL",
                   "APPLURL", "NPRICURL"}


def hd_columns(year: int) -> list[str]:
    if year <= 2021:
        return real_header("hd2020_sample.csv", "cp1252")
    return real_header("hd2023_sample.csv")


def dep_columns(era: str) -> list[str]:
    return real_header("c2019dep_header.csv" if era == "single" else "c2023dep_header.csv")


def ca_columns() -> list[str]:
    return real_header("c2023_a_header.csv")


NEIGHBOURS = {  # look-alike codes that are not in the tracks, with the levels they come in
    "51.0708": ("CERT1", "CERT2"), "51.0710": ("CERT1", "CERT2"), "51.0716": ("CERT1", "ASSOC"),
    "51.0801": ("CERT1", "CERT2", "ASSOC"), "51.0805": ("CERT1", "CERT2"),
    "51.0721": ("CERT1", "ASSOC"), "51.0723": ("CERT1", "CERT2"),
}
NEIGHBOUR_WEIGHTS = [1, 2, 2, 5, 4, 1, 1]

UNRELATED = {
    "cc": [("24.0101", ("ASSOC",)), ("51.3801", ("ASSOC",)), ("51.3901", ("CERT2",)),
           ("52.0201", ("ASSOC", "CERT1")), ("11.0201", ("ASSOC", "CERT1")),
           ("43.0107", ("ASSOC", "CERT1")), ("47.0604", ("ASSOC", "CERT2")),
           ("51.0904", ("CERT1", "ASSOC")), ("52.0302", ("CERT1", "ASSOC")), ("01.0000", ("ASSOC",)),
           ("15.0303", ("ASSOC", "CERT1")), ("12.0500", ("CERT1", "ASSOC")),
           ("19.0709", ("CERT1", "ASSOC"))],
    "career": [("51.3901", ("CERT2",)), ("51.3902", ("CERT1",)), ("47.0201", ("CERT1", "CERT2")),
               ("46.0302", ("CERT1", "CERT2")), ("48.0508", ("CERT1", "CERT2")),
               ("51.0909", ("CERT2", "ASSOC")), ("12.0401", ("CERT2",)), ("52.0302", ("CERT1",)),
               ("11.0901", ("CERT1", "ASSOC")), ("51.0904", ("CERT1",))],
    "university": [("24.0101", ("BACHL",)), ("52.0201", ("BACHL", "MASTR")),
                   ("26.0101", ("BACHL", "MASTR")), ("42.0101", ("BACHL", "MASTR")),
                   ("51.3801", ("BACHL", "MASTR")), ("11.0701", ("BACHL", "MASTR")),
                   ("45.1001", ("BACHL",)), ("51.2201", ("BACHL", "MASTR")),
                   ("52.0301", ("BACHL", "PBACC")), ("13.1202", ("BACHL", "MASTR")),
                   ("51.0701", ("BACHL", "MASTR")), ("40.0501", ("BACHL", "DOCRS")),
                   ("51.2308", ("DOCPP",))],
    "beauty": [("12.0401", ("CERT2",)), ("12.0402", ("CERT2",)), ("12.0406", ("CERT1",)),
               ("12.0410", ("CERT1",)), ("12.0413", ("CERT1",))],
    "seminary": [("39.0602", ("MASTR", "DOCPP")), ("39.0601", ("BACHL", "MASTR", "DOCRS")),
                 ("39.0701", ("MASTR",))],
    "art": [("50.0409", ("BACHL", "ASSOC")), ("50.0702", ("BACHL", "MASTR")),
            ("50.0605", ("BACHL",))],
    "truck": [("49.0205", ("CERT1",)), ("49.0202", ("CERT1",))],
}

# --- geography --------------------------------------------------------------------------------
# city, ZIP, latitude, longitude, county, county FIPS, congressional district, area code, locale
STATES = {
    "NJ": dict(fips=34, obereg=2, unitids=(183000, 187999), cities=[
        ("Trenton", "08608", 40.2206, -74.7597, "Mercer County", 34021, 3412, "609", 13),
        ("West Windsor", "08550", 40.2990, -74.6213, "Mercer County", 34021, 3412, "609", 21),
        ("Newark", "07102", 40.7357, -74.1724, "Essex County", 34013, 3410, "973", 12),
        ("Paterson", "07505", 40.9168, -74.1718, "Passaic County", 34031, 3409, "973", 12),
        ("Edison", "08818", 40.5187, -74.4121, "Middlesex County", 34023, 3406, "732", 21),
        ("Lincroft", "07738", 40.3312, -74.1232, "Monmouth County", 34025, 3406, "732", 21),
        ("Toms River", "08754", 39.9537, -74.1979, "Ocean County", 34029, 3404, "732", 21),
        ("Blackwood", "08012", 39.8023, -75.0641, "Camden County", 34007, 3401, "856", 21),
        ("Sewell", "08080", 39.7640, -75.1210, "Gloucester County", 34015, 3401, "856", 21),
        ("Mays Landing", "08330", 39.4523, -74.7277, "Atlantic County", 34001, 3402, "609", 41),
        ("Paramus", "07652", 40.9445, -74.0754, "Bergen County", 34003, 3405, "201", 21),
        ("Randolph", "07869", 40.8484, -74.5741, "Morris County", 34027, 3411, "973", 21),
        ("Jersey City", "07306", 40.7282, -74.0776, "Hudson County", 34017, 3408, "201", 12),
        ("Elizabeth", "07201", 40.6640, -74.2107, "Union County", 34039, 3410, "908", 21),
        ("Branchburg", "08876", 40.5612, -74.7165, "Somerset County", 34035, 3407, "908", 21),
        ("Vineland", "08360", 39.4864, -75.0260, "Cumberland County", 34011, 3402, "856", 13),
    ]),
    "NY": dict(fips=36, obereg=2, unitids=(188900, 197699), cities=[
        ("Albany", "12203", 42.6526, -73.7562, "Albany County", 36001, 3620, "518", 13),
        ("Buffalo", "14203", 42.8864, -78.8784, "Erie County", 36029, 3626, "716", 12),
        ("Rochester", "14623", 43.1566, -77.6088, "Monroe County", 36055, 3625, "585", 12),
        ("Syracuse", "13215", 43.0481, -76.1474, "Onondaga County", 36067, 3622, "315", 12),
        ("Brooklyn", "11201", 40.6782, -73.9442, "Kings County", 36047, 3610, "718", 11),
        ("Bronx", "10451", 40.8448, -73.8648, "Bronx County", 36005, 3615, "718", 11),
        ("Jamaica", "11432", 40.7027, -73.7890, "Queens County", 36081, 3605, "718", 11),
        ("New York", "10001", 40.7506, -73.9972, "New York County", 36061, 3612, "212", 11),
        ("Selden", "11784", 40.8665, -73.0354, "Suffolk County", 36103, 3601, "631", 21),
        ("Garden City", "11530", 40.7268, -73.6343, "Nassau County", 36059, 3604, "516", 21),
        ("Valhalla", "10595", 41.0748, -73.7751, "Westchester County", 36119, 3616, "914", 21),
        ("Binghamton", "13901", 42.0987, -75.9180, "Broome County", 36007, 3619, "607", 13),
        ("Utica", "13501", 43.1009, -75.2327, "Oneida County", 36065, 3622, "315", 13),
        ("Poughkeepsie", "12601", 41.7004, -73.9210, "Dutchess County", 36027, 3618, "845", 13),
        ("Plattsburgh", "12901", 44.6995, -73.4529, "Clinton County", 36019, 3621, "518", 33),
        ("Jamestown", "14701", 42.0970, -79.2353, "Chautauqua County", 36013, 3623, "716", 32),
    ]),
    "PA": dict(fips=42, obereg=2, unitids=(210000, 216999), cities=[
        ("Philadelphia", "19130", 39.9526, -75.1652, "Philadelphia County", 42101, 4203, "215", 11),
        ("Pittsburgh", "15222", 40.4406, -79.9959, "Allegheny County", 42003, 4212, "412", 11),
        ("Harrisburg", "17110", 40.2732, -76.8867, "Dauphin County", 42043, 4210, "717", 13),
        ("Allentown", "18104", 40.6084, -75.4902, "Lehigh County", 42077, 4207, "610", 12),
        ("Erie", "16501", 42.1292, -80.0851, "Erie County", 42049, 4216, "814", 12),
        ("Scranton", "18503", 41.4090, -75.6624, "Lackawanna County", 42069, 4208, "570", 13),
        ("Lancaster", "17602", 40.0379, -76.3055, "Lancaster County", 42071, 4211, "717", 13),
        ("Reading", "19601", 40.3356, -75.9269, "Berks County", 42011, 4206, "610", 12),
        ("Williamsport", "17701", 41.2412, -77.0011, "Lycoming County", 42081, 4209, "570", 13),
        ("Johnstown", "15901", 40.3267, -78.9220, "Cambria County", 42021, 4213, "814", 13),
        ("Media", "19063", 39.9168, -75.3877, "Delaware County", 42045, 4205, "610", 21),
        ("Blue Bell", "19422", 40.1523, -75.2663, "Montgomery County", 42091, 4204, "610", 21),
        ("Newtown", "18940", 40.2290, -74.9368, "Bucks County", 42017, 4201, "215", 21),
        ("State College", "16801", 40.7934, -77.8600, "Centre County", 42027, 4215, "814", 13),
        ("York", "17403", 39.9626, -76.7277, "York County", 42133, 4210, "717", 13),
    ]),
    "OH": dict(fips=39, obereg=3, unitids=(200900, 206999), cities=[
        ("Columbus", "43215", 39.9612, -82.9988, "Franklin County", 39049, 3903, "614", 11),
        ("Cleveland", "44115", 41.4993, -81.6944, "Cuyahoga County", 39035, 3911, "216", 11),
        ("Cincinnati", "45202", 39.1031, -84.5120, "Hamilton County", 39061, 3901, "513", 12),
        ("Toledo", "43604", 41.6528, -83.5379, "Lucas County", 39095, 3909, "419", 12),
        ("Akron", "44308", 41.0814, -81.5190, "Summit County", 39153, 3913, "330", 12),
        ("Dayton", "45402", 39.7589, -84.1916, "Montgomery County", 39113, 3910, "937", 12),
        ("Youngstown", "44503", 41.0998, -80.6495, "Mahoning County", 39099, 3906, "330", 13),
        ("Canton", "44720", 40.7989, -81.3784, "Stark County", 39151, 3907, "330", 13),
        ("Elyria", "44035", 41.3684, -82.1077, "Lorain County", 39093, 3905, "440", 21),
        ("Lima", "45804", 40.7426, -84.1052, "Allen County", 39003, 3904, "419", 13),
        ("Zanesville", "43701", 39.9403, -82.0132, "Muskingum County", 39119, 3912, "740", 32),
        ("Chillicothe", "45601", 39.3331, -82.9824, "Ross County", 39141, 3902, "740", 32),
        ("Mansfield", "44906", 40.7584, -82.5154, "Richland County", 39139, 3912, "419", 13),
    ]),
    "TX": dict(fips=48, obereg=6, unitids=(222000, 229999), cities=[
        ("Houston", "77002", 29.7604, -95.3698, "Harris County", 48201, 4818, "713", 11),
        ("Dallas", "75201", 32.7767, -96.7970, "Dallas County", 48113, 4830, "214", 11),
        ("San Antonio", "78212", 29.4241, -98.4936, "Bexar County", 48029, 4820, "210", 11),
        ("Austin", "78701", 30.2672, -97.7431, "Travis County", 48453, 4837, "512", 11),
        ("El Paso", "79901", 31.7619, -106.4850, "El Paso County", 48141, 4816, "915", 11),
        ("Fort Worth", "76102", 32.7555, -97.3308, "Tarrant County", 48439, 4812, "817", 11),
        ("Lubbock", "79401", 33.5779, -101.8552, "Lubbock County", 48303, 4819, "806", 12),
        ("Corpus Christi", "78401", 27.8006, -97.3964, "Nueces County", 48355, 4827, "361", 12),
        ("McAllen", "78501", 26.2034, -98.2300, "Hidalgo County", 48215, 4815, "956", 12),
        ("Brownsville", "78520", 25.9017, -97.4975, "Cameron County", 48061, 4834, "956", 12),
        ("Amarillo", "79101", 35.2220, -101.8313, "Potter County", 48375, 4813, "806", 12),
        ("Waco", "76701", 31.5493, -97.1467, "McLennan County", 48309, 4817, "254", 12),
        ("Tyler", "75701", 32.3513, -95.3011, "Smith County", 48423, 4801, "903", 13),
        ("Beaumont", "77701", 30.0802, -94.1266, "Jefferson County", 48245, 4814, "409", 12),
        ("Laredo", "78040", 27.5306, -99.4803, "Webb County", 48479, 4828, "956", 12),
        ("Killeen", "76541", 31.1171, -97.7278, "Bell County", 48027, 4831, "254", 12),
        ("Abilene", "79601", 32.4487, -99.7331, "Taylor County", 48441, 4819, "325", 12),
    ]),
    "CA": dict(fips=6, obereg=8, unitids=(109000, 125999), cities=[
        ("Los Angeles", "90015", 34.0522, -118.2437, "Los Angeles County", 6037, 634, "213", 11),
        ("San Diego", "92101", 32.7157, -117.1611, "San Diego County", 6073, 650, "619", 11),
        ("San Jose", "95112", 37.3382, -121.8863, "Santa Clara County", 6085, 618, "408", 11),
        ("Fresno", "93721", 36.7378, -119.7871, "Fresno County", 6019, 621, "559", 11),
        ("Sacramento", "95814", 38.5816, -121.4944, "Sacramento County", 6067, 607, "916", 11),
        ("Oakland", "94612", 37.8044, -122.2712, "Alameda County", 6001, 612, "510", 11),
        ("Riverside", "92501", 33.9806, -117.3755, "Riverside County", 6065, 639, "951", 11),
        ("Bakersfield", "93301", 35.3733, -119.0187, "Kern County", 6029, 620, "661", 11),
        ("Santa Ana", "92701", 33.7455, -117.8677, "Orange County", 6059, 646, "714", 11),
        ("Stockton", "95202", 37.9577, -121.2908, "San Joaquin County", 6077, 609, "209", 11),
        ("Pasadena", "91101", 34.1478, -118.1445, "Los Angeles County", 6037, 628, "626", 12),
        ("San Bernardino", "92408", 34.1083, -117.2898, "San Bernardino County", 6071, 633, "909", 12),
        ("Modesto", "95354", 37.6391, -120.9969, "Stanislaus County", 6099, 613, "209", 12),
        ("Santa Rosa", "95401", 38.4404, -122.7141, "Sonoma County", 6097, 604, "707", 12),
        ("Redding", "96001", 40.5865, -122.3917, "Shasta County", 6089, 601, "530", 13),
        ("Chula Vista", "91910", 32.6401, -117.0842, "San Diego County", 6073, 652, "619", 12),
        ("Long Beach", "90802", 33.7701, -118.1937, "Los Angeles County", 6037, 642, "562", 11),
        ("Salinas", "93901", 36.6777, -121.6555, "Monterey County", 6053, 619, "831", 12),
    ]),
    "FL": dict(fips=12, obereg=5, unitids=(132000, 138799), cities=[
        ("Miami", "33132", 25.7617, -80.1918, "Miami-Dade County", 12086, 1224, "305", 11),
        ("Orlando", "32801", 28.5383, -81.3792, "Orange County", 12095, 1210, "407", 11),
        ("Tampa", "33602", 27.9506, -82.4572, "Hillsborough County", 12057, 1214, "813", 11),
        ("Jacksonville", "32202", 30.3322, -81.6557, "Duval County", 12031, 1205, "904", 11),
        ("Tallahassee", "32301", 30.4383, -84.2807, "Leon County", 12073, 1202, "850", 12),
        ("Gainesville", "32601", 29.6516, -82.3248, "Alachua County", 12001, 1203, "352", 12),
        ("Fort Lauderdale", "33301", 26.1224, -80.1373, "Broward County", 12011, 1223, "954", 12),
        ("Pensacola", "32502", 30.4213, -87.2169, "Escambia County", 12033, 1201, "850", 13),
        ("Fort Myers", "33901", 26.6406, -81.8723, "Lee County", 12071, 1219, "239", 13),
        ("West Palm Beach", "33401", 26.7153, -80.0534, "Palm Beach County", 12099, 1222, "561", 12),
        ("Ocala", "34470", 29.1872, -82.1401, "Marion County", 12083, 1206, "352", 13),
        ("Daytona Beach", "32114", 29.2108, -81.0228, "Volusia County", 12127, 1207, "386", 13),
        ("Hialeah", "33010", 25.8576, -80.2781, "Miami-Dade County", 12086, 1226, "305", 12),
    ]),
    "IL": dict(fips=17, obereg=3, unitids=(143000, 149999), cities=[
        ("Chicago", "60606", 41.8781, -87.6298, "Cook County", 17031, 1707, "312", 11),
        ("Springfield", "62701", 39.7817, -89.6501, "Sangamon County", 17167, 1713, "217", 12),
        ("Peoria", "61602", 40.6936, -89.5890, "Peoria County", 17143, 1716, "309", 12),
        ("Rockford", "61101", 42.2711, -89.0940, "Winnebago County", 17201, 1716, "815", 12),
        ("Joliet", "60432", 41.5250, -88.0817, "Will County", 17197, 1711, "815", 12),
        ("Champaign", "61820", 40.1164, -88.2434, "Champaign County", 17019, 1713, "217", 13),
        ("Palatine", "60067", 42.1103, -88.0342, "Cook County", 17031, 1708, "847", 21),
        ("Glen Ellyn", "60137", 41.8775, -88.0670, "DuPage County", 17043, 1706, "630", 21),
        ("Moline", "61265", 41.5067, -90.5151, "Rock Island County", 17161, 1717, "309", 13),
        ("Carbondale", "62901", 37.7273, -89.2168, "Jackson County", 17077, 1712, "618", 13),
        ("Decatur", "62521", 39.8403, -88.9548, "Macon County", 17115, 1715, "217", 13),
        ("Belleville", "62220", 38.5201, -89.9840, "St. Clair County", 17163, 1712, "618", 21),
    ]),
    "MA": dict(fips=25, obereg=1, unitids=(164000, 168799), cities=[
        ("Boston", "02115", 42.3601, -71.0589, "Suffolk County", 25025, 2507, "617", 11),
        ("Worcester", "01608", 42.2626, -71.8023, "Worcester County", 25027, 2502, "508", 12),
        ("Springfield", "01105", 42.1015, -72.5898, "Hampden County", 25013, 2501, "413", 12),
    ]),
    "NC": dict(fips=37, obereg=5, unitids=(197700, 200800), cities=[
        ("Charlotte", "28202", 35.2271, -80.8431, "Mecklenburg County", 37119, 3712, "704", 11),
        ("Raleigh", "27601", 35.7796, -78.6382, "Wake County", 37183, 3702, "919", 11),
        ("Greensboro", "27401", 36.0726, -79.7920, "Guilford County", 37081, 3706, "336", 12),
        ("Asheville", "28801", 35.5951, -82.5515, "Buncombe County", 37021, 3711, "828", 13),
    ]),
    "GA": dict(fips=13, obereg=5, unitids=(138900, 141999), cities=[
        ("Atlanta", "30303", 33.7490, -84.3880, "Fulton County", 13121, 1305, "404", 11),
        ("Savannah", "31401", 32.0809, -81.0912, "Chatham County", 13051, 1301, "912", 12),
        ("Macon", "31201", 32.8407, -83.6324, "Bibb County", 13021, 1302, "478", 12),
    ]),
    "MI": dict(fips=26, obereg=3, unitids=(168900, 172999), cities=[
        ("Detroit", "48226", 42.3314, -83.0458, "Wayne County", 26163, 2613, "313", 11),
        ("Grand Rapids", "49503", 42.9634, -85.6681, "Kent County", 26081, 2603, "616", 12),
        ("Lansing", "48933", 42.7325, -84.5555, "Ingham County", 26065, 2607, "517", 12),
    ]),
    "WA": dict(fips=53, obereg=8, unitids=(234000, 236999), cities=[
        ("Seattle", "98122", 47.6062, -122.3321, "King County", 53033, 5307, "206", 11),
        ("Spokane", "99201", 47.6588, -117.4260, "Spokane County", 53063, 5305, "509", 12),
        ("Tacoma", "98402", 47.2529, -122.4443, "Pierce County", 53053, 5306, "253", 12),
    ]),
    "AZ": dict(fips=4, obereg=6, unitids=(104000, 106999), cities=[
        ("Phoenix", "85004", 33.4484, -112.0740, "Maricopa County", 4013, 403, "602", 11),
        ("Tucson", "85701", 32.2226, -110.9747, "Pima County", 4019, 406, "520", 11),
    ]),
    "PR": dict(fips=72, obereg=9, unitids=(241000, 243999), cities=[
        ("San Juan", "00918", 18.4655, -66.1057, "San Juan Municipio", 72127, 7298, "787", 11),
        ("Bayamón", "00959", 18.3985, -66.1557, "Bayamón Municipio", 72021, 7298, "787", 21),
        ("Mayagüez", "00680", 18.2013, -67.1397, "Mayagüez Municipio", 72097, 7298, "787", 13),
        ("Ponce", "00731", 18.0111, -66.6141, "Ponce Municipio", 72113, 7298, "787", 12),
    ]),
    # States of the catalog colleges only (CATALOG_COLLEGES): no generated institutions there.
    "CO": dict(fips=8, obereg=7, unitids=(126000, 129999), cities=[]),
    "KS": dict(fips=20, obereg=4, unitids=(154000, 156999), cities=[]),
    "MN": dict(fips=27, obereg=4, unitids=(173000, 175999), cities=[]),
    "OR": dict(fips=41, obereg=8, unitids=(208000, 210999), cities=[]),
}
STATE_COUNTS = {"NJ": 24, "NY": 28, "PA": 26, "OH": 22, "TX": 28, "CA": 28, "FL": 20, "IL": 20,
                "MA": 4, "NC": 4, "GA": 3, "MI": 3, "WA": 3, "AZ": 3, "PR": 4}

# Fictional regional name stems (chosen not to be the name of a real college).
STEMS = {
    "NJ": ["Bayshore", "Raritan Bay", "Pinelands", "Passaic Ridge", "Delaware Bay", "Watchung Hills",
           "Barnegat", "Millstone Valley", "Musconetcong", "Navesink", "Cape Shore", "Meadowlands",
           "Kittatinny", "Sourland"],
    "NY": ["Hudson Highlands", "Mohawk Ridge", "Catskill", "Adirondack North", "Genesee Valley",
           "Niagara Frontier", "Harbor View", "Seneca Shores", "Susquehanna Valley", "Taconic",
           "Empire Harbor", "Chenango", "Tappan Zee", "Oswegatchie", "Great South Bay"],
    "PA": ["Keystone Valley", "Allegheny Ridge", "Lehigh Gap", "Schuylkill River", "Brandywine",
           "Laurel Highlands", "Pocono", "Conestoga", "Three Rivers", "Juniata", "Blue Mountain",
           "Monongahela", "Wissahickon", "Tuscarora"],
    "OH": ["Buckeye", "Maumee Valley", "Scioto Valley", "Great Miami", "Lake Erie Shores",
           "Western Reserve", "Muskingum Valley", "Hocking Hills", "Black River", "Tuscarawas",
           "Sandusky Bay", "Mahoning Valley", "Little Miami"],
    "TX": ["Gulf Coast", "Rio Grande Valley", "Brazos", "Pecos", "Hill Country", "Big Thicket",
           "Llano Estacado", "Trinity River", "Piney Woods", "Coastal Bend", "Red River",
           "Cross Timbers", "Padre Island", "Guadalupe", "Caprock"],
    "CA": ["Golden Coast", "Sierra Foothills", "Central Valley", "Mission Bay", "Pacific Crest",
           "Inland Empire", "Redwood Coast", "Sacramento River", "Channel Islands", "Mojave",
           "Sequoia", "Monterey Bay", "Angeles Crest", "Tule River", "Diablo Valley"],
    "FL": ["Suncoast", "Everglades", "Gulf Breeze", "Space Coast", "Emerald Coast", "Big Cypress",
           "Tamiami", "Panhandle", "St. Johns River", "Biscayne", "Treasure Coast",
           "Withlacoochee", "Caloosahatchee"],
    "IL": ["Lake Michigan Shores", "Fox Valley", "Sangamon Valley", "Rock River", "Des Plaines River",
           "Cahokia", "Starved Rock", "Little Egypt", "Prairie Lakes", "Lakefront",
           "Mississippi Bluffs", "Embarras River"],
    "MA": ["Bay Colony", "Blackstone River", "Cape Ann", "Quabbin"],
    "NC": ["Catawba Ridge", "Piedmont Triad", "Yadkin River", "Neuse River"],
    "GA": ["Ocmulgee", "Altamaha", "Peachtree"],
    "MI": ["Great Lakes Bay", "Grand River", "Huron Shores"],
    "WA": ["Puget Sound", "Cascade Range", "Palouse", "Olympic Peninsula"],
    "AZ": ["Sonoran Desert", "Saguaro", "Mogollon Rim"],
    "PR": [],  # all Puerto Rico institutions are hand-named below
}
SURNAMES = ["Whitfield", "Carrington", "Hollister", "Ashby", "Pendleton", "Marlowe", "Easton",
            "Brennan", "Kessler", "Holloway", "Lindqvist", "Talbot", "Fairbanks", "Winslow",
            "Okafor", "Delgado", "Hartwell", "Sinclair", "Abernathy", "Rutledge"]
SAINTS = ["Bernadette", "Cyril", "Ambrose", "Brigid", "Cecilia", "Dominic", "Gregory", "Helena",
          "Jerome", "Lucy", "Monica", "Anselm"]
BRANDS = {  # for-profit chains: campuses are named "<brand>-<city>" as in IPEDS
    "fp_lt2": [("Meridian Career Institute", "meridiancareer.edu"),
               ("Summit Health Careers Institute", "summithealthcareers.com"),
               ("Pinnacle Career College", "pinnaclecareer.edu"),
               ("Horizon Medical Institute", "horizonmedical.edu"),
               ("Northstar Career Academy", "northstaracademy.com"),
               ("Beacon Career School", "beaconcareer.edu")],
    "fp_2yr": [("Allied Pathways College", "alliedpathways.edu"),
               ("Crossroads Technical College", "crossroadstech.edu"),
               ("Brightline College of Health Careers", "brightline.edu")],
    "fp_4yr": [("Westbridge University", "westbridge.edu"),
               ("Americus University", "americus.edu")],
}
FIRST_NAMES = ["Maria", "James", "Linda", "Robert", "Patricia", "Michael", "Jennifer", "David",
               "Elizabeth", "William", "Angela", "Kevin", "Denise", "Anthony", "Karen", "Marcus",
               "Sandra", "Thomas", "Yolanda", "Steven", "Rachel", "Gregory", "Nicole", "Raymond"]
LAST_NAMES = ["Johnson", "Williams", "Brown", "Garcia", "Miller", "Davis", "Rodriguez", "Wilson",
              "Anderson", "Thomas", "Jackson", "Harris", "Martin", "Thompson", "Robinson", "Clark",
              "Lewis", "Walker", "Young", "Allen", "Nguyen", "Patel", "Kim", "O'Brien"]
SPANISH_FIRST_NAMES = ["José", "María", "Ramón", "Inés", "Raúl", "Sofía"]
SPANISH_LAST_NAMES = ["Martínez", "Peña", "Ortiz", "Rodríguez", "Muñoz"]
STREETS = ["College Drive", "Main Street", "Technology Parkway", "Campus Road", "Broad Street",
           "Market Street", "Commerce Boulevard", "Airport Road", "Highland Avenue",
           "Industrial Parkway", "Medical Center Drive", "University Avenue", "Park Avenue",
           "Route 9", "Center Street"]

# Kinds of institution: control (1 public, 2 private nonprofit, 3 for-profit), name templates,
# unrelated-program pool, chief's title, whether it reports by program (clock-hour schools).
KINDS = {
    "cc": dict(control=1, templates=["{stem} Community College", "{stem} College",
                                     "{stem} Community College", "{stem} Technical Community College",
                                     "{stem} Community and Technical College"],
               pool="cc", chief="President", clock=False),
    "public_lt2": dict(control=1, templates=["{stem} Career and Technical Center",
                                             "{stem} Technical Institute", "{stem} Adult Career Center",
                                             "{county} Vocational-Technical School"],
                       pool="career", chief="Director", clock=True),
    "fp_lt2": dict(control=3, templates=["{brand}-{city}", "{city} Career Institute",
                                         "{stem} Health Careers Institute",
                                         "{stem} School of Medical Careers"],
                   pool="career", chief="School Director", clock=True),
    "fp_2yr": dict(control=3, templates=["{brand}-{city}", "{stem} College of Health Careers",
                                         "{stem} Technical College"],
                   pool="career", chief="Campus President", clock=False),
    "np_2yr": dict(control=2, templates=["{stem} Hospital School of Health Professions",
                                         "St. {saint} College of Health Professions"],
                   pool="career", chief="Dean", clock=False),
    "pub_4yr": dict(control=1, templates=["{stem} State University", "{stem} University"],
                    pool="university", chief="President", clock=False),
    "priv_4yr": dict(control=2, templates=["{surname} College", "Saint {saint} University",
                                           "{stem} University", "{surname} University"],
                     pool="university", chief="President", clock=False),
    "fp_4yr": dict(control=3, templates=["{brand}-{city}"], pool="university",
                   chief="Campus President", clock=False),
    "beauty": dict(control=3, templates=["{surname}'s Academy of Cosmetology", "{stem} Beauty Academy",
                                         "{city} School of Barbering"],
                   pool="beauty", chief="Owner", clock=True),
    "seminary": dict(control=2, templates=["{stem} Theological Seminary"], pool="seminary",
                     chief="President", clock=False),
    "art": dict(control=2, templates=["{stem} School of Art and Design"], pool="art",
                chief="President", clock=False),
    "truck": dict(control=3, templates=["{stem} Truck Driving Academy"], pool="truck",
                  chief="Owner", clock=True),
    "admin": dict(control=1, templates=["{stem} Community College District Office"], pool=None,
                  chief="Chancellor", clock=False),
}
KIND_WEIGHTS = {"cc": 70, "public_lt2": 22, "fp_lt2": 45, "fp_2yr": 14, "np_2yr": 6, "pub_4yr": 16,
                "priv_4yr": 18, "fp_4yr": 7, "beauty": 14, "seminary": 2, "art": 2, "truck": 2,
                "admin": 2}
# Chance that an institution of a kind is: in scope (a track program below the bachelor's), a
# bachelor-only HIM school, a school with look-alike codes only; the rest have unrelated codes only.
SCOPE_ODDS = {"cc": (0.8, 0, 0.08), "public_lt2": (0.55, 0, 0.25), "fp_lt2": (0.6, 0, 0.17),
              "fp_2yr": (0.8, 0, 0.12), "np_2yr": (0.5, 0, 0.25), "pub_4yr": (0.45, 0.35, 0),
              "priv_4yr": (0.3, 0.3, 0), "fp_4yr": (0.75, 0.2, 0)}
ONLINE_ODDS = {"cc": 0.45, "public_lt2": 0.2, "fp_lt2": 0.55, "fp_2yr": 0.55, "np_2yr": 0.3,
               "pub_4yr": 0.5, "priv_4yr": 0.45, "fp_4yr": 0.8}


@dataclass
class Institution:
    unitid: int
    name: str
    state: str
    city: str
    zip: str
    webaddr: str
    latitude: str
    longitude: str
    control: int
    kind: str
    alias: str = ""
    addr: str = ""
    county: tuple = ()
    locale: int = 13
    chief_name: str = ""
    chief_title: str = "President"
    phone: str = ""
    ein: str = ""
    opeid: str = ""
    hbcu: int = 2
    hospital: int = -2
    medical: int = -2
    dfrcgid: int = -2
    dfrcuscg: int = -2
    # Closed or inactive in one year: {"year", then HD values: "ACT", "CLOSEDAT", "CYACTIVE", …}
    closure: dict = field(default_factory=dict)
    # cip -> {DEP level -> distance education: 0 none, 1 all programs (DE), 2 some (DES)}
    offers: dict = field(default_factory=dict)
    # (cip, majornum, awlevel) -> (total, men), as in the revised file; the original file differs
    completions: dict = field(default_factory=dict)
    completions_original: dict = field(default_factory=dict)

    def offer(self, cip: str, level: str, de: int) -> None:
        self.offers.setdefault(cip, {})[level] = de

    def levels(self) -> list[str]:
        return [level for by_level in self.offers.values() for level in by_level]


# --- building the sample population -----------------------------------------------------------
def ascii_fold(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def pick_levels(rng: random.Random, levels: tuple, allowed: tuple) -> list[str]:
    usable = [lvl for lvl in levels if lvl in allowed]
    if not usable:
        return []
    chosen = [lvl for lvl in usable if rng.random() < 0.6]
    return chosen or [rng.choice(usable)]


def allowed_levels(kind: str) -> tuple:
    if kind in ("public_lt2", "fp_lt2", "beauty", "truck"):
        return ("CERT1", "CERT2")
    if kind in ("cc", "fp_2yr", "np_2yr"):
        return ("CERT1", "CERT2", "ASSOC", "CERT4")
    return tuple(DEP_LEVELS)


def add_track_programs(rng: random.Random, inst: Institution) -> None:
    """Programs in our four codes below the bachelor's (plus bachelor's HIM at universities)."""
    online = ONLINE_ODDS[inst.kind]

    def offer(cip: str, level: str) -> None:
        inst.offer(cip, level, int(rng.random() < online))

    kind = inst.kind
    if kind == "cc":
        if rng.random() < 0.65:
            offer("51.0707", "ASSOC")
            if rng.random() < 0.25:
                offer("51.0707", rng.choice(["CERT1", "CERT2"]))
        if rng.random() < 0.65:
            for level in rng.choice([["CERT1"], ["CERT2"], ["CERT1"], ["CERT2"], ["CERT1", "CERT2"]]):
                offer("51.0713", level)
            if rng.random() < 0.1:
                offer("51.0713", "ASSOC")
            if rng.random() < 0.06:
                offer("51.0713", "CERT4")
        if rng.random() < 0.25:
            offer("51.0714", rng.choice(["CERT1", "CERT1", "CERT2"]))
        if rng.random() < 0.05:
            offer("51.0706", "ASSOC")
    elif kind in ("fp_lt2", "public_lt2", "np_2yr"):
        if rng.random() < 0.75:
            offer("51.0713", rng.choice(["CERT1", "CERT2"]))
        if rng.random() < 0.4:
            offer("51.0714", rng.choice(["CERT1", "CERT2"]))
        if rng.random() < 0.12:
            offer("51.0707", "CERT2")
        if kind == "np_2yr" and rng.random() < 0.5:
            offer("51.0707", "ASSOC")
    elif kind == "fp_2yr":
        if rng.random() < 0.45:
            offer("51.0707", "ASSOC")
        if rng.random() < 0.55:
            offer("51.0713", "CERT2")
        if rng.random() < 0.25:
            offer("51.0713", "ASSOC")
        if rng.random() < 0.35:
            offer("51.0714", "CERT1")
        if rng.random() < 0.15:
            offer("51.0713", "CERT4")
    else:  # four-year institutions
        if rng.random() < 0.7:
            add_bachelor_him(rng, inst)
        if rng.random() < 0.55:
            offer("51.0707", "ASSOC")
        if rng.random() < 0.4:
            offer("51.0713", rng.choice(["CERT1", "CERT2"]))
        if rng.random() < 0.12:
            offer("51.0706", "ASSOC")
        if rng.random() < 0.12:
            offer("51.0706", "CERT4")
        if rng.random() < 0.1:
            offer("51.0713", "CERT4")
        if kind == "fp_4yr" and rng.random() < 0.3:
            offer("51.0714", "CERT2")
    if not any(cip in TRACKS and set(levels) & set(AWARD_LEVELS.values())
               for cip, levels in inst.offers.items()):
        offer("51.0713", "CERT1" if kind != "cc" or rng.random() < 0.5 else "CERT2")


def add_bachelor_him(rng: random.Random, inst: Institution) -> None:
    online = ONLINE_ODDS.get(inst.kind, 0.5)
    inst.offer("51.0706", "BACHL", int(rng.random() < online))
    if rng.random() < 0.3:
        inst.offer("51.0706", "MASTR", int(rng.random() < 0.7))
    if rng.random() < 0.2:
        inst.offer("51.0706", "PBACC", int(rng.random() < 0.7))


def add_neighbours(rng: random.Random, inst: Institution, how_many: int) -> None:
    allowed = allowed_levels(inst.kind)
    codes = list(NEIGHBOURS)
    for _ in range(how_many):
        cip = rng.choices(codes, weights=NEIGHBOUR_WEIGHTS)[0]
        for level in pick_levels(rng, NEIGHBOURS[cip], allowed):
            inst.offer(cip, level, int(rng.random() < 0.35))


def add_unrelated(rng: random.Random, inst: Institution) -> None:
    pool_name = KINDS[inst.kind]["pool"]
    if pool_name is None:
        return
    pool = list(UNRELATED[pool_name])
    if inst.kind == "fp_4yr":
        pool += UNRELATED["career"][:5]
    low, high = {"cc": (4, 8), "university": (5, 10), "career": (2, 5)}.get(pool_name, (1, 3))
    allowed = allowed_levels(inst.kind)
    for cip, levels in rng.sample(pool, min(len(pool), rng.randint(low, high))):
        for level in pick_levels(rng, levels, allowed):
            inst.offer(cip, level, int(rng.random() < 0.25))


def add_completions(rng: random.Random, inst: Institution) -> None:
    """First-major awards for most offered programs; some second majors; new programs have none."""
    for cip in sorted(inst.offers):
        for level in DEP_LEVELS:
            if level not in inst.offers[cip] or rng.random() < 0.14:
                continue  # new program: nothing awarded yet
            awlevels = AWLEVELS[level]
            if level == "CERT1":
                awlevels = rng.choice([(21,), (21,), (20,), (20, 21)])
            top = 60 if inst.control == 3 and level.startswith("CERT") else 35
            for awlevel in awlevels:
                total = rng.randint(0, top)
                inst.completions[(cip, 1, awlevel)] = (total, round(total * rng.uniform(0.02, 0.2)))
            if level in ("ASSOC", "BACHL") and rng.random() < 0.15:
                total = rng.randint(1, 3)
                inst.completions[(cip, 2, awlevels[0])] = (total, rng.randint(0, 1) if total > 1 else 0)


def make_webaddr(rng: random.Random, name: str, used: set, brand_domain: str | None, city: str) -> str:
    if brand_domain:
        host = ("www." + brand_domain) if rng.random() < 0.7 else brand_domain
        slug = re.sub(r"[^a-z]+", "-", ascii_fold(city).lower()).strip("-")
        path = rng.choice([f"campuses/{slug}/", f"locations/{slug}", f"{slug}/"])
        return f"{host}/{path}"
    words = re.findall(r"[A-Za-z]+", ascii_fold(name))
    stop = {"of", "and", "the", "de", "del", "s"}
    initials = "".join(w[0] for w in words if w.lower() not in stop).lower()
    first = words[0].lower() if words[0].lower() not in ("saint", "university", "community") else (
        "st" + words[1].lower() if words[0].lower() == "saint" else words[-1].lower())
    candidates = [initials, first + initials[1:], first, "".join(w.lower() for w in words[:2])]
    for base in candidates:
        host = f"{base}.edu"
        if host not in used:
            break
    else:
        host = f"{initials}{len(used)}.edu"
    used.add(host)
    roll = rng.random()
    if roll < 0.2:  # mixed case, as typed into the IPEDS form
        shown = "www." + (initials.upper() + host[len(initials):] if host.startswith(initials)
                          else host[0].upper() + host[1:])
    elif roll < 0.3:
        shown = host
    else:
        shown = "www." + host
    return shown + ("/" if rng.random() < 0.45 else "")


def jitter(rng: random.Random, value: float) -> str:
    return f"{value + rng.uniform(-0.03, 0.03):.6f}"


def make_institution(rng: random.Random, unitid: int, state: str, kind: str, name: str,
                     city_row: tuple, brand_domain: str | None, used_hosts: set) -> Institution:
    city, zip5, lat, lon, county, countycd, cd, area, locale = city_row
    zip_code = zip5[:3] + f"{int(zip5[3:]) + rng.randint(0, 20):02d}"[-2:]
    if rng.random() < 0.4:
        zip_code += f"-{rng.randint(1000, 9899)}"
    spanish = state == "PR" or (state == "TX" and rng.random() < 0.4)
    first = rng.choice(SPANISH_FIRST_NAMES if spanish else FIRST_NAMES)
    last = rng.choice(SPANISH_LAST_NAMES if spanish else LAST_NAMES)
    addr = f"{rng.randint(10, 9800)} {rng.choice(STREETS)}"
    if rng.random() < 0.15:
        addr += f", Suite {rng.randint(1, 4)}00"
    webaddr = make_webaddr(rng, name, used_hosts, brand_domain, city)
    latitude, longitude = jitter(rng, lat), jitter(rng, lon)
    title = "Dr. " if rng.random() < 0.5 else ""
    inst = Institution(
        unitid=unitid, name=name, state=state, city=city, zip=zip_code, webaddr=webaddr,
        latitude=latitude, longitude=longitude, control=KINDS[kind]["control"],
        kind=kind, addr=addr, county=(countycd, county, cd), locale=locale,
        chief_name=f"{title}{first} {rng.choice('ABCDEHJKLMRST')}. {last}",
        chief_title=KINDS[kind]["chief"],
        phone=f"{area}{rng.randint(2000000, 9899999)}",
        ein=f"{rng.randint(10, 99)}{rng.randint(1000000, 9999999)}",
        opeid=f"{rng.randint(1000, 42999):06d}00",
        dfrcgid=rng.randint(100, 1400), dfrcuscg=rng.choice([1, 2, 2]),
    )
    if rng.random() < 0.25:
        words = re.findall(r"[A-Z]", ascii_fold(name))
        inst.alias = "".join(words) + (f", {city} campus" if rng.random() < 0.3 else "")
    if kind == "np_2yr":
        inst.hospital, inst.medical = 1, 2
    elif kind in ("pub_4yr", "priv_4yr"):
        inst.hospital, inst.medical = 2, rng.choice([1, 2, 2, 2])
    return inst


# Drawn addresses that turned out to be real colleges' hosts, replaced by made-up ones in the same
# shape (case, "www.", trailing slash): the sample web must never name a real college's site.
WEBADDR_OVERRIDES = {
    184067: "www.millstonevalleycc.edu",   # Millstone Valley Community College (drew its initials)
    205986: "www.buckeyeuniv.edu/",        # Buckeye University (drew its initials)
    472061: "www.PCCareer.edu",            # Pacífico Career College (drew its initials, upper case)
}


def build_population() -> list[Institution]:
    rng = random.Random(SEED)
    kinds = list(KIND_WEIGHTS)
    used_names: set = set()
    used_unitids: set = set()
    used_hosts: set = set()
    institutions: list[Institution] = []

    def new_unitid(state: str, control: int) -> int:
        low, high = STATES[state]["unitids"]
        if control == 3 and rng.random() < 0.5:
            low, high = 420000, 499999  # newer for-profit campuses got 4xxxxx ids
        while True:
            unitid = rng.randint(low, high)
            if unitid not in used_unitids:
                used_unitids.add(unitid)
                return unitid

    def scope_of(kind: str) -> str:
        odds = SCOPE_ODDS.get(kind)
        if odds is None:
            return "unrelated"
        roll = rng.random()
        if roll < odds[0]:
            return "track"
        if roll < odds[0] + odds[1]:
            return "bachelor_only"
        if roll < odds[0] + odds[1] + odds[2]:
            return "neighbours_only"
        return "unrelated"

    def add(inst: Institution, scope: str) -> None:
        if scope == "track":
            add_track_programs(rng, inst)
            if rng.random() < 0.55:
                add_neighbours(rng, inst, rng.randint(1, 3))
        elif scope == "bachelor_only":
            add_bachelor_him(rng, inst)
        elif scope == "neighbours_only":
            add_neighbours(rng, inst, rng.randint(1, 3))
        add_unrelated(rng, inst)
        add_completions(rng, inst)
        institutions.append(inst)

    # Hand-named institutions: accented names exercise the cp1252 decoding of HD.
    fixed = [
        ("PR", "fp_lt2", "Instituto Técnico de Bayamón", 1, "track"),
        ("PR", "priv_4yr", "Universidad Metropolitana del Oeste", 2, "track"),
        ("PR", "np_2yr", "Escuela de Artes Médicas de Ponce", 3, "neighbours_only"),
        ("PR", "beauty", "Academia de Belleza Señorial", 0, "unrelated"),
        ("CA", "fp_lt2", "Pacífico Career College", 8, "track"),
        ("TX", "fp_2yr", "Colegio Técnico del Río Grande", 8, "track"),
    ]
    placed = {state: 0 for state in STATE_COUNTS}
    for state, kind, name, city_index, scope in fixed:
        city_row = STATES[state]["cities"][city_index]
        inst = make_institution(rng, new_unitid(state, KINDS[kind]["control"]), state, kind, name,
                                city_row, None, used_hosts)
        used_names.add(name)
        add(inst, scope)
        placed[state] += 1

    for state, count in STATE_COUNTS.items():
        cities = STATES[state]["cities"]
        for _ in range(count - placed[state]):
            kind = rng.choices(kinds, weights=[KIND_WEIGHTS[k] for k in kinds])[0]
            city_row = rng.choice(cities)
            brand_domain = None
            for _attempt in range(50):
                template = rng.choice(KINDS[kind]["templates"])
                if state == "FL" and kind == "pub_4yr" and rng.random() < 0.6:
                    template = "{stem} State College"  # Florida's state colleges award both
                brand = ("", None)
                if "{brand}" in template:
                    brand = rng.choice(BRANDS[kind])
                name = template.format(stem=rng.choice(STEMS[state]), city=city_row[0],
                                       county=city_row[4].replace(" County", " County Area"),
                                       surname=rng.choice(SURNAMES), saint=rng.choice(SAINTS),
                                       brand=brand[0])
                if name not in used_names:
                    brand_domain = brand[1]
                    break
                city_row = rng.choice(cities)
            else:
                raise RuntimeError(f"no unused name for {kind} in {state}")
            used_names.add(name)
            inst = make_institution(rng, new_unitid(state, KINDS[kind]["control"]), state, kind,
                                    name, city_row, brand_domain, used_hosts)
            add(inst, scope_of(kind))

    # Awards still reported for programs the DEP file no longer lists (must not create programs).
    in_scope = [inst for inst in institutions if in_scope_programs(inst)]
    for inst in rng.sample(in_scope, 6):
        cip = rng.choice(sorted(TRACKS))
        for level in ("CERT2", "ASSOC", "CERT1"):
            if level not in inst.offers.get(cip, {}) and level in allowed_levels(inst.kind):
                awlevel = AWLEVELS[level][-1]
                inst.completions[(cip, 1, awlevel)] = (rng.randint(1, 9), 0)
                break
    make_original_completions(rng, institutions)
    mark_hybrid_and_closed(institutions)
    for inst in institutions:  # after every draw, so the rest of the population stays as it was
        inst.webaddr = WEBADDR_OVERRIDES.get(inst.unitid, inst.webaddr)
    institutions.extend(catalog_colleges({inst.unitid for inst in institutions}))
    return sorted(institutions, key=lambda inst: inst.unitid)


def mark_hybrid_and_closed(institutions: list[Institution]) -> None:
    """With a second generator, so the population drawn above stays as it was: a third of the
    programs that cannot be completed at a distance can be in part (...DES), and four institutions
    with programs are closed (ACT=M with a CLOSEDAT date, as 21 are in the real HD2023) or inactive
    (CYACTIVE=3, combined into another) in YEAR, so a correct crawl does not list them."""
    rng = random.Random(SEED + 1)
    for inst in institutions:
        for cip in sorted(inst.offers):
            for level in DEP_LEVELS:
                if inst.offers[cip].get(level) == 0 and rng.random() < 0.33:
                    inst.offers[cip][level] = 2
    in_scope = [inst for inst in institutions if in_scope_programs(inst)]
    closed = rng.sample(in_scope, 4)
    for inst in closed[:3]:
        closed_on = f"{rng.randint(1, 12):02d}/{rng.randint(1, 28):02d}/{YEAR}"
        inst.closure = {"year": YEAR, "ACT": "M", "CLOSEDAT": closed_on, "DEATHYR": YEAR}
    merged_into = rng.choice([inst for inst in in_scope if inst not in closed])
    closed[3].closure = {"year": YEAR, "ACT": "C", "CYACTIVE": 3, "NEWID": merged_into.unitid}


# Two generated institutions' websites are served too (Cahokia Community College 144457,
# www.cahokiacc.edu; Tappan Zee Community College 193120, www.tzcc.edu), with no seeds-file row:
# a catalog crawl from the database discovers their catalogs (ground_truth/catalog_discovery.json;
# tests/catalog/test_discovery_crawl.py fails if a change here moves their WEBADDR).
# The six colleges whose websites the catalog sample web serves (sampleweb/sites/*.<college>.edu):
# their IPEDS rows let the catalog spider link its program pages to institutions and listings.
# (unitid, name, city, state, zip, webaddr, latitude, longitude, address,
#  {cip: {DEP level: distance education}}, {(cip, awlevel): first-major awards})
CATALOG_COLLEGES = [
    (214390, "Harbor Point Community College", "Erie", "PA", "16507", "www.harborpoint.edu/",
     "42.1292", "-80.0851", "1200 Bayfront Parkway",
     {"51.0707": {"ASSOC": 0}, "51.0713": {"CERT1": 1}}, {("51.0707", 3): 14, ("51.0713", 21): 9}),
    (127218, "Red Mesa Technical College", "Grand Junction", "CO", "81501",
     "www.redmesa.edu", "39.0639", "-108.5506", "1100 North Avenue",
     {"51.0707": {"ASSOC": 0}, "51.0713": {"CERT2": 1}}, {("51.0707", 3): 11}),
    (155481, "Bluestem State College", "Salina", "KS", "67401", "www.Bluestem.edu/",
     "38.8403", "-97.6114", "400 Prairie Avenue",
     {"51.0707": {"ASSOC": 1}, "51.0713": {"CERT1": 1}, "51.0706": {"BACHL": 1}},
     {("51.0707", 3): 19, ("51.0713", 20): 7, ("51.0706", 5): 12}),
    (173142, "Kettle River Community College", "Cloquet", "MN", "55720", "www.kettleriver.edu/",
     "46.7216", "-92.4593", "1 Riverside Drive",
     {"51.0707": {"ASSOC": 0}, "51.0713": {"CERT2": 1}}, {("51.0713", 2): 6}),
    (198613, "Granite Falls Technical College", "Hickory", "NC", "28601",
     "www.granitefalls.edu/", "35.7332", "-81.3412", "2550 Hwy 321 NW",
     {"51.0707": {"ASSOC": 0}, "51.0713": {"CERT1": 0}}, {("51.0707", 3): 8, ("51.0713", 21): 5}),
    (209278, "Juniper Basin Community College", "Bend", "OR", "97703", "www.juniperbasin.edu/",
     "44.0582", "-121.3153", "2600 NW College Way",
     {"51.0707": {"ASSOC": 1}, "51.0713": {"CERT1": 0}}, {("51.0707", 3): 10}),
]


CATALOG_COLLEGE_COUNTIES = {  # (COUNTYNM, COUNTYCD, CNGDSTCD) by city
    "Erie": ("Erie County", 42049, 4216), "Grand Junction": ("Mesa County", 8077, 803),
    "Salina": ("Saline County", 20169, 2001), "Cloquet": ("Carlton County", 27017, 2708),
    "Hickory": ("Catawba County", 37035, 3710), "Bend": ("Deschutes County", 41017, 4102),
}


def catalog_colleges(used_unitids: set[int]) -> list[Institution]:
    colleges = []
    for (unitid, name, city, state, zip_code, webaddr, lat, lon, addr, offers,
         awards) in CATALOG_COLLEGES:
        if unitid in used_unitids:
            raise RuntimeError(f"catalog college unitid {unitid} is already taken")
        inst = Institution(unitid=unitid, name=name, state=state, city=city, zip=zip_code,
                           webaddr=webaddr, latitude=lat, longitude=lon, control=1, kind="cc",
                           addr=addr, county=CATALOG_COLLEGE_COUNTIES[city])
        for cip, levels in offers.items():
            for level, distance in levels.items():
                inst.offer(cip, level, distance)
        inst.completions = {(cip, 1, awlevel): (total, total // 3)
                            for (cip, awlevel), total in awards.items()}
        inst.completions_original = dict(inst.completions)
        colleges.append(inst)
    return colleges


def make_original_completions(rng: random.Random, institutions: list[Institution]) -> None:
    """The original C_A file: the revised one with a few counts changed, one row not yet reported
    and one row the revision withdrew, so a test can tell which file was read."""
    for inst in institutions:
        inst.completions_original = dict(inst.completions)
    candidates = []  # first-major rows of in-scope programs
    for inst in institutions:
        for (cip, level) in in_scope_programs(inst):
            for awlevel in AWLEVELS[level]:
                if (cip, 1, awlevel) in inst.completions:
                    candidates.append((inst, (cip, 1, awlevel)))
    picks = rng.sample(range(len(candidates)), 6)
    for index in picks:
        inst, key = candidates[index]
        total, men = inst.completions[key]
        delta = rng.randint(2, 6)
        changed = total - delta if total >= delta else total + delta
        inst.completions_original[key] = (changed, min(men, changed))
    # Reported late, so only in the revised file: a level with a single AWLEVEL code.
    late = [i for i in range(len(candidates)) if i not in picks and candidates[i][1][2] not in (20, 21)]
    late_inst, late_key = candidates[rng.choice(late)]
    del late_inst.completions_original[late_key]
    withdrawn = [(inst, cip, level) for inst in institutions
                 for cip, level in in_scope_programs(inst)
                 if level != "CERT1" and (cip, 1, AWLEVELS[level][0]) not in inst.completions]
    inst, cip, level = rng.choice(withdrawn)
    inst.completions_original[(cip, 1, AWLEVELS[level][0])] = (rng.randint(3, 12), 0)


# --- ground truth -------------------------------------------------------------------------------
def in_scope_programs(inst: Institution) -> list[tuple[str, str]]:
    """(cip, DEP level) pairs a correct default crawl turns into programs."""
    levels = set(AWARD_LEVELS.values())
    return [(cip, level) for cip in sorted(inst.offers) if cip in TRACKS
            for level in DEP_LEVELS if level in levels and level in inst.offers[cip]]


def normalize_website(webaddr: str) -> str | None:
    if not webaddr.strip():
        return None
    host, _, path = webaddr.strip().partition("/")
    return f"https://{host.lower()}/{path}"


MODES = {0: "campus", 1: "online", 2: "hybrid"}  # DEP flag set: none, ...DE, only ...DES


def delivery_mode(distance: int, era: str, has_des: bool) -> str:
    """What a correct reader makes of a program's flags in a layout: before 2020 and in a layout
    without ...DES there is no "some programs" flag, so those programs read as campus."""
    if distance == 2 and (era == "single" or not has_des):
        return "campus"
    return MODES[distance]


def closure_reason(inst: Institution, year: int) -> str | None:
    if not inst.closure or inst.closure["year"] != year:
        return None
    if inst.closure.get("CYACTIVE", 1) != 1:
        return f"CYACTIVE={inst.closure['CYACTIVE']}"
    return f"CLOSEDAT={inst.closure['CLOSEDAT']}"


def ground_truth(institutions: list[Institution], year: int = YEAR, era: str = "split",
                 has_des: bool = True) -> dict:
    level_key = {dep: key for key, dep in AWARD_LEVELS.items()}
    programs, listed, not_listed = [], [], []
    for inst in institutions:
        found = in_scope_programs(inst)
        if found and closure_reason(inst, year):
            not_listed.append({"unitid": inst.unitid, "reason": closure_reason(inst, year),
                               "programs": len(found)})
            continue
        for cip, level in found:
            rows = [inst.completions[(cip, 1, aw)][0] for aw in AWLEVELS[level]
                    if (cip, 1, aw) in inst.completions]
            key = level_key[level]
            programs.append({
                "unitid": inst.unitid, "cip_code": cip, "award_level": key,
                "credential_level": CREDENTIAL_LEVELS[key], "track": expected_track(cip, key),
                "delivery_mode": delivery_mode(inst.offers[cip][level], era, has_des),
                "state": inst.state, "completions": sum(rows) if rows else None,
            })
        if found:
            listed.append({
                "unitid": inst.unitid, "name": inst.name, "city": inst.city, "state": inst.state,
                "zip": inst.zip, "website": normalize_website(inst.webaddr),
                "latitude": float(inst.latitude), "longitude": float(inst.longitude),
            })
    programs.sort(key=lambda p: (p["unitid"], p["cip_code"], p["award_level"]))

    def count(name: str) -> dict:
        tally: dict = {}
        for program in programs:
            tally[program[name]] = tally.get(program[name], 0) + 1
        return dict(sorted(tally.items()))

    return {
        "year": year,
        "cip_codes": sorted(TRACKS),
        "award_levels": list(AWARD_LEVELS),
        "programs": programs,
        "institutions": listed,
        "not_listed": not_listed,
        "counts": {"total": len(programs), "by_track": count("track"), "by_state": count("state"),
                   "by_delivery_mode": count("delivery_mode"),
                   "by_credential_level": count("credential_level"), "institutions": len(listed)},
    }


# --- file formats ---------------------------------------------------------------------------------
def csv_text(columns: list[str], rows: list[list]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")  # IPEDS files come from Windows
    writer.writerow(columns)
    writer.writerows(rows)
    return out.getvalue()


def hd_rows(institutions: list[Institution], year: int) -> list[list]:
    columns, rows = hd_columns(year), []
    for inst in institutions:
        levels = inst.levels()
        top = max((HLOFFER[lvl] for lvl in levels), default=-3)
        degrees = [lvl for lvl in levels if lvl in DEGREES]
        four_year = any(lvl in ("BACHL",) + GRADUATE for lvl in levels)
        two_year = any(lvl in ("ASSOC", "CERT4") for lvl in levels)
        iclevel = 1 if four_year else 2 if two_year else 3 if levels else -3
        sector = 0 if not levels else {1: 0, 2: 3, 3: 6}[iclevel] + inst.control
        if any(lvl.startswith("DOC") for lvl in levels):
            hdegofr1 = 11 if "DOCPP" in levels else 12
        elif "MASTR" in levels:
            hdegofr1 = 20
        elif "BACHL" in levels:
            hdegofr1 = 30
        elif "ASSOC" in levels:
            hdegofr1 = 40
        else:
            hdegofr1 = 0 if levels else -3
        if not levels:
            instcat, c21 = -2, -2
        elif not degrees:
            instcat, c21 = 6, -2
        elif four_year:
            instcat = 3 if levels.count("ASSOC") > levels.count("BACHL") else 2
            c21 = 15 + inst.unitid % 9  # doctoral, master's and baccalaureate classes
        else:
            instcat = 4
            c21 = (1 + inst.unitid % 9) if inst.control == 1 else 10 + inst.unitid % 5
        web_root = inst.webaddr.split("/")[0]
        values = dict(zip(HD_BASE_COLUMNS, [
            inst.unitid, inst.name, inst.alias, inst.addr, inst.city, inst.state, inst.zip,
            STATES[inst.state]["fips"], STATES[inst.state]["obereg"], inst.chief_name,
            inst.chief_title, inst.phone, inst.ein, inst.opeid, 1 if levels else 6, inst.webaddr,
            f"{web_root}/admissions" if levels else "", f"{web_root}/financial-aid" if levels else "",
            f"{web_root}/apply" if levels and inst.unitid % 3 else "",
            f"{web_root}/net-price-calculator" if levels else "",
            sector, iclevel, inst.control, top,
            1 if levels else -3,
            (1 if any(lvl in GRADUATE for lvl in levels) else 2) if levels else -3,
            hdegofr1, (1 if degrees else 2) if levels else -3, inst.hbcu, inst.hospital,
            inst.medical, 2, inst.locale, 1 if levels else 2, "A", -2, -2, "-2", 1,
            1, 1 if levels else 3, 1 if levels else 6,
            (2 if KINDS[inst.kind]["clock"] else 1) if levels else -2, instcat, c21,
            inst.county[0], inst.county[1], inst.county[2], inst.longitude, inst.latitude,
            inst.dfrcgid if levels else -2, inst.dfrcuscg if levels else -2,
        ]))
        if inst.closure and year == inst.closure["year"]:
            values |= {name: value for name, value in inst.closure.items() if name != "year"}
        if year <= 2021:
            values["ACT"] += " "  # the cp1252 files of those years pad ACT to two characters
        rows.append([values.get(name, "" if name in HD_TEXT_COLUMNS else -2)
                     for name in columns])
    return rows


def dep_level_columns(inst: Institution, cip: str, level: str, era: str) -> list[str]:
    """The DEP column(s) a program is flagged in: from 2020 the under-one-year certificate is in
    PCERT1A when its awards are under AWLEVEL 20 (< 300 clock hours), PCERT1B under 21."""
    if level != "CERT1" or era == "single":
        return [f"P{level}"]
    parts = [name for name, awlevel in (("PCERT1A", 20), ("PCERT1B", 21))
             if (cip, 1, awlevel) in inst.completions]
    return parts or ["PCERT1B"]


def dep_rows(institutions: list[Institution], era: str, has_des: bool = True,
             drop_columns: tuple = ()) -> tuple[list, list]:
    """6-digit rows with 1/0 flags, plus the 2-digit and 99 summary rows (counts); the real files
    have no 4-digit rows."""
    columns = [c for c in dep_columns(era) if has_des or not c.endswith("DES")]
    flag_columns = columns[2:]
    rows = []
    for inst in institutions:
        detail: dict[str, dict[str, int]] = {}
        for cip, by_level in inst.offers.items():
            flags = dict.fromkeys(flag_columns, 0)
            for level, distance in by_level.items():
                for column in dep_level_columns(inst, cip, level, era):
                    mode = delivery_mode(distance, era, has_des)
                    flags[column] = 1
                    flags["PTOTAL"] += 1
                    if mode == "online":
                        flags[column + "DE"] = 1
                        flags["PTOTALDE"] += 1
                    elif mode == "hybrid":
                        flags[column + "DES"] = 1
                        flags["PTOTALDES"] += 1
            detail[cip] = flags
        groups: dict[str, dict[str, int]] = {}
        for cip, flags in detail.items():
            for group in (cip[:2], "99"):
                current = groups.setdefault(group, dict.fromkeys(flag_columns, 0))
                for name, value in flags.items():
                    current[name] += value
        for cip in sorted({**detail, **groups}):
            values = detail.get(cip) or groups[cip]
            rows.append([inst.unitid, cip] + [values[name] for name in flag_columns])
    keep = [i for i, name in enumerate(columns) if name not in drop_columns]
    return [columns[i] for i in keep], [[row[i] for i in keep] for row in rows]


def ca_rows(institutions: list[Institution], original: bool, era: str) -> list[list]:
    """Rows in the real C_A header: X-flag (R reported, Z zero) before each count; the race and
    ethnicity breakdown is put under "unknown" (CUNKN*), which the crawl does not read."""
    columns = ca_columns()
    rows = []
    for inst in institutions:
        completions = inst.completions_original if original else inst.completions
        sums: dict[tuple, list[int]] = {}
        for (cip, majornum, awlevel), (total, men) in completions.items():
            if era == "single" and awlevel in (20, 21):
                awlevel = 1  # before 2020 one code for every under-one-year award
            for group in (cip, cip[:2], "99"):
                current = sums.setdefault((group, majornum, awlevel), [0, 0])
                current[0] += total
                current[1] += men
        for (cip, majornum, awlevel) in sorted(sums):
            rows.append(ca_row(columns, inst.unitid, cip, majornum, awlevel,
                               *sums[(cip, majornum, awlevel)]))
    return rows


def ca_row(columns: list[str], unitid: int, cip: str, majornum: int, awlevel: int, total: int,
           men: int) -> list:
    counts = {"CTOTALT": total, "CTOTALM": men, "CTOTALW": total - men,
              "CUNKNT": total, "CUNKNM": men, "CUNKNW": total - men}
    values = {"UNITID": unitid, "CIPCODE": cip, "MAJORNUM": majornum, "AWLEVEL": awlevel}
    for name in columns[4:]:
        count = counts.get(name[1:] if name.startswith("X") else name, 0)
        values[name] = ("R" if count else "Z") if name.startswith("X") else count
    return [values[name] for name in columns]


def encode_hd(text: str, year: int) -> bytes:
    if year >= 2023:
        return text.encode("utf-8-sig")  # HD2023 and HD2024 are UTF-8 with a BOM
    data = text.encode("cp1252")
    # Only characters that cp1252 and latin-1 encode alike, so either decoding reads the same text.
    assert data == text.encode("latin-1"), "HD text outside the cp1252/latin-1 common range"
    return data


def zip_bytes(members: list[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0  # made on Windows, like the real files
            info.external_attr = 0x20  # archive bit
            archive.writestr(info, data, compresslevel=6)
    return buffer.getvalue()


def ipeds_zips(institutions: list[Institution], year: int, era: str, *, has_des: bool = True,
               revised: bool = True, drop_dep_columns: tuple = (), dep_extra: list | None = None,
               ca_extra: list | None = None) -> dict[str, bytes]:
    """One year's three zips; ``revised``: C_A also holds the ``_rv`` file (current location)."""
    hd = encode_hd(csv_text(hd_columns(year), hd_rows(institutions, year)), year)
    columns, dep = dep_rows(institutions, era, has_des, drop_dep_columns)
    for row in dep_extra or []:
        dep.append(row)
    dep.sort(key=lambda row: (row[0], str(row[1])))
    ca_original = ca_rows(institutions, True, era) + list(ca_extra or [])
    ca_revised = ca_rows(institutions, False, era) + list(ca_extra or [])
    for rows in (ca_original, ca_revised):
        rows.sort(key=lambda row: (row[0], str(row[1]), row[2], row[3]))
    ca_members = [(f"c{year}_a.csv", csv_text(ca_columns(), ca_original).encode())]
    if revised:
        # The original file comes first in the archive: a reader must pick _rv by name.
        ca_members.append((f"c{year}_a_rv.csv", csv_text(ca_columns(), ca_revised).encode()))
    return {
        f"HD{year}.zip": zip_bytes([(f"hd{year}.csv", hd)]),
        f"C{year}DEP.zip": zip_bytes([(f"c{year}dep.csv",
                                       csv_text(columns, dep).encode("utf-8-sig"))]),
        f"C{year}_A.zip": zip_bytes(ca_members),
    }


def json_text(data: object) -> str:
    return json.dumps(data, indent=1, ensure_ascii=False) + "\n"


# --- site noise pages -------------------------------------------------------------------------------
ROBOTS_TXT = """\
# robots.txt for nces.ed.gov
User-agent: *
Disallow: /ipeds/datacenter/Default.aspx?
Disallow: /ipeds/datacenter/SessionTimeout.aspx
Disallow: /whatsnew/search
Disallow: /search/
Disallow: /cgi-bin/
"""

INDEX_HTML = """\
<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>National Center for Education Statistics (NCES) Home Page</title></head>
<body>
<header><a href="/">NCES</a> | <a href="/ipeds/">IPEDS</a> | <a href="/collegenavigator/">College Navigator</a>
 | <a href="/whatsnew/search">Search</a></header>
<main>
<h1>National Center for Education Statistics</h1>
<p>The primary federal entity for collecting and analyzing data related to education.</p>
<ul>
<li><a href="/ipeds/datacenter/DataFiles.aspx?year=2023">IPEDS complete data files, 2023</a></li>
<li><a href="/ipeds/datacenter/Default.aspx?gotoReportId=7">IPEDS Data Center</a></li>
</ul>
</main>
</body>
</html>
"""

DATA_FILES_HTML = """\
<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>IPEDS Data Center - Complete Data Files</title></head>
<body>
<form method="post" action="./DataFiles.aspx?year=2023" id="form1">
<input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="/wEPDwUKLTM0NjEzNDY2Mg9kFgICAw9kFgI=" />
<h1>Complete Data Files</h1>
<p>Survey year: <select name="ddlYears"><option selected="selected" value="2023">2023</option>
<option value="2022">2022</option></select></p>
<table id="contentPlaceHolder_tblResult" class="idc_gridview">
<tr><th>Year</th><th>Survey</th><th>Title</th><th>Data File</th><th>Stata Data File</th><th>Dictionary</th></tr>
<tr><td>2023</td><td>Institutional Characteristics</td><td>Directory information</td>
<td><a href="data/HD2023.zip">HD2023</a></td><td><a href="data/HD2023_Data_Stata.zip">HD2023_Data_Stata</a></td>
<td><a href="data/HD2023_Dict.zip">Dictionary</a></td></tr>
<tr><td>2023</td><td>Completions</td><td>Awards/degrees conferred by program (6-digit CIP code), award level, race/ethnicity, and gender: July 1, 2022 to June 30, 2023</td>
<td><a href="data/C2023_A.zip">C2023_A</a></td><td><a href="data/C2023_A_Data_Stata.zip">C2023_A_Data_Stata</a></td>
<td><a href="data/C2023_A_Dict.zip">Dictionary</a></td></tr>
<tr><td>2023</td><td>Completions</td><td>Number of programs offered and number of programs offered via distance education, by award level: July 1, 2022 to June 30, 2023</td>
<td><a href="data/C2023DEP.zip">C2023DEP</a></td><td><a href="data/C2023DEP_Data_Stata.zip">C2023DEP_Data_Stata</a></td>
<td><a href="data/C2023DEP_Dict.zip">Dictionary</a></td></tr>
</table>
<p><a href="Default.aspx?gotoReportId=7">Back to the Data Center</a></p>
</form>
</body>
</html>
"""

# The static server types files by extension; .aspx pages are HTML on the real site.
BEHAVIORS = [{"path": "/ipeds/datacenter/DataFiles.aspx",
              "headers": {"Content-Type": "text/html; charset=utf-8"}}]


# --- fixtures ----------------------------------------------------------------------------------------
def fixture_population() -> list[Institution]:
    """Six hand-written institutions: every case a reader must get right, small enough to read."""
    rng = random.Random(7)
    used: set = set()
    nj, ny, ca, pa, oh = (STATES[s]["cities"] for s in ("NJ", "NY", "CA", "PA", "OH"))
    rbcc = make_institution(rng, 186201, "NJ", "cc", "Raritan Bay Community College", nj[4], None, used)
    rbcc.webaddr, rbcc.zip = "www.RBCC.edu", "08818-3050"
    rbcc.offer("51.0707", "ASSOC", 1)   # online associate: counted
    rbcc.offer("51.0707", "CERT2", 0)   # campus certificate, no completions row: null
    rbcc.offer("51.0713", "CERT1", 0)   # awards under AWLEVEL 20 and 21: summed
    rbcc.offer("51.0801", "CERT1", 0)   # medical assistant: a neighbour, not counted
    rbcc.offer("24.0101", "ASSOC", 0)
    rbcc.completions = {("51.0707", 1, 3): (14, 1), ("51.0707", 2, 3): (2, 0),
                        ("51.0713", 1, 20): (3, 0), ("51.0713", 1, 21): (9, 1),
                        ("51.0801", 1, 21): (22, 2), ("24.0101", 1, 3): (140, 61)}
    hhcc = make_institution(rng, 191744, "NY", "cc", "Hudson Highlands Community College", ny[13],
                            None, used)
    hhcc.webaddr = "www.hhcc.edu/"
    hhcc.offer("51.0714", "CERT1", 1)
    hhcc.offer("51.0713", "CERT2", 1)
    hhcc.offer("51.0713", "CERT4", 2)   # some programs at a distance (DES): hybrid
    hhcc.offer("51.3901", "CERT2", 0)
    hhcc.offer("24.0101", "ASSOC", 1)
    hhcc.completions = {("51.0714", 1, 21): (0, 0), ("51.0713", 1, 2): (17, 2),
                        ("51.0713", 1, 4): (4, 0), ("51.3901", 1, 2): (38, 5),
                        ("24.0101", 1, 3): (96, 40)}
    pcc = make_institution(rng, 455102, "CA", "fp_lt2", "Pacífico Career College", ca[8], None, used)
    pcc.webaddr = "pacificocc.edu/santa-ana/"
    pcc.offer("51.0713", "CERT1", 1)
    pcc.offer("51.0714", "CERT1", 0)
    pcc.offer("51.0805", "CERT1", 0)
    pcc.completions = {("51.0713", 1, 20): (41, 6), ("51.0714", 1, 21): (12, 1),
                       ("51.0805", 1, 21): (19, 4)}
    aru = make_institution(rng, 213390, "PA", "pub_4yr", "Allegheny Ridge University", pa[1], None, used)
    aru.webaddr = "www.alleghenyridge.edu"
    aru.offer("51.0706", "BACHL", 1)    # bachelor's: left out by default
    aru.offer("51.0706", "ASSOC", 0)
    aru.offer("51.0707", "ASSOC", 1)
    aru.offer("52.0201", "BACHL", 0)
    aru.offer("52.0201", "MASTR", 1)
    aru.completions = {("51.0706", 1, 5): (25, 3), ("51.0706", 1, 3): (6, 0),
                       ("51.0707", 1, 3): (11, 1), ("52.0201", 1, 5): (210, 98),
                       ("52.0201", 1, 7): (44, 20), ("51.0706", 2, 5): (1, 0)}
    bva = make_institution(rng, 204871, "OH", "beauty", "Buckeye Valley Beauty Academy", oh[5],
                           None, used)
    bva.webaddr = "www.buckeyevalleybeauty.com/"
    bva.offer("12.0401", "CERT2", 0)
    bva.offer("51.0716", "CERT1", 0)    # medical secretary: a neighbour at a school with no track
    bva.completions = {("12.0401", 1, 2): (27, 0), ("51.0716", 1, 21): (5, 0)}
    kmci = make_institution(rng, 216418, "PA", "fp_lt2", "Keystone Medical Career Institute-Erie",
                            pa[4], None, used)
    kmci.webaddr = "www.kmci.edu/erie/"
    kmci.offer("51.0713", "CERT1", 1)   # closed in the collection year (ACT=M): not listed
    kmci.completions = {("51.0713", 1, 21): (6, 0)}
    kmci.closure = {"year": FIXTURE_YEAR, "ACT": "M", "CLOSEDAT": "06/28/2023", "DEATHYR": 2023}
    institutions = [rbcc, hhcc, pcc, aru, bva, kmci]
    for inst in institutions:
        inst.completions_original = dict(inst.completions)
    # The revised file corrects one count and adds a late report; the original lacks both.
    rbcc.completions_original[("51.0707", 1, 3)] = (12, 1)
    del aru.completions_original[("51.0707", 1, 3)]
    return sorted(institutions, key=lambda inst: inst.unitid)


NOT_A_ZIP = b"""\
<!DOCTYPE html>
<html>
<head><title>Runtime Error</title></head>
<body>
<h1>Server Error in '/ipeds/datacenter' Application.</h1>
<h2><i>The resource cannot be found.</i></h2>
<p><b>Description:</b> HTTP 404. The resource you are looking for (or one of its dependencies) could
have been removed, had its name changed, or is temporarily unavailable.</p>
<p><b>Requested URL:</b> /ipeds/datacenter/data/HD2023.zip</p>
</body>
</html>
"""


def fixture_files() -> dict[Path, bytes]:
    institutions = fixture_population()
    year = FIXTURE_YEAR
    good = ipeds_zips(institutions, year, "split")
    files = {FIXTURES / name: data for name, data in good.items()}
    files[FIXTURES / "expected.json"] = json_text(ground_truth(institutions, year)).encode()
    # The same institutions in the other layouts a reader must know (see tests/fixtures/real).
    for folder, other_year, era, has_des in (("era_2019", 2019, "single", False),
                                             ("era_split_no_des", 2021, "split", False)):
        zips = ipeds_zips(institutions, other_year, era, has_des=has_des)
        files.update({FIXTURES / folder / name: data for name, data in zips.items()})
        truth = ground_truth(institutions, other_year, era, has_des)
        files[FIXTURES / folder / "expected.json"] = json_text(truth).encode()
    # Each broken variant is a complete set in which exactly one file is broken.
    dep_name, ca_name, hd_name = f"C{year}DEP.zip", f"C{year}_A.zip", f"HD{year}.zip"
    columns = dep_columns("split")
    bad_dep_row = [[186201, "51.07x7"] + [0] * (len(columns) - 2)]
    bad_dep_row[0][columns.index("PTOTAL")] = 1
    bad_dep_row[0][columns.index("PCERT1B")] = 1
    pcert1ab = tuple(c for c in columns if c.startswith(("PCERT1A", "PCERT1B")))
    variants = {
        "truncated": {dep_name: good[dep_name][: len(good[dep_name]) // 2]},
        "missing_column": {dep_name: ipeds_zips(institutions, year, "split",
                                                drop_dep_columns=("PASSOCDE",))[dep_name]},
        "unknown_layout": {dep_name: ipeds_zips(institutions, year, "split",
                                                drop_dep_columns=pcert1ab)[dep_name]},
        "bad_cip": {dep_name: ipeds_zips(institutions, year, "split",
                                         dep_extra=bad_dep_row)[dep_name]},
        "bad_awlevel": {ca_name: ipeds_zips(
            institutions, year, "split",
            ca_extra=[ca_row(ca_columns(), 191744, "51.0714", 1, 99, 5, 1)])[ca_name]},
        "not_a_zip": {hd_name: NOT_A_ZIP},
    }
    for variant, broken in variants.items():
        for name, data in good.items():
            files[FIXTURES / variant / name] = broken.get(name, data)
    return files


# --- driver --------------------------------------------------------------------------------------------
def sample_files() -> dict[Path, bytes]:
    institutions = build_population()
    files = {}
    for year, (era, current, legacy) in SERVED_YEARS.items():
        if current:
            zips = ipeds_zips(institutions, year, era)
            files.update({CURRENT_DIR / name: data for name, data in zips.items()})
        if legacy:  # the original release only: no _rv revision at the legacy location
            zips = ipeds_zips(institutions, year, era, revised=False)
            files.update({LEGACY_DIR / name: data for name, data in zips.items()})
    files[GROUND_TRUTH] = json_text(ground_truth(institutions)).encode()
    files[SITE / "robots.txt"] = ROBOTS_TXT.encode()
    files[SITE / "index.html"] = INDEX_HTML.encode()
    files[SITE / "ipeds/datacenter/DataFiles.aspx"] = DATA_FILES_HTML.encode()
    files[SITE / "_behaviors.json"] = json_text(BEHAVIORS).encode()
    return files


def all_files() -> dict[Path, bytes]:
    return {**sample_files(), **fixture_files()}


def write(files: dict[Path, bytes], root: Path) -> None:
    for relative, data in files.items():
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true",
                        help="rebuild in a temporary directory and fail if a committed file differs")
    args = parser.parse_args(argv)
    files = all_files()
    if args.check:
        with tempfile.TemporaryDirectory() as tmp:
            write(files, Path(tmp))
            stale = [str(rel) for rel in files if not (ROOT / rel).is_file()
                     or (ROOT / rel).read_bytes() != (Path(tmp) / rel).read_bytes()]
        if stale:
            print("out of date (rerun sampleweb/build_ipeds_sample.py):\n  " + "\n  ".join(stale))
            return 1
        print(f"{len(files)} files up to date")
        return 0
    write(files, ROOT)
    truth = json.loads(files[GROUND_TRUTH])
    print(f"wrote {len(files)} files; ground truth: {truth['counts']['total']} programs at "
          f"{truth['counts']['institutions']} institutions")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
