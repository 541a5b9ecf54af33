"""Small HTML helpers shared by every widget.

Every piece of text that comes from ``datasets/`` passes through :func:`esc`
before it becomes HTML, so a quote containing ``<script>`` shows as text.
"""

from __future__ import annotations

import html

__all__ = ["esc", "message"]


def esc(text: object) -> str:
    """Return ``text`` as HTML-safe text.

    ``None`` and missing values (``pd.NA``, ``NaN``) become an empty string, so
    a blank cell in a dataset never prints as ``<NA>``.
    """
    if text is None:
        return ""
    try:
        if text != text:  # NaN
            return ""
    except (TypeError, ValueError):
        # pd.NA raises on comparison: treat it as missing
        return ""
    return html.escape(str(text), quote=True)


def message(sentence: str, *, kind: str = "info") -> str:
    """Return a sentence as a small HTML notice.

    Used for empty or impossible selections, so a widget shows a sentence
    instead of a blank area or an error. ``kind`` is ``"info"`` or ``"warning"``
    and is carried by a word as well as a colour.
    """
    label = "Note" if kind == "info" else "Check this"
    border = "#0072B2" if kind == "info" else "#D55E00"
    return (
        f'<div class="pk-message" role="status" '
        f'style="border-left:4px solid {border};padding:0.4em 0.8em;margin:0.4em 0">'
        f"<strong>{label}:</strong> {esc(sentence)}</div>"
    )
