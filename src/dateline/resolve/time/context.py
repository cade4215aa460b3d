"""What resolving one text knows: publication, tense cues, the quarter in discussion."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

# --- tense cues ----------------------------------------------------------------------------

# Words ending in "-ed" that are no past tense ("succeed", "indeed", "hundred", "limited").
_NOT_PAST_ED = (
    r"(?!(?:succeed|proceed|exceed|need|indeed|speed|seed|feed|breed|bleed|heed|embed|hundred"
    r"|united|limited|sacred|naked|wicked|rugged|beloved|unspecified|undisclosed|unnamed)\b)"
)
# Verbs that, in the present tense, announce a scheduled event: "the leaders meet Tuesday",
# "the Lakers host Boston on Saturday". Headlines use the present for past events too, but
# they seldom name a weekday; in body text these forms look ahead.
_SCHEDULE_VERBS = (
    r"(?:meets?|faces?|plays?|visits?|hosts?|opens?|begins?|starts?|resumes?|holds?|heads?"
    r"|travels?|goes|go|arrives?|leaves|leave|votes?|decides?|kicks?\s+off|launch(?:es)?"
    r"|hears?|returns?|unveils?|convenes?|gathers?|takes\s+on|tees?\s+off|wraps?\s+up"
    r"|celebrates?)"
)
# A schedule verb right after one of these is a noun: "the vote Tuesday", "his visit on Friday".
_NOUN_BEFORE = frozenset(
    "the a an his her its their our your my this that these those of at to for on in by with "
    "from after before during since until each every no first last next".split()
)
_PRESENT_RE = re.compile(r"\b(?:(?P<copula>is|are)|" + _SCHEDULE_VERBS + r")\b", re.IGNORECASE)
_COPULA_REACH = 24  # "the summit is on Friday"; an "is" further back belongs to another clause
_SCHEDULE_REACH = 50  # "the leaders meet in Brussels on Tuesday"
# Irregular past forms end a scheduled reading: "holds shares bought from Sept. 14 to Thursday".
_IRREGULAR_PAST_RE = re.compile(
    r"\b(?:met|went|came|took|gave|made|held|left|began|fell|rose|won|lost|sent|spent|paid|sold"
    r"|bought|brought|thought|told|found|kept|led|hit|cut|put|set|shot|struck|fought|fled|flew"
    r"|drew|drove|ran|saw|spoke|stood|broke|chose|got|knew|wrote|became|caught|taught|meant"
    r"|built|sat|laid|felt|heard|read|quit|ate|froze|woke|wore|beat|bore|sank|swore|tore)\b",
    re.IGNORECASE,
)
_CUE_RE = re.compile(
    r"\b(?:(?P<future>will|won't|shall|is\s+to|are\s+to|due\s+to|is\s+due|are\s+due|scheduled"
    r"|expected\s+to|expects?\s+to|plans?\s+to|set\s+to|going\s+to|intends?\s+to|upcoming"
    r"|next|would|likely\s+to|supposed\s+to|aims?\s+to|hopes?\s+to|seeks?\s+to)"
    r"|expected|(?P<past>said|says|told|announced|reported|was|were|had|did|ago|last|since"
    r"|(?P<ed>" + _NOT_PAST_ED + r"[a-z]{3,}ed)))\b"
    r"|(?P<future2>'ll)\b",
    re.IGNORECASE,
)
# A sentence ends at . ! ? (after closing quotes, "''" included) before a capital, or a newline;
# not at an initial or a title ("Daniel P. Davison", "Mr. Davison", "Gen. Smith").
_ABBREVIATION = "".join(
    rf"(?<!\b{word})" for word in ("[A-Z]", "Mr", "Mrs", "Ms", "Dr", "St", "Sen", "Rep", "Gov")
) + "".join(rf"(?<!\b{word})" for word in ("Gen", "Col", "Lt", "Sgt", "Capt", "Jr", "Sr", "No"))
_SENTENCE_BREAK = re.compile(_ABBREVIATION + r"[.!?][\"'”’]*\s+(?=[\"“‘`]*[A-Z])|\n")
# Modals and "to"-forms whose participles stay future ("will be completed", "is to be held").
_MODALS = frozenset(("will", "would", "shall", "won't", "'ll"))
# "effective Feb. 1", "effective on June 1": a rule or appointment taking effect, ahead.
_EFFECTIVE_RE = re.compile(r"(?i:\beffective(?:\s+(?:on|from|as\s+of))?\s+)$")
_PARTICIPLE_REACH = 40  # "will be paid on a still unspecified date": the modal governs


def _tense_cue(text: str, start: int, end: int) -> tuple[str, str]:
    """("future" | "past" | "", marker) for the expression at text[start:end].

    The nearest tense marker before the expression in its sentence decides ("said Tuesday that
    ... will" is past; "will meet on Tuesday" future); when there is none, the first one after.
    A bare "-ed" word right after a future modal ("will be completed in March") is a
    participle under that modal, not a past tense.
    """
    before = text[max(0, start - 90) : start]
    if breaks := list(_SENTENCE_BREAK.finditer(before)):
        before = before[breaks[-1].end() :]
    cues = list(_CUE_RE.finditer(before))
    if cues:
        cue = cues[-1]
        if cue["ed"] and len(cues) > 1:
            previous = cues[-2]
            modal = previous.group(0).lower() in _MODALS or previous.group(0).endswith("to")
            if modal and cue.start() - previous.end() <= _PARTICIPLE_REACH:
                cue = previous
    else:
        after = text[end : end + 60]
        if stop := _SENTENCE_BREAK.search(after):
            after = after[: stop.start()]
        cue = _CUE_RE.search(after)
    if cue is None:
        return "", ""
    return ("past" if cue["past"] else "future"), cue.group(0).lower()


def _scheduled_cue(text: str, start: int) -> str:
    """A present-tense verb that schedules the expression at `start`, or "".

    It must stand before the expression in its sentence with no tense marker between them:
    "the leaders meet Tuesday", "the summit is on Friday"; not "officials say the attack
    happened Tuesday" (the nearest marker is past).
    """
    before = text[max(0, start - 90) : start]
    if breaks := list(_SENTENCE_BREAK.finditer(before)):
        before = before[breaks[-1].end() :]
    present = max(_PRESENT_RE.finditer(before), key=lambda m: m.start(), default=None)
    if present is None or _CUE_RE.search(before, present.end()):
        return ""
    if _IRREGULAR_PAST_RE.search(before, present.end()):
        return ""
    reach = _COPULA_REACH if present["copula"] else _SCHEDULE_REACH
    if len(before) - present.end() > reach:
        return ""
    previous = before[: present.start()].split()[-1:]
    if previous and (previous[0].lower() in _NOUN_BEFORE or previous[0].endswith(("'s", "’s"))):
        return ""
    return present.group(0).lower()


def _future_cue(text: str, start: int, end: int) -> str:
    """The future marker governing the expression at text[start:end], or ""."""
    if _EFFECTIVE_RE.search(text, max(0, start - 24), start):
        return "effective"
    tense, marker = _tense_cue(text, start, end)
    return marker if tense == "future" else ""


# --- rules ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Resolved:
    start: date
    end: date
    granularity: str
    method: str
    confidence: float
    reason: str


@dataclass(slots=True)
class _Context:
    """What resolution of one text knows: publication, tense, and the quarter in discourse."""

    text: str
    published: date
    future: bool
    quarter: tuple[int, int] | None = None
    quarter_at: int = -10_000
    last: date | None = None  # the last explicitly dated expression ("in 1995", "March 3")
    last_day: date | None = None  # the last single day told ("on Friday", "Oct. 13")


_Handler = Callable[[re.Match[str], _Context], _Resolved | None]


def _is_future(match: re.Match[str], context: _Context) -> str:
    if context.future:
        return "future=True"
    cue = _future_cue(context.text, match.start(), match.end())
    return f"'{cue}'" if cue else ""


def _mark(method: str, future: str) -> str:
    return f"{method}+future-cue" if future and not future.startswith("future=") else method
