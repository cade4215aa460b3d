import dateline


def test_all_is_sorted_and_complete():
    assert list(dateline.__all__) == sorted(dateline.__all__)
    for name in dateline.__all__:
        assert getattr(dateline, name) is not None


def test_extract_codes_a_simple_story():
    mentions = dateline.extract("MOSCOW (AP) — Putin met Xi on Monday.", published="2023-03-21")
    assert mentions[0]["event_type"] == "CONSULT"
    assert mentions[0]["date"]["start"] == "2023-03-20"
    assert mentions[0]["location"]["name"] == "Moscow"


def test_classify_relation_sums_to_one():
    sentence = "Germany condemned Iran over the executions."
    probabilities = dateline.classify_relation(sentence, (0, 7), (18, 22))
    assert len(probabilities) == 16
    assert abs(sum(probabilities.values()) - 1) < 1e-6
    assert max(probabilities, key=probabilities.get) == "ACCUSE"


def test_times_places_actors():
    assert dateline.find_times("on Sunday", published="2023-04-16")[0]["start"] == "2023-04-16"
    assert dateline.find_places("Talks in Moscow.")[0]["geonameid"] == 524901
    assert dateline.code_actor("an American destroyer")["country"] == "USA"
