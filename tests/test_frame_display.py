"""Tables fit the notebook: long text wraps, and a table with many columns scrolls in a focusable box."""

from __future__ import annotations

import pandas as pd

from peacekit.display import LONG_TEXT, WIDE_TABLE, frame_html


def _scope(html: str) -> str:
    return html.split('class="', 1)[1].split('"', 1)[0]


def test_long_text_may_break_anywhere_and_short_text_only_wraps() -> None:
    frame = pd.DataFrame({"url": ["https://example.org/" + "x" * LONG_TEXT], "label": ["short"], "n": [1]})
    html = frame_html(frame)
    scope = _scope(html)
    long_rule = html.split(f".{scope} td:nth-child(2)", 1)[1].split("}", 1)[0]
    short_rule = html.split(f".{scope} td:nth-child(3)", 1)[1].split("}", 1)[0]
    assert "overflow-wrap: anywhere" in long_rule and "min-width" in long_rule
    assert "overflow-wrap" not in short_rule and "white-space: normal" in short_rule
    assert "nth-child(4)" not in html  # numbers keep pandas' alignment
    assert f".{scope} {{ max-width: 100%; overflow-x: auto; }}" in html


def test_a_wide_table_scrolls_in_a_named_box_the_keyboard_reaches() -> None:
    wide = pd.DataFrame({f"source {i}": ["+1 n=2"] for i in range(WIDE_TABLE)})
    html = frame_html(wide)
    head = html.split(">", 1)[0]
    assert 'role="region"' in head and 'tabindex="0"' in head
    assert f"Table of 1 row and {WIDE_TABLE} columns" in head


def test_a_narrow_table_is_not_a_tab_stop() -> None:
    narrow = pd.DataFrame({"a": ["x"], "b": ["y"]})
    assert "tabindex" not in frame_html(narrow)


def test_a_column_of_missing_values_is_not_long_text() -> None:
    frame = pd.DataFrame({"a": ["x", None], "b": pd.Series([pd.NA, pd.NA], dtype="string")})
    html = frame_html(frame)
    assert "white-space: normal" in html and "overflow-wrap: anywhere" not in html
