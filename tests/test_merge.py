"""Merging mentions into events: the laws (idempotent, order-free) and hand-built cases."""

from hypothesis import given, settings
from hypothesis import strategies as st

from dateline.merge import MentionRow, merge_mentions, same_event


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
        sources=frozenset(sources),
        targets=frozenset(targets),
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
    defaulted = row("b-0", start="2023-04-18", end="2023-04-18", defaulted=True)
    assert same_event(base, defaulted)  # reported two days later, dated by publication


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
    st.frozensets(st.sampled_from(["p:Putin", "c:CHN", "c:USA"]), min_size=1, max_size=2),
    st.frozensets(st.sampled_from(["p:Li", "c:RUS", "o:NATO"]), max_size=2),
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
