"""Direct quotes and who said them.

Wire copy attributes a quote right after it (“…,” he said, according to the Kremlin.) or just
before it (Putin said: “…”). The speaker phrase is returned as text with its span; the caller
codes it as an actor (a pronoun goes to the story's most recent person).

"He said" after a sentence that opens with a name ("Blinken said Washington would keep
pressing. “We want …,” he said.") is that name's: the pronoun's antecedent is the subject of
the sentence just before the quote, not whoever the story named last.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from ..records import Span

QUOTE = re.compile(r"“(?P<curly>[^“”]{8,}?)”|\"(?P<straight>[^\"]{8,}?)\"")
VERBS = (
    r"said|says|told|tells|added|adds|wrote|writes|declared|stressed|insisted|noted|"
    r"warned|explained|asked|argued|continued|announced|replied|stated|claimed|tweeted"
)
AFTER = re.compile(
    rf"\s*(?:(?P<who1>[^.,;“”\"]{{1,80}}?)\s+(?P<verb1>{VERBS})\b"
    rf"|(?P<verb2>{VERBS})\s+(?P<who2>[^.,;“”\"]{{1,80}}?)(?=[.,;]|$))"
)
BEFORE = re.compile(rf"(?P<who>[A-Z][^.;“”\"]{{0,80}}?)\s+(?P<verb>{VERBS})\s*[:,]\s*$")
PERSONAL = {"he", "she"}
# A run of capitalized words, with the particles names and titles carry ("Secretary of State
# Antony Blinken", "Majed al-Ansari"), opening a sentence and followed by a lowercase verb.
NAME_RUN = re.compile(
    r"(?P<who>[A-Z][\w’'.-]*(?:\s+(?:(?:of|de|da|del|von|van|bin|al|the)\s+)?[A-Z][\w’'.-]*)*)"
    r"\s+(?P<verb>[a-z]\w*)"
)
NOT_A_NAME = frozenset(
    "The A An In On At But And As After Before It Its This That These Those There Then When "
    "While If Some Many Most Officials Sources Meanwhile However Also Still Later Earlier".split()
)
SENTENCE_END = re.compile(r"[.!?][”\"’)]?\s+")


@dataclass(frozen=True, slots=True)
class QuoteMatch:
    text: str  # the quoted words, without quote marks
    span: Span  # of the quoted words, in the segment
    speaker: str
    speaker_span: Span | None
    verb: str


def find_quotes(text: str) -> Iterator[QuoteMatch]:
    """Direct quotes in one paragraph with the attribution next to them, when there is one."""
    for match in QUOTE.finditer(text):
        group = "curly" if match["curly"] is not None else "straight"
        words = match[group]
        if len(words.split()) < 3:
            continue  # a scare-quoted term, not a quote
        speaker, speaker_span, verb = "", None, ""
        after = AFTER.match(text, match.end())
        before = BEFORE.search(text, 0, match.start())
        if after and (after["who1"] or after["who2"]):
            key = "1" if after["who1"] else "2"
            speaker, verb = after[f"who{key}"].strip(), after[f"verb{key}"]
            start = after.start(f"who{key}")
            speaker_span = (start, start + len(after[f"who{key}"].rstrip()))
            start += len(after[f"who{key}"]) - len(after[f"who{key}"].lstrip())
            speaker_span = (start, speaker_span[1])
        elif before:
            speaker, verb = before["who"].strip(), before["verb"]
            speaker_span = (before.start("who"), before.end("who"))
        if speaker.casefold() in PERSONAL:
            found = antecedent(text, match.start())
            if found is not None:
                speaker, speaker_span = found
        yield QuoteMatch(
            text=words,
            span=(match.start(group), match.end(group)),
            speaker=speaker,
            speaker_span=speaker_span,
            verb=verb,
        )


def antecedent(text: str, quote_start: int) -> tuple[str, tuple[int, int]] | None:
    """The named subject of the sentence just before a quote, in the same paragraph."""
    head = text[:quote_start].rstrip()
    if not head or head[-1] not in '.!?”"':
        return None  # the quote continues a sentence: no sentence of its own before it
    starts = [0, *(m.end() for m in SENTENCE_END.finditer(head))]
    start = next((s for s in reversed(starts) if s < len(head)), 0)
    found = NAME_RUN.match(head, start)
    if found is None or found["who"].split()[0] in NOT_A_NAME:
        return None
    return found["who"], (found.start("who"), found.end("who"))
