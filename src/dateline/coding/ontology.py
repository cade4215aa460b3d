"""PLOVER event types with the CAMEO root, QuadClass and Goldstein score kept beside them.

QuadClass: 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material
conflict. Goldstein scores are those of the CAMEO root codes (Goldstein 1992 scale, as listed
in the CAMEO codebook) so users coming from GDELT/ICEWS can compare.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class EventType:
    name: str
    quad_class: int
    cameo_root: str
    goldstein: float


EVENT_TYPES: dict[str, EventType] = {
    t.name: t
    for t in (
        EventType("AGREE", 1, "03", 4.0),
        EventType("CONSULT", 1, "04", 1.0),
        EventType("SUPPORT", 1, "05", 3.5),
        EventType("CONCEDE", 2, "08", 5.0),
        EventType("COOPERATE", 2, "06", 6.0),
        EventType("AID", 2, "07", 7.0),
        EventType("RETREAT", 2, "08", 5.0),
        EventType("REQUEST", 3, "10", -5.0),
        EventType("ACCUSE", 3, "11", -2.0),
        EventType("REJECT", 3, "12", -4.0),
        EventType("THREATEN", 3, "13", -6.0),
        EventType("PROTEST", 4, "14", -6.5),
        EventType("SANCTION", 4, "16", -4.0),
        EventType("MOBILIZE", 4, "15", -7.2),
        EventType("COERCE", 4, "17", -7.0),
        EventType("ASSAULT", 4, "18", -9.0),
    )
}
PLOVER_TYPES: tuple[str, ...] = tuple(EVENT_TYPES)
