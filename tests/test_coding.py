"""The rule coder on hand-written sentences (loads spaCy once for the module)."""

import pytest

from conftest import candidates, the_mention
from dateline.coding.coder import frames
from dateline.nlp import load_nlp


def coded(sentence: str) -> list[tuple]:
    doc = load_nlp()(sentence)
    out = []
    for sent in doc.sents:
        for frame in frames(sent):
            out.append(
                (
                    frame.event_type,
                    tuple(t.text for t in frame.sources),
                    tuple(t.text for t in frame.targets),
                    frame.negated,
                    frame.modality,
                )
            )
    return out


def rule_frames(sentence: str) -> list[tuple]:
    """(type, sources, targets) of the rule frames alone (no classifier check)."""
    doc = load_nlp()(sentence)
    return [
        (f.event_type, tuple(t.text for t in f.sources), tuple(t.text for t in f.targets))
        for sent in doc.sents
        for f in frames(sent, classify=False)
    ]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Putin met Xi in Moscow.", ("CONSULT", ("Putin",), ("Xi",), False, "asserted")),
        (
            "Germany condemned the strike on Kyiv.",
            ("ACCUSE", ("Germany",), ("strike",), False, "asserted"),
        ),
        (
            "China wouldn't help Russia with weapons.",
            ("AID", ("China",), ("Russia",), True, "hypothetical"),
        ),
        # signing an agreement is the codebook's SUPPORT; refusing to is a rejection too
        ("Iran will never sign the deal.", ("SUPPORT", ("Iran",), (), True, "future")),
        ("Iran will never sign the deal.", ("REJECT", ("Iran",), (), False, "asserted")),
        (
            "Canada and Britain have agreed to a rollover trade deal.",
            ("SUPPORT", ("Canada", "Britain"), (), False, "asserted"),
        ),
        (
            "Ghana and Togo reached an agreement on Monday.",
            ("SUPPORT", ("Ghana", "Togo"), (), False, "asserted"),
        ),
        # agreeing to do something is still the promise
        (
            "Russia agreed to talks with Ukraine.",
            ("AGREE", ("Russia",), ("Ukraine",), False, "asserted"),
        ),
        (
            "The talks were hosted by Turkey.",
            ("CONSULT", ("Turkey",), ("talks",), False, "asserted"),
        ),
        (
            "France refused to criticize Israel.",
            ("ACCUSE", ("France",), ("Israel",), True, "asserted"),
        ),
        # cooperation announced for the future is a commitment (AGREE), made when said
        (
            "Japan plans to send aid to Turkey.",
            ("AGREE", ("Japan",), ("Turkey",), False, "asserted"),
        ),
        ("Japan sent aid to Turkey.", ("AID", ("Japan",), ("Turkey",), False, "asserted")),
        (
            "Colombia is ready to send troops to Somalia.",
            ("AGREE", ("Colombia",), ("Somalia",), False, "asserted"),
        ),
        (
            "Australia offered to send troops to the Philippines.",
            ("AGREE", ("Australia",), ("Philippines",), False, "asserted"),
        ),
        (
            "Obama will hold talks with Kenyatta in Nairobi.",
            ("AGREE", ("Obama",), ("Kenyatta",), False, "asserted"),
        ),
        # calling off a planned event refuses it; the event did not happen
        (
            "Abbas cancelled a planned meeting with Blinken.",
            ("REJECT", ("Abbas",), ("Blinken",), False, "asserted"),
        ),
        (
            "Turkey postponed talks with Greece.",
            ("REJECT", ("Turkey",), ("Greece",), False, "asserted"),
        ),
        # conflict announced for the future is a threat (CAMEO 13x)
        (
            "Thailand will extend the curfew in Bangkok.",
            ("THREATEN", ("Thailand",), (), False, "asserted"),
        ),
        (
            "The opposition said it would boycott the election.",
            ("THREATEN", ("it",), ("election",), False, "asserted"),
        ),
        # what a speaker says another must do is a demand of it (CAMEO 10x)
        (
            "Russia says Israel must end attacks on Syria.",
            ("REQUEST", ("Russia",), ("Israel",), False, "asserted"),
        ),
        # and announced as not going to happen, a refusal beside the denied act
        (
            "France will not lift the ban on Britain.",
            ("CONCEDE", ("France",), ("ban", "Britain"), True, "future"),
        ),
        (
            "France will not lift the ban on Britain.",
            ("REJECT", ("France",), ("ban", "Britain"), False, "asserted"),
        ),
        (
            "If Russia attacks Poland, NATO will respond.",
            ("ASSAULT", ("Russia",), ("Poland",), False, "conditional"),
        ),
    ],
)
def test_predicates_and_arguments(sentence, expected):
    assert expected in coded(sentence)


def test_reported_speech_keeps_the_event_with_its_own_subject():
    doc = load_nlp()("The minister said that China wouldn't be helping Russia.")
    frame = next(iter(frames(next(doc.sents))))
    assert frame.event_type == "AID"
    assert [t.text for t in frame.sources] == ["China"]
    assert frame.speaker is not None and frame.speaker.text == "minister"
    assert frame.negated


def test_light_verb_carries_the_noun_event():
    events = coded("Xi Jinping held a three-day state visit to Moscow.")
    assert ("CONSULT", ("Jinping",), ("Moscow",), False, "asserted") in events


def test_conjoined_finite_verb_is_not_under_the_refusal():
    events = coded("China has refused to criticize Russia and blames NATO for the war.")
    assert ("ACCUSE", ("China",), ("Russia",), True, "asserted") in events
    assert ("ACCUSE", ("China",), ("NATO",), False, "asserted") in events


def test_sentence_without_events():
    assert coded("Officially, China remains neutral in the conflict.") == []


def test_subject_of_what_an_actor_is_willing_to_do():
    doc = load_nlp()("Kenya is willing to send doctors to Uganda.")
    frame = next(iter(frames(next(doc.sents))))
    assert [t.text for t in frame.sources] == ["Kenya"]


def test_a_denied_agreement_is_also_a_rejection():
    events = coded("Hungary will not accept the proposal.")
    assert ("AGREE", ("Hungary",), ("proposal",), True, "future") in events
    assert ("REJECT", ("Hungary",), ("proposal",), False, "asserted") in events
    assert all(kind != "REJECT" for kind, *_ in coded("Hungary accepted the proposal."))
    # refusing to take in migrants denies aid (CAMEO 075) and rejects them
    events = coded("Hungary will not accept the migrants.")
    assert ("AID", ("Hungary",), ("migrants",), True, "future") in events
    assert ("REJECT", ("Hungary",), ("migrants",), False, "asserted") in events


def test_classifier_reads_the_clause_when_no_rule_frame_has_an_actor():
    # "tussle" is no verb of the lexicons; the linear model reads the clause as fighting
    doc = load_nlp()("Ghana and Togo have tussled across the border despite the ceasefire.")
    sent = next(doc.sents)
    assert not any(f.sources for f in frames(sent, classify=False))  # at most 'ceasefire'
    first = next(iter(frames(sent)))
    assert first.why[0].startswith("classifier")
    assert [t.text for t in first.sources] == ["Ghana", "Togo"]


def test_publishing_is_not_releasing_and_the_publisher_speaks():
    events = coded("The EU released a statement criticising the arrests in Minsk.")
    assert not any(kind == "CONCEDE" for kind, *_ in events)
    assert any(sources == ("EU",) for _, sources, *_ in events)
    assert ("CONCEDE", ("Kenya",), ("prisoners",), False, "asserted") in coded(
        "Kenya released the prisoners."
    )


def test_the_object_that_makes_the_phrase_is_not_its_target():
    events = coded("Iran declared its support for the Syrian government.")
    assert ("SUPPORT", ("Iran",), ("government",), False, "asserted") in events


def test_an_actor_takes_the_country_it_is_placed_in():

    mentions = candidates("Thousands of workers in Haiti went on strike.", published="2021-05-03")
    sources = [a for m in mentions for a in m["source"]]
    assert sources and sources[0]["country"] == "HTI"
    assert "placed 'in Haiti'" in sources[0]["reason"]
    # a country of its own wins over the place
    mentions = candidates("Russian troops in Syria shelled Idlib.", published="2021-05-03")
    assert [a["country"] for m in mentions for a in m["source"]][:1] == ["RUS"]


@pytest.mark.parametrize(
    ("sentence", "country"),
    [
        # a city by the gazetteer, the country that owns the place
        ("A court in Ho Chi Minh City rejected the appeal.", "VNM"),
        ("Police in Colombia's second-largest city have arrested a man.", "COL"),
        ("Workers at the Cerro Verde mine in Peru went on strike.", "PER"),
        # the parser makes each piece of a hyphenated name a subject: one actor
        ("Omar al-Bashir of Sudan expelled aid workers.", "SDN"),
        # a province or city named in the actor's own phrase
        ("A Kansas woman has started a hunger strike.", "USA"),
    ],
)
def test_an_actor_is_placed_by_a_city_or_the_country_that_owns_the_place(sentence, country):

    mentions = candidates(sentence, published="2021-05-03")
    assert [a["country"] for m in mentions for a in m["source"]][:1] == [country]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (  # a date is no target even though it is a proper noun
            "Russia and China on Thursday vetoed a US resolution in the Security Council.",
            ("REJECT", ("Russia", "China"), ("resolution",), False, "asserted"),
        ),
        (
            "The South African government has issued a warning to the Lesotho army.",
            ("THREATEN", ("government",), ("army",), False, "asserted"),
        ),
    ],
)
def test_targets_of_classified_clauses_and_warnings(sentence, expected):
    assert expected in coded(sentence)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Japan sent aid to Turkey.", ("AID", ("Japan",), ("Turkey",), False, "asserted")),
        (
            "Colombia is ready to send troops to Somalia.",
            ("AGREE", ("Colombia",), ("Somalia",), False, "asserted"),
        ),
        (
            "Australia offered to send troops to the Philippines.",
            ("AGREE", ("Australia",), ("Philippines",), False, "asserted"),
        ),
        (  # what the actor sends is its own; where it goes is the target
            "China sent its envoy to Iran.",
            ("AID", ("China",), ("Iran",), False, "asserted"),
        ),
        (
            "France agreed to open its borders to German products.",
            ("AGREE", ("France",), ("products",), False, "asserted"),
        ),
    ],
)
def test_recipients_are_targets(sentence, expected):
    assert expected in coded(sentence)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "The president granted a pardon to the journalist.",
            ("CONCEDE", ("president",), ("journalist",), False, "asserted"),
        ),
        (
            "The government outlawed the opposition party.",
            ("COERCE", ("government",), ("party",), False, "asserted"),
        ),
        (
            "The mayor denied permission for the march.",
            ("REJECT", ("mayor",), (), False, "asserted"),
        ),
    ],
)
def test_verb_object_phrases(sentence, expected):
    assert expected in coded(sentence)


def test_the_one_told_to_act_is_the_target_then_the_actor():
    # "asked Russia to release": Russia is asked, and Russia would release
    found = coded("Germany asked Russia to release the prisoners.")
    assert ("REQUEST", ("Germany",), ("Russia",), False, "asserted") in found
    assert [f[1] for f in found if f[0] == "CONCEDE"] == [("Russia",)]
    # an infinitive with its own subject: the one the verb acts on
    found = coded("The court rejected Netanyahu to delay the start of his trial.")
    assert ("REJECT", ("court",), ("Netanyahu",), False, "asserted") in found
    # what is started is no actor: the subject protests
    found = coded("Navalny started a hunger strike to protest against the authorities.")
    assert [f[1] for f in found if f[0] == "PROTEST"] == [("Navalny",)]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (  # a date is never the target that keeps the real one out
            "The attorney general on Thursday rejected Netanyahu to postpone the hearing.",
            ("REJECT", ("general",), ("Netanyahu",), False, "asserted"),
        ),
        (
            "The newspaper opened an investigation into the court.",
            ("ACCUSE", ("newspaper",), ("court",), False, "asserted"),
        ),
    ],
)
def test_targets_past_dates_and_into(sentence, expected):
    assert expected in coded(sentence)


def test_who_wields_the_weapon_acts():
    found = coded("The missiles fired by the Israeli military struck an arms depot.")
    assert [f[1] for f in found if f[0] == "ASSAULT"] == [("military",)]
    # being supported by someone does not make them the actor
    found = coded("Government warplanes supported by Russia bombed the town.")
    assert [f[1] for f in found if f[0] == "ASSAULT"] == [("warplanes",)]


def test_an_event_without_a_target_is_placed_by_its_infinitive():

    mentions = candidates(
        "Palestinian factions agreed to lay down their weapons in eastern Lebanon.",
        published="2021-05-03",
    )
    agreed = [m for m in mentions if m["event_type"] == "AGREE"]
    assert agreed and [a["country"] for a in agreed[0]["target"]] == ["LBN"]
    assert agreed[0]["target"][0]["method"] == "located-in"


def test_an_attack_by_unnamed_attackers_is_kept_and_placed():

    mentions = candidates("Armed men attacked an army camp in Mali.", published="2021-05-03")
    assert [m["event_type"] for m in mentions] == ["ASSAULT"]
    # the attackers as the text describes them, placed where they attacked
    assert [(a["text"], a["country"]) for a in mentions[0]["source"]] == [("Armed men", "MLI")]
    assert [a["country"] for a in mentions[0]["target"]] == ["MLI"]
    # with no place either, the attack is still recorded, by actors known only as what they
    # are, and with a low confidence
    unplaced = candidates("Armed men attacked an army camp.", published="2021-05-03")
    assert [m["event_type"] for m in unplaced] == ["ASSAULT"]
    actors = unplaced[0]["source"] + unplaced[0]["target"]
    assert actors and all(a["method"] == "unresolved" and not a["country"] for a in actors)
    assert unplaced[0]["confidence"] <= 0.3


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Teachers in the district went on strike for better pay.", ("PROTEST", "Teachers")),
        # the pronoun stands for the one who says it
        ("The union said they will not end the strike.", ("REJECT", "they")),
        # strikers and employees are labour
        ("The strikers accepted a formula for settling the dispute.", ("AGREE", "The strikers")),
        (
            "Three thousand employees staged a sit-in strike.",
            ("PROTEST", "Three thousand employees"),
        ),
        # a role of two words
        ("Asylum seekers went on hunger strike.", ("PROTEST", "Asylum seekers")),
    ],
)
def test_events_of_actors_known_only_by_their_role_are_kept(sentence, expected):

    mentions = candidates(sentence, published="2021-05-03")
    assert expected in [(m["event_type"], a["text"]) for m in mentions for a in m["source"]]


def test_no_record_for_actors_that_are_not_roles():

    # "investors" and "the bank" are left to business news; "the plan" is no actor at all
    assert candidates("Investors attacked the bank's plan.", published="2021-05-03") == []


@pytest.mark.parametrize(
    ("sentence", "country"),
    [
        ("The agency gave 5 million euros to promote investment in Ethiopia.", "ETH"),
        ("Militants attacked a police station in Niger.", "NER"),
        ("Rebels attacked a village elsewhere in Cameroon.", "CMR"),
        ("NATO troops remained on alert Sunday in Bosnian Serb territory.", "BIH"),
    ],
)
def test_an_event_without_a_named_target_is_placed_by_its_clause(sentence, country):

    mentions = candidates(sentence, published="2021-05-03")
    targets = [a for m in mentions for a in m["target"]]
    assert [(a["country"], a["method"]) for a in targets][:1] == [(country, "located-in")]


@pytest.mark.parametrize(
    ("sentence", "victims", "country"),
    [
        (
            "Taliban suicide bombers killed 48 people in two attacks in Afghanistan.",
            "48 people",
            "AFG",
        ),
        (
            "Gunmen killed six people in a blast near Somalia's presidential palace.",
            "six people",
            "SOM",
        ),
        (
            "The attack killed scores of civilians in Afrin, in north-west Syria.",
            "scores of civilians",
            "SYR",
        ),
    ],
)
def test_victims_known_by_what_they_are_are_the_target_placed_by_the_clause(
    sentence, victims, country
):
    """The place is where it happened, not whom it was done to (issue 18)."""

    mentions = candidates(sentence, published="2021-05-03")
    [done] = [m for m in mentions if m["event_type"] in {"ASSAULT", "COERCE"}]
    assert [(a["text"], a["country"]) for a in done["target"]] == [(victims, country)]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # CAMEO 143/142: a work stoppage or hunger strike is a protest, not an air strike
        ("Teachers in Denver went on strike for better pay.", ("PROTEST", ("Teachers",), ())),
        ("The woman started a hunger strike.", ("PROTEST", ("woman",), ())),
        ("The union ended the strike.", ("CONCEDE", ("union",), ())),
        ("Israel launched a strike on Gaza.", ("ASSAULT", ("Israel",), ("Gaza",))),
        # CAMEO 15x, 1724, 0871, 045
        ("Israeli troops remained on alert.", ("MOBILIZE", ("troops",), ())),
        ("Morales declared a state of siege in Pando.", ("COERCE", ("Morales",), ("siege",))),
        ("Ghani announced a cease-fire with the Taliban.", ("RETREAT", ("Ghani",), ("Taliban",))),
        (
            # the mediator acts; both parties it mediates between are targets
            "Putin launched a mediation effort between India and Pakistan.",
            ("CONSULT", ("Putin",), ("India", "Pakistan")),
        ),
        (
            "Russia's mediation between India and Pakistan.",
            ("CONSULT", ("Russia",), ("India", "Pakistan")),
        ),
        # a joint exercise is cooperation (CAMEO 062), also as a compound ("war games")
        (
            "The armies of Brazil and Argentina held joint war games.",
            ("COOPERATE", ("armies",), ()),
        ),
        # CAMEO 116 "find guilty or liable", which CAMEO2PLOVER maps to ACCUSE
        ("A judge found Nielsen guilty of fraud.", ("ACCUSE", ("judge",), ("Nielsen",))),
        ("A court convicted the militant of terrorism.", ("ACCUSE", ("court",), ("militant",))),
        # an attack in words is criticism (CAMEO 111)
        (
            "Keating launched a scathing attack on the spy chiefs.",
            ("ACCUSE", ("Keating",), ("chiefs",)),
        ),
        (
            "Cipollone led the attack on the impeachment proceedings.",
            ("ACCUSE", ("Cipollone",), ("proceedings",)),
        ),
        ("Israel launched an attack on Gaza.", ("ASSAULT", ("Israel",), ("Gaza",))),
        # allowing (CAMEO 080) and easing tariffs (CAMEO 085)
        (
            "Pakistan gave the Pentagon permission to use its airspace.",
            ("CONCEDE", ("Pakistan",), ("Pentagon",)),
        ),
        ("The U.S. reduced tariffs on Chinese goods.", ("RETREAT", ("U.S.",), ("goods",))),
        # a counted event ("a round of talks") and a passive light verb carry their event
        ("Iran and the EU held a new round of talks.", ("CONSULT", ("Iran", "EU"), ())),
        ("Russia began a series of air strikes on Syria.", ("ASSAULT", ("Russia",), ("Syria",))),
        (
            "The war game was staged by U.S. marines and Jordanian forces.",
            ("COOPERATE", ("marines", "forces"), ()),
        ),
        # spaCy lemmatizes "waged" as "wag", "staged" as "stag"
        ("Israel waged a war on Hamas.", ("ASSAULT", ("Israel",), ("Hamas",))),
        # CAMEO 0841 release persons
        ("Yemen let free activists.", ("CONCEDE", ("Yemen",), ("activists",))),
        # an honour awarded is praise (CAMEO 051), money awarded is aid
        (
            "Kosovo awarded the Freedom Order to Bill Clinton.",
            ("SUPPORT", ("Kosovo",), ("Clinton",)),
        ),
        ("The court awarded the family $500 million.", ("AID", ("court",), ("family",))),
        # CAMEO 1721 restrictions on freedom of expression
        (
            "The authorities suspended publication of the newspaper.",
            ("COERCE", ("authorities",), ("newspaper",)),
        ),
        # who is responsible for or guilty of an act did it
        ("The cartel has been responsible for mass killings.", ("ASSAULT", ("cartel",), ())),
        (
            "The rebels are guilty of violating the ceasefire.",
            ("ASSAULT", ("rebels",), ("ceasefire",)),
        ),
        # the verb's own phrase wins over an event noun in a later phrase
        (
            "Erdogan voiced his support for Maduro in a phone call.",
            ("SUPPORT", ("Erdogan",), ("Maduro",)),
        ),
        # restoring or upgrading relations is SUPPORT (CAMEO 054), as is promising support
        (
            "The United States and Sudan are upgrading diplomatic ties.",
            ("SUPPORT", ("States", "Sudan"), ()),
        ),
        (
            "Bass promised Washington's support for the reforms.",
            ("SUPPORT", ("Bass",), ("reforms",)),
        ),
        # handing over relief is aid; handing over prisoners yields
        ("The US handed over medical equipment to Kenya.", ("AID", ("US",), ("Kenya",))),
        ("Kabul handed over the prisoners to Pakistan.", ("CONCEDE", ("Kabul",), ("Pakistan",))),
        (
            "The EU is prolonging sanctions against the Syrian regime.",
            ("COERCE", ("EU",), ("regime",)),
        ),
        # carrying relief is aid (CAMEO 073); joining forces is cooperation
        (
            "The charity flew 13 tons of medicine into Afghanistan.",
            ("AID", ("charity",), ("tons",)),
        ),
        ("Macron joined forces with the liberal group.", ("COOPERATE", ("Macron",), ("group",))),
        # pressing for something is asking for it
        (
            "Police pressured the union to call off the strike.",
            ("REQUEST", ("Police",), ("union",)),
        ),
        ("The UN is pushing hard for a ceasefire.", ("REQUEST", ("UN",), ())),
        # asking for asylum (CAMEO 1033); reinforcing troops (CAMEO 15x)
        ("Thousands of Syrians sought asylum in Germany.", ("REQUEST", ("Thousands",), ())),
        (
            "The army beefed up its troop presence on the border.",
            ("MOBILIZE", ("army",), ("border",)),
        ),
        # saying someone is responsible is blaming them (CAMEO 112)
        ("Officials said the rebels were responsible.", ("ACCUSE", ("Officials",), ("rebels",))),
        # taking in refugees is AID (CAMEO 075 grant asylum); the refugees' country the target
        ("Canada accepted 1,100 Iraqi refugees.", ("AID", ("Canada",), ("refugees",))),
        # the attribute of a copula describes its subject (CAMEO 07x)
        ("Germany has been the largest donor.", ("AID", ("Germany",), ())),
        ("Taliban fighters overran an army base.", ("ASSAULT", ("fighters",), ("base",))),
        ("Rebels violated the ceasefire agreement.", ("ASSAULT", ("Rebels",), ("agreement",))),
        ("The UN withdrew peacekeepers from Sinai.", ("SANCTION", ("UN",), ())),
        # imposing sanctions is COERCE (CAMEO 163); reducing relations is SANCTION (16x)
        ("The EU imposed sanctions on Russia.", ("COERCE", ("EU",), ("Russia",))),
        ("Ghana expelled the French ambassador.", ("SANCTION", ("Ghana",), ("ambassador",))),
        ("May gave Putin a midnight deadline.", ("THREATEN", ("May",), ("Putin",))),
        # CAMEO 083: acceding to demands, and calling off one's own strike, yields
        ("Nepal accepted the demands of the protesters.", ("CONCEDE", ("Nepal",), ("protesters",))),
        ("The workers called off the strike.", ("CONCEDE", ("workers",), ())),
    ],
)
def test_codebook_phrases(sentence, expected):
    assert expected in rule_frames(sentence)


def test_a_state_act_with_no_agent_is_done_by_the_state_where_it_happens():

    arrested = candidates("The journalist was arrested on Monday in Niger.", published="2021-05-03")
    assert [(a["country"], a["method"]) for a in arrested[0]["source"]] == [
        ("NER", "located-state")
    ]
    expelled = candidates("Two inspectors were expelled from North Korea.", published="2021-05-03")
    assert [a["country"] for a in expelled[0]["source"]] == ["PRK"]
    assert expelled[0]["target"] == []  # the place that acts is not also the target
    released = candidates(
        "Three Russians have been released from captivity in Libya.", published="2021-05-03"
    )
    assert [a["country"] for a in released[0]["source"]] == ["LBY"]


def test_a_participle_names_whom_it_is_done_to():
    found = coded("The court jailed the activists arrested in the protest.")
    assert ("COERCE", (), ("activists",), False, "asserted") in found


@pytest.mark.parametrize(
    ("sentence", "target"),
    [
        # what is handed over is no target; whom it goes to is
        (
            "The United States returned a marble sculpture to Algerian Ambassador Amine Kherbi.",
            "DZA",
        ),
        # the released are the target of a release
        ("Iran announced the release of two Kuwaiti nationals.", "KWT"),
        # the parser hangs the recipient inside a long object; dates are no recipients
        (
            "The US government returned dozens of Mayan artifacts to the Embassy of El Salvador.",
            "SLV",
        ),
        ("The agency returned skulls that date back to A.D. 640 to Peru on April 7.", "PER"),
    ],
)
def test_targets_of_handing_over_and_releasing(sentence, target):

    mentions = candidates(sentence, published="2021-05-03")
    assert target in [a["country"] for m in mentions for a in m["target"]]


def test_a_decision_is_the_act_it_decides():
    # "decided to lift" is the concession itself (CAMEO), not a promise of one
    assert ("CONCEDE", ("Japan",), ("sanctions",), False, "asserted") in coded(
        "Japan has decided to lift the sanctions."
    )
    assert ("AGREE", ("Japan",), ("sanctions",), False, "asserted") in coded(
        "Japan plans to lift the sanctions."
    )


def test_a_verb_and_its_object_settle_the_type():
    doc = load_nlp()("Ecuador has granted political asylum to Julian Assange.")
    (frame,) = frames(next(doc.sents), classify=False)
    assert (frame.event_type, frame.settled) == ("AID", True)
    doc = load_nlp()("Ecuador has given Assange a passport.")
    assert not any(f.settled for f in frames(next(doc.sents), classify=False))


def test_parties_of_a_mutual_event_act_on_each_other_before_its_topic():

    (agreed,) = [
        m
        for m in candidates(
            "Trump and Putin have agreed to share information on North Korea.",
            published="2018-07-16",
        )
        if m["event_type"] == "AGREE"
    ]
    assert [a["country"] for a in agreed["source"]] == ["USA"]
    assert [a["country"] for a in agreed["target"]] == ["RUS", "PRK"]


@pytest.mark.parametrize(
    ("sentence", "sources", "targets"),
    [
        # co-subjects with nothing else to act on act on each other
        ("Indian and Pakistani troops clashed.", ["IND"], ["PAK"]),
        # those who attack a place together are both the attackers
        ("US and British troops attacked the town.", ["USA", "GBR"], []),
    ],
)
def test_co_subjects_act_on_each_other_only_without_a_place_acted_on(sentence, sources, targets):
    mention = the_mention(sentence, sentence.split()[4].rstrip("."))
    assert [a["country"] for a in mention["source"]] == sources
    assert [a["country"] for a in mention["target"]] == targets


@pytest.mark.parametrize(
    ("sentence", "country"),
    [
        ("Uzbekistan agreed to open its borders for aid trucks to enter Afghanistan.", "AFG"),
        ("The prime minister agreed to resign from the Iraqi cabinet.", "IRQ"),
    ],
)
def test_a_target_named_only_inside_the_complement(sentence, country):

    mentions = candidates(sentence, published="2021-05-03")
    agreed = [m for m in mentions if m["event_type"] == "AGREE"]
    assert agreed and [a["country"] for a in agreed[0]["target"]] == [country]


def test_a_telephone_call_and_a_call_on_someone():
    # the caller does what the call was for; "on Saturday" is no call on anyone
    events = coded("Tillerson called Russian Foreign Minister Sergey Lavrov to discuss Syria.")
    assert ("CONSULT", ("Tillerson",), ("Lavrov",), False, "asserted") in events
    assert all(source == ("Tillerson",) for _, source, *_ in events)
    # the one called on is the one asked to act
    events = coded("Germany called upon Russia to withdraw its troops.")
    assert ("REQUEST", ("Germany",), ("Russia",), False, "asserted") in events
    assert [e[1] for e in events if e[0] == "RETREAT"] == [("Russia",)]
    # what one is asked to do has not happened
    assert [e[4] for e in events if e[0] == "RETREAT"] == ["hypothetical"]


def test_a_nominal_event_takes_a_target_from_its_purpose_clause():

    mentions = candidates(
        "Prime Minister Nawaz Sharif launched a mediation effort to resolve the rift between "
        "Qatar and other Gulf states.",
        published="2017-06-12",
    )
    consult = [m for m in mentions if m["event_type"] == "CONSULT"]
    assert consult and [a["country"] for a in consult[0]["target"]] == ["QAT"]


def test_a_call_for_sanctions_threatens_the_one_to_be_punished():
    events = coded("Some European countries have called for sanctions against Moscow.")
    # CAMEO 1312; the sanctions themselves are only asked for
    assert ("THREATEN", ("countries",), ("Moscow",), False, "asserted") in events
    assert ("COERCE", (), ("Moscow",), False, "hypothetical") in events
    assert ("REQUEST", ("UN",), ("killings",), False, "asserted") in coded(
        "The UN called for an investigation into the killings."
    )


def test_signing_a_decree_is_not_an_agreement():
    assert rule_frames("Putin signed a decree to simplify the process for Ukrainians.") == []
    assert [kind for kind, *_ in rule_frames("China and Japan signed a trade pact.")] == ["SUPPORT"]


def test_his_country_is_the_country_of_the_one_he_stands_for():

    mentions = candidates(
        "Russian President Vladimir Putin said his country will not lift the ban.",
        published="2021-05-03",
    )
    rejected = [m for m in mentions if m["event_type"] == "REJECT"]
    assert rejected and [(a["country"], a["method"]) for a in rejected[0]["source"]] == [
        ("RUS", "possessive")
    ]


def test_an_announced_military_operation_is_a_threat():
    events = coded("Turkey says it will begin a new military operation against Kurdish fighters.")
    assert ("THREATEN", ("it",), ("fighters",), False, "asserted") in events


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # a people's adjective or an organization before an event noun names who does it
        (
            "The Russian invasion of Ukraine began in February.",
            ("ASSAULT", ("Russian",), ("Ukraine",)),
        ),
        ("Israeli airstrikes on Gaza killed ten people.", ("ASSAULT", ("Israeli",), ("Gaza",))),
        # a country's name there is left alone: "Iran sanctions" are on Iran
        ("Iran sanctions hurt the economy.", ("COERCE", (), ())),
    ],
)
def test_the_agent_named_before_an_event_noun(sentence, expected):
    assert expected in rule_frames(sentence)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # halting negotiations or mediation is SANCTION (CAMEO 164/165), aimed at the other party
        ("Turkey halted talks with Greece.", [("SANCTION", ("Turkey",), ("Greece",))]),
        ("Iran suspended negotiations with the EU.", [("SANCTION", ("Iran",), ("EU",))]),
    ],
)
def test_halting_negotiations(sentence, expected):
    assert rule_frames(sentence) == expected
    # concluding talks is no halt
    concluded = rule_frames("Iran and the EU ended two days of talks in Vienna.")
    assert "SANCTION" not in [kind for kind, *_ in concluded]


def test_an_event_with_no_target_takes_the_actor_named_in_its_own_clause():

    found = candidates(
        "France condemned the shelling of villages during the Syrian army's offensive.",
        published="2021-05-03",
    )
    condemned = next(m for m in found if m["trigger"] == "condemned")
    assert [(a["country"], a["method"]) for a in condemned["target"]] == [("SYR", "in-clause")]
    assert condemned["target"][0]["confidence"] <= 0.35
    # the subject is never its own target, nor a place it acts from
    expelled = candidates("Two inspectors were expelled from North Korea.", published="2021-05-03")
    assert expelled[0]["target"] == []


def test_a_bare_clause_names_whom_the_verb_acts_on():
    assert ("SUPPORT", ("Japan",), ("girls",)) in rule_frames(
        "Japan supported Afghan girls going to school."
    )
    # a clause with a tense of its own is what was said or agreed, not whom
    assert ("SUPPORT", ("Japan",), ()) in rule_frames("Japan supported that girls went.")


def test_words_of_an_organizations_name_are_no_events():
    assert (
        rule_frames(
            "The Organisation for Economic Cooperation and Development said growth would slow."
        )
        == []
    )


def test_a_title_the_parser_cut_off_a_name_still_places_the_person():
    from dateline.coding.article import titled_person
    from dateline.nlp import Segment
    from dateline.resolve.actors import code_phrase

    text = "Egypt's leader held talks with the Somali President Hassan Ali Farah Abdi today."
    doc = load_nlp()(text)
    surname = next(t for t in doc if t.text == "Abdi")
    bare = code_phrase("Abdi", span=(surname.idx, surname.idx + 4), person="Abdi")
    assert not bare.country
    titled = titled_person(Segment("body", text, 0, 0), doc, [surname], bare)
    assert (titled.kind, titled.country) == ("person", "SOM")
    assert titled.text == "the Somali President Hassan Ali Farah Abdi"


def test_a_blockade_is_fighting_and_lifting_one_is_no_new_blockade():
    # CAMEO 191 "impose blockade" is under 19 (fight): PLOVER ASSAULT
    assert ("ASSAULT", ("Arabia",), ("Qatar",)) in rule_frames(
        "Saudi Arabia imposed a blockade on Qatar."
    )
    lifted = rule_frames("Israel lifted the blockade on Gaza.")
    assert [f[0] for f in lifted] == ["CONCEDE"]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Rebels seized the town of Kidal.", "ASSAULT"),  # CAMEO 192 occupy territory
        ("Soldiers captured the airport.", "ASSAULT"),
        ("The navy seized an oil tanker.", "ASSAULT"),
        ("Police seized two tons of cocaine.", "COERCE"),  # a confiscation
        ("Police seized the suspect.", "COERCE"),
    ],
)
def test_taking_ground_by_force_is_fighting(sentence, expected):
    assert [f[0] for f in rule_frames(sentence)] == [expected]


def test_granting_approval_or_access_is_a_concession():
    # CAMEO 08x yield: 0863 allow humanitarian access
    assert rule_frames("Syria gave approval for the visit.") == [("CONCEDE", ("Syria",), ())]
    assert [f[0] for f in rule_frames("Sudan granted aid agencies access to Darfur.")] == [
        "CONCEDE"
    ]


def test_torching_a_village_is_an_assault_placed_where_it_happened():

    found = candidates(
        "Rebel fighters torched a village elsewhere in Cameroon's Far North Region.",
        published="2021-05-03",
    )
    torched = next(m for m in found if m["trigger"] == "torched")
    assert torched["event_type"] == "ASSAULT"
    assert [a["country"] for a in torched["target"]] == ["CMR"]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # forcing someone to act is coercion (CAMEO 17x)
        ("Indian jets forced a cargo plane to land.", ("COERCE", ("jets",), ("plane",))),
        # troops leaving a country withdraw from it (CAMEO 0874); anyone else just travels
        ("French soldiers left Mali in August.", ("RETREAT", ("soldiers",), ("Mali",))),
        (
            "American troops have begun leaving Afghanistan.",
            ("RETREAT", ("troops",), ("Afghanistan",)),
        ),
    ],
)
def test_forcing_and_withdrawing(sentence, expected):
    assert expected in rule_frames(sentence)


def test_leaving_a_country_is_no_withdrawal_for_travellers():
    assert rule_frames("The tourists left France on Monday.") == []


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # sending forces to keep the peace is aid (CAMEO 074); other deployments mobilize
        (
            "Nigeria announced the deployment of 230 troops to Liberia on a peacekeeping mission.",
            "AID",
        ),
        ("Japan deployed peacekeepers to South Sudan.", "AID"),
        ("Russia deployed troops to the border.", "MOBILIZE"),
        ("UN peacekeepers deployed troops to the border.", "MOBILIZE"),  # the subject's words
    ],
)
def test_a_peacekeeping_deployment_is_aid(sentence, expected):
    assert [f[0] for f in rule_frames(sentence)][:1] == [expected]


@pytest.mark.parametrize(
    ("sentence", "trigger", "target"),
    [
        ("Macron phoned German Chancellor Olaf Scholz to congratulate him.", "congratulate", "DEU"),
        ("Putin met Xi on Monday and thanked him for his support.", "thanked", "CHN"),
        ("Xi Jinping said Putin would visit him in March.", "visit", "CHN"),
    ],
)
def test_an_object_pronoun_is_not_its_own_clauses_subject(sentence, trigger, target):
    mention = the_mention(sentence, trigger)
    assert [a["country"] for a in mention["target"]] == [target]
    assert mention["target"][0]["text"] == "him"


@pytest.mark.parametrize(
    ("sentence", "trigger", "source"),
    [
        (
            "Russia's decision to withdraw its troops from Syria surprised Washington.",
            "withdraw",
            "RUS",
        ),
        (
            "The ministers welcomed Japan's commitment to supporting Kenya's economy.",
            "supporting",
            "JPN",
        ),
        # a possessive pronoun on the clause's object is its subject's, when they agree
        (
            "The Nigerian Air Force reiterated its commitment to support the police.",
            "support",
            "NGA",
        ),
        ("Kenyan officials renewed their pledge to support Somalia.", "support", "KEN"),
    ],
)
def test_whose_decision_or_commitment_it_is_acts(sentence, trigger, source):
    mention = the_mention(sentence, trigger)
    assert [a["country"] for a in mention["source"]] == [source]


@pytest.mark.parametrize(
    ("sentence", "source", "target"),
    [
        ("French troops were sent to Mali last year.", "FRA", "MLI"),
        ("Hundreds of Kenyan soldiers were deployed to Somalia.", "KEN", "SOM"),
    ],
)
def test_forces_sent_somewhere_act_for_their_state(sentence, source, target):

    [mention] = candidates(sentence, published="2021-05-03")
    assert [a["country"] for a in mention["source"]] == [source]
    assert [a["country"] for a in mention["target"]] == [target]


def test_a_hyphenated_place_is_read_whole():

    [mention] = candidates(
        "Teachers in Mazar-i-Sharif went on strike on Monday.", published="2021-05-03"
    )
    assert [a["country"] for a in mention["source"]] == ["AFG"]  # not "Mazar" alone (Jordan)


@pytest.mark.parametrize(
    ("sentence", "trigger"),
    [
        ("Kenya said Somalia must secure its border and release the prisoners.", "release"),
        ("Kenya said Somalia must be ready to negotiate with the rebels.", "negotiate"),
    ],
)
def test_what_another_must_do_is_demanded_of_it(sentence, trigger):
    mention = the_mention(sentence, trigger)
    assert mention["event_type"] == "REQUEST"
    assert [a["country"] for a in mention["source"]] == ["KEN"]
    assert [a["country"] for a in mention["target"]] == ["SOM"]


def test_the_speaker_of_what_one_is_ready_to_do():

    [mention] = candidates(
        "The French minister said Germany was ready to send aid to Ukraine.",
        published="2021-05-03",
    )
    assert mention["speaker"]["country"] == "FRA"


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Russia vetoed a resolution drafted by France that would have condemned Syria.", "REJECT"),
        ("Egypt condemned the report.", "ACCUSE"),
    ],
)
def test_a_stance_on_a_statement_codes_as_itself(sentence, expected):
    assert coded(sentence)[0][0] == expected


def test_what_one_failed_or_refused_to_do_is_negated():

    mentions = candidates(
        "Iran's refusal to release the sailors angered London.", published="2021-05-03"
    )
    [release] = [m for m in mentions if m["trigger"] == "release"]
    assert release["negated"] is True
    assert [m["event_type"] for m in mentions if not m["negated"]] == ["REJECT"]


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("China's defense minister", True),
        ("Chinese officials", True),
        ("Washington", False),
        ("the Kremlin", False),
        ("Russia's", False),
    ],
)
def test_only_a_phrase_that_says_what_someone_is_names_a_person_elsewhere(phrase, expected):
    from dateline.coding.article import describes_someone

    assert describes_someone(phrase) is expected


@pytest.mark.parametrize(
    "sentence",
    [
        "Crude oil prices rallied today, analysts said.",
        "The rise of the yen has hit Japan hard.",
        "The Taiwan dollar opened four cents up today.",
        "A cyclone hit Bangladesh on Monday.",
    ],
)
def test_what_markets_prices_and_weather_do_is_no_event(sentence):

    assert candidates(sentence, published="1987-03-03") == []


def test_an_actor_that_hits_is_still_an_event():
    mention = the_mention("Israeli warplanes hit Gaza on Monday.", "hit")
    assert mention["event_type"] == "ASSAULT"


@pytest.mark.parametrize("apostrophe", ["'", "’"])
def test_a_name_with_its_possessive_is_the_person_and_shares_the_events_date(apostrophe):

    text = (
        "Chinese leader Xi Jinping held a three-day state visit to Moscow in March. "
        f"However, Xi{apostrophe}s trip emphasized how China is becoming the senior partner."
    )
    trip = next(m for m in candidates(text, published="2023-04-16") if m["trigger"] == "trip")
    assert [a["name"] for a in trip["source"]] == ["Xi Jinping"]
    assert (trip["date"]["start"], trip["date"]["end"]) == ("2023-03-01", "2023-03-31")


@pytest.mark.parametrize(
    ("sentence", "not_a_name"),
    [
        ("Unknown assailants attacked a police post in Niger.", "Unknown"),
        ("Congressional leaders asked Reagan to join a summit.", "Congressional"),
    ],
)
def test_a_capital_only_the_sentence_start_gave_makes_no_person(sentence, not_a_name):

    actors = [a for m in candidates(sentence, published="1987-03-03") for a in m["source"]]
    assert not any(a["kind"] == "person" and a["name"] == not_a_name for a in actors)
    assert candidates(sentence, published="1987-03-03")  # the event itself stays


@pytest.mark.parametrize(
    ("sentence", "trigger", "target"),
    [
        ("Obama said he will not lift the embargo until Cuba undertakes reforms.", "lift", "CUB"),
        (
            "The teachers will not end the strike until their demands are met by the "
            "Palestinian authorities.",
            "end",
            "PSE",
        ),
    ],
)
def test_whom_an_event_waits_on_is_its_target(sentence, trigger, target):

    mentions = candidates(sentence, published="2016-03-03")
    refusal = next(m for m in mentions if m["trigger"] == trigger and m["event_type"] == "REJECT")
    assert [a["country"] for a in refusal["target"]] == [target]


@pytest.mark.parametrize(
    ("sentence", "target"),
    [
        (
            "Iran will not release the British sailors unless London apologizes.",
            "the British sailors",
        ),
        (
            "Russia will not lift the ban on European Union pork until the EU provides details.",
            "European Union",
        ),
    ],
)
def test_a_condition_does_not_replace_the_events_own_target(sentence, target):

    mentions = candidates(sentence, published="2007-03-30")
    refusal = next(m for m in mentions if m["event_type"] == "REJECT")
    assert [a["text"] for a in refusal["target"]] == [target]


@pytest.mark.parametrize(
    ("sentence", "trigger", "source"),
    [
        # a gerund after a preposition: the one facing, arrested or accused does it
        (
            "A former British soldier was in court facing prosecution for fighting against "
            "Islamic State in Syria.",
            "fighting",
            "A former British soldier",
        ),
        ("Police arrested two men for attacking a mosque in Leeds.", "attacking", "two men"),
        # a relative pronoun stands for the noun its clause describes
        (
            "Matthews, who joined Kurdish forces to fight against Isis, arrived in London.",
            "fight",
            "Matthews",
        ),
    ],
)
def test_who_does_what_a_clause_without_a_subject_says(sentence, trigger, source):
    mention = the_mention(sentence, trigger)
    assert [a["text"] for a in mention["source"]] == [source]


def test_a_participle_with_an_agent_still_acts_on_its_noun():
    mention = the_mention("Germany sent aid to a group helped by the UK government.", "helped")
    assert [a["text"] for a in mention["source"]] == ["the UK government"]
    assert all(a["country"] != "GBR" for a in mention["target"])  # it did not help itself


def test_a_verb_only_the_cameo_dictionary_knows_is_typed_with_its_code():
    doc = load_nlp()("Government forces besieged the rebels in Homs.")
    frame = next(iter(frames(next(doc.sents), classify=False)))
    assert frame.event_type == "COERCE"
    assert frame.why[0] == "CAMEO verb 'besiege' (191) → COERCE"
    assert [t.text for t in frame.targets] == ["rebels"]


def test_a_passive_relative_clause_is_done_to_its_noun_and_hands_are_agents():
    found = coded("Isis fighters who have been captured alive should face justice.")
    assert [(kind, who, whom) for kind, who, whom, *_ in found if kind == "COERCE"] == [
        ("COERCE", (), ("fighters",))
    ]
    found = coded("Saleh was killed at the hands of Houthi rebels.")
    assert ("ASSAULT", ("rebels",), ("Saleh",), False, "asserted") in found


@pytest.mark.parametrize(
    "sentence",
    [
        "She married him in Raqqa in 2015.",  # a life event, whatever the classifier reads
        "She gave birth to a boy in the camp.",
        "Macron gave a speech in Berlin.",  # words given are no aid
        "He delivered a rebuke to the EU.",
        "Given the ordeal, the family stayed in the camp.",  # a participle as a preposition
    ],
)
def test_no_event_in_private_life_words_given_or_prepositions(sentence):
    assert coded(sentence) == []


def test_siding_with_someone_is_cooperation():
    found = coded("A British woman fighting alongside Kurdish forces in Afrin was killed.")
    assert ("COOPERATE", ("woman",), ("forces",), False, "asserted") in found
    found = coded("The teenager who joined Islamic State left London in 2015.")
    assert [kind for kind, *_ in found] == ["COOPERATE"]
    found = coded("Thousands of fighters surrendered to the Syrian Democratic Forces.")
    assert ("RETREAT", ("Thousands",), ("Forces",), False, "asserted") in found


def test_an_event_noun_takes_the_date_of_its_own_phrase_and_a_purpose_its_clause():
    [attack] = candidates(
        "It was no different after the Assad regime's chemical attack in Ghouta in August 2013.",
        published="2018-04-08",
    )
    assert (attack["date"]["start"], attack["date"]["end"]) == ("2013-08-01", "2013-08-31")
    assert not attack["date_defaulted"]
    joined = candidates(
        "Begum left the UK in 2015 with two school friends to join Islamic State in Syria.",
        published="2019-03-09",
    )
    assert [m["date"]["start"] for m in joined if m["event_type"] == "COOPERATE"] == ["2015-01-01"]


def test_what_happened_this_week_happened_by_the_publication_day():
    [warning] = candidates(
        "Donald Trump's warning this week that the US would be angry underscored its impotence.",
        published="2018-09-07",
    )
    assert (warning["date"]["start"], warning["date"]["end"]) == ("2018-09-03", "2018-09-07")


def test_who_leads_an_attack_or_is_named_after_its_object_does_it():
    found = coded("US-led airstrikes hit Raqqa on Friday.")
    assert {who for kind, who, *_ in found if kind == "ASSAULT"} == {("US",)}
    found = coded("The bombardment of the enclave by Russian and Syrian planes was the heaviest.")
    assert ("ASSAULT", ("planes",), ("enclave",), False, "asserted") in found
    # one party named by two adjectives does not act on itself
    [bombing] = candidates(
        "The bombardment of the enclave by Russian and Syrian planes was the heaviest."
    )
    assert {a["country"] for a in bombing["source"]} == {"RUS", "SYR"}
    assert not any(a["country"] in {"RUS", "SYR"} for a in bombing["target"])


def test_a_place_named_only_as_the_city_is_the_place_last_named():
    mentions = candidates(
        "Fighting raged in Idlib on Sunday. Syrian government forces continue to pound the "
        "area. Turkish troops have encircled the city.",
        published="2018-04-14",
    )
    assert [(m["event_type"], [a["country"] for a in m["target"]]) for m in mentions] == [
        ("ASSAULT", ["SYR"]),
        ("ASSAULT", ["SYR"]),
    ]
    assert {a["method"] for m in mentions for a in m["target"]} == {"place-referred"}


def test_the_classifier_does_not_overrule_a_verb_of_the_cameo_dictionary():
    found = coded("Syrian forces besieged Deraa.")
    assert [kind for kind, *_ in found] == ["COERCE"]
