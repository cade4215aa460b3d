"""Direct quotes and who said them.

Wire copy attributes a quote right after it (“…,” he said, according to the Kremlin.) or just
before it (Putin said: “…”). The speaker phrase is returned as text with its span; the caller
codes it as an actor (a pronoun goes to the story's most recent person).
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
        yield QuoteMatch(
            text=words,
            span=(match.start(group), match.end(group)),
            speaker=speaker,
            speaker_span=speaker_span,
            verb=verb,
        )
