"""PLOVER mode and context of a coded event, read off the words of its clause.

The mode says how an event was carried out (an ASSAULT by `aerial` attack or with
`firearms`, a PROTEST that is a `strike` or a `boycott`); the context says what it is about
(`military`, `economic`, `humanitarian` …), zero or more of them. Mode and context names are
PLOVER's (the structured codebook and the CAMEO→PLOVER crosswalk in
`../shared/data/plover_codebook/`); the cue words are ours.

A mode is taken from the trigger and its own modifiers first ("a hunger strike", "an air
strike", "a suicide bombing"), then from the rest of the event's clause, in each event type's
order of precedence below (the more specific way first: a suicide attack before explosives,
a drone before aircraft). Types whose PLOVER modes are not about the manner (AGREE, SUPPORT,
COOPERATE, AID, CONCEDE) get none.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# fmt: off
# event type → (mode, cue words and phrases; "a+b": both a and b), in order of precedence
MODES: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "ASSAULT": (
        ("suicide-attack", ("suicide",)),
        ("drone", ("drone", "uav", "unmanned aerial")),
        ("unconventional", ("chemical", "nerve agent", "sarin", "chlorine", "mustard gas",
                            "biological", "radiological", "nuclear")),
        ("aerial", ("airstrike", "air strike", "air raid", "air attack", "warplane", "jet",
                    "bomber", "helicopter", "gunship", "aircraft", "air force", "aerial")),
        ("crowd-control", ("tear gas", "teargas", "water cannon", "rubber bullet", "baton",
                           "pepper spray", "stun grenade", "disperse")),
        ("massacre", ("massacre", "mass killing", "slaughter")),
        ("cleansing", ("ethnic cleansing", "genocide", "mass expulsion")),
        ("assassinate", ("assassinate", "assassination", "assassin", "targeted attack",
                         "targeted killing")),
        ("execute", ("execute", "execution", "hang", "firing squad", "death sentence")),
        ("abduct", ("kidnap", "kidnapping", "abduct", "abduction", "hostage", "hijack")),
        ("sexual", ("rape", "sexual", "sexually")),
        ("torture", ("torture",)),
        ("explosives", ("bomb", "bombing", "explosive", "explosion", "blast", "ied", "landmine",
                        "land mine", "grenade", "detonate")),
        ("heavy-weapons", ("shell", "shelling", "artillery", "mortar", "rocket", "missile",
                           "tank", "howitzer", "cannon")),
        ("firearms", ("shoot", "shot", "shooting", "gunman", "gunmen", "gunfire", "gun", "rifle",
                      "sniper", "open fire", "opened fire", "bullet")),
        ("beat", ("beat", "beating", "lynch", "bludgeon", "truncheon")),
        ("primitive", ("knife", "stab", "machete", "axe", "stone", "rock", "brick", "arson",
                       "set fire", "torch", "burn", "behead")),
        ("destroy", ("destroy", "demolish", "demolition", "raze", "bulldoze")),
    ),
    "COERCE": (
        ("cyber", ("cyber", "cyberattack", "cyber attack", "hack", "hacker", "hacking",
                   "malware")),
        ("misinformation", ("disinformation", "misinformation", "propaganda", "fake news")),
        ("curfew", ("curfew",)),
        ("martial-law", ("martial law", "state of emergency", "state of siege")),
        ("censor", ("censor", "censorship", "newspaper", "publication", "website",
                    "broadcaster")),
        ("deport", ("deport", "deportation", "extradite", "expel", "expulsion")),
        ("arrest", ("arrest", "detain", "detention", "jail", "imprison", "custody", "apprehend",
                    "round up")),
        ("seize", ("seize", "seizure", "confiscate", "raid", "search", "impound")),
        ("ban", ("ban", "outlaw", "prohibit", "proscribe", "dissolve")),
        ("withhold", ("withhold", "cut off", "shut off", "electricity", "power supply",
                      "water supply", "internet", "blackout")),
        ("restrict", ("restrict", "restriction", "cordon", "blockade", "lockdown", "checkpoint",
                      "curb")),
    ),
    "PROTEST": (
        ("hunger", ("hunger",)),
        ("strike", ("strike", "walkout", "walk out", "stoppage")),
        ("boycott", ("boycott",)),
        ("riot", ("riot", "rioter", "rioting", "loot", "looting")),
        ("obstruct", ("block", "blockade", "sit-in", "barricade", "roadblock", "occupy")),
        ("demo", ("protest", "protester", "demonstrate", "demonstration", "demonstrator",
                  "rally", "march", "vigil")),
    ),
    "MOBILIZE": (
        ("militia", ("militia", "rebel", "insurgent", "guerrilla", "militant")),
        ("police", ("police", "policeman", "riot police", "gendarme")),
        ("weapons", ("missile", "weapon", "warhead", "test", "nuclear", "launcher")),
        ("troops", ("troops", "troop", "soldier", "army", "battalion", "brigade", "reservist",
                    "military", "force", "warship", "navy", "marine")),
    ),
    "SANCTION": (
        ("convict", ("convict", "conviction", "sentence", "guilty")),
        ("expel", ("expel", "expulsion", "suspend membership", "kick out")),
        ("withdraw", ("withdraw", "withdrawal", "pull out", "quit", "exit", "recall")),
        ("discontinue", ("tie", "relation", "sever", "suspend", "halt", "break off", "terminate",
                         "downgrade", "freeze", "cut off")),
    ),
    "RETREAT": (
        ("ceasefire", ("ceasefire", "cease-fire", "truce", "armistice")),
        ("release", ("release", "free", "freed")),
        ("disarm", ("disarm", "disarmament", "lay down", "decommission", "demobilize")),
        ("resign", ("resign", "resignation", "step down", "stand down")),
        ("access", ("access", "observer", "allow entry")),
        ("return", ("return", "hand back", "give back", "hand over", "restore")),
        ("withdraw", ("withdraw", "withdrawal", "pull out", "pullout", "retreat", "evacuate")),
    ),
    "CONSULT": (
        ("third-party", ("mediate", "mediation", "mediator", "broker", "host+between")),
        ("phone", ("phone", "telephone", "video", "videoconference", "video conference",
                   "virtual", "online")),
        ("multilateral", ("summit", "conference", "forum", "assembly", "multilateral")),
        ("visit", ("visit", "trip", "tour", "host", "arrive", "travel", "call on")),
        ("phone", ("call",)),  # "Putin called Erdogan", after "called on" (a visit)
    ),
    "ACCUSE": (
        ("investigate", ("investigate", "investigation", "probe", "inquiry", "inquest")),
        ("allege", ("accuse", "allege", "allegation", "charge", "indict", "indictment", "sue",
                    "lawsuit", "blame", "prosecute", "trial")),
        ("disapprove", ("condemn", "criticize", "criticise", "criticism", "denounce", "decry",
                        "deplore", "slam", "object", "complain", "complaint", "rebuke",
                        "censure", "disapprove")),
    ),
    "THREATEN": (
        ("arrest", ("arrest", "detain", "jail", "imprison", "prosecute")),
        ("expel", ("expel", "deport")),
        ("ban", ("ban", "outlaw")),
        ("territory", ("annex", "annexation", "occupy", "territory", "invade", "invasion")),
        ("relations", ("tie", "relation", "sever", "recall", "ambassador", "talks",
                       "negotiation", "walk away", "walk out")),
        ("restrict", ("blockade", "restrict", "boycott", "curfew", "close")),
        ("violence", ("attack", "war", "military action", "military force", "use force",
                      "use of force", "retaliate", "retaliation", "kill", "destroy", "bomb",
                      "strike", "violence")),
    ),
}
# What is asked for or refused: the same four modes for REQUEST and REJECT
ASKED = (
    ("yield", ("release", "free", "ceasefire", "cease-fire", "truce", "withdraw", "withdrawal",
               "lift", "ease", "end")),
    ("meet", ("meeting", "meet", "talks", "negotiation", "negotiate", "dialogue", "summit")),
    ("assist", ("aid", "assistance", "help", "support", "loan", "funding", "relief", "asylum")),
    ("change", ("reform", "resign", "resignation", "change", "policy", "election",
                "step down")),
)
MODES["REQUEST"] = ASKED
MODES["REJECT"] = ASKED

# PLOVER context → cue words and phrases (a context is named when any appears in the clause)
CONTEXTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("military", ("troops", "troop", "army", "military", "soldier", "armed forces", "weapon",
                  "missile", "warship", "navy", "air force", "defense", "defence", "arms", "war",
                  "combat", "tank", "artillery", "airstrike", "air strike", "warplane",
                  "battalion")),
    ("economic", ("trade", "tariff", "economy", "economic", "investment", "investor", "loan",
                  "oil", "export", "import", "business", "banks", "central bank", "finance",
                  "financial", "currency", "debt", "budget", "tax", "embargo", "price", "fund",
                  "funding", "sanction")),
    ("diplomatic", ("diplomat", "diplomatic", "diplomacy", "embassy", "ambassador", "envoy",
                    "consulate", "foreign minister", "foreign ministry", "summit", "bilateral",
                    "relations")),
    ("legal", ("court", "judge", "law", "lawsuit", "trial", "prosecutor", "legal", "verdict",
               "convict", "indict", "justice", "extradition", "extradite", "tribunal")),
    ("humanitarian", ("humanitarian", "refugee", "famine", "relief", "displaced", "aid worker",
                      "unicef", "red cross", "food aid", "medical supplies")),
    ("peacekeeping", ("peacekeeper", "peacekeeping", "blue helmet")),
    ("intelligence", ("intelligence", "spy", "espionage", "surveillance")),
    ("cbrn", ("chemical weapon", "nuclear", "biological weapon", "radiological", "sarin",
              "uranium", "enrichment", "nerve agent")),
    ("corruption", ("corruption", "corrupt", "bribe", "bribery", "graft", "embezzle")),
    ("crime", ("crime", "criminal", "drug", "trafficking", "smuggling", "cartel", "gang",
               "fraud", "theft", "murder")),
    ("asylum", ("asylum", "asylum seeker")),
    ("political_institutions", ("election", "parliament", "constitution", "constitutional",
                                "referendum", "legislature", "coup", "opposition party",
                                "political party", "cabinet")),
    ("democracy", ("democracy", "democratic", "pro-democracy")),
    ("human_rights", ("human rights", "rights abuse", "rights group", "activist")),
    ("rights_freedoms", ("freedom", "free speech", "press freedom", "civil liberties",
                         "civil rights")),
    ("human_security", ("epidemic", "pandemic", "coronavirus", "covid", "ebola", "disease",
                        "health", "earthquake", "flood", "drought", "disaster")),
    ("religion_ethnicity", ("religious", "religion", "mosque", "church", "muslim", "christian",
                            "ethnic", "sectarian", "jewish", "hindu", "minority")),
)
# fmt: on

MODIFIERS = {"compound", "amod", "nmod"}
# Types whose mode is what is threatened, asked for or refused: their complement clause
# ("threatened to annex the region") is read with them.
ABOUT_COMPLEMENT = {"THREATEN", "REQUEST", "REJECT"}
COMPLEMENTS = {"xcomp", "ccomp"}
# How people were killed is often said in a "when" clause: "killed when a shell exploded"
HOW_CLAUSE_TYPES = {"ASSAULT"}
HOW_MARKERS = {"when", "as"}
# Parts of a clause that are events or times of their own: "met Li less than a month after
# Xi's state visit" is no visit by its words.
OTHER_CLAUSES = {"advcl", "ccomp", "xcomp", "relcl", "acl", "conj", "parataxis"}
TIME_PREPOSITIONS = {"after", "before", "since", "until", "following", "ahead", "during"}


def clause_words(trigger, verb, *, complement: bool = False, how: bool = False) -> str:
    """The words of the event's own clause: the trigger's phrase and the verb's arguments,
    without the clauses (but the complement, with `complement`, and a "when" clause, with
    `how`) and time phrases hung on them."""
    tokens = {*trigger.subtree} if trigger != verb else {trigger}
    tokens.add(verb)
    for child in verb.children:
        if child == trigger:
            continue
        keep = (complement and child.dep_ in COMPLEMENTS) or (how and is_how_clause(child))
        if child.dep_ in OTHER_CLAUSES and not keep:
            continue
        if child.dep_ == "prep" and child.lower_ in TIME_PREPOSITIONS:
            continue
        tokens.update(child.subtree)
    return words_of(tokens)


def is_how_clause(token) -> bool:
    """A "when"/"as" clause hung on the verb ("killed when a shell exploded")."""
    return token.dep_ == "advcl" and any(
        c.dep_ in {"advmod", "mark"} and c.lower_ in HOW_MARKERS for c in token.children
    )


def words_of(tokens: Iterable) -> str:
    """Lemmas and word forms of tokens in order, as one space-padded lower-case string
    ("cease - fire" joined back into "cease-fire"); dates left out ("in March" is no march)."""
    ordered = sorted((t for t in tokens if t.ent_type_ not in {"DATE", "TIME"}), key=lambda t: t.i)
    lemmas = " ".join(t.lemma_.lower() for t in ordered)
    forms = " ".join(t.lower_ for t in ordered)
    return re.sub(r" - ", "-", f" {lemmas} | {forms} ")


def has_cue(words: str, cues: tuple[str, ...]) -> bool:
    """Whether a cue appears as whole words ("a+b": both a and b, anywhere)."""
    return any(all(f" {part} " in words for part in cue.split("+")) for cue in cues)


def event_mode(event_type: str, trigger, verb, *, parties: int = 0) -> str:
    """The PLOVER mode of an event of this type triggered by `trigger` in `verb`'s clause
    (with `parties` countries among its actors), or "" when its words name none."""
    modes = MODES.get(event_type, ())
    if not modes:
        return ""
    own = words_of([*(c for c in trigger.children if c.dep_ in MODIFIERS), trigger])
    clause = clause_words(
        trigger,
        verb,
        complement=event_type in ABOUT_COMPLEMENT,
        how=event_type in HOW_CLAUSE_TYPES,
    )
    for words in (own, clause):
        for mode, cues in modes:
            if has_cue(words, cues):
                return mode
    if event_type == "CONSULT" and parties >= 3:
        return "multilateral"  # "foreign ministers of the US, Russia and China met"
    return ""


def preferred_mode(event_type: str, modes: Iterable[str]) -> str:
    """Of the modes the mentions of one event name, the most specific by the type's order
    (an assassination also said to be a shooting stays an assassination), or ""."""
    named = set(modes) - {""}
    order = [mode for mode, _ in MODES.get(event_type, ())]
    return min(named, key=lambda m: (order.index(m) if m in order else len(order), m), default="")


def event_context(trigger, verb) -> str:
    """The PLOVER contexts the event's clause speaks of, "; "-joined in PLOVER's order, or
    ""."""
    clause = clause_words(trigger, verb)
    return "; ".join(name for name, cues in CONTEXTS if has_cue(clause, cues))
