"""The locked evaluation fold of PLV train (issue 23): fixed once, apart from every choice."""

import hashlib
import json
import sys
from pathlib import Path

import numpy as np
import pytest

from conftest import shared_file

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "scripts"))

import relation_split as split  # noqa: E402

# sha256 (first 16 hex digits) of the locked rows' ids joined by commas: pinned when the
# rule was fixed, so that changing the rule (or the file) is a visible decision, not a drift.
LOCKED_IDS_SHA256 = "ffadcad5b0dd9749"


def plv_rows() -> list[dict]:
    path = shared_file("data/plv/plv_train.jsonl")
    records = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    return [{"sentence": r["sentence"], "label": r["gold_root"], "id": r["id"]} for r in records]


def made_rows() -> list[dict]:
    """Six classes, repeated sentences (a group of three), no shared data needed."""
    rows = []
    for k in range(120):
        label = f"C{k % 6}"
        sentence = f"Actor {k // 3} met Other" if k < 30 else f"Row {k} {label}"
        rows.append({"sentence": sentence, "label": label, "id": f"r{k}"})
    return rows


def check_split(rows: list[dict]) -> None:
    locked = split.locked_mask(rows)
    groups = np.array(split.groups_of(rows))
    # disjoint: no sentence (whitespace and case aside) on both sides
    assert not set(groups[locked]) & set(groups[~locked])
    # every class is in the locked fold
    assert {r["label"] for r, x in zip(rows, locked, strict=True) if x} == {
        r["label"] for r in rows
    }
    # about a fifth
    assert abs(locked.mean() - 1 / split.LOCKED_FOLDS) < 0.05
    folds = split.fold_ids(rows)
    assert (folds == split.INNER_FOLDS).sum() == locked.sum()
    assert (folds[locked] == split.INNER_FOLDS).all()
    for seed in (0, 1):
        seen = np.zeros(len(rows), dtype=int)
        for train, test in split.inner_splits(rows, seed=seed):
            assert not locked[train].any() and not locked[test].any()
            assert not set(groups[train]) & set(groups[test])
            assert len(train) + len(test) == (~locked).sum()
            seen[test] += 1
        assert (seen[~locked] == 1).all() and (seen[locked] == 0).all()


def test_split_of_made_rows_is_disjoint_and_covers_every_class():
    check_split(made_rows())


def test_split_is_deterministic_and_ignores_row_objects():
    rows = made_rows()
    first = split.locked_mask(rows)
    again = split.locked_mask([dict(r) for r in rows])
    assert (first == again).all()
    assert (split.fold_ids(rows) == split.fold_ids(rows)).all()
    # another inner seed moves the inner folds, never the locked fold
    assert (split.fold_ids(rows, seed=1)[first] == split.INNER_FOLDS).all()


def test_identical_sentences_share_a_group():
    rows = [
        {"sentence": "A  met B.", "label": "X"},
        {"sentence": "a met b.", "label": "Y"},
        {"sentence": "C met D.", "label": "X"},
    ]
    assert split.groups_of(rows) == [0, 0, 1]


@pytest.mark.parametrize("check", ["pinned", "split"])
def test_locked_fold_of_plv_train(check):
    rows = plv_rows()
    locked = split.locked_mask(rows)
    if check == "pinned":
        assert locked.sum() == 210
        ids = ",".join(r["id"] for r, x in zip(rows, locked, strict=True) if x)
        assert hashlib.sha256(ids.encode()).hexdigest()[:16] == LOCKED_IDS_SHA256
    else:
        check_split(rows)
        # macro-F1 over the 15 PLV classes needs each of them in the locked fold
        assert len({r["label"] for r, x in zip(rows, locked, strict=True) if x}) == 15


def test_locked_evaluation_never_trains_on_a_locked_sentence():
    """`train_relation.development_logits` hands every training set to `augment`: none holds
    a locked sentence, the inner ones hold no sentence of their own test fold either."""
    shared_file("data/plv/plv_train.jsonl")
    import train_relation

    rows = train_relation.read_plv()
    locked = split.locked_mask(rows)
    normal = split.groups_of(rows)
    locked_groups = {g for g, x in zip(normal, locked, strict=True) if x}
    key = {r["sentence"]: g for r, g in zip(rows, normal, strict=True)}
    seen: list[set[int]] = []

    def augment(train_rows: list[dict]) -> list[dict]:
        seen.append({key[r["sentence"]] for r in train_rows})
        return []

    config = {**train_relation.CONFIG, "C": 1.0}
    classes, logits, fold_of = train_relation.development_logits(
        rows, config, seed=0, augment=augment
    )
    assert len(seen) == split.INNER_FOLDS + 1
    assert all(not groups & locked_groups for groups in seen)
    for k, groups in enumerate(seen[: split.INNER_FOLDS]):
        tested = {g for g, f in zip(normal, fold_of, strict=True) if f == k}
        assert tested and not groups & tested
    # the last training set is every development sentence
    assert seen[-1] == set(normal) - locked_groups
    assert logits.shape == (len(rows), len(classes)) and (np.abs(logits).sum(1) > 0).all()
