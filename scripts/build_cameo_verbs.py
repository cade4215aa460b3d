"""Build `src/dateline/data/cameo_verbs.csv`: verbs the CAMEO verb dictionary codes by
themselves, with their PLOVER type.

Source: the PETRARCH-2 CAMEO verb-pattern dictionary (`../shared/data/actors/phoenix/
CAMEO.2.0.txt`, MIT, openeventdata/petrarch2) and the CAMEO→PLOVER crosswalk
(`../shared/data/plover_codebook/cameo2plover.csv`, CC BY-SA 4.0, openeventdata/PLOVER).

The dictionary groups verbs in synonym sets under a header `---  HEAD   [code]  ---`; a verb
line may carry its own `[code]`, else it takes the set's. `[---]` means the verb codes
nothing by itself (only its patterns do). A verb is kept when every set it stands in gives
it one and the same PLOVER type and it is not one of the light verbs whose meaning comes
from their object (take, make, give, ...: the patterns decide those, and the rule coder reads
them as light verbs). Only single-word verbs are kept; the coder's own lexicon
(`coding/lexicon.py`) is read first and wins.

    python scripts/build_cameo_verbs.py     # rewrites the CSV (deterministic)
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "data"
DICTIONARY = SHARED / "actors" / "phoenix" / "CAMEO.2.0.txt"
CROSSWALK = SHARED / "plover_codebook" / "cameo2plover.csv"
OUT = REPO / "src" / "dateline" / "data" / "cameo_verbs.csv"

# Verbs whose event is their object's ("take part", "make a deal", "give aid", "hold talks"):
# coded through patterns and light-verb rules, never by the verb alone.
LIGHT = {
    *("take", "make", "give", "get", "hold", "have", "do", "put", "set", "keep", "go", "come"),
    *("bring", "carry", "run", "turn", "move", "send", "leave", "let", "see", "find", "show"),
    *("play", "open", "close", "break", "beat", "best", "master", "meet", "call", "reach"),
    *("pass", "raise", "lift", "cut", "draw", "pull", "push", "drop", "strike", "stand"),
    *("offer", "seek", "receive", "accept", "use", "work", "start", "end", "stop", "face"),
}
HEADER = re.compile(r"^---\s+(\S+)\s+\[([^\]]*)\]\s+---")
VERB = re.compile(r"^([A-Z][A-Z_-]*)\s*(?:\{[^}]*\})?\s*(?:\[([^\]]*)\])?")


def crosswalk() -> dict[str, str]:
    with CROSSWALK.open(encoding="utf-8") as handle:
        return {row["cameo_code"]: row["plover_event"] for row in csv.DictReader(handle)}


def plover_of(code: str, table: dict[str, str]) -> str:
    """The PLOVER type of a CAMEO code (the most specific code the crosswalk has)."""
    code = code.split(":")[0].strip()
    while code and code not in table:
        code = code[:-1]
    return table.get(code, "")


def read_verbs() -> dict[str, set[tuple[str, str, str]]]:
    """Each verb's (PLOVER type, CAMEO code, set head) in every set it stands in."""
    table = crosswalk()
    found: dict[str, set[tuple[str, str, str]]] = defaultdict(set)
    head, head_code, in_verbs = "", "", False
    for line in DICTIONARY.read_text(encoding="utf-8", errors="replace").splitlines():
        if line.startswith("####### VERB PATTERNS"):
            in_verbs = True
            continue
        if not in_verbs:
            continue
        if match := HEADER.match(line):
            head, head_code = match.group(1), match.group(2)
            continue
        if not head or not line or line[0] in "-+#&" or line[0].isspace():
            continue
        match = VERB.match(line)
        if match is None:
            continue
        word, own = match.group(1), match.group(2)
        code = (own or head_code or "").strip()
        if "_" in word or not code or code.startswith("-"):
            continue
        kind = plover_of(code, table)
        found[word.lower()].add((kind, code.split(":")[0], head.lower()))
    return found


def main() -> int:
    rows = []
    for verb, entries in sorted(read_verbs().items()):
        kinds = {kind for kind, _, _ in entries}
        if verb in LIGHT or len(kinds) != 1 or "" in kinds:
            continue
        kind = kinds.pop()
        code = min(code for _, code, _ in entries)
        heads = "|".join(sorted({head for _, _, head in entries}))
        rows.append((verb, kind, code, heads))
    with OUT.open("w", encoding="utf-8", newline="") as handle:
        handle.write(
            "# verb,PLOVER type,CAMEO code,CAMEO verb set(s); "
            "built by scripts/build_cameo_verbs.py\n"
            "# from CAMEO.2.0.txt (openeventdata/petrarch2, MIT) and the CAMEO->PLOVER crosswalk\n"
            "# (openeventdata/PLOVER, CC BY-SA 4.0)\n"
        )
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["verb", "plover", "cameo", "sets"])
        writer.writerows(rows)
    print(f"{len(rows)} verbs written to {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
