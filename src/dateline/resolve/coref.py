"""In-story coreference for pronouns and descriptions ("he", "the general", "the minister").

A reference resolves only where its antecedent is clear:

- a personal pronoun means the person of the most recent sentence that names people (the
  same sentence before it counts): the one subject there, else the one person there;
- a definite description ("the general", "the defense minister") means the one person the
  story introduced earlier with that title.

Two or more candidates leave the reference unresolved and flagged (`method="coref-ambiguous"`,
the candidates in `reason`); none leaves it as it was. Pure functions over `Antecedent`s, so
tests build inputs by hand and never load spaCy.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..records import ActorRef

PERSONAL = {"he", "she", "him", "her", "his", "hers", "himself", "herself"}
DETERMINERS = {"the", "this", "that"}
# Title words a description may repeat, and the spellings a title may use for them.
TITLE_WORDS = {
    "general": ("general", "gen"),
    "admiral": ("admiral", "adm"),
    "colonel": ("colonel", "col"),
    "commander": ("commander",),
    "minister": ("minister",),
    "president": ("president",),
    "premier": ("premier",),
    "prime minister": ("prime minister", "premier"),
    "chancellor": ("chancellor",),
    "senator": ("senator", "sen"),
    "spokesman": ("spokesman", "spokesperson"),
    "spokeswoman": ("spokeswoman", "spokesperson"),
    "secretary": ("secretary",),
    "ambassador": ("ambassador",),
    "envoy": ("envoy",),
    "leader": ("leader",),
    "king": ("king",),
    "governor": ("governor", "gov"),
    "mayor": ("mayor",),
    "judge": ("judge",),
    "prosecutor": ("prosecutor",),
}
QUALIFIED = re.compile(r"^(?P<qualifier>[a-z ]+?) (?P<head>minister|secretary)$")


@dataclass(frozen=True, slots=True, kw_only=True)
class Antecedent:
    """A person the story named: where, in which sentence, and whether as a subject."""

    actor: ActorRef
    position: int  # character offset of the mention in the story
    sentence: int  # index of its sentence in the story
    subject: bool = False


def fold(text: str) -> str:
    text = text.replace("’", "'").replace(".", "").casefold()
    return " ".join(text.replace("-", " ").split())


def description_title(text: str) -> str:
    """The title a definite description repeats ("the general" → "general"; "the defense
    minister" → "defense minister"); "" when the phrase is not one."""
    words = fold(text).split()
    if len(words) < 2 or words[0] not in DETERMINERS:
        return ""
    rest = " ".join(words[1:])
    if rest in TITLE_WORDS or QUALIFIED.match(rest):
        return rest
    return ""


def has_title(actor: ActorRef, title: str) -> bool:
    """Whether the person was introduced with `title` ("Gen. Li Shangfu" has "general")."""
    said = f" {fold(actor.text)} {fold(actor.reason)} "
    qualified = QUALIFIED.match(title)
    if qualified and title not in TITLE_WORDS:
        return f" {title} " in said
    return any(f" {form} " in said for form in TITLE_WORDS.get(title, (title,)))


def distinct(candidates: Sequence[Antecedent]) -> list[Antecedent]:
    """One antecedent per person (the latest mention), in story order."""
    latest: dict[str, Antecedent] = {}
    for candidate in candidates:
        latest[candidate.actor.name] = candidate
    return sorted(latest.values(), key=lambda c: c.position)


def resolve_reference(
    actor: ActorRef, candidates: Sequence[Antecedent], *, position: int
) -> ActorRef:
    """Resolve a pronoun or description against the people named before `position`."""
    before = [c for c in candidates if c.position < position and c.actor.name]
    word = fold(actor.text)
    if word in PERSONAL:
        if not before:
            return actor
        last = max(c.sentence for c in before)
        window = [c for c in before if c.sentence == last]
        subjects = distinct([c for c in window if c.subject])
        people = subjects if subjects else distinct(window)
        rule = "the subject of" if subjects else "the one person named in"
        return choose(actor, people, rule=f"{rule} the last sentence naming people")
    title = description_title(actor.text)
    if not title:
        return actor
    people = distinct([c for c in before if has_title(c.actor, title)])
    if not people:
        return actor
    return choose(actor, people, rule=f"the one person introduced as '{title}'")


def choose(actor: ActorRef, people: list[Antecedent], *, rule: str) -> ActorRef:
    if len(people) == 1:
        person = people[0].actor
        return dataclasses.replace(
            person,
            text=actor.text,
            span=actor.span,
            confidence=min(person.confidence, 0.6),
            method="coref",
            reason=f"'{actor.text}' → {person.name}, {rule}",
        )
    names = " or ".join(p.actor.name for p in people)
    return dataclasses.replace(
        actor,
        kind="pronoun" if fold(actor.text) in PERSONAL else actor.kind,
        confidence=0.0,
        method="coref-ambiguous",
        reason=f"'{actor.text}' is ambiguous: {names}; left unresolved",
    )
