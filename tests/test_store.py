"""The SQLite store: schema guard, role holders across stories, actors listing."""

import sqlite3

import pytest

from dateline.errors import StoreError
from dateline.pipeline import ingest
from dateline.store import EventFilter, Store

STORIES = {
    "a.txt": "date 2022-06-10 Talks\n\nSINGAPORE (DLW) — China’s Defense Minister Wei Fenghe "
    "met U.S. Defense Secretary Lloyd Austin on Friday.\n",
    "b.txt": "date 2023-03-20 New minister\n\nBEIJING (DLW) — China’s new Defense Minister "
    "Li Shangfu met Pakistani officials on Monday.\n",
    "c.txt": "date 2022-07-05 Warning\n\nBEIJING (DLW) — China’s defense minister criticized "
    "Washington on Tuesday.\n",
    "d.txt": "date 2023-05-02 Warning\n\nBEIJING (DLW) — China’s defense minister criticized "
    "Washington on Tuesday.\n",
}


def test_a_role_that_changes_hands_resolves_by_date(tmp_path):
    for name, text in STORIES.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    with Store(tmp_path / "roles.db") as store:
        ingest([tmp_path / "a.txt", tmp_path / "b.txt"], store)
        ingest([tmp_path / "c.txt", tmp_path / "d.txt"], store)
        accusations = store.events(EventFilter(event_type=("ACCUSE",)))
        by_day = {e["date"]["start"]: e["source"][0] for e in accusations}
        assert by_day["2022-07-05"]["name"] == "Wei Fenghe"
        assert by_day["2023-05-02"]["name"] == "Li Shangfu"
        assert "defense minister" in by_day["2023-05-02"]["text"]
        people = {row["name"]: row for row in store.actors(kind="person")}
        assert people["Li Shangfu"]["country"] == "CHN"
        assert people["Wei Fenghe"]["first_seen"] == "2022-06-10"


def test_an_old_database_is_refused_with_a_hint(tmp_path):
    path = tmp_path / "old.db"
    with Store(path):
        pass
    connection = sqlite3.connect(path)
    connection.execute("UPDATE meta SET value = '1' WHERE key = 'schema'")
    connection.commit()
    connection.close()
    with pytest.raises(StoreError, match="another version of dateline"):
        Store(path)
