"""Tests for peacekit.stats: percent agreement and Cohen's kappa.

Reference values are computed by hand in the comments. They are also what
``sklearn.metrics.cohen_kappa_score`` returns for the same input, except for
weighted kappa on labels with gaps, where the kit weighs by value and
scikit-learn by rank (see :func:`test_weighted_kappa_with_gapped_labels_uses_values`).
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

import peacekit as pk
from peacekit.stats import cohen_kappa, kappa_words, percent_agreement


def test_lazy_name_is_the_function() -> None:
    assert pk.cohen_kappa is cohen_kappa


def test_percent_agreement() -> None:
    assert percent_agreement([1, 2, 2, 0], [1, 2, 1, 0]) == 75.0
    assert percent_agreement(["a"], ["a"]) == 100.0
    assert percent_agreement(("x", "y"), ("y", "x")) == 0.0


def test_kappa_small_example() -> None:
    # p_o = 3/4; rater a: a .5, b .5; rater b: a .25, b .75
    # p_e = .5*.25 + .5*.75 = .5; kappa = (.75-.5)/(1-.5) = .5
    assert cohen_kappa(["a", "a", "b", "b"], ["a", "b", "b", "b"]) == pytest.approx(0.5)


def test_kappa_two_by_two_table() -> None:
    # 50 items: yes/yes 20, yes/no 5, no/yes 10, no/no 15
    a = ["yes"] * 25 + ["no"] * 25
    b = ["yes"] * 20 + ["no"] * 5 + ["yes"] * 10 + ["no"] * 15
    # p_o = 35/50 = .7; p_e = (25/50)(30/50) + (25/50)(20/50) = .3 + .2 = .5; kappa = .2/.5 = .4
    assert cohen_kappa(a, b) == pytest.approx(0.4)
    assert cohen_kappa(b, a) == pytest.approx(0.4)  # symmetric


def test_kappa_perfect_and_opposite() -> None:
    assert cohen_kappa([-2, 0, 2, 1], [-2, 0, 2, 1]) == pytest.approx(1.0)
    # p_o = 0, p_e = .5 -> -1
    assert cohen_kappa([0, 1, 0, 1], [1, 0, 1, 0]) == pytest.approx(-1.0)


def test_kappa_weighted_by_hand() -> None:
    a, b = [0, 1, 2], [0, 2, 2]
    # observed: (0,0), (1,2), (2,2), each 1/3. Marginals: a = 1/3 each; b = 1/3, 0, 2/3.
    # unweighted: p_o = 2/3, p_e = 1/9 + 0 + 2/9 = 1/3 -> (2/3 - 1/3)/(2/3) = .5
    assert cohen_kappa(a, b) == pytest.approx(0.5)
    # linear: observed disagreement 1*(1/3); expected 4/9 + 3/9 + 2/9 = 1 -> 1 - 1/3 = 2/3
    assert cohen_kappa(a, b, weights="linear") == pytest.approx(2 / 3)
    # quadratic: observed 1/3; expected 8/9 + 3/9 + 4/9 = 5/3 -> 1 - 1/5 = .8
    assert cohen_kappa(a, b, weights="quadratic") == pytest.approx(0.8)


def _pairwise_weighted_kappa(a: list[float], b: list[float], power: int) -> float:
    """Weighted kappa from its definition, without a contingency table.

    Observed disagreement: the mean of ``|a_i - b_i| ** power`` over items.
    Expected disagreement (each coder's labels shuffled independently): the
    mean of ``|a_i - b_j| ** power`` over all n * n pairs of items.
    """
    n = len(a)
    observed = sum(abs(x - y) ** power for x, y in zip(a, b)) / n
    expected = sum(abs(x - y) ** power for x in a for y in b) / n**2
    return 1 - observed / expected


def test_weighted_kappa_with_gapped_labels_uses_values() -> None:
    # Stance codes with a gap: the labels used are {-2, -1, 2} (no 0, no 1).
    a, b = [-2, -1, 2, 2], [-1, -1, 2, -1]
    # linear, by value: observed |d| = 1, 0, 0, 3 -> mean 1.
    # expected, all 16 pairs (a_i, b_j) with b = -1, -1, 2, -1:
    #   a=-2: 1+1+4+1 = 7; a=-1: 0+0+3+0 = 3; a=2 (twice): 2*(3+3+0+3) = 18 -> 28/16 = 7/4
    #   kappa = 1 - 1 / (7/4) = 3/7
    assert cohen_kappa(a, b, weights="linear") == pytest.approx(3 / 7)
    # quadratic, by value: observed 1, 0, 0, 9 -> 10/4; expected:
    #   a=-2: 1+1+16+1 = 19; a=-1: 0+0+9+0 = 9; a=2 (twice): 2*(9+9+0+9) = 54 -> 82/16
    #   kappa = 1 - (10/4) / (82/16) = 1 - 20/41 = 21/41
    assert cohen_kappa(a, b, weights="quadratic") == pytest.approx(21 / 41)
    # by rank (scikit-learn: -2 -> 0, -1 -> 1, 2 -> 2) the linear value would be
    #   observed 1, 0, 0, 1 -> 1/2; expected (5 + 1 + 2*3)/16 = 3/4; kappa = 1/3 -- not the kit's.
    assert cohen_kappa(a, b, weights="linear") != pytest.approx(1 / 3)
    # the same two codings from the definition, pair by pair
    assert cohen_kappa(a, b, weights="linear") == pytest.approx(_pairwise_weighted_kappa(a, b, 1))
    assert cohen_kappa(a, b, weights="quadratic") == pytest.approx(_pairwise_weighted_kappa(a, b, 2))
    # weighting by value: shifting or stretching every code leaves kappa unchanged,
    # and filling the gap in the label set (recoding 2 as 0) changes it.
    stretched = ([3 * x + 1 for x in a], [3 * y + 1 for y in b])
    assert cohen_kappa(*stretched, weights="linear") == pytest.approx(3 / 7)
    closed = ([0 if x == 2 else x for x in a], [0 if y == 2 else y for y in b])
    assert cohen_kappa(*closed, weights="linear") != pytest.approx(3 / 7)


def test_weighted_kappa_random_gapped_codings_match_the_definition() -> None:
    import random

    rng = random.Random(7)
    for _ in range(30):
        labels = rng.sample([-2, -1, 0, 1, 2], 3)
        a = [rng.choice(labels) for _ in range(12)]
        b = [rng.choice(labels) for _ in range(12)]
        for power, weights in ((1, "linear"), (2, "quadratic")):
            try:
                expected = _pairwise_weighted_kappa(a, b, power)
            except ZeroDivisionError:
                continue
            assert cohen_kappa(a, b, weights=weights) == pytest.approx(expected)


def test_kappa_labels_as_words_and_numbers() -> None:
    # label type does not matter, only equality
    assert cohen_kappa(["1", "2", "1"], ["1", "2", "2"]) == pytest.approx(cohen_kappa([1, 2, 1], [1, 2, 2]))


def test_kappa_with_pandas_series() -> None:
    a = pd.Series([1, 0, 1, 1], dtype="Int64")
    b = pd.Series([1, 0, 0, 1], dtype="Int64")
    # p_o = .75; a: 1 .75, 0 .25; b: 1 .5, 0 .5; p_e = .375 + .125 = .5; kappa = .5
    assert cohen_kappa(a, b) == pytest.approx(0.5)


@pytest.mark.parametrize(
    ("a", "b", "words"),
    [
        ([1, 2], [1], "same items"),
        ([], [], "nothing to compare"),
        ([1, None], [1, 2], "no label in the first"),
        ([1, 2], [1, float("nan")], "no label in the second"),
        ([1, pd.NA], [1, 2], "no label"),
        (["a", "a"], ["a", "a"], "undefined"),
        ("ab", "ab", "as a list"),
    ],
)
def test_kappa_degenerate_cases_raise_a_sentence(a: list, b: list, words: str) -> None:
    with pytest.raises(ValueError, match=words):
        cohen_kappa(a, b)


def test_percent_agreement_checks_too() -> None:
    with pytest.raises(ValueError, match="same items"):
        percent_agreement([1], [1, 2])


def test_weighted_kappa_needs_numbers() -> None:
    with pytest.raises(ValueError, match="numeric"):
        cohen_kappa(["a", "b"], ["b", "a"], weights="linear")
    with pytest.raises(ValueError, match="weights"):
        cohen_kappa([1, 2], [2, 1], weights="cubic")


def test_kappa_bounds_random_codings() -> None:
    import random

    rng = random.Random(1)
    for _ in range(50):
        a = [rng.choice([-2, -1, 0, 1, 2]) for _ in range(30)]
        b = [rng.choice([-2, -1, 0, 1, 2]) for _ in range(30)]
        k = cohen_kappa(a, b)
        assert -1.0 <= k <= 1.0 and not math.isnan(k)


def test_kappa_words() -> None:
    assert kappa_words(-0.1) == "worse than chance"
    assert kappa_words(0.5) == "moderate"
    assert kappa_words(0.9) == "almost perfect"


def test_a_dictionary_of_codes_is_refused_with_a_sentence():
    # list(dict) would give the item ids: kappa of ids against labels is ~0, silently wrong
    kit = {"C001": 1, "C002": -1, "C003": 2}
    mine = {"C001": 1, "C002": -1, "C003": 1}
    with pytest.raises(ValueError, match="not as a dictionary"):
        cohen_kappa(kit, mine)
    with pytest.raises(ValueError, match="not as a dictionary"):
        percent_agreement(list(kit.values()), mine)
