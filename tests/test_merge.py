"""Merging mentions into events: the laws (idempotent, order-free, never chaining) and
hand-built cases."""

import dataclasses
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dateline.merge import (
    DEFAULT_SLACK,
    MentionRow,
    Party,
    connected_groups,
    date_window,
    groups_by_date,
    merge_by_date,
    merge_mentions,
    same_event,
)


def party(text: str) -> Party:
    """'p:Putin@RUS' (a named person of Russia), 'o:NATO', 'c:JPN' or 'c:JPN/BUS'."""
    if text.startswith("c:"):
        country, _, sector = text[2:].partition("/")
        return Party("", country, sector)
    name, _, country = text.partition("@")
    return Party(name, country)


def row(
    mention_id: str,
    *,
    event_type="CONSULT",
    sources=("p:Putin",),
    targets=("p:Li",),
    start="2023-04-16",
    end="2023-04-16",
    negated=False,
    story="s1",
    article="a1",
    defaulted=False,
    place="",
) -> MentionRow:
    return MentionRow(
        mention_id=mention_id,
        article_id=article,
        story_id=story,
        source="AP",
        published="2023-04-16",
        event_type=event_type,
        negated=negated,
        sources=frozenset(party(p) for p in sources),
        targets=frozenset(party(p) for p in targets),
        start=start,
        end=end,
        date_defaulted=defaulted,
        place_country=place,
    )


def test_three_mentions_of_one_meeting_are_one_event():
    mentions = [row("a1-0"), row("a1-1"), row("a1-2", sources=("p:Putin", "p:Shoigu"))]
    events = merge_mentions(mentions)
    assert len(events) == 1
    assert events[0].article_count == 1 and events[0].source_count == 1


def test_syndicated_copy_counts_once_and_other_story_twice():
    mentions = [
        row("a1-0"),
        row("a2-0", article="a2", story="s1"),
        row("a3-0", article="a3", story="s3", sources=("p:Li",), targets=("p:Putin",)),
    ]
    (event,) = merge_mentions(mentions)
    assert (event.article_count, event.source_count) == (3, 2)


def test_what_keeps_mentions_apart():
    base = row("a-0")
    assert same_event(base, row("b-0"))
    assert not same_event(base, row("b-0", event_type="ACCUSE"))
    assert not same_event(base, row("b-0", negated=True))
    assert not same_event(base, row("b-0", start="2023-03-25", end="2023-03-25"))
    assert not same_event(base, row("b-0", sources=("p:Xi",), targets=("c:RUS",)))
    assert not same_event(row("a-0", place="RUS"), row("b-0", place="CHN"))
    directed = row("a-0", event_type="ACCUSE", sources=("c:CHN",), targets=("c:USA",))
    assert same_event(
        directed, row("b-0", event_type="ACCUSE", sources=("c:CHN",), targets=("c:USA", "o:NATO"))
    )
    assert not same_event(
        directed, row("b-0", event_type="ACCUSE", sources=("c:CHN",), targets=("c:RUS",))
    )
    defaulted = row("b-0", start="2023-04-17", end="2023-04-17", defaulted=True)
    assert same_event(base, defaulted)  # reported the next day, dated by publication
    later = row("b-0", start="2023-04-19", end="2023-04-19", defaulted=True)
    assert not same_event(base, later)  # a report that says not when is not of three days ago


def test_people_are_told_apart_even_of_one_country():
    accuse = {"event_type": "ACCUSE", "targets": ("c:JPN",)}
    reagan = row("a-0", sources=("p:Reagan@USA",), story="s1", **accuse)
    baker = row("b-0", sources=("p:Baker@USA",), story="s2", **accuse)
    washington = row("c-0", sources=("c:USA/GOV",), story="s3", **accuse)
    congress = row("e-0", sources=("c:USA/LEG",), story="s5", **accuse)
    assert not same_event(reagan, baker)
    assert same_event(reagan, washington) and same_event(baker, washington)
    events = merge_mentions([reagan, baker, washington])
    assert len(events) == 2  # Washington's mention joins one of them, never bridges the two
    companies = row("d-0", sources=("c:USA/BUS",), story="s4", **accuse)
    assert not same_event(washington, companies)  # US companies are not the US government
    lawmaker = dataclasses.replace(reagan, sources=frozenset({Party("p:Reagan", "USA", "GOV")}))
    assert not same_event(lawmaker, congress)  # nor are its legislators its president


def test_one_party_mentions_do_not_chain_unrelated_agreements_across_stories():
    # Japan agreed … ; the US and Japan agreed … ; Japan and South Korea agreed … : one party in
    # common, day after day. Connected groups made one "event" of all of them.
    chain = [
        row("a-0", event_type="AGREE", sources=("c:USA",), targets=("c:JPN",), story="s1"),
        row("b-0", event_type="AGREE", sources=("c:JPN",), targets=(), story="s2"),
        row("c-0", event_type="AGREE", sources=("c:JPN",), targets=("c:KOR",), story="s3"),
        row("d-0", event_type="AGREE", sources=("c:KOR",), targets=(), story="s4"),
        row("e-0", event_type="AGREE", sources=("c:KOR",), targets=("c:CHN",), story="s5"),
    ]
    events = merge_mentions(chain)
    assert len(events) == 5
    within = [
        row("a-0", event_type="AGREE", sources=("c:USA",), targets=("c:JPN",)),
        row("a-1", event_type="AGREE", sources=("c:JPN",), targets=()),  # the same story
    ]
    assert len(merge_mentions(within)) == 1


def test_an_event_spans_no_more_than_its_core_window():
    # One dyad reported every day for a month, dated by publication: overlapping windows
    # chained a month of news into one event.
    day = date(1987, 3, 1)
    daily = [
        row(
            f"m{n:02d}-0",
            event_type="ACCUSE",
            sources=("c:USA",),
            targets=("c:JPN",),
            start=(day + timedelta(days=n)).isoformat(),
            end=(day + timedelta(days=n)).isoformat(),
            defaulted=True,
            story=f"s{n}",
        )
        for n in range(30)
    ]
    events = merge_mentions(daily)
    assert len(events) > 4
    for event in events:
        windows = [date_window(m) for m in event.mentions]
        span = max(end for _, end in windows) - min(start for start, _ in windows)
        assert span <= 2 * DEFAULT_SLACK


def test_a_vague_date_merges_only_within_its_story():
    vague = row("a-0", story="s1", start="2023-01-01", end="2023-12-31")  # "this year"
    assert not same_event(vague, row("b-0", story="s2"))
    assert same_event(vague, row("a-1", story="s1"))


def test_odd_dates_never_stop_merging():
    early = row("a-0", start="0001-01-01", end="0001-01-01", defaulted=True)
    late = row("b-0", start="9999-12-31", end="9999-12-31", defaulted=True)
    assert len(merge_mentions([early, late, row("c-0")])) >= 2


mention_rows = st.builds(
    lambda i, kind, src, tgt, day, neg, story: row(
        f"m{i:03d}",
        event_type=kind,
        sources=src,
        targets=tgt,
        start=f"2023-04-{day:02d}",
        end=f"2023-04-{day:02d}",
        negated=neg,
        story=story,
    ),
    st.integers(0, 999),
    st.sampled_from(["CONSULT", "ACCUSE", "AID"]),
    st.frozensets(
        st.sampled_from(["p:Putin@RUS", "c:RUS", "c:CHN", "c:USA", "c:USA/BUS"]),
        min_size=1,
        max_size=2,
    ),
    st.frozensets(st.sampled_from(["p:Li@CHN", "c:CHN", "c:RUS", "o:NATO@IGO"]), max_size=2),
    st.integers(10, 16),
    st.booleans(),
    st.sampled_from(["s1", "s2", "s3"]),
)


def grouping(events) -> set[frozenset[str]]:
    return {frozenset(m.mention_id for m in e.mentions) for e in events}


@settings(max_examples=150, deadline=None)
@given(st.lists(mention_rows, max_size=25, unique_by=lambda m: m.mention_id), st.randoms())
def test_merging_is_order_independent_and_idempotent(mentions, random):
    first = merge_mentions(mentions)
    shuffled = list(mentions)
    random.shuffle(shuffled)
    second = merge_mentions(shuffled)
    assert [e.event_id for e in first] == [e.event_id for e in second]
    assert grouping(first) == grouping(second)
    again = merge_mentions([m for e in first for m in e.mentions])
    assert grouping(again) == grouping(first)
    assert sum(len(e.mentions) for e in first) == len(mentions)
    for event in first:  # every mention is like its event's core, not just like a neighbour
        assert any(
            all(same_event(core, m) for m in event.mentions if m is not core)
            for core in event.mentions
        )


windowed_rows = st.builds(
    lambda i, kind, src, tgt, day, length, defaulted, story: row(
        f"m{i:03d}",
        event_type=kind,
        sources=src,
        targets=tgt,
        start=(date(2023, 3, 1) + timedelta(days=day)).isoformat(),
        end=(date(2023, 3, 1) + timedelta(days=day + length)).isoformat(),
        defaulted=defaulted,
        story=story,
    ),
    st.integers(0, 999),
    st.sampled_from(["CONSULT", "ACCUSE"]),
    st.frozensets(st.sampled_from(["p:Putin@RUS", "c:RUS", "c:CHN", "c:USA"]), min_size=1),
    st.frozensets(st.sampled_from(["p:Li@CHN", "c:CHN", "c:RUS"]), max_size=2),
    st.integers(0, 60),
    st.sampled_from([0, 0, 0, 1, 3, 6, 30, 45, 400]),  # days, weeks, a vague year
    st.booleans(),
    st.sampled_from(["s1", "s2", "s3"]),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(windowed_rows, max_size=40, unique_by=lambda m: m.mention_id))
def test_merging_streamed_by_date_finds_the_same_groups_and_events(mentions):
    in_date_order = sorted(mentions, key=lambda m: (date_window(m)[0], m.mention_id))
    streamed = list(groups_by_date(in_date_order))
    expected = connected_groups(mentions)
    assert sorted(map(key_of, streamed)) == sorted(map(key_of, expected))
    events = list(merge_by_date(in_date_order))
    assert sorted(e.event_id for e in events) == [e.event_id for e in merge_mentions(mentions)]
    assert grouping(events) == grouping(merge_mentions(mentions))


def key_of(group) -> list[str]:
    return [m.mention_id for m in group]


def test_merging_streamed_by_date_yields_a_group_once_nothing_can_reach_it():
    early = [row(f"a-{i}", start="2023-01-01", end="2023-01-01") for i in range(2)]
    later = [
        row(f"{i}-0", start=day, end=day) for i, day in (("b", "2023-02-01"), ("c", "2023-03-01"))
    ]
    read = []

    def stream():
        for mention in [*early, *later]:
            read.append(mention.mention_id)
            yield mention

    seen = [(key_of(group), len(read)) for group in groups_by_date(stream())]
    # each group comes out when the first mention past its window is read, not at the end
    assert seen == [(["a-0", "a-1"], 3), (["b-0"], 4), (["c-0"], 4)]
    with pytest.raises(ValueError, match="date order"):
        list(groups_by_date([*later, *early]))


def test_one_countrys_bodies_matched_by_country_alone_do_not_merge_across_stories():
    # Reuters: American Motors' talks, a Fed repurchase agreement and a bankruptcy court's
    # approval were one AGREE "between" USA and USA.
    agree = {"event_type": "AGREE", "start": "1987-03-03", "end": "1987-03-03"}
    motors = row("a-0", sources=("c:USA/BUS",), targets=("c:USA/LAB",), story="s1", **agree)
    fed = row("b-0", sources=("c:USA/BUS",), targets=("c:USA",), story="s2", **agree)
    assert not same_event(motors, fed)
    assert same_event(motors, row("a-1", sources=("c:USA",), targets=("c:USA",), **agree))
    named = {"sources": ("p:Reagan@USA",), "targets": ("p:Shultz@USA",)}
    assert same_event(row("c-0", story="s3", **named), row("d-0", story="s4", **named))


def test_places_far_apart_are_different_events_even_in_one_country():
    basra = row("a-0", event_type="ASSAULT", sources=("c:IRN",), targets=("c:IRQ",), place="IRQ")
    kurdistan = row(
        "b-0", event_type="ASSAULT", sources=("c:IRN",), targets=("c:IRQ",), place="IRQ"
    )
    near = row("c-0", event_type="ASSAULT", sources=("c:IRN",), targets=("c:IRQ",), place="IRQ")
    basra = dataclasses.replace(basra, place_point=(30.5, 47.8))
    kurdistan = dataclasses.replace(kurdistan, place_point=(36.2, 44.0))
    near = dataclasses.replace(near, place_point=(30.6, 47.6))
    assert not same_event(basra, kurdistan)
    assert same_event(basra, near)


def test_a_named_core_lends_no_identity_to_mentions_matched_by_country():
    # The core names American Motors and Kenosha; the others are some US business and some
    # US government body: a match by country on both sides, within one country.
    agree = {"event_type": "AGREE", "start": "1987-03-03", "end": "1987-03-03"}
    core = row("a-0", sources=("o:Motors Corp@USA",), targets=("p:Kenosha@USA",), **agree)
    other = row("b-0", sources=("c:USA/BUS",), targets=("c:USA/GOV",), story="s2", **agree)
    assert not same_event(core, other)


def test_two_reports_that_say_not_when_merge_only_if_published_a_day_apart():
    undated = {"event_type": "ASSAULT", "sources": ("c:IRN",), "targets": ("c:IRQ",)}
    first = row("a-0", start="1987-03-01", end="1987-03-01", defaulted=True, **undated)
    later = row("b-0", start="1987-03-03", end="1987-03-03", defaulted=True, story="s2", **undated)
    next_day = row(
        "c-0", start="1987-03-02", end="1987-03-02", defaulted=True, story="s3", **undated
    )
    assert not same_event(first, later)
    assert same_event(first, next_day)
    dated = row("d-0", start="1987-03-02", end="1987-03-02", story="s4", **undated)
    assert same_event(dated, later)  # a report may come days after an event it dates
