"""One story in, its record out: layout → spaCy → frames → actors, dates, places, quotes.

The story is read twice. The first pass learns the people it introduces ("Russian Defense
Minister Sergei Shoigu") so that the second, which codes events, can give a bare "Shoigu" his
country and sector. After coding, mentions of one event within the story share what they
know: the date told once ("on Sunday") and the name behind a role ("China's defense minister"
is the "Gen. Li Shangfu" the same meeting is held with).
"""

from __future__ import annotations

import calendar
import dataclasses
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date

from ..layout import parse_layout
from ..nlp import Segment, entities, parse_segments, segments, sentence_entities
from ..records import (
    ActorRef,
    Article,
    Extraction,
    Mention,
    ParsedArticle,
    PlaceRef,
    Quote,
    Skipped,
    TimeRef,
)
from ..resolve.actors import (
    People,
    code_phrase,
    country_name,
    fold,
    load_kb,
    phrase_countries,
    unique_actors,
)
from ..resolve.coref import Antecedent, description_title, resolve_reference
from ..resolve.places import resolve_place
from ..resolve.quotes import find_quotes
from ..resolve.time import Narrative, anchor_range, event_date, find_times
from .coder import (
    GIVING,
    Frame,
    frames,
    handed_to,
    phrase_tokens,
    split_coordination,
    verb_type,
)
from .confidence import with_confidence
from .lexicon import GROUND
from .modes import event_context, event_mode
from .ontology import EVENT_TYPES

CODER_VERSION = "rules-0.1"
PLACE_LABELS = {"GPE", "LOC", "FAC"}
PLACE_PREPS = {"in", "at", "near", "outside", "inside", "to"}
PERSONAL = {"he", "she", "him", "her", "his", "hers"}
FIRST_PLURAL = {"we", "us", "our", "ours"}
ANCHOR_MARKS = {"after", "before", "since", "until"}
SPEECH_LEMMAS = {
    "say",
    "tell",
    "announce",
    "state",
    "claim",
    "add",
    "declare",
    "insist",
    "confirm",
    "warn",
    "report",
}
NOT_ACTORS = {"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"}
# Words that name a time even when the tagger misses it ("Friday's release").
TIME_WORDS = {
    *(d.lower() for d in calendar.day_name),
    *(m.lower() for m in calendar.month_name if m),
    "today",
    "yesterday",
    "tomorrow",
    "tonight",
    "week",
    "month",
    "year",
    "weekend",
    "morning",
    "evening",
    "night",
}

# Subjects that are no actors: what markets, prices and weather do is no political event
# ("crude oil prices rallied", "the rise of the yen has hit Japan", "a cyclone hit Bangladesh").
NOT_AGENTS = {
    "price", "dollar", "yen", "franc", "sterling", "currency", "stock", "share", "index",
    "market", "bond", "yield", "futures", "rise", "fall", "drop", "decline", "increase",
    "surge", "slump", "rally", "inflation", "recession", "storm", "cyclone", "hurricane",
    "typhoon", "earthquake", "quake", "flood", "drought", "disease", "epidemic", "pandemic",
    "virus",
}  # fmt: skip


@dataclass
class Story:
    """What coding one story has learned so far."""

    parsed: ParsedArticle
    people: People = field(default_factory=People)
    last_person: ActorRef | None = None
    antecedents: list[Antecedent] = field(default_factory=list)  # people named so far
    sentence: int = 0  # index of the sentence being coded
    dateline_place: PlaceRef | None = None
    countries: list[str] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    places: list[PlaceRef] = field(default_factory=list)
    actors: list[ActorRef] = field(default_factory=list)
    main_country: str = ""  # the country most of the story's places lie in, if one does
    context_countries: tuple[str, ...] = ()  # the story's countries, most salient first
    narrative: Narrative = field(default_factory=Narrative)  # the last date the story told
    told: list[tuple[int, Mention]] = field(default_factory=list)  # mentions by sentence

    @property
    def published(self) -> date:
        return self.parsed.article.published


def extract_articles(
    items: Iterable[Article | Skipped], *, batch_size: int = 16
) -> Iterator[Extraction | Skipped]:
    """Code many stories, parsing their segments in shared spaCy batches.

    A story that fails is yielded as a `Skipped` with the reason; the batch goes on.
    """
    batch: list[ParsedArticle] = []
    for item in items:
        if isinstance(item, Skipped):
            yield item
            continue
        try:
            batch.append(parse_layout(item))
        except Exception as exc:  # one broken story must never stop the batch
            yield Skipped(origin=item.origin, stage="layout", reason=repr(exc), record_id=item.id)
            continue
        if len(batch) >= batch_size:
            yield from code_batch(batch)
            batch = []
    if batch:
        yield from code_batch(batch)


def code_batch(batch: list[ParsedArticle]) -> Iterator[Extraction | Skipped]:
    pieces = [(n, segment) for n, parsed in enumerate(batch) for segment in segments(parsed)]
    grouped: list[list] = [[] for _ in batch]
    for (n, _), pair in zip(pieces, parse_segments(s for _, s in pieces), strict=True):
        grouped[n].append(pair)
    for parsed, pairs in zip(batch, grouped, strict=True):
        try:
            yield code_story(parsed, pairs)
        except Exception as exc:
            article = parsed.article
            yield Skipped(
                origin=article.origin, stage="extract", reason=repr(exc), record_id=article.id
            )


def code_story(parsed: ParsedArticle, pairs: list[tuple[Segment, object]]) -> Extraction:
    story = Story(parsed=parsed)
    if parsed.dateline is not None:
        story.dateline_place = resolve_place(parsed.dateline.place.split(",")[0].title())
    for segment, doc in pairs:
        learn_people(story, segment, doc)
    story.countries = list(dict.fromkeys(a.country for a in story.people.known if a.country))
    for segment, doc in pairs:
        story.places.extend(segment_places(story, segment, doc))
    story.main_country = dominant_country(story.places)
    story.context_countries = tuple(
        dict.fromkeys(c for c in (story.main_country, *story.countries) if c)
    )
    mentions: list[Mention] = []
    for segment, doc in pairs:
        quotes = list(find_segment_quotes(story, segment, doc))
        for sent in doc.sents:
            coded = list(code_sentence(story, segment, doc, sent, quotes))
            story.told.extend((story.sentence, m) for m in coded)
            mentions.extend(coded)
            remember_subject(story, segment, doc, sent)
            story.sentence += 1
        story.quotes.extend(quotes)
    mentions = align_roles(story, mentions)
    mentions = with_confidence(share_dates(mentions))
    actors = unique_actors(
        [
            *story.people.known,
            *(a for m in mentions for a in (*m.source, *m.target)),
            *(q.speaker for q in story.quotes if q.speaker),
        ]
    )
    places = unique_places([story.dateline_place, *story.places])
    return Extraction(
        parsed=parsed,
        mentions=tuple(mentions),
        quotes=tuple(story.quotes),
        actors=tuple(actors),
        places=tuple(places),
    )


# --- actors ---------------------------------------------------------------------------------


def absolute(segment: Segment, start: int, end: int) -> tuple[int, int]:
    return segment.offset + start, segment.offset + end


def group_text(doc, group: list) -> tuple[str, int, int]:
    start, end = group[0].idx, group[-1].idx + len(group[-1].text)
    # The span's own text: `doc.text` joins every token of the document on each call.
    return doc[group[0].i : group[-1].i + 1].text, start, end


def as_in_running_text(group: list, text: str) -> str:
    """The phrase with a capital that only the sentence start gave it lowered ("Crude oil
    prices rallied" names no person "Crude"): a first word the tagger reads as a modifier."""
    first = group[0]
    if first.is_sent_start and first.pos_ in {"ADJ", "ADV", "DET", "NUM"} and text[:1].isupper():
        return text[:1].lower() + text[1:]
    return text


def person_in(doc, start: int, end: int) -> str:
    names = [
        e.text
        for e in entities(doc)
        if e.label_ == "PERSON" and start <= e.start_char and e.end_char <= end
    ]
    return max(names, key=len) if names else ""


def learn_people(story: Story, segment: Segment, doc) -> None:
    """First pass: every person introduced with a title or an apposition."""
    for ent in entities(doc):
        if ent.label_ != "PERSON":
            continue
        for group in split_coordination(ent.root):
            if ent.root not in group:
                continue
            text, start, end = group_text(doc, group)
            actor = code_phrase(
                text, span=absolute(segment, start, end), person=ent.text, on=story.published
            )
            for child in ent.root.children:
                if child.dep_ == "appos":
                    extra = code_phrase(group_text(doc, [*child.subtree])[0])
                    actor = dataclasses.replace(
                        actor,
                        country=actor.country or extra.country,
                        sector=actor.sector or extra.sector,
                        reason=f"{actor.reason}; apposition '{extra.text}'",
                    )
            if story.people.find(actor.name) is None:
                story.people.observe(actor)


def resolve_pronoun(
    story: Story,
    actor: ActorRef,
    *,
    speaker: ActorRef | None,
    nearby: list[Antecedent] | None = None,
    not_in: tuple[int, int] | None = None,
) -> ActorRef:
    """'he' → the clear antecedent (`resolve.coref`) named outside the span `not_in`; 'we'
    in a quote → the speaker's country."""
    word = fold(actor.text)
    if word in PERSONAL:
        position = actor.span[0] if actor.span else 1 << 60
        candidates = [*story.antecedents, *(nearby or [])]
        if not_in is not None:
            candidates = [c for c in candidates if not not_in[0] <= c.position < not_in[1]]
        return resolve_reference(actor, candidates, position=position)
    if word in FIRST_PLURAL and speaker is not None and speaker.country:
        return ActorRef(
            text=actor.text,
            span=actor.span,
            name=country_name(speaker.country),
            country=speaker.country,
            sector=speaker.sector,
            kb_id=speaker.country,
            kind="state",
            confidence=0.5,
            method="quote-we",
            reason=f"'{actor.text}' in a quote by {speaker.name}",
        )
    return actor


def code_head(
    story: Story,
    segment: Segment,
    doc,
    head,
    *,
    speaker: ActorRef | None = None,
    unresolved: bool = False,
) -> list[ActorRef]:
    """The actors one argument head stands for ("Putin and Shoigu" is two); with
    `unresolved`, also those known only by what they are ("teachers", "the strikers")."""
    out = []
    for group in split_coordination(head):
        if all(t.ent_type_ in NOT_ACTORS for t in group) or fold_word(head) in TIME_WORDS:
            continue  # "on Sunday", "for two hours": times and amounts are not actors
        text, start, end = group_text(doc, group)
        actor = code_phrase(
            as_in_running_text(group, text),
            span=absolute(segment, start, end),
            person=person_in(doc, start, end),
            on=story.published,
            countries=story.context_countries,
            domestic=False,  # placed by `role_country`: where the event happened comes first
        )
        actor = replace(actor, text=text)
        if actor.kind == "pronoun" and head.dep_ in {"nsubj", "nsubjpass"}:
            actor = reported_subject(story, segment, doc, head, unresolved=unresolved) or actor
        if actor.kind == "pronoun" or (
            fold(text) in PERSONAL | FIRST_PLURAL and not text.strip().isupper()
        ):
            nearby = sentence_people(story, segment, doc, head.sent, before=start)
            actor = resolve_pronoun(
                story, actor, speaker=speaker, nearby=nearby, not_in=own_subject(segment, head)
            )
        elif not actor.country and (owner := own_country_owner(group)) is not None:
            # "his country", "her government": the country of the one the pronoun stands for
            nearby = sentence_people(story, segment, doc, head.sent, before=start)
            pronoun = ActorRef(
                text=owner.text, span=absolute(segment, owner.idx, owner.idx + len(owner.text))
            )
            found = resolve_pronoun(story, pronoun, speaker=speaker, nearby=nearby)
            if found.country:
                actor = replace(
                    actor,
                    name=country_name(found.country),
                    country=found.country,
                    kind="state",
                    confidence=min(found.confidence, 0.5),
                    method="possessive",
                    reason=f"'{text}': {found.name or found.text}'s country",
                )
        elif not actor.country and description_title(text):
            position = segment.offset + start
            actor = resolve_reference(actor, story.antecedents, position=position)
        actor = story.people.complete(actor)
        if not actor.country and actor.kind == "person":
            actor = titled_person(segment, doc, group, actor)
        if not actor.country and actor.kind != "pronoun":
            actor = placed_actor(actor, head)
        if not actor.country and actor.kind != "pronoun":
            actor = named_place_actor(actor, group)
        actor = named_entity_kind(actor, group, has_person=bool(person_in(doc, start, end)))
        if actor is None:
            continue
        if actor.country or (actor.kind in {"person", "org"} and actor.name) or flagged(actor):
            out.append(actor)
        elif unresolved and actor.method == "unresolved":
            out.append(actor)  # a pronoun that stands for one ("the union said they …")
        elif unresolved and keeps_unresolved(actor, group):
            out.append(
                replace(
                    actor,
                    method="unresolved",
                    confidence=min(actor.confidence, 0.2),
                    reason=f"{actor.reason}; no country or known actor".strip("; "),
                )
            )
    return out


def titled_person(segment: Segment, doc, group: list, actor: ActorRef) -> ActorRef:
    """A person whose title the parser cut off the name ("with the Somali President Mohamed
    Abdullahi Mohamed Farmajo", the name parsed as another object): the whole name with the
    words of title right before it."""
    name = next((e for e in entities(doc) if e.start <= group[-1].i < e.end), None)
    if name is None or name.label_ != "PERSON":
        return actor
    first = min(group[0].i, name.start)
    start = first
    while (
        start > group[0].sent.start
        and first - start < TITLE_WORDS_MAX
        and doc[start - 1].pos_ in {"PROPN", "NOUN", "ADJ", "DET"}
    ):
        start -= 1
    if start == first:
        return actor
    end = max(group[-1].i, name.end - 1)
    phrase = doc[start : end + 1]
    titled = code_phrase(
        phrase.text,
        span=absolute(segment, phrase.start_char, phrase.end_char),
        person=name.text,
    )
    if titled.kind != "person" or not titled.country:
        return actor
    return titled


TITLE_WORDS_MAX = 5


def own_country_owner(group: list):
    """The possessive pronoun of "his country" or "her government", if the phrase is one."""
    heads = [t for t in group if lemma_of(t) in OWN_STATE_NOUNS]
    if len(heads) != 1:
        return None
    return next(
        (c for c in heads[0].children if c.dep_ == "poss" and fold(c.text) in {"his", "her"}),
        None,
    )


OWN_STATE_NOUNS = {"country", "government", "nation", "state"}


def keeps_unresolved(actor: ActorRef, group: list) -> bool:
    """Whether an actor with no country is still worth a record as what it is: its head word
    is a role ("teachers", "the court", "union workers"), not of business or the press
    (business news would fill the record with "investors" and "the bank")."""
    if not actor.sector or actor.sector in UNRESOLVED_SECTORS_LEFT_OUT:
        return False
    kb = load_kb()
    root = next(t for t in group if t.head not in group or t.head == t)
    compounds = [t.text for t in root.children if t.dep_ == "compound" and t.i < root.i]
    words = [f"{' '.join(compounds)} {w}" for w in (root.text, root.lemma_)] if compounds else []
    for word in (root.text, root.lemma_, *words):  # "teachers"; "asylum seekers"
        entry = kb.names.get(fold(word))
        if entry is not None:
            return entry.kind == "role"
    return False


UNRESOLVED_SECTORS_LEFT_OUT = {"BUS", "MED"}


def placed_actor(actor: ActorRef, head) -> ActorRef:
    """An actor without a country of its own takes the country it is placed in: "textile
    workers in Haiti", "a court in Argentina" (the place is outside the noun phrase), also
    through a quantity ("thousands of workers in Haiti") or a workplace ("workers at a mine in
    Peru")."""
    heads = [head] + [
        c
        for p in head.children
        if p.dep_ == "prep" and p.lower_ in {"of", "at"}
        for c in p.children
    ]
    for child in (c for h in heads for c in h.children):
        if child.dep_ != "prep" or child.lower_ != "in":
            continue
        for pobj in (c for c in child.children if c.dep_ == "pobj"):
            # the place itself, or the country that owns it ("in Colombia's largest city")
            owners = [c for c in pobj.children if c.dep_ in {"poss", "compound"}]
            for name in (one_word(pobj), *(entity_text(p) for p in (pobj, *owners))):
                if not name:
                    continue
                country = place_country(name)
                if country:
                    return dataclasses.replace(
                        actor,
                        country=country,
                        reason=f"{actor.reason}; placed 'in {name}' → {country}".strip("; "),
                    )
    return actor


def named_place_actor(actor: ActorRef, group: list) -> ActorRef:
    """An actor whose phrase names a province or city takes its country: "Uttar Pradesh
    Chief Minister", "West Bengal's government", "a Kansas woman"."""
    for token in group:
        if token.ent_type_ != "GPE" or token.ent_iob_ != "B":
            continue
        name = entity_text(token).removesuffix("'s").removesuffix("’s")
        place = resolve_place(name)
        if place is not None and place.country and place.confidence >= PLACE_CONFIDENCE:
            return dataclasses.replace(
                actor,
                country=place.country,
                reason=f"{actor.reason}; '{name}' is in {place.country}".strip("; "),
            )
    return actor


# How sure the gazetteer must be of a place before an actor named after it takes its country.
PLACE_CONFIDENCE = 0.5


# Events two parties do together: with parties of different countries, one acts on the other.
MUTUAL = {"CONSULT", "AGREE", "COOPERATE"}
# Verbs of fighting each other: their parties act on one another.
RECIPROCAL = {"clash", "fight", "battle", "skirmish", "exchange", "trade", "spar", "feud"}


def one_word(token) -> str:
    """The hyphenated word a token ends ("Mazar-i-Sharif", which the tagger may cut after
    "Mazar"), or "" when it is not one."""
    words = token.doc[token.left_edge.i : token.i + 1]
    if len(words) < 2 or any(t.whitespace_ or t.is_space for t in words[:-1]):
        return ""
    return words.text if "-" in words.text else ""


def entity_text(token) -> str:
    """The text of the place entity (GPE or LOC) a token belongs to, or ""."""
    if token.ent_type_ not in {"GPE", "LOC"}:
        return ""
    for ent in entities(token.doc):
        if ent.start <= token.i < ent.end:
            return ent.text
    return token.text


def place_country(name: str) -> str:
    """The country a place name stands in: a country or capital by the actor tables, another
    place by the gazetteer ("Lyon" → FRA)."""
    where = code_phrase(name)
    if where.kind == "state":
        return where.country
    place = resolve_place(name)
    return place.country if place is not None else ""


def reported_subject(
    story: Story, segment: Segment, doc, head, *, unresolved: bool = False
) -> ActorRef | None:
    """'Russia said it had expelled …': a pronoun subject of a reported clause is the one
    state or organization that reports it (with `unresolved`, also one known only by its
    role: "the union said they will not end the strike")."""
    if fold(head.text) not in {"it", "they", "we"}:
        return None
    clause = head.head
    speech = clause.head
    if clause.dep_ != "ccomp" or lemma_of(speech) not in SPEECH_LEMMAS:
        return None
    speakers = [c for c in speech.children if c.dep_ == "nsubj"]
    if len(speakers) != 1:
        return None
    actors = [
        a
        for a in code_head(story, segment, doc, speakers[0], unresolved=unresolved)
        if a.kind != "person"
    ]
    if len(actors) != 1 or not (actors[0].country or actors[0].method == "unresolved"):
        return None
    actor = actors[0]
    return dataclasses.replace(
        actor,
        text=head.text,
        span=absolute(segment, head.idx, head.idx + len(head.text)),
        method="unresolved" if actor.method == "unresolved" else "reported-subject",
        confidence=min(actor.confidence, 0.6),
        reason=f"'{head.text}' in what {actor.name} said is {actor.name}",
    )


def lemma_of(token) -> str:
    return token.lemma_.lower()


def located_target(segment: Segment, doc, head) -> list[ActorRef]:
    """A target that names no actor but says whose or where it is ("positions inside Syria",
    "leaders of the Cambodia National Rescue Party") is coded to that country."""
    group = located_phrase(head)
    text, start, end = group_text(doc, group)
    named = phrase_countries(text)
    if not named and (
        agents := [
            a for c in head.children if c.dep_ == "acl" and not verb_type(c) for a in agents_of(c)
        ]
    ):
        # "the threats made by the United States", "the embargo imposed by Washington": what
        # someone did is aimed at the one who did it (not "a group helped by the UK": helping
        # is an event of its own, done to the group)
        group = located_phrase(agents[0])
        text, start, end = group_text(doc, group)
        named = phrase_countries(text)
    if named:
        country, where = named[0], "names"
    else:
        places = [
            resolve_place(e.text)
            for e in entities(doc)
            if e.label_ == "GPE" and e.start >= group[0].i and e.end <= group[-1].i + 1
        ]
        country = next((p.country for p in places if p is not None and p.country), "")
        where = "lies in a place of"
    if not country:
        return []
    return [
        ActorRef(
            text=text,
            span=absolute(segment, start, end),
            name=text,
            country=country,
            kind="located",
            confidence=0.4,
            method="located-in",
            reason=f"no actor named; the target {where} {country}",
        )
    ]


WHERE_PREPS = {"in", "inside", "of", "near", "from", "at", "outside"}


def agents_of(verb) -> list:
    """The 'by' agents of a passive verb or participle."""
    return [o for c in verb.children if c.dep_ == "agent" for o in c.children if o.dep_ == "pobj"]


def located_phrase(head) -> list:
    """The head's noun phrase with the phrases that say where or whose it is ("positions
    inside Syria", "leaders of the party"), without clauses or conjuncts ("a group helped by
    the UK government" is "a group")."""
    keep = set(phrase_tokens(head))
    for prep in head.children:
        if prep.dep_ == "prep" and prep.lower_ in WHERE_PREPS:
            keep.update(prep.subtree)
    tokens = sorted(keep, key=lambda t: t.i)
    # contiguous: a clause inside a place phrase ("of X, which …") ends the phrase
    run = [tokens[0]]
    for token in tokens[1:]:
        if token.i != run[-1].i + 1:
            break
        run.append(token)
    return run if head in run else [head]


# Acts only a state's authorities do (arrests, expulsions, bans, releases and pardons): done
# in a country by no one named, that country's state did them.
STATE_ACTS = {"COERCE", "SANCTION", "CONCEDE"}

# Where a place may lie below the event's verb: its objects and their phrases, its
# infinitive or purpose clause ("gave €352m to promote investment in Ethiopia"); not its
# subject (the actor) and not clauses of their own (what someone said, a relative clause).
PLACE_PATH = {
    "prep",
    "pobj",
    "dobj",
    "obj",
    "xcomp",
    "advcl",
    "npadvmod",
    "pcomp",
    "conj",
    "advmod",  # "torched a village elsewhere in Cameroon"
}
PLACE_PREPS = {"in", "to", "from", "into", "inside", "near"}
MISTAGGED_LABELS = {"PERSON", "ORG", "NORP", "FAC", "DATE"}


# Types whose target may be a place acted on (the state it lies in receives the act).
TAKES_PLACES = {"ASSAULT", "COERCE", "MOBILIZE", "SANCTION", "THREATEN", "RETREAT"}


def referred_place(story: Story, segment: Segment, frame: Frame) -> list[ActorRef]:
    """For a place named only as "the city", "the area": the last place with a country the
    story named before the event's sentence (a town before any other place)."""
    sentence = frame.trigger.sent
    start = absolute(segment, sentence.start_char, sentence.start_char)[0]
    before = [p for p in story.places if p.country and p.span and p.span[1] <= start]
    if not before:
        return []
    towns = [p for p in before if p.feature_class == "P"]
    place = (towns or before)[-1]
    ground = next(h for h in frame.targets if lemma_of(h) in GROUND)
    return [
        ActorRef(
            text=place.text,
            span=place.span,
            name=country_name(place.country),
            country=place.country,
            kind="located",
            confidence=0.3,
            method="place-referred",
            reason=f"'the {ground.text}' is taken for '{place.text}', the place last named",
        )
    ]


def located_in_clause(segment: Segment, doc, frame: Frame) -> list[ActorRef]:
    """The country of the place nearest the event's verb that an 'in/to/from/into/near'
    phrase of its clause names ("withdrew troops from Syria", "killed 48 people in two
    attacks in Afghanistan", "near Somalia's presidential palace"), also through its
    infinitive ("agreed to lay down their weapons in eastern Lebanon")."""
    depth = clause_depths([frame.verb, frame.trigger], lambda c: c.dep_ in PLACE_PATH)
    candidates = []
    for ent in entities(doc):
        if ent.label_ not in {"GPE", "LOC"} | MISTAGGED_LABELS:
            continue
        if ent.label_ == "NORP" and ent.root.dep_ != "amod":
            continue  # a people is a place only as the adjective of one ("Syrian territory")
        root = ent.root
        if root.dep_ in {"poss", "compound"} or (ent.label_ == "NORP" and root.dep_ == "amod"):
            root = root.head  # "in Yemen's southern governorates", "in Bosnian Serb territory"
        if root.dep_ != "pobj" or root.head.text.lower() not in PLACE_PREPS:
            continue
        if root.i not in depth:
            continue
        if ent.label_ in MISTAGGED_LABELS and code_phrase(ent.text).kind != "state":
            continue  # only a country or capital the tagger took for a name ("in Yerevan")
        candidates.append((depth[root.i], ent.start, ent))
    for _, _, ent in sorted(candidates, key=lambda c: c[:2]):
        country = place_country(ent.text)
        if country:
            return [
                ActorRef(
                    text=ent.text,
                    span=absolute(segment, ent.start_char, ent.end_char),
                    name=country_name(country),
                    country=country,
                    kind="located",
                    confidence=0.4,
                    method="located-in",
                    reason=f"no target named; the event is placed in '{ent.text}'",
                )
            ]
    return []


def clause_depths(starts: list, follow, *, avoid: set[int] = frozenset()) -> dict[int, int]:
    """Token index → steps from `starts` down the dependency tree, through the children
    `follow` accepts and never into `avoid`; in breadth-first order (nearest first)."""
    depth = {t.i: 0 for t in starts}
    queue = list(starts)
    while queue:
        token = queue.pop(0)
        for child in token.children:
            if child.i not in depth and child.i not in avoid and follow(child):
                depth[child.i] = depth[token.i] + 1
                queue.append(child)
    return depth


COMPLEMENT_PATH = PLACE_PATH | {"ccomp", "dative", "amod", "compound", "poss", "nmod"}


def complement_actors(
    story: Story, segment: Segment, doc, frame: Frame, sources: list[ActorRef]
) -> list[ActorRef]:
    """The nearest actor with a country named inside the complement of the frame's verb
    ("Uzbekistan agreed to open its borders … to enter Afghanistan"), when the event is the
    complement's and nothing else names a target."""
    verb = frame.verb
    start = [c for c in verb.children if c.dep_ in {"xcomp", "ccomp"} and c.pos_ in {"VERB", "AUX"}]
    if frame.nominal:  # "launched a mediation effort to resolve the rift between Qatar and …"
        start += [c for c in frame.trigger.children if c.dep_ == "acl" and c.pos_ == "VERB"]
    start += [  # "signed a decree granting citizenship to foreigners"
        c
        for o in verb.children
        if o.dep_ in {"dobj", "obj"}
        for c in o.children
        if c.dep_ == "acl" and c.pos_ == "VERB"
    ]
    taken = {a.span for a in sources}
    for i in clause_depths(start, lambda c: c.dep_ in COMPLEMENT_PATH):  # nearest first
        token = doc[i]
        if token.ent_type_ in NAMED_ACTOR_LABELS and token.ent_iob_ == "B":
            for actor in code_head(story, segment, doc, token):
                if actor.country and actor.span not in taken:
                    return [replace(actor, confidence=min(actor.confidence, 0.5))]
    return []


NAMED_ACTOR_LABELS = {"GPE", "NORP", "ORG", "PERSON"}


def clause_actors(
    story: Story, segment: Segment, doc, frame: Frame, sources: list[ActorRef]
) -> list[ActorRef]:
    """The actor with a country named nearest the event in its own clause (objects,
    phrases, complements; not its subject, a relative clause or another verb's clause), as a
    low-confidence target when no rule found one."""
    depth = clause_depths(
        [frame.verb, frame.trigger],
        lambda c: c.dep_ not in CLAUSE_PATH_LEFT_OUT,
        avoid={t.i for h in frame.sources for t in h.subtree},
    )
    named = [
        (depth[e.root.i], abs(e.root.i - frame.trigger.i), e.root)
        for e in entities(doc)
        if e.label_ in NAMED_ACTOR_LABELS and depth.get(e.root.i, 0) > 0
    ]
    for *_, head in sorted(named, key=lambda n: n[:2]):
        for actor in code_head(story, segment, doc, head):
            if actor.country and not any(overlaps(actor.span, a.span) for a in sources):
                return [
                    replace(
                        actor,
                        confidence=min(actor.confidence, 0.35),
                        method="in-clause",
                        reason=f"no target found; '{actor.text}' is named in the event's clause",
                    )
                ]
    return []


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


# Where a clause's own target is not: its subject, a relative clause ("the man who …"),
# another verb's event ("… and sentenced him"), what someone said, a parenthesis.
CLAUSE_PATH_LEFT_OUT = {
    "nsubj",
    "nsubjpass",
    "csubj",
    "csubjpass",
    "expl",
    "relcl",
    "conj",
    "cc",
    "parataxis",
    "punct",
}


def recipients(verb, event_type: str) -> list:
    """The objects of a verb's 'to' phrase (when nothing else names a target); for a giving
    verb, also of one the parser hung inside its object."""
    direct = [
        pobj
        for child in verb.children
        if child.dep_ == "prep" and child.text.lower() == "to"
        for pobj in child.children
        if pobj.dep_ == "pobj" and pobj.ent_type_ not in NOT_ACTORS
    ]
    if direct or event_type not in GIVING:
        return direct
    return [t for t in handed_to(verb) if t.ent_type_ not in NOT_ACTORS]


def is_setting(token) -> bool:
    """'at the Kremlin', 'in Moscow': where something happens, not whom it is done to."""
    return (
        token.dep_ == "pobj"
        and token.head.text.lower() in {"at", "in", "near"}
        and token.ent_type_ in PLACE_LABELS
    )


def named_entity_kind(actor: ActorRef, group: list, *, has_person: bool) -> ActorRef | None:
    """A capitalized name that spaCy saw as a place or an organization is not a person:
    a town that is no capital does not act ("hosted by San Francisco" is a place), an
    organization the tables lack ("the Civil Liberties Union") is kept as one."""
    if actor.kind != "person" or has_person or actor.method in {"story-person", "pronoun"}:
        return actor
    labels = {t.ent_type_ for t in group}
    if labels & PLACE_LABELS and not actor.country:
        return None
    if labels & {"ORG", "NORP"}:
        return dataclasses.replace(actor, kind="org", reason=f"{actor.reason}; an organization")
    return actor


def flagged(actor: ActorRef) -> bool:
    """A pronoun or description left unresolved because its antecedent is ambiguous."""
    return actor.method == "coref-ambiguous"


def own_subject(segment: Segment, head) -> tuple[int, int] | None:
    """Where the subject of an object pronoun's own clause is named (absolute span): "him" in
    "Netanyahu called Morrison to congratulate him" is not Netanyahu, who does the
    congratulating (an object pronoun never stands for its own clause's subject; a clause
    without one, "to congratulate" or "and thanked", takes the subject of the verb it
    completes or is joined to)."""
    if head.dep_ not in {"dobj", "dative", "pobj"} or head.tag_ != "PRP":
        return None
    verb = head.head.head if head.dep_ == "pobj" else head.head
    while verb.pos_ in {"VERB", "AUX"}:
        subjects = [c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}]
        if subjects:
            first, last = subjects[0].left_edge, subjects[0].right_edge
            return absolute(segment, first.idx, last.idx + len(last.text))
        if verb.dep_ not in {"xcomp", "advcl", "conj"} or verb.head == verb:
            return None
        verb = verb.head
    return None


def sentence_people(story: Story, segment: Segment, doc, sent, *, before: int) -> list[Antecedent]:
    """People named earlier in the same sentence ("Putin said he ..."): antecedents too."""
    out = []
    for ent in sentence_entities(doc, sent):
        if ent.label_ != "PERSON" or ent.end_char > before:
            continue
        start, end = ent.start_char, ent.end_char
        actor = story.people.complete(
            code_phrase(ent.text, span=absolute(segment, start, end), person=ent.text)
        )
        subject = ent.root.dep_ in {"nsubj", "nsubjpass"}
        out.append(
            Antecedent(
                actor=actor,
                position=segment.offset + start,
                sentence=story.sentence,
                subject=subject,
            )
        )
    return out


def fold_word(token) -> str:
    """A token's word in lower case without a possessive ending ("Friday’s" → "friday")."""
    return token.text.lower().replace("’", "'").removesuffix("'s")


def remember_subject(story: Story, segment: Segment, doc, sent) -> None:
    """The people a sentence names (antecedents for a later 'he' or 'the general') and the
    last person named as a subject."""
    story.antecedents.extend(sentence_people(story, segment, doc, sent, before=1 << 60))
    for token in sent:
        if token.dep_ in {"nsubj", "nsubjpass"} and token.ent_type_ == "PERSON":
            for actor in code_head(story, segment, doc, token):
                if actor.kind == "person" and actor.method != "pronoun":
                    story.last_person = actor
                    return


def other_country(actor: ActorRef, sources: list[ActorRef]) -> ActorRef:
    """A target phrase naming two countries ("Russia-China relations") means the other one."""
    own = {a.country for a in sources}
    if actor.country not in own or actor.kind == "person":
        return actor
    others = [c for c in phrase_countries(actor.text) if c not in own]
    if not others:
        return actor
    return dataclasses.replace(
        actor,
        country=others[0],
        name=country_name(others[0]),
        kb_id=others[0],
        reason=f"{actor.reason}; the country other than the source's",
    )


# --- quotes ---------------------------------------------------------------------------------


def find_segment_quotes(story: Story, segment: Segment, doc) -> Iterator[Quote]:
    for found in find_quotes(segment.text):
        speaker = None
        if found.speaker and found.speaker_span:
            start, end = found.speaker_span
            actor = code_phrase(
                found.speaker, span=absolute(segment, start, end), person=person_in(doc, start, end)
            )
            if fold(found.speaker) in PERSONAL | FIRST_PLURAL:
                actor = resolve_pronoun(story, actor, speaker=None)
            speaker = story.people.complete(actor)
        yield Quote(
            text=found.text,
            span=absolute(segment, *found.span),
            speaker=speaker,
            verb=found.verb,
            direct=True,
            section=segment.section,
        )


def quote_around(quotes: list[Quote], segment: Segment, char: int) -> Quote | None:
    position = segment.offset + char
    for quote in quotes:
        if quote.span[0] <= position < quote.span[1]:
            return quote
    return None


# --- dates and places -----------------------------------------------------------------------


def clause_head(token):
    """The verb (or the event noun of a frame) whose clause a token belongs to."""
    current = token
    for _ in range(40):
        if current.pos_ in {"VERB", "AUX"} or current.head == current:
            return current
        current = current.head
    return current


def sentence_times(story: Story, sent) -> list[tuple[TimeRef, object]]:
    """Time expressions of a sentence with the token each one starts at."""
    out = []
    for time in find_times(sent.text, published=story.published, narrative=story.narrative):
        start = sent.start_char + time.span[0]
        token = next((t for t in sent if t.idx + len(t.text) > start), sent[-1])
        out.append((time, token))
    return out


def frame_date(
    story: Story, segment: Segment, frame: Frame, times, memo: dict
) -> tuple[TimeRef, bool]:
    verb = frame.verb
    if verb.i in memo:
        return memo[verb.i]
    owned = [
        t
        for t, token in times
        if clause_head(token) in {verb, frame.trigger}
        or (frame.nominal and frame.trigger in phrase_heads(token))
    ]
    plain = [t for t in owned if not t.method.startswith("anchored")]
    result = None
    if plain:
        result = event_date(plain, published=story.published)
    elif segment.caption_date:
        day = segment.caption_date
        result = (
            TimeRef(
                text="",
                span=None,
                start=day,
                end=day,
                granularity="day",
                method="caption-date",
                confidence=0.8,
                reason="the caption's own date",
            ),
            False,
        )
    else:
        anchored = anchored_date(story, segment, frame, times, memo)
        if anchored is not None:
            result = (anchored, False)
    if result is None:
        governor = governing_clause(verb)
        if governor is not None:
            inherited = [
                t
                for t, token in times
                if clause_head(token) == governor and not t.method.startswith("anchored")
            ]
            if inherited:
                result = event_date(inherited, published=story.published)
    if result is None:
        result = event_date([], published=story.published)
    memo[verb.i] = result
    return result


def phrase_heads(token) -> list:
    """The words a token's phrase hangs from, up to its clause's verb: "the regime's attack
    in Ghouta in August 2013" — August hangs from the attack."""
    heads = []
    current = token
    while current.head != current and current.pos_ not in {"VERB", "AUX"}:
        current = current.head
        heads.append(current)
    return heads


def governing_clause(verb):
    if verb.dep_ in {"xcomp", "ccomp", "conj"} and verb.head != verb:
        return clause_head(verb.head)
    if verb.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        return clause_head(verb.head)  # "left the UK in 2015 to join Isis": joined in 2015
    return None


def anchored_date(
    story: Story, segment: Segment, frame: Frame, times, memo: dict
) -> TimeRef | None:
    """X in "A happened less than a month after X": dated relative to A's own date."""
    clause = frame.verb
    mark = next(
        (c for c in clause.children if c.dep_ == "mark" and c.text.lower() in ANCHOR_MARKS), None
    )
    if mark is None and clause.dep_ == "pobj" and clause.head.text.lower() in ANCHOR_MARKS:
        mark = clause.head
    if mark is None or clause.dep_ not in {"advcl", "pobj"}:
        return None
    main = clause_head(clause.head if clause.dep_ == "advcl" else mark.head)
    anchored = [
        t for t, token in times if t.method.startswith("anchored") and clause_head(token) == main
    ]
    if not anchored:
        return None
    main_frame = Frame(trigger=main, event_type="")
    reference, _ = frame_date(story, segment, main_frame, times, memo)
    lo, hi = anchor_range(anchored[0], reference=date.fromisoformat(reference.start))
    return TimeRef(
        text=anchored[0].text,
        span=anchored[0].span,
        start=lo.isoformat(),
        end=hi.isoformat(),
        granularity="range",
        method="anchored",
        confidence=0.6,
        reason=f"X in '{anchored[0].text} X', where the main event is {reference.start}",
    )


def frame_location(
    story: Story, segment: Segment, doc, frame: Frame
) -> tuple[PlaceRef | None, bool]:
    heads = {frame.verb, frame.trigger}
    for ent in entities(doc):
        if ent.label_ not in PLACE_LABELS or ent.root.dep_ != "pobj":
            continue
        prep = ent.root.head
        if prep.text.lower() not in PLACE_PREPS or clause_head(ent.root) not in heads:
            continue
        if prep.text.lower() == "to" and not (frame.nominal or frame.event_type == "CONSULT"):
            continue
        place = resolve_place(
            ent.text,
            context_countries=story.countries,
            context_places=story.places,
            span=absolute(segment, ent.start_char, ent.end_char),
        )
        if place is not None:
            return place, False
    if segment.section == "caption":
        return None, False
    return story.dateline_place, story.dateline_place is not None


def segment_places(story: Story, segment: Segment, doc) -> Iterator[PlaceRef]:
    for ent in entities(doc):
        if ent.label_ in PLACE_LABELS:
            place = resolve_place(
                ent.text,
                context_countries=story.countries,
                span=absolute(segment, ent.start_char, ent.end_char),
            )
            if place is not None:
                yield place


def dominant_country(places: list[PlaceRef]) -> str:
    """The country most of a story's places lie in, when it holds at least half of them."""
    counts = Counter(p.country for p in places if p.country)
    if not counts:
        return ""
    country, count = counts.most_common(1)[0]
    return country if 2 * count >= sum(counts.values()) else ""


def unique_places(places: Iterable[PlaceRef | None]) -> list[PlaceRef]:
    seen: dict[object, PlaceRef] = {}
    for place in places:
        if place is not None:
            seen.setdefault(place.geonameid or place.name, place)
    return list(seen.values())


# --- mentions -------------------------------------------------------------------------------


def code_sentence(
    story: Story, segment: Segment, doc, sent, quotes: list[Quote]
) -> Iterator[Mention]:
    times = sentence_times(story, sent)
    memo: dict = {}
    found = list(frames(sent))
    coded = False
    for frame in found:
        for mention in code_frame(story, segment, doc, sent, quotes, frame, times, memo):
            coded = True
            yield mention
    if coded:
        return
    # Nothing in the sentence names an actor the tables know: its events are still recorded
    # with the actors as the text describes them ("teachers went on strike").
    for frame in found:
        yield from code_frame(
            story, segment, doc, sent, quotes, frame, times, memo, unresolved=True
        )


def code_frame(
    story: Story,
    segment: Segment,
    doc,
    sent,
    quotes: list[Quote],
    frame: Frame,
    times: list,
    memo: dict,
    *,
    unresolved: bool = False,
) -> Iterator[Mention]:
    """The mention of one frame, unless none of its actors is resolved (with `unresolved`,
    unless it has no actor at all)."""
    if frame.sources and all(h.pos_ == "NOUN" and lemma_of(h) in NOT_AGENTS for h in frame.sources):
        return
    quote = quote_around(quotes, segment, frame.trigger.idx)
    quoted_by = quote.speaker if quote else None
    sources = [
        a
        for h in frame.sources
        for a in code_head(story, segment, doc, h, speaker=quoted_by, unresolved=unresolved)
    ]
    targets = [
        other_country(a, sources)
        for h in frame.targets
        if not is_setting(h)
        for a in code_head(story, segment, doc, h, speaker=quoted_by, unresolved=unresolved)
        or located_target(segment, doc, h)
    ]
    if not sources:
        # "the families of the kidnapped urged …": no name, but an actor the text describes
        sources = role_actors(story, segment, doc, frame, frame.sources, speaker=quoted_by)
    if not targets:
        # "killed scores of civilians": the victims as described, placed where it happened
        acted_on = [h for h in frame.targets if not is_setting(h)]
        targets = role_actors(story, segment, doc, frame, acted_on, speaker=quoted_by, own=False)
    if not targets:
        # "suspended food supplies to Somalia": the recipient of what was acted on
        targets = [
            a
            for h in recipients(frame.verb, frame.event_type)
            for a in code_head(story, segment, doc, h, speaker=quoted_by)
        ]
    if not sources and frame.event_type in STATE_ACTS and frame.verb.tag_ == "VBN":
        # "was arrested in Niger", "were expelled from North Korea": no agent named; the
        # state where it was done did it
        sources = [
            replace(a, method="located-state", reason=f"no actor named; done in '{a.text}'")
            for a in located_in_clause(segment, doc, frame)
        ]
    if not targets:
        # "withdrew troops from Syria", "arrived in South Sudan", "gunmen attacked a
        # police station in Niger": the country the clause places the event in receives it
        targets = [
            a
            for a in located_in_clause(segment, doc, frame)
            if a.span not in {s.span for s in sources}  # the place already acts
        ]
    if not targets:
        # "agreed to open its borders for aid trucks to enter Afghanistan": the first actor
        # named in the complement that carries the event
        targets = complement_actors(story, segment, doc, frame, sources)
    acted_on_ground = any(lemma_of(h) in GROUND for h in frame.targets)
    if not targets and acted_on_ground and frame.event_type in TAKES_PLACES:
        # "forces continue to pound the area", "have encircled the city": the place the
        # story last named, and the state it lies in
        targets = referred_place(story, segment, frame)
    # "Indian and Pakistani troops clashed" are two parties; "Russian and Syrian planes"
    # bombing an enclave are one
    parties = len(frame.sources) > 1 or lemma_of(frame.trigger) in RECIPROCAL
    if not targets and not acted_on_ground and parties and len({a.name for a in sources}) > 1:
        # "Saudi Arabia and Iran agreed": the first party acts on the others (not when what
        # they act on is a place: in "US and British troops attacked the town" both attacked)
        sources, targets = sources[:1], sources[1:]
    elif frame.event_type in MUTUAL and len({a.country for a in sources if a.country}) > 1:
        # "Trump and Putin agreed to share information on North Korea": the parties act on
        # each other first; what it is about follows
        sources, targets = sources[:1], [*sources[1:], *targets]
    if not targets and sources:
        # "condemned the killing of civilians during the Turkish military operations": the
        # nearest actor named anywhere in the event's own clause
        targets = clause_actors(story, segment, doc, frame, sources)
    if not sources and frame.event_type in CONTINUED:
        # "The attack killed scores of civilians", "were wounded in the blast": the attack
        # the story has just told, by whoever did it there
        sources = continued_sources(story, frame.event_type)
    if all(flagged(a) for a in (*sources, *targets)):
        return  # nothing resolved (an empty list, or only ambiguous references)
    speaker = quoted_by
    if frame.speaker is not None and speaker is None:
        spoken = code_head(story, segment, doc, frame.speaker)
        speaker = spoken[0] if spoken else None
    when, defaulted = frame_date(story, segment, frame, times, memo)
    day = story.published.isoformat()
    if frame.modality == "asserted" and when.start <= day < when.end:
        # "Trump's warning this week": what a story says happened, happened by its day
        when = replace(when, end=day, reason=f"{when.reason}; up to the publication day")
    where, where_defaulted = frame_location(story, segment, doc, frame)
    kind = EVENT_TYPES[frame.event_type]
    trigger = frame.trigger
    past_perfect = any(
        c.dep_ == "aux" and c.tag_ == "VBD" and c.lemma_ == "have" for c in frame.verb.children
    )
    background = past_perfect or is_background(when, story.published)
    yield Mention(
        article_id=story.parsed.article.id,
        event_type=frame.event_type,
        section=segment.section,
        sentence=sent.text,
        sentence_span=absolute(segment, sent.start_char, sent.end_char),
        trigger=trigger.text,
        trigger_span=absolute(segment, trigger.idx, trigger.idx + len(trigger.text)),
        source=tuple(sources),
        target=tuple(targets),
        mode=event_mode(
            frame.event_type,
            trigger,
            frame.verb,
            parties=len({a.country for a in (*sources, *targets) if a.country}),
        ),
        context=event_context(trigger, frame.verb),
        negated=frame.negated,
        modality=frame.modality,  # type: ignore[arg-type]
        background=background,
        date=when,
        date_defaulted=defaulted,
        location=where,
        location_defaulted=where_defaulted,
        cameo_root=kind.cameo_root,
        quad_class=kind.quad_class,
        goldstein=kind.goldstein,
        speaker=speaker,
        coder=f"{CODER_VERSION}: " + "; ".join(frame.why),
    )


def role_actors(
    story: Story,
    segment: Segment,
    doc,
    frame: Frame,
    heads: list,
    *,
    speaker: ActorRef | None,
    own: bool = True,
) -> list[ActorRef]:
    """Actors known only by what they are ("civilians", "the families", "rebel fighters"):
    heads that name no one the tables know but whose words name a role. Each takes the
    country it belongs to (`role_country`). With `own=False`, not one's own ("its troops",
    "their supporters": the actor's, never whom it acts on)."""
    found = []
    for head in heads:
        if not own and any(c.dep_ == "poss" and c.pos_ == "PRON" for c in head.children):
            continue
        if lemma_of(head) in GROUND:
            continue  # "attacked the town": where it happened, not who
        found += [
            role_country(story, segment, doc, frame, head, a)
            for a in code_head(story, segment, doc, head, speaker=speaker, unresolved=True)
            if a.method == "unresolved"
        ]
    return found


# Those whose country is where they live or act; not the press, business, NGOs or IGOs.
DOMESTIC_SECTORS = {"CVL", "REB", "OPP", "COP", "CRM", "REF", "LAB", "EDU", "HLH", "JUD"}
DOMESTIC_SECTORS |= {"GOV", "MIL", "LEG", "PTY", "ELI", "REL", "SPY", "UAF"}


def role_country(
    story: Story, segment: Segment, doc, frame: Frame, head, actor: ActorRef
) -> ActorRef:
    """The country of an actor known by its role: the one its phrase is of or from ("leaders
    from the Cambodia National Rescue Party", "workers employed by the UNHCR"), else for
    those who belong where they are (civilians, rebels, police) the place the event's clause
    names ("killed six people in Mogadishu"), else the story's own country when one
    dominates it."""
    if actor.country:
        return actor
    affiliated = located_target(segment, doc, head)
    if affiliated and affiliated[0].country:
        country, why = affiliated[0].country, f"of '{affiliated[0].text}'"
    elif actor.sector not in DOMESTIC_SECTORS or foreign(head):
        return actor
    elif (places := located_in_clause(segment, doc, frame)) and places[0].country:
        country, why = places[0].country, f"placed in '{places[0].text}'"
    elif story.main_country:
        country, why = story.main_country, "the story's country"
    else:
        return actor
    return replace(actor, country=country, reason=f"{actor.reason}; {why} → {country}")


def foreign(head) -> bool:
    """ "foreign fighters", "international observers": not of the place they are in."""
    return any(lemma_of(c) in {"foreign", "international", "western"} for c in head.children)


# Acts a story goes on telling in the sentences after it names who did them.
CONTINUED = {"ASSAULT", "COERCE"}
CONTINUED_WITHIN = 2  # sentences


def continued_sources(story: Story, event_type: str) -> list[ActorRef]:
    """Who did the same kind of act in the story's last sentences, when one party did."""
    for sentence, mention in reversed(story.told):
        if story.sentence - sentence > CONTINUED_WITHIN:
            break
        if mention.event_type == event_type and mention.source:
            return [
                replace(a, method="story-context", reason=f"{a.reason}; who did it just before")
                for a in mention.source
                if a.method not in {"unresolved", "story-context"}
            ][:1]
    return []


def is_background(when: TimeRef, published: date) -> bool:
    """An event that ended weeks before the story is background, not the news."""
    return date.fromisoformat(when.end).toordinal() < published.toordinal() - 14


# --- sharing within the story ---------------------------------------------------------------


def same_event(a: Mention, b: Mention) -> bool:
    """Two mentions of one event in one story: same type and polarity, a shared participant."""
    if a.event_type != b.event_type or a.negated != b.negated:
        return False
    names_a = {x.name for x in (*a.source, *a.target) if x.kind == "person"}
    names_b = {x.name for x in (*b.source, *b.target) if x.kind == "person"}
    return bool(names_a & names_b)


# Lower-case words that say nothing of who someone is ("the Kremlin", "Washington's")
NOT_DESCRIPTIVE = {"the", "a", "an", "s"}


def describes_someone(text: str) -> bool:
    """Whether a phrase says what someone is ("China's defense minister", "officials"), not
    only which state or place it names."""
    return any(w.islower() and w not in NOT_DESCRIPTIVE for w in re.findall(r"[A-Za-z]+", text))


def align_roles(story: Story, mentions: list[Mention]) -> list[Mention]:
    """'China's defense minister' and 'Gen. Li Shangfu' in two mentions of one meeting are
    one person: the name gets the role's country, the role gets the name."""
    renamed: dict[str, ActorRef] = {}
    for i, a in enumerate(mentions):
        for b in mentions[i + 1 :]:
            if not same_event(a, b):
                continue
            for role in (*a.target, *b.target):
                if role.kind == "person" or not role.country or not role.sector:
                    continue
                if not describes_someone(role.text):
                    continue  # "Washington", "the Kremlin": a government, not who the person is
                for person in (*a.target, *b.target):
                    if person.kind != "person" or person.country not in {"", role.country}:
                        continue
                    renamed[person.name] = dataclasses.replace(
                        person,
                        country=role.country,
                        sector=person.sector or role.sector,
                        reason=f"{person.reason}; the same meeting names them '{role.text}'",
                    )
                    renamed[role.text] = dataclasses.replace(
                        role,
                        name=person.name,
                        kind="person",
                        reason=f"{role.reason}; named {person.name} in another mention of the "
                        "same event",
                    )
    if not renamed:
        return mentions
    for name, actor in list(renamed.items()):
        if actor.kind == "person" and story.people.find(name) is not None:
            story.people.known = [actor if k.name == name else k for k in story.people.known]

    def fix(actor: ActorRef) -> ActorRef:
        if actor.kind == "person" and actor.name in renamed and not actor.country:
            better = renamed[actor.name]
            return dataclasses.replace(
                actor, country=better.country, sector=better.sector, reason=better.reason
            )
        if actor.text in renamed and actor.kind != "person":
            better = renamed[actor.text]
            return dataclasses.replace(
                actor, name=better.name, kind=better.kind, reason=better.reason
            )
        return actor

    return [
        dataclasses.replace(m, source=tuple(map(fix, m.source)), target=tuple(map(fix, m.target)))
        for m in mentions
    ]


def share_dates(mentions: list[Mention]) -> list[Mention]:
    """A mention without its own date takes the date another mention of the event states."""
    out = []
    for mention in mentions:
        if mention.date_defaulted and mention.section != "caption":
            dated = next(
                (
                    m
                    for m in mentions
                    if not m.date_defaulted
                    and m is not mention
                    and m.section != "caption"
                    and same_event(m, mention)
                ),
                None,
            )
            if dated is not None and dated.date is not None:
                when = dataclasses.replace(
                    dated.date,
                    method="coreferent-mention",
                    reason=f"{dated.date.reason} (stated in another mention of the event)",
                )
                mention = dataclasses.replace(mention, date=when, date_defaulted=False)
        out.append(mention)
    return out
