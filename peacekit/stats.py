"""Agreement between two coders: percent agreement and Cohen's kappa.

Students re-code the kit's claims (stance, claim type, evidence type) and
measure how far their coding agrees with the kit's. Two numbers are used:

* **percent agreement** — the share of items both coders labelled the same;
  easy to read, but two coders guessing at random already agree some of the
  time;
* **Cohen's kappa** — agreement corrected for that chance agreement:
  ``kappa = (p_o - p_e) / (1 - p_e)``, where ``p_o`` is the observed share of
  agreement and ``p_e`` the share expected if each coder kept their own mix of
  labels but assigned them at random. 1 means perfect agreement, 0 no better
  than chance, below 0 worse than chance. A rough reading often used in
  class (Landis & Koch 1977): below 0.2 slight, 0.2–0.4 fair, 0.4–0.6
  moderate, 0.6–0.8 substantial, above 0.8 almost perfect.

For ordered labels such as stances (-2..2), ``weights="linear"`` or
``"quadratic"`` gives partial credit to near misses (weighted kappa, Cohen 1968).
The weight of a disagreement is the distance between the two label *values*
(``|x - y|`` or ``(x - y)**2``): for stance codes, -2 against 2 is four steps
apart whether or not -1, 0 and 1 were used.

Unweighted kappa matches ``sklearn.metrics.cohen_kappa_score`` always;
weighted kappa matches it only when the labels used are evenly spaced (for
example -2, -1, 0, 1, 2). With gaps, e.g. the labels {-2, -1, 2}, scikit-learn
weights by the position of each label in the sorted list of labels used
(-1 and 2 become one step apart), so its weighted kappa differs from the
kit's. The kit does not depend on scikit-learn.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

__all__ = ["cohen_kappa", "percent_agreement", "kappa_words"]


def _is_missing(value: Any) -> bool:
    if value is None:
        return True
    try:
        return bool(value != value)  # NaN
    except (TypeError, ValueError):  # pd.NA
        return True


def _pairs(a: Sequence[Any], b: Sequence[Any]) -> tuple[list[Any], list[Any]]:
    """Check two codings and return them as lists."""
    if isinstance(a, str) or isinstance(b, str):
        raise ValueError("Give each coder's labels as a list (one label per item), not as a single string.")
    if isinstance(a, Mapping) or isinstance(b, Mapping):
        # list(dict) would silently give the keys (the item ids), not the labels
        raise ValueError(
            "Give each coder's labels as a list, not as a dictionary: for a dictionary of codes "
            "use list(codes.values()), with the items in the same order in both codings."
        )
    a_list, b_list = list(a), list(b)
    if len(a_list) != len(b_list):
        raise ValueError(
            f"The two codings must label the same items: the first has {len(a_list)} labels, "
            f"the second {len(b_list)}."
        )
    if not a_list:
        raise ValueError("There is nothing to compare: both codings are empty.")
    for i, (x, y) in enumerate(zip(a_list, b_list), start=1):
        if _is_missing(x) or _is_missing(y):
            which = "first" if _is_missing(x) else "second"
            raise ValueError(
                f"Item {i} has no label in the {which} coding. Give it a label (for example 'none') "
                "or leave that item out of both codings."
            )
    return a_list, b_list


def percent_agreement(a: Sequence[Any], b: Sequence[Any]) -> float:
    """Return the percentage (0–100) of items that two coders labelled the same.

    Parameters
    ----------
    a, b : sequence
        The two coders' labels, one per item, in the same item order.

    Returns
    -------
    float
        ``100 * (number of items with the same label) / (number of items)``.

    Raises
    ------
    ValueError
        If the codings have different lengths, are empty or contain a missing label.

    Examples
    --------
    >>> percent_agreement([1, 2, 2, 0], [1, 2, 1, 0])
    75.0
    """
    a_list, b_list = _pairs(a, b)
    same = sum(1 for x, y in zip(a_list, b_list) if x == y)
    return 100.0 * same / len(a_list)


def cohen_kappa(a: Sequence[Any], b: Sequence[Any], *, weights: str | None = None) -> float:
    """Return Cohen's kappa: agreement between two coders, corrected for chance.

    Parameters
    ----------
    a, b : sequence
        The two coders' labels, one per item, in the same item order. Labels
        can be numbers or words; for weighted kappa they must be numbers.
    weights : {None, "linear", "quadratic"}
        ``None`` (default): every disagreement counts fully. ``"linear"`` /
        ``"quadratic"``: for ordered numeric labels (stances), a near miss
        counts less than a far one; the distance between labels is taken
        from their values, not from their rank among the labels used (so
        with the labels {-2, -1, 2}, -1 and 2 are three steps apart; see the
        module docstring on how this differs from scikit-learn).

    Returns
    -------
    float
        Kappa, at most 1. ``kappa = (p_o - p_e) / (1 - p_e)`` (unweighted) or
        ``1 - sum(w * observed) / sum(w * expected)`` (weighted).

    Raises
    ------
    ValueError
        With a sentence saying what to do, if the codings have different
        lengths, are empty or have a missing label, or if kappa is undefined
        because both coders used one and the same label for every item
        (chance agreement is then 100%, so there is nothing to correct;
        report percent agreement instead).

    Examples
    --------
    >>> round(cohen_kappa(["a", "a", "b", "b"], ["a", "b", "b", "b"]), 3)
    0.5
    """
    a_list, b_list = _pairs(a, b)
    if weights not in (None, "linear", "quadratic"):
        raise ValueError("weights must be None, 'linear' or 'quadratic'.")
    n = len(a_list)
    labels = sorted(set(a_list) | set(b_list), key=lambda v: (str(type(v)), v))
    if len(labels) == 1:
        raise ValueError(
            "Kappa is undefined here: both codings give every item the same label "
            f"({labels[0]!r}), so chance agreement is already 100%. Report percent agreement "
            "instead, or code more varied items."
        )
    index = {label: i for i, label in enumerate(labels)}
    k = len(labels)
    observed = [[0.0] * k for _ in range(k)]
    for x, y in zip(a_list, b_list):
        observed[index[x]][index[y]] += 1.0 / n
    row = [sum(observed[i]) for i in range(k)]
    col = [sum(observed[i][j] for i in range(k)) for j in range(k)]
    expected = [[row[i] * col[j] for j in range(k)] for i in range(k)]

    if weights is None:
        w = [[0.0 if i == j else 1.0 for j in range(k)] for i in range(k)]
    else:
        try:
            values = [float(label) for label in labels]
        except (TypeError, ValueError):
            raise ValueError("Weighted kappa needs numeric labels (for example stances -2..2).") from None
        power = 1 if weights == "linear" else 2
        w = [[abs(values[i] - values[j]) ** power for j in range(k)] for i in range(k)]

    disagree_observed = sum(w[i][j] * observed[i][j] for i in range(k) for j in range(k))
    disagree_expected = sum(w[i][j] * expected[i][j] for i in range(k) for j in range(k))
    if disagree_expected == 0:
        raise ValueError(
            "Kappa is undefined here: each coder used a single label for every item, so chance "
            "agreement cannot be separated from real agreement. Report percent agreement instead."
        )
    return 1.0 - disagree_observed / disagree_expected


def kappa_words(kappa: float) -> str:
    """Return Landis & Koch's (1977) words for a kappa value, e.g. ``"moderate"``.

    These bands are a convention for discussion, not a test.
    """
    if kappa < 0:
        return "worse than chance"
    if kappa <= 0.2:
        return "slight"
    if kappa <= 0.4:
        return "fair"
    if kappa <= 0.6:
        return "moderate"
    if kappa <= 0.8:
        return "substantial"
    return "almost perfect"
