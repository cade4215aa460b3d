"""The rule coder: finds event predicates in a parsed sentence and their arguments.

Works on spaCy's dependency parse. A predicate is a verb or a noun from the lexicon ("met",
"blames", "a three-day state visit"); its source is the grammatical subject (climbing through
conjunctions, complements and relative clauses when the verb has none of its own; the agent of
a passive), its targets the objects and the prepositional objects the type takes. Negation
("wouldn't", "refused to"), modality ("will", "could", "if") and reported speech ("X said Y
would …": the event is Y's, X is the speaker) are read off the same parse.

This module returns token-level frames; `dateline.coding.article` turns them into `Mention`s
with resolved actors, dates and places.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace

from .lexicon import (
    AGREEMENTS,
    BREAKING,
    CANCELLING,
    COPULAS,
    DECLARING,
    FINALIZING,
    GROUND,
    INTENDING,
    LIFTING,
    LIGHT_VERBS,
    NEGATING,
    NOT_GIVEN,
    NOUNS,
    OF_PHRASES,
    OWNS_COMPLEMENT,
    PHRASAL,
    PRIVATE_LIFE,
    PUBLICATIONS,
    SPEECH_VERBS,
    STRIKE_WORDS,
    TAKING,
    TARGET_PREPS,
    TRUCES,
    VERBS,
    VERDICTS,
    WEAK_NOUNS,
    cameo_verbs,
)

# Dependents that are not part of an actor's noun phrase.
OUTSIDE_PHRASE = {
    "conj",
    "cc",
    "relcl",
    "acl",
    "advcl",
    "appos",
    "punct",
    "prep",
    "ccomp",
    "xcomp",
    "parataxis",
    "dep",
    "mark",
    "preconj",
}
SUBJECTS = {"nsubj", "csubj"}
FUTURE_AUX = {"will", "shall", "'ll", "wo"}
HYPOTHETICAL_AUX = {"could", "might", "may", "should", "must", "can", "ca"}
FUTURE_INTENT = {"plan", "intend", "expect", "prepare", "vow", "pledge", "promise", "offer"}
DECIDING = {"decide", "vote"}
NEGATORS = {"not", "n't", "never", "no", "n’t"}


@dataclass
class Frame:
    """One coded predicate in one sentence, before actors are resolved."""

    trigger: object  # spacy Token: the verb or the event noun
    event_type: str
    sources: list = field(default_factory=list)  # head tokens
    targets: list = field(default_factory=list)
    negated: bool = False
    modality: str = "asserted"
    speaker: object = None  # head token of the speaker when reported
    nominal: bool = False
    light: object = None  # the light verb that carries a nominal event
    why: list[str] = field(default_factory=list)
    joint: bool = False  # "talks between X and Y", "X and Y met": undirected
    settled: bool = False  # typed by a structure the classifier does not read: not retyped

    @property
    def verb(self):
        """The token that carries tense, negation and subject for this frame."""
        return self.light if self.light is not None else self.trigger


def lemma(token) -> str:
    key = token.lemma_.lower()
    if token.pos_ == "VERB" and key in LEMMA_FIXES and token.lower_.startswith(LEMMA_FIXES[key]):
        return LEMMA_FIXES[key]  # "raged" is no form of "rag"
    if token.pos_ == "VERB" and key not in verb_words() and key + "e" in verb_words():
        return key + "e"  # spaCy's rules give "stag" for "staged", "wag" for "waged"
    return key


# Verb lemmas spaCy's rules cut short, where the short form is another verb.
LEMMA_FIXES = {"rag": "rage"}


@functools.cache
def verb_words() -> frozenset[str]:
    """Every verb the lexicon names, by itself or in a phrase."""
    return frozenset(
        [*VERBS, *LIGHT_VERBS, *OWNS_COMPLEMENT, *NEGATING, *INTENDING, *FINALIZING]
        + [*DECLARING, *CANCELLING, *BREAKING, *SPEECH_VERBS]
        + [verb for verb, _ in PHRASAL]
    )


def particle(token) -> str:
    """The particle of a phrasal verb ("pulled out", "called on"); a preposition of time is
    none ("called Salman on Saturday" is no call on anyone)."""
    for child in token.children:
        if child.dep_ == "prt" or (child.dep_ == "prep" and not of_time(child)):
            return child.text.lower()
    return ""


def of_time(prep) -> bool:
    return any(c.dep_ == "pobj" and c.ent_type_ in {"DATE", "TIME"} for c in prep.children)


# Verbs of fighting: with an ally beside them they are cooperation.
FIGHTING = {"fight", "battle", "serve"}


def sides_with(verb) -> bool:
    """Fighting beside someone or joining a named group is cooperating with them (CAMEO 06x)
    — a reading the classifier, which sees fighting words, does not overrule."""
    if lemma(verb) in FIGHTING:
        return any(c.dep_ == "prep" and c.lower_ == "alongside" for c in verb.children)
    return lemma(verb) == "join" and any(c.dep_ == "dobj" and named_actor(c) for c in verb.children)


def gives_no_aid(verb) -> bool:
    """A verb of giving whose object is words, life or evidence, not aid."""
    return VERBS.get(lemma(verb)) == "AID" and any(
        c.dep_ in {"dobj", "obj"} and lemma(c) in NOT_GIVEN for c in verb.children
    )


def verb_type(token) -> str:
    """The PLOVER type a verb codes by itself ('' when none or only through its object)."""
    if token.pos_ not in {"VERB"} or token.dep_ in {"prep", "mark"}:
        return ""  # "Given the ordeal, …", "Following the talks, …": a preposition's work
    if gives_no_aid(token):
        return ""  # "gave birth", "gave a speech", "delivered a rebuke"
    found = PHRASAL.get((lemma(token), particle(token)))
    if found == "REQUEST" and calls_for_punishment(token):
        return "THREATEN"  # "called for sanctions against Moscow" (CAMEO 1312)
    if found == "CONCEDE" and hands_over_aid(token):
        return "AID"  # "handed over $4 million worth of medicines to the ministry" (CAMEO 07x)
    if lemma(token) in CARRYING and hands_over_aid(token):
        return "AID"  # "flew 13 tons of medicine into Afghanistan" (CAMEO 073)
    if found:
        return found
    for child in token.children:  # "opened fire", "cut ties": the object makes the phrase
        if child.dep_ == "dobj" and (lemma(token), lemma(child)) in PHRASAL:
            return PHRASAL[(lemma(token), lemma(child))]
    if phones(token) and any(c.dep_ == "dobj" and named_actor(c) for c in token.children):
        return "CONSULT"  # "Tillerson called Lavrov": a telephone call (CAMEO 04x)
    if halted_talks(token) is not None:
        return "SANCTION"  # "halted talks with Greece" (CAMEO 164/165 halt negotiations)
    if takes_in_refugees(token):
        return "AID"  # taking in refugees (CAMEO 075 grant asylum)
    if lemma(token) in SPEECH_VERBS and blamed(token):
        return "ACCUSE"  # "the government said Taliban militants were responsible"
    if lemma(token) == "sign" and (decree := decree_of(token)) is not None:
        # "signed a decree granting citizenship": the decree's act, not an agreement
        return next((verb_type(c) for c in decree.children if c.dep_ == "acl"), "")
    if sides_with(token):
        return "COOPERATE"  # "fighting alongside Kurdish forces", "joined Islamic State"
    if lemma(token) == "award":
        # money awarded is aid (CAMEO 07x); an order, a medal or a prize is praise (CAMEO 051)
        given = [c for c in token.children if c.dep_ in {"dobj", "obj"}]
        return "AID" if any(c.ent_type_ == "MONEY" for o in given for c in o.subtree) else "SUPPORT"
    following = token.nbor(1) if token.i + 1 < len(token.doc) else token
    if lemma(token) in {"let", "set"} and "free" in {
        following.lower_,
        *(c.lower_ for c in token.children),
    }:
        return "CONCEDE"  # "let free activists" (CAMEO 0841 release persons)
    if lemma(token) in BREAKING and any(
        c.dep_ in {"dobj", "obj"}
        and (
            lemma(c) in TRUCES
            or (
                noun_type(c) == "AGREE"
                and any(lemma(m) in TRUCES for m in c.children if m.dep_ in {"compound", "amod"})
            )
        )
        for c in token.children
    ):
        return "ASSAULT"  # "violated the ceasefire (agreement)" (CAMEO 196)
    for child in token.children:  # "troops remained on alert" (CAMEO 15x)
        if child.dep_ == "prep" and child.text.lower() == "on":
            if any(c.dep_ == "pobj" and lemma(c) == "alert" for c in child.children):
                return "MOBILIZE"
    if lemma(token) == "decline":  # "declined to comment" is a refusal; "prices declined" not
        return "REJECT" if any(c.dep_ in {"xcomp", "dobj"} for c in token.children) else ""
    published = any(c.dep_ == "dobj" and lemma(c) in PUBLICATIONS for c in token.children)
    if published and VERBS.get(lemma(token)) not in STANCE_TYPES:
        return ""  # "released a statement", "issued a report": publishing, not acting
    if lemma(token) in FINALIZING and agreement_object(token) is not None:
        return "SUPPORT"  # "agreed a trade deal": the agreement is made, not promised
    if verdict(token) is not None:
        return "ACCUSE"  # "found him guilty" (CAMEO 116, which CAMEO2PLOVER maps to ACCUSE)
    if lemma(token) == "leave" and withdraws_troops(token):
        return "RETREAT"  # "troops began leaving Afghanistan" (CAMEO 0874 military withdrawal)
    if lemma(token) in TAKING and any(ground(c) for c in token.children if c.dep_ == "dobj"):
        return "ASSAULT"  # "seized oil fields near Kirkuk" (CAMEO 192 occupy territory)
    if lemma(token) in VERBS:
        return VERBS[lemma(token)]
    if not in_verb_group(token):
        return ""  # "to simplify", "fired by": the dictionary's verbs are coded as predicates only
    return cameo_verbs().get(lemma(token), ("", ""))[0]  # "besieged", "beheaded", "recaptured"


def in_verb_group(token) -> bool:
    """A finite verb or one with its auxiliaries ("besieged", "have battled", "was shelled"),
    not an infinitive ("to delay") or a bare participle ("missiles fired by")."""
    if finite(token):
        return True
    return any(c.dep_ in {"aux", "auxpass"} and c.lower_ != "to" for c in token.children)


# What one can do to a statement or a resolution that codes as itself ("vetoed the
# resolution", "condemned the report"; not "finalizing the figures").
STANCE_TYPES = {"REJECT", "ACCUSE", "PROTEST", "THREATEN"}


def withdraws_troops(verb) -> bool:
    """Whether troops leave a country: "leaving" a place is a withdrawal only for forces."""
    places = [
        c
        for c in verb.children
        if c.dep_ == "dobj" and (c.ent_type_ in {"GPE", "LOC"} or c.pos_ == "PROPN")
    ]
    subject = verb
    while subject.dep_ in {"xcomp", "ccomp"} and not any(
        c.dep_ == "nsubj" for c in subject.children
    ):
        subject = subject.head  # "troops have begun leaving": the subject of "begun"
    forces = [c for c in subject.children if c.dep_ == "nsubj" and lemma(c) in FORCES]
    return bool(places and forces)


FORCES = {"troop", "force", "soldier", "army", "military", "peacekeeper", "contingent"}
DEPLOYING = {"deploy", "redeploy", "send", "dispatch", "station", "post", "position", "airlift"}


def deployed_forces(verb, subject) -> bool:
    """Whether a passive subject names forces sent somewhere ("French troops were sent",
    "hundreds of Turkish soldiers were deployed"): their state acts, it is not acted on."""
    if lemma(verb) not in DEPLOYING:
        return False
    counted = [o for p in subject.children if p.lower_ == "of" for o in p.children]
    return any(lemma(t) in FORCES for t in (subject, *counted))


def ground(noun) -> bool:
    """Whether what is taken is ground, a place or a ship: a seizure by force, not an arrest
    or a confiscation ("seized the town", "captured Mosul", "seized control of")."""
    return noun.ent_type_ in {"GPE", "LOC", "FAC"} or lemma(noun) in GROUND


def verdict(verb):
    """The verdict a court's "find" gives ("found Nielsen guilty of fraud"), if any."""
    if lemma(verb) != "find":
        return None
    return next((c for c in verb.children if lemma(c) in VERDICTS and c.dep_ != "nsubj"), None)


def asked_for(noun) -> bool:
    """Whether an event noun is what someone asks for ("called for sanctions", "demanded an
    investigation")."""
    head = noun.head
    if noun.dep_ == "pobj" and head.lower_ == "for" and head.head.pos_ == "VERB":
        return PHRASAL.get((lemma(head.head), "for")) == "REQUEST"
    return noun.dep_ in {"dobj", "obj"} and VERBS.get(lemma(head)) == "REQUEST"


def decree_of(verb):
    """The decree, order or law a verb signs, if any."""
    return next(
        (c for c in verb.children if c.dep_ in {"dobj", "obj"} and lemma(c) in DECREES), None
    )


DECREES = {"decree", "order", "law", "bill", "ordinance", "edict", "proclamation"}


def hands_over_aid(verb) -> bool:
    """Whether what is handed over is money or relief goods, not something taken."""
    return any(
        t.ent_type_ == "MONEY" or lemma(t) in RELIEF_GOODS
        for c in verb.children
        if c.dep_ in {"dobj", "obj"}
        for t in c.subtree
    )


CARRYING = {"fly", "ship", "airlift", "airdrop", "truck", "ferry", "transport"}
RELIEF_GOODS = {
    "aid",
    "equipment",
    "medicine",
    "supply",
    "vaccine",
    "food",
    "relief",
    "assistance",
    "donation",
    "grant",
    "ventilator",
    "mask",
}


def calls_for_punishment(verb) -> bool:
    """Whether a call is for sanctions, an embargo or a ban against someone: hostility to the
    one to be punished, whoever is asked to do it (CAMEO 1312 threaten with sanctions)."""
    return any(
        noun_type(noun) in {"COERCE", "SANCTION"}
        and any(p.lower_ in {"against", "on"} for p in noun.children if p.dep_ == "prep")
        for prep in verb.children
        if prep.dep_ == "prep" and prep.lower_ == "for"
        for noun in prep.children
        if noun.dep_ == "pobj"
    )


def phones(verb) -> bool:
    """Whether the verb is a telephone call ("called Lavrov to discuss"), not a call on or for
    someone: the caller does what it was made to do."""
    return lemma(verb) in {"call", "phone", "telephone", "ring"} and particle(verb) not in {
        "on",
        "upon",
        "for",
        "off",
    }


def object_phrase(verb) -> bool:
    """Whether the verb's type comes from the verb and its object together ("granted
    asylum", "accepted refugees"): a reading the classifier does not overrule."""
    return (
        takes_in_refugees(verb)
        or halted_talks(verb) is not None
        or any(c.dep_ == "dobj" and (lemma(verb), lemma(c)) in PHRASAL for c in verb.children)
    )


def halted_talks(verb):
    """The negotiations or mediation a verb halts ("suspended talks with the EU", "ended
    mediation efforts"), if any; "ended two days of talks" concludes them, so "end" counts
    only for mediation."""
    if lemma(verb) not in HALTING:
        return None
    for child in verb.children:
        if child.dep_ not in {"dobj", "obj"} or noun_type(child) != "CONSULT":
            continue
        words = {lemma(child), *(lemma(m) for m in child.children if m.dep_ == "compound")}
        if lemma(verb) != "end" or "mediation" in words:
            return child
    return None


HALTING = {"halt", "suspend", "end", "abandon", "freeze"}


def takes_in_refugees(verb) -> bool:
    return lemma(verb) in ADMITTING and any(
        c.dep_ == "dobj" and lemma(c) in REFUGEES for c in verb.children
    )


ADMITTING = {"accept", "admit", "take", "welcome", "resettle", "receive", "host"}
REFUGEES = {"refugee", "migrant", "asylum-seeker", "seeker", "evacuee"}


def cancels(verb) -> bool:
    """Whether a verb calls off what it takes ("cancelled", "called off")."""
    return lemma(verb) in CANCELLING or (lemma(verb), particle(verb)) == ("call", "off")


def agreement_object(verb):
    """The agreement a verb makes ("signed a pact", "agreed to / on a deal"), if any."""
    for child in verb.children:
        if child.dep_ in {"dobj", "obj"} and lemma(child) in AGREEMENTS:
            return child
        if child.dep_ == "prep" and child.text.lower() in {"to", "on"}:
            for noun in child.children:
                if noun.dep_ == "pobj" and lemma(noun) in AGREEMENTS:
                    return noun
    return None


def noun_type(token) -> str:
    if token.pos_ not in {"NOUN", "PROPN"}:
        return ""
    key = lemma(token)
    modifiers = [c for c in token.children if c.dep_ in {"compound", "amod"}]
    found = ""
    for modifier in reversed(modifiers):  # the nearest first: "a joint war game"
        joined = f"{lemma(modifier)} {key}"
        if joined in NOUNS:
            found = NOUNS[joined]
            break
    for prep in token.children:
        if prep.dep_ == "prep" and prep.text.lower() == "of":
            for pobj in prep.children:
                if (key, lemma(pobj)) in OF_PHRASES:
                    return OF_PHRASES[key, lemma(pobj)]
    if key == "strike" and work_stoppage(token, modifiers):
        return "PROTEST"
    if key in {"attack", "assault"} and verbal_attack(token, modifiers):
        return "ACCUSE"
    found = found or NOUNS.get(key, "")
    if found == "MOBILIZE" and any(lemma(c) in {"joint", "combined"} for c in token.children):
        return "COOPERATE"  # joint exercises are cooperation between the partners
    return found


def verbal_attack(attack, modifiers: list) -> bool:
    """Whether an "attack" is made in words (CAMEO 111 criticize): "a scathing attack",
    "an attack on the impeachment proceedings", "attacked …, calling them nutters"."""
    if any(lemma(m) in VERBAL_ATTACKS for m in modifiers):
        return True
    aimed = [o for p in attack.children if p.lower_ == "on" for o in p.children if o.dep_ == "pobj"]
    if any(lemma(o) in STANCES for o in aimed):
        return True
    verb = light_verb_of(attack)
    return verb is not None and any(c.dep_ == "advcl" and lemma(c) in NAMING for c in verb.children)


VERBAL_ATTACKS = {"scathing", "verbal", "blistering", "stinging", "withering", "rhetorical"}
# What can only be attacked in words.
STANCES = {
    "policy",
    "proceeding",
    "law",
    "decision",
    "report",
    "comment",
    "remark",
    "statement",
    "plan",
    "record",
    "stance",
    "handling",
    "leadership",
    "media",
    "press",
    "judiciary",
}
NAMING = {"call", "describe", "brand", "label", "dub", "accuse"}


def work_stoppage(strike, modifiers: list) -> bool:
    """Whether a "strike" is workers stopping work (CAMEO 143), not a military strike: "went
    on strike", "a general strike", "ended the strike"."""
    if any(lemma(m) in STRIKE_WORDS for m in modifiers):
        return True
    if strike.dep_ == "pobj" and strike.head.text.lower() == "on":
        return True
    return strike.dep_ in {"dobj", "obj"} and (
        (lemma(strike.head), "strike") in PHRASAL or cancels(strike.head)
    )


def conjuncts(token) -> list:
    return [token, *token.conjuncts]


def phrase_objects(prep) -> list:
    """What a preposition (or a passive's "by") takes, with its conjuncts."""
    return [t for c in prep.children if c.dep_ == "pobj" for t in conjuncts(c)]


def culpable_subjects(word) -> list | None:
    """Who is "responsible for" or "guilty of" an act named by `word` (a verb or event noun in
    that phrase): the subject of the copula ("Los Zetas has been responsible for killings");
    None when the word is in no such phrase."""
    prep = word.head
    if word.dep_ not in {"pcomp", "pobj"} or prep.lower_ not in {"for", "of"}:
        return None
    adjective = prep.head
    if lemma(adjective) not in CULPABLE or adjective.dep_ != "acomp":
        return None
    return subject_of(adjective.head)[0]


CULPABLE = {"responsible", "guilty", "culpable"}


def blamed(verb) -> list:
    """Those a speech verb's clause holds responsible ("said Taliban militants were
    responsible"): blaming is accusing (CAMEO 112)."""
    return [
        t
        for clause in verb.children
        if clause.dep_ == "ccomp"
        and any(c.dep_ == "acomp" and lemma(c) in CULPABLE for c in clause.children)
        for subject in clause.children
        if subject.dep_ == "nsubj"
        for t in conjuncts(subject)
    ]


def one_per_name(tokens: list) -> list:
    """The tokens less those of a name another token of the list ends: the parser makes each
    piece of "Omar al-Bashir" a subject of its own."""

    def name_start(token) -> int:
        i = token.i
        while token.doc[i].ent_iob_ == "I":
            i -= 1
        return i

    last: dict[int, object] = {}
    for token in tokens:
        if token.ent_iob_ in {"B", "I"}:
            start = name_start(token)
            if start not in last or token.i > last[start].i:
                last[start] = token
    return [t for t in tokens if t.ent_iob_ not in {"B", "I"} or last[name_start(t)] == t]


def subject_of(verb, *, depth: int = 0) -> tuple[list, list]:
    """(sources, passive targets) of a verb, climbing to a governing verb when it has none."""
    sources, passive = [], []
    for child in verb.children:
        if child.dep_ in SUBJECTS:
            found = instrument_agents(child)
            sources.extend(wielder(child) or (conjuncts(child) if found is None else found))
        elif child.dep_ == "nsubjpass" and deployed_forces(verb, child):
            sources.extend(conjuncts(child))  # "French troops were sent to Mali": France's
        elif child.dep_ == "nsubjpass":
            passive.extend(antecedent(t) for t in conjuncts(child))  # "civilians who were …"
        elif child.dep_ == "agent" or at_the_hands_of(child):
            for named in phrase_objects(child) if child.dep_ == "agent" else hands_of(child):
                found = instrument_agents(named)
                sources.extend([named] if found is None else found)
    sources = [antecedent(t) for t in one_per_name(sources)]
    if verb.dep_ == "acl" and verb.tag_ == "VBN" and verb.head.pos_ in {"NOUN", "PROPN"}:
        passive = [*passive, verb.head]  # "a group helped by the UK government": helped
    if sources or depth > 4:
        return sources, passive
    head = verb.head
    if head == verb:
        return sources, passive
    if verb.dep_ == "pcomp" and verb.tag_ == "VBG" and (controller := gerund_controller(verb)):
        return controller, passive  # "was in court facing prosecution for fighting Isis"
    asked = [c for c in head.children if c.dep_ == "dobj"] + [
        o  # "called on Iran to release": the one called on
        for p in head.children
        if p.dep_ == "prep" and p.lower_ in {"on", "upon"} and lemma(head) in {"call", "prevail"}
        for o in p.children
        if o.dep_ == "pobj"
    ]
    controller = [
        c
        for c in asked
        if c.pos_ in {"PROPN", "PRON"} or c.ent_type_ in {"PERSON", "ORG", "GPE", "NORP"}
    ]
    if verb.dep_ == "xcomp" and controller and head.pos_ == "VERB" and not phones(head):
        # "asked Russia to release the prisoners": the one asked is the one to release (a
        # named one: in "started a hunger strike to protest" the strike does not protest)
        return conjuncts(controller[0]), passive
    if verb.dep_ in {"xcomp", "conj"} and head.pos_ in {"VERB", "AUX"}:
        inherited, _ = subject_of(head, depth=depth + 1)
        return inherited, passive
    if verb.dep_ == "xcomp" and head.dep_ == "acomp" and head.head.pos_ in {"VERB", "AUX"}:
        # "Germany is willing to provide support": the subject of "is"
        inherited, _ = subject_of(head.head, depth=depth + 1)
        return inherited, passive
    if (culprits := culpable_subjects(verb)) is not None:
        return culprits, passive  # "are guilty of violating the ceasefire"
    gerund_or_purpose = verb.tag_ == "VBG" or to_infinitive(verb)
    if verb.dep_ == "advcl" and gerund_or_purpose and head.pos_ in {"VERB", "AUX"}:
        # "… , citing X", "went on strike to protest X": the main clause's subject
        inherited, _ = subject_of(head, depth=depth + 1)
        return inherited, passive
    if verb.dep_ == "acl" and lemma(head) in PUBLICATIONS and head.head.pos_ in {"VERB", "AUX"}:
        # "the EU released a statement criticising X": who released it criticised
        inherited, _ = subject_of(head.head, depth=depth + 1)
        return inherited or [head], passive
    if (owner := intention_owner(verb)) is not None:
        return conjuncts(owner), passive  # "Russia's decision to withdraw": Russia withdraws
    if verb.dep_ == "acl" and verb.tag_ == "VBN" and head.pos_ in {"NOUN", "PROPN", "PRON"}:
        return sources, [*passive, head]  # "the victims arrested in the incident": done to them
    if verb.dep_ in {"relcl", "acl"} and head.pos_ in {"NOUN", "PROPN", "PRON"} and not passive:
        return [head], passive  # a passive relative clause ("who was captured") is done to it
    return sources, passive


def at_the_hands_of(prep) -> bool:
    """'killed at the hands of Houthi rebels': the agent in other words."""
    return prep.dep_ == "prep" and prep.lower_ == "at" and bool(hands_of(prep))


def hands_of(prep) -> list:
    return [
        named
        for hands in prep.children
        if hands.dep_ == "pobj" and hands.lower_ == "hands"
        for of in hands.children
        if of.dep_ == "prep" and of.lower_ == "of"
        for named in phrase_objects(of)
    ]


RELATIVE_PRONOUNS = {"who", "which", "that", "whom"}

# What does harm by itself without being anyone: an attack or a weapon is no actor.
INSTRUMENTS = {
    *("device", "bomb", "missile", "rocket", "shell", "mine", "drone", "explosion", "blast"),
    *("airstrike", "strike", "raid", "bombardment", "shelling", "fire", "gunfire", "grenade"),
    *("ied", "explosive", "car", "truck", "barrel", "munition", "weapon", "artillery"),
}


def instrument_agents(noun) -> list | None:
    """For an event or a weapon that stands as an actor ("an airstrike hits", "killed by an
    improvised explosive device", "suffocated by Saturday's chemical attack"): who is named
    doing it ("a Russian airstrike", "an attack by Isis"), [] when no one is; None when the
    noun is no event or weapon."""
    if noun.pos_ != "NOUN" or not (noun_type(noun) or lemma(noun) in INSTRUMENTS):
        return None
    kind = noun_type(noun) or "ASSAULT"
    if kind not in {"ASSAULT", "COERCE", "MOBILIZE", "SANCTION"}:
        return None  # "the talks agreed", "the protest demanded": a body of people acts
    sources, _, _ = nominal_arguments(noun, kind)
    return [t for t in sources if t.ent_type_ not in {"DATE", "TIME"}]


def antecedent(subject):
    """The noun a relative pronoun stands for ("Matthews, who joined Kurdish forces": Matthews)."""
    clause = subject.head
    if subject.lower_ in RELATIVE_PRONOUNS and clause.dep_ == "relcl":
        return clause.head
    return subject


# Verbs whose object is the one a gerund after them is about ("accused Iran of attacking",
# "praised Turkey for helping"): the object, not the subject, does what the gerund says.
OBJECT_CONTROL = {
    *("accuse", "blame", "charge", "convict", "arrest", "detain", "praise", "thank"),
    *("condemn", "criticize", "criticise", "punish", "sentence", "jail", "fine", "sue"),
    *("suspect", "commend", "reward", "investigate", "prosecute", "sanction"),
}


def gerund_controller(verb) -> list:
    """Who does what a gerund after a preposition says, when it has no subject of its own:
    the object of an accusing or praising verb it hangs on ("accused Iran of attacking"),
    else the subject of the nearest verb above it, or that verb's passive subject ("was
    arrested for fighting", "faces prosecution for fighting": the one arrested or facing)."""
    node = verb.head
    for _ in range(6):
        if node.pos_ in {"VERB", "AUX"}:
            break
        if node.head == node:
            return []
        node = node.head
    else:
        return []
    if lemma(node) in OBJECT_CONTROL and verb.head.head == node:
        objects = [c for c in node.children if c.dep_ in {"dobj", "obj"}]
        if objects:
            return conjuncts(objects[0])
    sources, passive = subject_of(node, depth=3)
    return sources or passive[:1]


def intention_owner(verb):
    """Whose decision, plan or commitment a verb completes ("the U.N.'s commitment to
    supporting Lebanon", "Russia's decision to withdraw"): the noun's possessor, when the verb
    is its infinitive or the gerund after its "to"/"of"; for a possessive pronoun, only the
    subject of the clause the noun is the object of (`own_clause_owner`)."""
    head = verb.head
    if verb.dep_ == "acl" and to_infinitive(verb):
        noun = head
    elif verb.dep_ == "pcomp" and verb.tag_ == "VBG" and head.lower_ in {"to", "of"}:
        noun = head.head
    else:
        return None
    owner = possessor(noun) if noun.pos_ == "NOUN" else None
    if owner is not None and owner.pos_ == "PRON":
        return own_clause_owner(noun, owner)
    return owner


def own_clause_owner(noun, pronoun):
    """The subject a possessive pronoun on a clause's object stands for: "the Air Force
    reiterated its commitment to support the police" is the Air Force's commitment. Only a
    subject that agrees with the pronoun ("its": one thing, "their": several, "his"/"her": a
    person) and only for the verb's own object."""
    if noun.dep_ not in {"dobj", "obj"}:
        return None
    subject = next((c for c in noun.head.children if c.dep_ == "nsubj"), None)
    if subject is None:
        return None
    word = pronoun.lower_
    several = subject.tag_ in {"NNS", "NNPS"} or any(c.dep_ == "conj" for c in subject.children)
    if word == "its":
        agrees = not several and subject.ent_type_ != "PERSON" and subject.pos_ != "PRON"
    elif word == "their":
        agrees = several
    elif word in {"his", "her"}:
        agrees = subject.ent_type_ == "PERSON"
    else:
        agrees = False
    return subject if agrees else None


# What is done with a weapon or a vehicle by whoever wields it ("supported by" is not one).
WIELDED = {
    "fire",
    "launch",
    "drop",
    "fly",
    "operate",
    "deploy",
    "send",
    "plant",
    "use",
    "carry",
    "drive",
    "pilot",
    "shoot",
    "detonate",
    "throw",
}


def wielder(noun) -> list:
    """Who fired the missiles that struck: the agent of a weapon or vehicle the subject names
    as wielded by someone ("the missiles fired by the Israeli military")."""
    if noun.pos_ != "NOUN":
        return []
    return [
        t
        for participle in noun.children
        if participle.dep_ == "acl" and lemma(participle) in WIELDED
        for agent in participle.children
        if agent.dep_ == "agent"
        for by in agent.children
        if by.dep_ == "pobj"
        for t in conjuncts(by)
    ]


def objects_of(token, event_type: str) -> list:
    """Targets: direct objects, datives and the prepositional objects the type takes."""
    preps = TARGET_PREPS.get(event_type, set()) | TARGET_PREPS[""]
    if event_type in {"AID"}:
        preps = preps - {"with"}  # "help Russia with weapons": weapons are not a target
    targets = []
    for child in token.children:
        if child.dep_ == "dobj" and (
            (lemma(token), lemma(child)) in PHRASAL or child == halted_talks(token)
        ):
            # "declared its support for the deal": the object is part of the predicate; the
            # target is what it is aimed at
            targets.extend(prep_objects(child, preps | {"of", "by"}))  # "demands of X"
            # "gave the Pentagon permission": the parser makes the recipient a compound
            targets.extend(c for c in child.children if c.dep_ == "compound" and named_actor(c))
        elif child.dep_ in {"dobj", "dative", "obj", "attr"} and child.pos_ in {
            "PROPN",
            "NOUN",
            "PRON",
        }:
            targets.extend(conjuncts(child))
        elif preposition(child) and child.lower_ in preps and not at_the_hands_of(child):
            targets.extend(phrase_objects(child))
    # "on Thursday" is a date; "on alert" is the predicate itself
    targets = [t for t in targets if t.ent_type_ not in {"DATE", "TIME"} and lemma(t) != "alert"]
    own = [
        t
        for t in targets
        if t.dep_ == "dobj"
        and (
            owned_by_subject(t)
            or (event_type in GIVING and not named_actor(t))
            or lemma(token) == "award"  # "awarded the Freedom Order to Clinton"
        )
    ]
    if own:
        # "opened its borders to German products", "sent its envoy to Iran": what the actor
        # gives or moves is its own; the one it goes to is the target
        receivers = (
            prep_objects(token, {"to", "for"})
            or [
                r
                for t in own
                for r in prep_objects(t, {"to"})  # "a sculpture … to the ambassador"
            ]
            or (handed_to(token) if event_type in GIVING else [])
        )
        if receivers:
            return receivers + [t for t in targets if t not in own and t not in receivers]
        if event_type == "MOBILIZE":
            # "beefed up its troop presence on the border": one's own forces are no target
            return [t for t in targets if t not in own]
    return targets or infinitive_subjects(token) or verdict_subjects(token) or blamed(token)


def verdict_subjects(verb) -> list:
    """The one found guilty: the parser makes it the subject of "guilty"."""
    found = verdict(verb)
    if found is None:
        return []
    return [t for c in found.children if c.dep_ == "nsubj" for t in conjuncts(c)]


def handed_to(verb) -> list:
    """Whom a giving verb hands its object to where the parser hung the 'to' phrase deep
    inside the object ("returned dozens of Mayan artifacts to the Embassy of El Salvador"):
    the last such phrase that is not a date ("skulls that date back to A.D. 640 to Peru").
    The released are a release's target, not whom they are handed to."""
    if lemma(verb) in RELEASING:
        return []
    found: list = []
    for obj in (c for c in verb.children if c.dep_ in {"dobj", "obj"}):
        for token in obj.subtree:
            if token.dep_ == "prep" and token.lower_ == "to":
                objects = [
                    t
                    for c in token.children
                    if c.dep_ == "pobj" and c.ent_type_ not in NOT_NAMED
                    for t in conjuncts(c)
                ]
                found = objects or found
    return found


RELEASING = {"release", "free"}


def to_infinitive(verb) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def infinitive_subjects(verb) -> list:
    """The one a verb acts on through an infinitive: "urged Iran to stop", "rejected
    Netanyahu('s request) to delay the trial" (parsed as a clause with its own subject),
    also through a bare clause ("supported girls going to school", "let them go")."""
    return [
        t
        for clause in verb.children
        if clause.dep_ in {"ccomp", "xcomp"} and (to_infinitive(clause) or bare_clause(clause))
        for subject in clause.children
        if subject.dep_ == "nsubj"
        for t in conjuncts(subject)
    ]


def bare_clause(clause) -> bool:
    """A clause with no tense of its own and nothing that introduces it: "girls going",
    "them go" (not "that Iran would go", "Iran went")."""
    return clause.tag_ in {"VB", "VBG"} and not any(
        c.dep_ in {"aux", "auxpass", "mark"} for c in clause.children
    )


def prep_objects(token, preps: set[str]) -> list:
    """The objects of the prepositions in `preps` that hang on `token` ("aid to Turkey")."""
    return [
        t
        for child in token.children
        if preposition(child) and child.lower_ in preps
        for t in phrase_objects(child)
    ]


def preposition(token) -> bool:
    """A preposition heading a phrase ("to" in "sent aid to Turkey" is parsed as a dative)."""
    return token.dep_ in {"prep", "prt"} or (token.dep_ == "dative" and token.pos_ == "ADP")


# Types whose object is a thing handed over: the one it goes to is the target ("returned a
# sculpture to the Algerian ambassador").
GIVING = {"AID", "CONCEDE", "RETREAT"}


def owned_by_subject(noun) -> bool:
    return any(
        c.dep_ == "poss" and c.lower_ in {"its", "their", "his", "her", "our"}
        for c in noun.children
    )


def governing_speech(token):
    """The speech verb whose complement holds this clause ('said' in 'X said Y would …')."""
    current = token
    for _ in range(6):
        if current.dep_ == "ccomp" and lemma(current.head) in SPEECH_VERBS:
            return current.head
        if current.head == current or current.dep_ not in {
            "ccomp",
            "conj",
            "xcomp",
            "advcl",
            "acomp",  # "said it was ready to help"
        }:
            return None
        current = current.head
    return None


def finite(token) -> bool:
    return token.tag_ in {"VBD", "VBZ", "VBP", "MD"}


# Nouns whose infinitive did not happen: "failure to act", "refusal to pay".
NEGATING_NOUNS = {"failure", "refusal"}


def negation_of(verb) -> tuple[bool, str]:
    """Whether the predicate is denied, and the words that say so."""
    for child in verb.children:
        if child.dep_ == "neg" or (child.dep_ in {"advmod", "det"} and lemma(child) in NEGATORS):
            return True, child.text
    head = verb.head
    if verb.dep_ == "xcomp" and lemma(head) in NEGATING:
        return True, head.text
    if verb.dep_ == "xcomp" and head.dep_ == "xcomp" and lemma(head.head) in NEGATING:
        return True, head.head.text
    if verb.dep_ == "acl" and lemma(head) in NEGATING_NOUNS and to_infinitive(verb):
        return True, head.text  # "Britain's failure to lend support"
    if verb.dep_ == "conj" and not finite(verb) and head != verb:
        return negation_of(head)
    return False, ""


def modality_of(verb) -> str:
    aux = {lemma(c) if c.lemma_ else c.text.lower() for c in verb.children if c.dep_ == "aux"}
    aux |= {c.text.lower() for c in verb.children if c.dep_ == "aux"}
    for child in verb.children:
        if child.dep_ == "mark" and lemma(child) in {"if", "unless"}:
            return "conditional"
    if verb.dep_ == "advcl" and any(lemma(c) in {"if", "unless"} for c in verb.children):
        return "conditional"
    if aux & FUTURE_AUX:
        return "future"
    if "would" in aux:
        return "future" if governing_speech(verb) is not None else "hypothetical"
    if aux & HYPOTHETICAL_AUX:
        return "hypothetical"
    if any(lemma(c) == "go" and c.dep_ == "aux" for c in verb.children):
        return "future"
    head = verb.head
    if verb.dep_ == "xcomp" and lemma(head) in READY_WORDS:
        return "future"  # "is ready to contribute troops": willing, not yet done
    if verb.dep_ == "xcomp" and lemma(head) in DECIDING:
        return "asserted"  # "decided to lift the sanctions": the decision is the act (CAMEO)
    if verb.dep_ == "xcomp" and lemma(head) in INTENDING:
        return "future" if lemma(head) in FUTURE_INTENT else "hypothetical"
    if verb.dep_ in {"xcomp", "ccomp"} and lemma(head) in ASKING and to_infinitive(verb):
        return "hypothetical"  # "called on Iran to release the prisoners": asked, not done
    if verb.dep_ == "conj" and not finite(verb) and head != verb:
        return modality_of(head)
    return "asserted"


# Verbs that ask another to act: what they ask for has not happened.
ASKING = {
    "urge",
    "ask",
    "call",
    "demand",
    "press",
    "pressure",
    "request",
    "appeal",
    "plead",
    "implore",
    "invite",
    "tell",
    "encourage",
    "push",
}


def possessor(token):
    for child in token.children:
        if child.dep_ == "poss":
            return child
    return None


def light_verb_of(noun):
    """The verb that carries a nominal event: 'held' in 'held a three-day state visit', 'held
    a new round of talks', 'the war game was staged by …'."""
    if noun.dep_ in {"dobj", "obj", "nsubjpass"} and lemma(noun.head) in LIGHT_VERBS:
        return noun.head
    if (
        noun.dep_ == "pobj"
        and noun.head.dep_ == "prep"
        and noun.head.lower_ != "as"  # "announced it as an assault continued": when
        and lemma(noun.head.head) in LIGHT_VERBS
    ):
        return noun.head.head
    if noun.dep_ == "pobj" and noun.head.lower_ == "of" and lemma(noun.head.head) in QUANTITIES:
        return light_verb_of(noun.head.head)
    return None


# Nouns that count events: the event is their "of" object ("a new round of talks").
QUANTITIES = {"round", "series", "wave", "spate", "string", "flurry", "barrage", "number"}


def counted_event(noun):
    """The event noun a counting noun stands for ("round" in "a round of talks"), if any."""
    if lemma(noun) not in QUANTITIES:
        return None
    return next(
        (
            pobj
            for prep in noun.children
            if prep.dep_ == "prep" and prep.lower_ == "of"
            for pobj in prep.children
            if pobj.dep_ == "pobj" and noun_type(pobj)
        ),
        None,
    )


def nominal_arguments(noun, event_type: str) -> tuple[list, list, bool]:
    """(sources, targets, joint) named inside a nominal event: 'talks between X and Y'."""
    sources, targets, joint = [], [], False
    owner = possessor(noun)
    if owner is not None:
        sources.extend(conjuncts(owner))
    elif (culprits := culpable_subjects(noun)) is not None:
        sources.extend(culprits)  # "Los Zetas has been responsible for mass killings"
    elif noun.dep_ == "attr" and lemma(noun.head) in COPULAS:
        # "Germany has been the largest donor": the subject is the one the noun describes
        sources.extend(t for t in subject_of(noun.head)[0] if t.pos_ in {"PROPN", "NOUN"})
    if owner is None:
        sources.extend(adjective_agents(noun))
    for child in noun.children:
        if child.dep_ != "prep":
            continue
        word = child.text.lower()
        objects = phrase_objects(child)
        if word == "of" and not any(c.dep_ == "prep" and c.lower_ == "by" for c in noun.children):
            # "the bombardment of the enclave by Russian planes": the parser hangs the agent
            # on the object
            by = [p for o in objects for p in o.children if p.dep_ == "prep" and p.lower_ == "by"]
            if by:
                sources[:] = phrase_objects(by[0])
        if word == "by":
            sources[:] = [*objects]  # the agent named with "by" wins over an adjective
        elif word == "between" and objects and owner is not None:
            targets.extend(objects)  # "Russia's mediation between India and Pakistan"
        elif word == "between" and objects:
            sources.append(objects[0])
            targets.extend(objects[1:])
            joint = True
        elif word == "of" and event_type in {"ASSAULT", "COERCE", "SANCTION", "ACCUSE", "CONCEDE"}:
            targets.extend(objects)
        elif word == "from" and event_type in {"AID", "CONSULT"}:
            sources.extend(objects)
        elif word in TARGET_PREPS.get(event_type, set()) | TARGET_PREPS[""]:
            targets.extend(objects)
    return sources, targets, joint


def adjective_agents(noun) -> list:
    """Who does an event named as a people's adjective or an organization before the noun:
    "Israeli airstrikes", "the Russian invasion", "a Syrian regime offensive", "NATO
    airstrikes". A country's name there is left alone: "Iran sanctions" are on Iran."""
    agents = []
    for child in noun.children:
        if child.dep_ == "amod" and child.ent_type_ == "NORP":
            agents.append(child)
        elif child.dep_ == "compound" and child.ent_type_ == "ORG" and child.pos_ == "PROPN":
            agents.append(child)
        elif child.dep_ == "compound" and any(
            m.dep_ == "amod" and m.ent_type_ == "NORP" for m in child.children
        ):
            agents.append(child)  # "Syrian regime" in "a Syrian regime offensive"
        elif child.dep_ == "amod" and lemma(child) in LEADING:
            # "US-led airstrikes": the leader does it ("Russian-backed" names only a backer)
            agents.extend(m for m in child.children if m.dep_ in {"npadvmod", "compound"})
    return agents


# Participles after a hyphen that make their first part the one who acts ("US-led").
LEADING = {"lead", "run", "launch", "conduct"}


def skip_verb(token) -> bool:
    """A verb whose complement carries the event ('refused to criticize', 'plans to visit')."""
    key = lemma(token)
    if key in OWNS_COMPLEMENT | REFUSALS:
        return False  # a refusal is a REJECT of its own, beside the denied complement
    if key in NEGATING | INTENDING:
        return any(c.dep_ == "xcomp" and (verb_type(c) or light_object(c)) for c in token.children)
    return False


def light_object(verb):
    """The event noun a light verb carries, if any ('held talks' → talks, 'agreed to a
    deal' → deal)."""
    if lemma(verb) in FINALIZING and (agreement := agreement_object(verb)) is not None:
        return agreement
    if cancels(verb):
        return next((c for c in verb.children if c.dep_ in {"dobj", "obj"} and noun_type(c)), None)
    if lemma(verb) not in LIGHT_VERBS and VERBS.get(lemma(verb)) != "":
        return None
    for child in verb.children:
        if child.dep_ in {"dobj", "obj"} and noun_type(child):
            return child
        if child.dep_ in {"dobj", "obj"} and (counted := counted_event(child)) is not None:
            return counted
        if child.dep_ == "nsubjpass" and not VERBS.get(lemma(verb)) and noun_type(child):
            return child  # "the war game was staged by U.S. marines"
    if object_phrase(verb):
        return None  # "voiced his support for Maduro in a phone call": the verb's phrase
    for child in verb.children:  # "went on strike", "went on a visit to Japan"
        if child.dep_ == "prep":
            for noun in child.children:
                if noun.dep_ == "pobj" and noun_type(noun) and light_verb_of(noun) == verb:
                    return noun
    return None


# A sentence the rules code nothing in gets the classifier's frame above this probability.
FALLBACK_MIN = 0.45


def frames(sent, *, classify: bool = True) -> Iterator[Frame]:
    """Every coded predicate of one sentence (a spaCy Span).

    With `classify` (the default) the trained relation classifier checks the type of the
    rule frame when it is the sentence's only one and not negated (`coding.relation.retype`),
    and codes the main clause of a sentence where the rules find no predicate with an actor
    when it is confident enough.
    """
    found = without_repeats(list(demanded(announced(with_rejections(rule_frames(sent))))))
    if not classify:
        yield from found
        return
    if not any(frame.sources for frame in found):
        # Nothing the rules found has an actor doing it ("… have fired across the ceasefire
        # line": only the nominal 'ceasefire'): the classifier reads the main clause.
        fallback = classifier_frame(sent)
        if fallback is not None:
            found = [*demanded([fallback]), *found]
    if len(found) != 1:
        # Several frames compete in one sentence: only a pair with both actors and a much
        # stronger classifier reading changes its type.
        for frame in found:
            alone = bool(frame.sources and frame.targets) and not any(
                other is not frame and between(other.trigger, frame) for other in found
            )
            yield checked(sent, frame, margin=MULTI_FRAME_MARGIN) if alone else frame
        return
    yield checked(sent, found[0])


def without_repeats(found: list[Frame]) -> list[Frame]:
    """The frames less those that repeat another of the same type by the same actors with no
    target of their own ("started a hunger strike to protest": one protest)."""

    def key(frame: Frame) -> tuple:
        return frame.event_type, frame.negated, tuple(t.i for t in frame.sources)

    kept = []
    for index, frame in enumerate(found):
        repeated = (
            frame.sources
            and not frame.targets
            and any(
                key(other) == key(frame) and (other.targets or other_index < index)
                for other_index, other in enumerate(found)
                if other_index != index
            )
        )
        if not repeated:
            kept.append(frame)
    return kept


def rejection(frame: Frame, reason: str) -> Frame:
    """The REJECT that a denied agreement or refused act is, made when said (asserted)."""
    return replace(
        frame, event_type="REJECT", negated=False, modality="asserted", why=[*frame.why, reason]
    )


def with_rejections(found: Iterable[Frame]) -> Iterator[Frame]:
    """Frames, and after an agreement that is denied ("Slovakia will not accept refugees",
    "failed to reach agreement") a REJECT by the same actors: refusing to agree is a rejection.
    The denied AGREE stays, negated, as a refused complement does."""
    for frame in found:
        yield frame
        agreeing = frame.event_type == "AGREE" or lemma(frame.verb) in FINALIZING
        if agreeing and frame.negated and frame.modality != "hypothetical":
            yield rejection(frame, "a denied agreement is a rejection")


# PLOVER's cooperation types other than AGREE: the acts one can commit to; and the
# conflict acts one can threaten (CAMEO 13x).
COOPERATION = {"CONSULT", "SUPPORT", "COOPERATE", "AID", "CONCEDE", "RETREAT"}
CONFLICT = {"PROTEST", "SANCTION", "COERCE", "ASSAULT"}


OBLIGING = {"must", "should"}


def is_obliged(verb) -> bool:
    """Whether a verb is what someone "must" or "should" do, also as the second of joined
    verbs ("must ensure security and provide aid") or after "be ready/able to"."""
    for _ in range(3):
        if any(c.dep_ == "aux" and c.lower_ in OBLIGING for c in verb.children):
            return True
        if verb.dep_ == "conj":
            verb = verb.head
        elif verb.dep_ == "xcomp" and verb.head.dep_ == "acomp":
            verb = verb.head.head  # "must be ready to mediate": the "be"
        else:
            return False
    return False


def demanded(found: Iterable[Frame]) -> Iterator[Frame]:
    """What a speaker says another must do is a demand of it: a REQUEST by the speaker of
    the one obliged ("Russia says Israel must end attacks on Syria", CAMEO 10x), in place of
    the act demanded (which no one asserts; the reason keeps it)."""
    for frame in found:
        verb = frame.verb
        speech = governing_speech(verb)
        obliged = is_obliged(verb)
        speakers = subject_of(speech)[0] if speech is not None and obliged else []
        if not speakers or not frame.sources or frame.negated:
            yield frame
            continue
        yield replace(
            frame,
            event_type="REQUEST",
            sources=speakers,
            targets=frame.sources,
            modality="asserted",
            settled=True,
            speaker=None,
            why=[
                *frame.why,
                f"'{speech.text}' that {frame.sources[0].text} must {frame.trigger.text}: a demand",
            ],
        )


def announced(found: Iterable[Frame]) -> Iterator[Frame]:
    """Acts announced for the future, coded as the codebook codes announcements: cooperation
    is a commitment, AGREE ("will hold talks with", "said it would free the prisoners");
    conflict a threat, THREATEN ("will extend the curfew", "would boycott the election",
    CAMEO 13x); cooperation announced as not going to happen a refusal, a REJECT beside the
    denied act ("will not lift the embargo"). Each is made when said: asserted, not future."""
    for frame in found:
        if frame.modality != "future" or frame.event_type not in COOPERATION | CONFLICT:
            yield frame
        elif frame.event_type in CONFLICT:
            if not frame.negated:  # "will not attack" promises nothing the codebook codes
                frame.why.append(f"{frame.event_type} announced for the future: a threat")
                frame.event_type, frame.modality, frame.settled = "THREATEN", "asserted", True
            yield frame
        elif frame.negated:
            yield frame
            yield rejection(frame, "a refused act of cooperation is a rejection")
        else:
            frame.why.append(f"{frame.event_type} announced for the future: a commitment")
            frame.event_type, frame.modality, frame.settled = "AGREE", "asserted", True
            yield frame


def phrase_span(sent, head) -> tuple[int, int]:
    """Character span of an argument's phrase, relative to the sentence."""
    tokens = phrase_tokens(head)
    start = tokens[0].idx - sent.start_char
    return start, tokens[-1].idx + len(tokens[-1].text) - sent.start_char


MULTI_FRAME_MARGIN = 0.6


def between(token, frame: Frame) -> bool:
    """Whether a token lies between a frame's source and target: the classifier reads that
    stretch, so another predicate there would be read as this frame's."""
    ends = sorted([frame.sources[0].i, frame.targets[0].i])
    return ends[0] < token.i < ends[1]


def checked(sent, frame: Frame, *, margin: float | None = None) -> Frame:
    """The frame with its type checked by the classifier (rule type kept unless clearly off)."""
    from .relation import retype

    if frame.negated or frame.settled or (frame.why and frame.why[0].startswith("classifier")):
        return frame  # a denied event keeps the type the rules read ("refused to criticize")
    source = phrase_span(sent, frame.sources[0]) if frame.sources else None
    target = phrase_span(sent, frame.targets[0]) if frame.targets else None
    if source is None and target is None:
        return frame
    kind, probability = (
        retype(sent.text, source, target, frame.event_type)
        if margin is None
        else retype(sent.text, source, target, frame.event_type, margin=margin)
    )
    if kind != frame.event_type:
        frame.why.append(f"classifier: {frame.event_type} → {kind} (p={probability:.2f})")
        frame.event_type = kind
    return frame


STATE_VERBS = {"be", "have", "become", "remain", "seem", "appear", "stay", "include"}


def classifier_frame(sent) -> Frame | None:
    """The main clause's subject → object relation, typed by the classifier when confident."""
    from .relation import classify_relation

    root = sent.root
    verb = clause_verb(root)
    if verb is None:
        return None  # a statement or a state of affairs is not an event
    sources, passive = subject_of(verb)
    if not sources and verb != root:
        sources, _ = subject_of(root)  # "Germany is willing to provide support …"
    targets = passive + [
        t
        for child in verb.children
        if child.dep_ in {"dobj", "dative", "obj"} and child.pos_ in {"PROPN", "NOUN", "PRON"}
        for t in conjuncts(child)
    ]
    for child in verb.children:
        if child.dep_ == "prep":
            targets.extend(phrase_objects(child))
    for obj in list(targets):
        # "filed charges against President Temer": the actor the object is aimed at
        targets.extend(prep_objects(obj, AIMED_AT))
    if not sources:
        return None
    if not any(names_an_actor(t) for t in (*sources, *targets)):
        return None  # no name anywhere: nothing the article coder could resolve
    targets.sort(key=lambda t: not named_actor(t))  # stable: named actors first
    source = phrase_span(sent, sources[0])
    target = phrase_span(sent, targets[0]) if targets else None
    # The linear model: asked for many sentences of every story, it must stay fast.
    probabilities = classify_relation(sent.text, source, target, model="linear")
    kind = max(probabilities, key=probabilities.__getitem__)
    if probabilities[kind] < FALLBACK_MIN:
        return None
    frame = Frame(
        trigger=verb,
        event_type=kind,
        sources=sources,
        targets=targets[:1],
        why=[f"classifier: '{verb.lemma_}' clause → {kind} (p={probabilities[kind]:.2f})"],
    )
    return finish(frame)


AIMED_AT = {"against", "on", "with", "to", "for", "at"}


def names_an_actor(head) -> bool:
    """Whether an argument's phrase holds a name ("Iraqi forces", "the court in Lyon"), a
    pronoun or an actor's role ("the court": both resolved from the story); "the price",
    "many people" hold none."""
    from ..resolve.actors import fold, load_kb

    if head.pos_ == "PRON" or fold(head.text) in load_kb().names:
        return True
    return any(t.ent_type_ in NAMED_KINDS or t.pos_ == "PROPN" for t in phrase_tokens(head)) or any(
        t.ent_type_ in {"GPE", "NORP"} for t in head.subtree
    )


NAMED_KINDS = {"GPE", "NORP", "ORG", "PERSON", "FAC"}


NOT_NAMED = {"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"}


def named_actor(token) -> bool:
    """A name that can be an actor (not "Thursday" or "$5 million")."""
    if token.ent_type_ in NOT_NAMED:
        return False
    return token.pos_ == "PROPN" or token.ent_type_ in NAMED_KINDS


# "X is ready / willing to V": the stance of an actor towards doing V.
READY_WORDS = {"ready", "willing", "prepared", "eager", "determined", "poised", "keen"}


def clause_verb(root):
    """The verb of the main clause's event: the root itself, the complement of a speech verb
    ("Turkey says it will begin an operation"), or what an actor is ready or willing to do;
    None for a bare statement or state of affairs."""
    verb = root
    for _ in range(3):
        if verb.pos_ not in {"VERB", "AUX"} or lemma(verb) in PRIVATE_LIFE or gives_no_aid(verb):
            return None
        if lemma(verb) in SPEECH_VERBS:
            verb = next(
                (c for c in verb.children if c.dep_ == "ccomp" and c.pos_ in {"VERB", "AUX"}),
                None,
            )
        elif lemma(verb) in STATE_VERBS:
            verb = next(
                (
                    x
                    for c in verb.children
                    if c.dep_ == "acomp" and lemma(c) in READY_WORDS
                    for x in c.children
                    if x.dep_ == "xcomp" and x.pos_ == "VERB"
                ),
                None,
            )
        else:
            return verb
        if verb is None:
            return None
    return None


# Verbs of refusal: coded as REJECT, and the refused complement as negated.
REFUSALS = {"refuse", "decline"}


def complement_objects(verb, event_type: str) -> list:
    """Targets named in the complement of a verb that owns it: "threatened to shell
    positions in Lebanon", "urged the two sides to talks" (only when the verb has none)."""
    if lemma(verb) not in OWNS_COMPLEMENT | REFUSALS:
        return []
    for child in verb.children:
        if child.dep_ == "xcomp" and child.pos_ == "VERB":
            return objects_of(child, verb_type(child) or event_type)
        if child.dep_ == "prep" and child.text.lower() in {"for", "to"}:
            # "called for sanctions against China": the target of the event asked for
            for noun in (c for c in child.children if c.dep_ == "pobj" and noun_type(c)):
                return nominal_arguments(noun, noun_type(noun))[1]
    return []


CONDITIONS = {"until", "till", "unless"}


def condition_actors(verb) -> list:
    """Whom an event waits on, when it names no one else: the subject of its "until" or
    "unless" clause, or the agent when that clause is passive ("will not lift the embargo
    until Cuba undertakes reforms", "… until their demands are met by the authorities")."""
    actors = []
    for clause in verb.children:
        if clause.dep_ != "advcl" or not any(
            c.dep_ == "mark" and c.lower_ in CONDITIONS for c in clause.children
        ):
            continue
        for child in clause.children:
            if child.dep_ in SUBJECTS:
                actors.extend(conjuncts(child))
            elif child.dep_ == "agent":
                actors.extend(phrase_objects(child))
    return [a for a in actors if a.pos_ != "PRON"]  # "until we see results"


def rule_frames(sent) -> Iterator[Frame]:
    """The frames the lexicon and dependency rules find."""
    carried: set[int] = set()
    for token in sent:
        noun = light_object(token) if token.pos_ == "VERB" else None
        if noun is not None:
            carried.add(noun.i)
            event_type = noun_type(noun)
            settled = False
            if lemma(token) in FINALIZING and lemma(noun) in AGREEMENTS:
                event_type = "SUPPORT"  # "reached a deal": made, not promised
                settled = True
            elif lemma(token) in DECLARING and event_type == "AGREE" and lemma(noun) in TRUCES:
                event_type = "RETREAT"  # a truce declared, not agreed (CAMEO 0871)
                settled = True
            elif event_type == "ACCUSE" and lemma(noun) in {"attack", "assault"}:
                settled = True  # an attack in words: the classifier would read violence
            elif cancels(token):
                # "cancelled a planned visit": it did not happen; calling off one's own strike
                # or protest yields to the other side (CAMEO 08x)
                event_type = "CONCEDE" if event_type == "PROTEST" else "REJECT"
                settled = True
            frame = Frame(
                trigger=noun,
                event_type=event_type,
                nominal=True,
                light=token,
                settled=settled,
                why=[f"'{token.text} … {noun.text}' → {event_type}"],
            )
            sources, passive = subject_of(token)
            nominal_sources, nominal_targets, joint = nominal_arguments(noun, event_type)
            if sources and joint:
                # "Putin launched a mediation effort between India and Pakistan": the one who
                # acts is apart from the parties between whom it happens
                nominal_targets, joint = nominal_sources + nominal_targets, False
            frame.sources = sources or nominal_sources
            frame.targets = (
                [t for t in passive if t.i != noun.i]
                + nominal_targets
                + [
                    t
                    for t in objects_of(token, event_type)
                    if t.i != noun.i and counted_event(t) != noun  # not "round" of talks
                ]
            )
            frame.joint = joint
            yield finish(frame)
            continue
        event_type = verb_type(token)
        if event_type and not skip_verb(token):
            cameo = lemma(token) not in VERBS and cameo_verbs().get(lemma(token))
            frame = Frame(
                trigger=token,
                event_type=event_type,
                # the classifier has not seen most of the dictionary's verbs: it does not
                # overrule them ("besieged Deraa" was re-typed AID)
                settled=object_phrase(token) or sides_with(token) or bool(cameo),
                why=[
                    f"CAMEO verb '{token.lemma_}' ({cameo[1]}) → {event_type}"
                    if cameo and cameo[0] == event_type
                    else f"verb '{token.lemma_}' → {event_type}"
                ],
            )
            sources, passive = subject_of(token)
            frame.sources = sources
            frame.targets = passive + objects_of(token, event_type) or complement_objects(
                token, event_type
            )
            if not any(
                names_an_actor(t) or any(map(named_actor, t.subtree)) for t in frame.targets
            ):
                frame.targets += condition_actors(token)  # none, or "lift the embargo"
            if (halted := halted_talks(token)) is not None:
                carried.add(halted.i)  # the halted talks are no meeting of their own
            yield finish(frame)
    for token in sent:
        if token.i in carried or light_verb_of(token) is not None or in_a_name(token):
            continue
        if token.dep_ in {"dobj", "obj"} and lemma(token.head) in LIFTING:
            continue  # "lifted the blockade": the blockade was there before
        event_type = noun_type(token)
        if not event_type:
            continue
        sources, targets, joint = nominal_arguments(token, event_type)
        if not sources and not targets and token.dep_ == "pobj":
            continue
        if lemma(token) in WEAK_NOUNS and not (sources or targets):
            continue
        frame = Frame(
            trigger=token,
            event_type=event_type,
            nominal=True,
            sources=sources,
            targets=targets,
            joint=joint,
            settled=event_type == "ACCUSE" and lemma(token) in {"attack", "assault"},
            why=[f"noun '{token.text}' → {event_type}"],
        )
        if owner_is_group_pronoun(token):
            frame.sources, frame.targets = clause_participants(token)
        yield finish(frame)


def in_a_name(token) -> bool:
    """A word of an organization's or a law's name is no event ("the Organisation for
    Economic Cooperation and Development", "the Stock Exchange")."""
    return token.ent_type_ in NAME_LABELS


NAME_LABELS = {"ORG", "FAC", "PRODUCT", "WORK_OF_ART", "LAW"}


def owner_is_group_pronoun(noun) -> bool:
    owner = possessor(noun)
    return owner is not None and lemma(owner) in {"their", "they"}


def clause_participants(noun) -> tuple[list, list]:
    """For "their meeting": the subject and the object of the clause the noun sits in."""
    verb = noun.head
    while verb.pos_ not in {"VERB", "AUX"} and verb.head != verb:
        verb = verb.head
    sources, _ = subject_of(verb)
    targets = [t for c in verb.children if c.dep_ in {"dobj", "dative"} for t in conjuncts(c)]
    for child in verb.children:
        if child.dep_ == "prep" and child.text.lower() in {"to", "with"}:
            targets.extend(phrase_objects(child))
    return sources, targets


def finish(frame: Frame) -> Frame:
    """Negation, modality and reported speech, read from the verb that carries the frame."""
    verb = frame.verb
    frame.negated, word = negation_of(verb)
    if not frame.negated and frame.nominal:
        frame.negated = any(c.dep_ == "det" and lemma(c) == "no" for c in frame.trigger.children)
        word = "no" if frame.negated else ""
    if frame.negated:
        frame.why.append(f"negated by '{word}'")
    frame.modality = modality_of(verb)
    if frame.nominal and asked_for(frame.trigger):
        frame.modality = "hypothetical"  # "called for sanctions": asked for, not imposed
        frame.why.append("asked for, not done")
    speech = governing_speech(verb)
    if speech is not None:
        speakers, _ = subject_of(speech)
        frame.speaker = speakers[0] if speakers else None
        frame.why.append(f"reported through '{speech.text}'")
    if frame.event_type == "MOBILIZE" and frame.nominal and len(frame.sources) > 1:
        if lemma(frame.trigger) in EXERCISES:
            frame.event_type = "COOPERATE"  # an exercise held together (CAMEO 062)
            frame.why.append("an exercise of several parties: cooperation")
    if frame.event_type == "MOBILIZE" and keeps_peace(frame):
        frame.event_type = "AID"  # forces sent to keep the peace (CAMEO 074)
        frame.why.append("a peacekeeping deployment: aid")
    if not frame.joint and len(frame.sources) > 1 and frame.event_type == "CONSULT":
        frame.joint = False
    frame.sources = dedupe(frame.sources)
    frame.targets = [t for t in dedupe(frame.targets) if t not in frame.sources]
    return frame


EXERCISES = {"exercise", "drill", "game", "maneuver", "manoeuvre"}


def keeps_peace(frame: Frame) -> bool:
    """Whether a deployment is of peacekeepers or for a peacekeeping mission ("deployed 230
    troops to Liberia on a peacekeeping mission"); the subject's own words do not count."""
    subject = {t.i for h in frame.sources for t in h.subtree}
    return any(
        lemma(t) in PEACEKEEPING or t.lower_.startswith("peacekeep")
        for head in (frame.trigger, frame.verb)
        for t in head.subtree
        if t.i not in subject
    )


PEACEKEEPING = {"peacekeeping", "peacekeeper", "peace-keeping"}


def dedupe(tokens: list) -> list:
    seen: set[int] = set()
    out = []
    for token in tokens:
        if token.i not in seen:
            seen.add(token.i)
            out.append(token)
    return out


def phrase_tokens(head) -> list:
    """The actor's noun phrase: the head and its modifiers, without clauses or conjuncts."""
    keep = [head]
    stack = [head]
    while stack:
        token = stack.pop()
        for child in token.children:
            if child.dep_ in OUTSIDE_PHRASE and not (
                (child.dep_ == "prep" and child.text.lower() == "of") or title_name(child)
            ):
                continue
            keep.append(child)
            stack.append(child)
    keep.sort(key=lambda t: t.i)
    return keep


def title_name(token) -> bool:
    """A name the parser hung off its title as an apposition, with no comma between:
    "China's Defense Minister Li Shangfu" is one phrase."""
    return (
        token.dep_ == "appos"
        and token.ent_type_ == "PERSON"
        and token.left_edge.i == token.head.i + 1
    )


def split_coordination(head) -> list[list]:
    """Every actor phrase a head stands for: itself and the members a misparse folded in."""
    phrase = phrase_tokens(head)
    whole = [head]
    stack = [head]
    while stack:
        token = stack.pop()
        for child in token.children:
            if child.dep_ in OUTSIDE_PHRASE - {"cc", "conj"} and not (
                (child.dep_ == "prep" and child.text.lower() == "of") or title_name(child)
            ):
                continue
            if child.dep_ == "conj" and token == head:
                continue  # real conjuncts are separate heads already
            whole.append(child)
            stack.append(child)
    whole.sort(key=lambda t: t.i)
    if len(whole) == len(phrase):
        return [phrase]
    groups: list[list] = [[]]
    for token in whole:
        if token.dep_ == "cc" or token.text == ",":
            groups.append([])
        else:
            groups[-1].append(token)
    return [g for g in groups if g]
