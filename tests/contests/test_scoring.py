"""contests.scoring: hand-computed examples and properties (hypothesis)."""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from contests.scoring import (
    Criterion,
    Score,
    ScoringError,
    engagement_scores,
    judge_scores,
    normalise,
    normalise_weights,
    rank,
)

CRITERIA = [Criterion(1, 0.6, 10), Criterion(2, 0.4, 5)]
W = {"views": 0.5, "likes": 0.3, "shares": 0.2, "comments": 0}


def test_judge_score_by_hand():
    scores = [Score(100, 7, 1, 8), Score(100, 8, 1, 6), Score(100, 7, 2, 5), Score(100, 8, 2, 4)]
    j, means, missing = judge_scores([100], CRITERIA, scores)[100]
    # criterion 1: mean(0.8, 0.6) = 0.7; criterion 2: mean(1.0, 0.8) = 0.9; 0.6*0.7 + 0.4*0.9 = 0.78
    assert j == pytest.approx(78.0)
    assert means == {1: pytest.approx(0.7), 2: pytest.approx(0.9)} and missing == 0


def test_missing_scores_count_as_zero_and_are_reported():
    j, _means, missing = judge_scores([1], CRITERIA, [Score(1, 7, 1, 10)])[1]
    assert j == pytest.approx(60.0) and missing == 1
    assert judge_scores([2], CRITERIA, [])[2][0] == 0


def test_engagement_log_by_hand():
    counts = {
        1: {"views": 999, "likes": 9, "shares": 0},
        2: {"views": 99, "likes": 99, "shares": 1},
    }
    e = engagement_scores([1, 2], counts, W)
    assert e[1] == pytest.approx((0.5 * 1 + 0.3 * math.log(10) / math.log(100) + 0) * 100)
    assert e[2] == pytest.approx((0.5 * math.log(100) / math.log(1000) + 0.3 * 1 + 0.2 * 1) * 100)


def test_normalisations():
    assert normalise({1: 0, 2: 50, 3: 100}, "linear") == {1: 0, 2: 0.5, 3: 1}
    assert normalise({1: 5, 2: 50, 3: 50}, "rank") == {1: 0.0, 2: 1.0, 3: 1.0}
    assert normalise({1: 0, 2: 0}, "log") == {1: 0, 2: 0}
    with pytest.raises(ScoringError, match="không được âm"):
        normalise({1: -1})
    with pytest.raises(ScoringError, match="không hợp lệ"):
        normalise({1: 1}, "cube")


def test_weights_must_be_positive_and_are_normalised():
    assert normalise_weights({"a": 2, "b": 2}) == {"a": 0.5, "b": 0.5}
    with pytest.raises(ScoringError):
        normalise_weights({"a": 0})
    with pytest.raises(ScoringError):
        normalise_weights({"a": -1, "b": 2})


def test_final_and_tie_breaks():
    scores = [Score(1, 9, 1, 10), Score(1, 9, 2, 0), Score(2, 9, 1, 0), Score(2, 9, 2, 5)]
    # entry 1: J = 60, entry 2: J = 40; engagement makes both 70 with w_e = 0.5
    counts = {1: {"views": 80}, 2: {"views": 100}}
    rows = rank(
        [1, 2],
        CRITERIA,
        scores,
        counts,
        metric_weights={"views": 1},
        engagement_weight=0.5,
        method="linear",
    )
    assert [r.entry for r in rows] == [1, 2]
    assert rows[0].final == pytest.approx(70) and rows[1].final == pytest.approx(70)
    assert "điểm giám khảo thấp hơn" in rows[1].tie_break
    same = rank(
        [3, 4],
        CRITERIA,
        [],
        {},
        metric_weights={"views": 1},
        engagement_weight=0.2,
        submitted={3: 20, 4: 10},
    )
    assert [r.entry for r in same] == [4, 3] and "nộp bài muộn hơn" in same[1].tie_break


def test_bad_points_and_weights_are_refused():
    with pytest.raises(ScoringError, match="ngoài khoảng"):
        judge_scores([1], CRITERIA, [Score(1, 1, 2, 6)])
    with pytest.raises(ScoringError, match="0–1"):
        rank([1], CRITERIA, [], {}, metric_weights={"views": 1}, engagement_weight=1.5)


def test_z_scores_remove_a_harsh_judge():
    # judge 8 gives everyone 3 points less; with z-scores the order and spread match judge 7's
    crit = [Criterion(1, 1, 10)]
    scores = [Score(1, 7, 1, 9), Score(2, 7, 1, 5), Score(1, 8, 1, 6), Score(2, 8, 1, 2)]
    raw = judge_scores([1, 2], crit, scores)
    z = judge_scores([1, 2], crit, scores, z_score=True)
    assert raw[1][0] > raw[2][0] and z[1][0] > z[2][0]
    assert z[1][0] - z[2][0] == pytest.approx(raw[1][0] - raw[2][0], rel=0.5)


points = st.integers(0, 1000).map(lambda x: x / 100)  # judges give points to 2 decimals


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(st.integers(1, 6), st.integers(1, 4), points), min_size=1, max_size=40),
    st.floats(0, 1),
)
def test_scores_stay_in_range(raw, w_e):
    scores = [Score(e, j, 1, p) for e, j, p in raw]
    entries = sorted({e for e, _j, _p in raw})
    counts = {e: {"views": e * 10} for e in entries}
    for row in rank(
        entries,
        [Criterion(1, 1, 10)],
        scores,
        counts,
        metric_weights={"views": 1},
        engagement_weight=w_e,
    ):
        assert 0 <= row.judge_score <= 100 + 1e-9
        assert 0 <= row.engagement_score <= 100 + 1e-9
        assert 0 <= row.final <= 100 + 1e-9


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 10_000), st.integers(0, 10_000), st.sampled_from(["log", "linear", "rank"]))
def test_more_engagement_never_lowers_the_score(a, extra, method):
    base = engagement_scores([1, 2], {1: {"views": a}, 2: {"views": 5000}}, {"views": 1}, method)
    more = engagement_scores(
        [1, 2], {1: {"views": a + extra}, 2: {"views": 5000}}, {"views": 1}, method
    )
    assert more[1] >= base[1] - 1e-9


@settings(max_examples=60, deadline=None)
@given(points, points)
def test_higher_points_never_rank_lower(p, q):
    rows = rank(
        [1, 2],
        [Criterion(1, 1, 10)],
        [Score(1, 1, 1, max(p, q)), Score(2, 1, 1, min(p, q))],
        {},
        metric_weights={"views": 1},
        engagement_weight=0,
        submitted={1: 2, 2: 1},
    )
    first = rows[0]
    assert first.judge_score >= rows[1].judge_score
    assert [r.rank for r in rows] == [1, 2]


@settings(max_examples=40, deadline=None)
@given(st.dictionaries(st.integers(1, 50), st.integers(0, 1000), min_size=1, max_size=20))
def test_zero_engagement_everywhere_gives_zero(counts):
    zero = {e: {"views": 0} for e in counts}
    assert set(engagement_scores(counts, zero, {"views": 1, "likes": 1}).values()) == {0.0}
    for method in ("log", "linear", "rank"):
        values = normalise(counts, method)
        assert all(0 <= v <= 1 for v in values.values())


def test_two_places_rounds_like_the_screen():
    from decimal import Decimal

    from django.template.defaultfilters import floatformat

    from contests.scoring import two_places

    for value in (52.675, 0.125, 81.98499999, 12.5, 99.995, 0.0):
        shown = floatformat(value, 2)  # what the ranking and results pages print
        assert str(two_places(value)) == shown.replace(",", "."), value
    assert two_places(52.675) == Decimal("52.68") and round(52.675, 2) == 52.67
