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
    """Return a sentence as a small HTML notice (rendered by :func:`peacekit.templates.message`).

    Used for empty or impossible selections, so a widget shows a sentence
    instead of a blank area or an error. ``kind`` is ``"info"`` or ``"warning"``
    and is carried by a word as well as a colour.
    """
    from peacekit.templates import message as render_message

    return render_message(sentence, kind=kind)
