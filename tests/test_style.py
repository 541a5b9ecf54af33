"""Tests for peacekit.style: palettes, stance words, chart helpers."""

from __future__ import annotations

import altair as alt
import pandas as pd
import pytest

from peacekit.style import (
    CATEGORICAL,
    NOT_ADDRESSED_COLOR,
    OKABE_ITO,
    STANCE_COLORS,
    UNDERLINE_STYLES,
    categorical_scale,
    describe_chart,
    join_words,
    plural,
    projector_config,
    signed_number,
    stance_label,
    stance_number,
    stance_scale,
    summary_html,
    theme_style,
)


def test_palettes() -> None:
    assert set(CATEGORICAL) <= set(OKABE_ITO.values())
    assert len(set(CATEGORICAL)) == len(CATEGORICAL) == 7
    assert NOT_ADDRESSED_COLOR not in STANCE_COLORS.values()
    assert categorical_scale(["a", "b"]).to_dict() == {"domain": ["a", "b"], "range": CATEGORICAL[:2]}
    scale = stance_scale().to_dict()
    assert scale["domain"] == [-2, 2] and scale["domainMid"] == 0


@pytest.mark.parametrize(
    ("stance", "label"),
    [
        (-2, "−2 ✗✗ strongly disagrees"),
        (-1, "−1 ✗ disagrees"),
        (0, "0 ○ neutral or mixed"),
        (1.0, "+1 ✓ agrees"),
        ("2", "+2 ✓✓ strongly agrees"),
        (None, "· no stance (descriptive)"),
        (pd.NA, "· no stance (descriptive)"),
        (float("nan"), "· no stance (descriptive)"),
    ],
)
def test_stance_label(stance: object, label: str) -> None:
    assert stance_label(stance) == label


def test_stance_number_rejects_out_of_range() -> None:
    with pytest.raises(ValueError, match="between -2 and 2"):
        stance_number(3)


def test_signed_number() -> None:
    assert [signed_number(v) for v in (-1.5, 0, 2, 0.25)] == ["−1.5", "0", "+2", "+0.2"]


def test_theme_style_unique_pairs() -> None:
    pairs = {(theme_style(i)["color"], theme_style(i)["underline"]) for i in range(45)}
    assert len(pairs) == 45
    for i in range(20):  # neighbours always differ in underline style (a non-colour cue)
        assert theme_style(i)["underline"] != theme_style(i + 1)["underline"]
    assert theme_style(0)["underline"] in UNDERLINE_STYLES


def test_describe_chart() -> None:
    base = alt.Chart(pd.DataFrame({"a": [1], "b": [2]})).mark_point().encode(x="a:Q", y="b:Q")
    chart = describe_chart(base, title="T", description="One sentence.", subtitle="S", x_title="A", y_title="B")
    spec = projector_config(chart).to_dict()
    assert spec["title"] == {"text": "T", "anchor": "start", "subtitle": "S"}
    assert spec["description"] == "One sentence."
    assert spec["encoding"]["x"]["title"] == "A" and spec["encoding"]["y"]["title"] == "B"
    assert "title" not in base.to_dict()["encoding"]["x"]  # the original is not changed
    layered = describe_chart(alt.layer(base, base), title="T", description="D.", x_title="X")
    assert all(layer["encoding"]["x"]["title"] == "X" for layer in layered.to_dict()["layer"])


def test_words() -> None:
    assert plural(1, "claim") == "1 claim" and plural(1200, "claim") == "1,200 claims"
    assert join_words(["a", "b", "c"]) == "a, b and c" and join_words([]) == ""
    assert "&lt;b&gt;" in summary_html("<b>")


def test_charts_have_no_actions_menu() -> None:
    # vega-embed's "..." menu is a <summary> without an accessible name (axe: WCAG 2.1 A);
    # the widgets' charts and the renderer pk.setup() enables both turn it off.
    import altair as alt

    from peacekit._ui import jupyter_chart
    from peacekit.style import EMBED_OPTIONS

    assert EMBED_OPTIONS.get("actions") is False
    chart = alt.Chart(pd.DataFrame({"x": [1, 2]})).mark_point().encode(x="x")
    assert jupyter_chart(chart).embed_options.get("actions") is False
    # the renderer pk.setup() enables draws every displayed chart with the same options
    from peacekit import _vega

    assert _vega.EMBED_OPTIONS.get("actions") is False
