"""HTML from templates: every widget view and plain-twin HTML is rendered here.

Templates live in ``peacekit/templates/`` and are rendered by jinja2 with
autoescaping on, so text from ``datasets/`` is escaped without each caller
remembering to: a quote containing ``<script>`` shows as text. Only HTML that
was itself rendered from a template is passed on unescaped (jinja2's
``Markup``, returned by :func:`render`). Styling is by ``pk-`` classes defined
once in :func:`peacekit.style.css`; :func:`view` wraps content with that block.

Examples
--------
>>> from peacekit.templates import render, view
>>> render("message.html", sentence="<b>", kind="info")     # doctest: +ELLIPSIS
Markup('<div class="pk-message" role="status"><strong>Note:</strong> &lt;b&gt;</div>')
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

__all__ = ["Markup", "environment", "message", "render", "view"]

_FOLDER = Path(__file__).with_name("templates")


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """The one jinja2 environment: autoescaped, strict about undefined names."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(_FOLDER)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    return env


def render(name: str, /, **context: Any) -> Markup:
    """Render the template ``name`` with ``context``; the result is safe HTML (``Markup``)."""
    return Markup(environment().get_template(name).render(**context).strip())


@lru_cache(maxsize=1)
def _css() -> Markup:
    from peacekit.style import css

    # one line per rule, no indentation: the block travels with every view
    return Markup("\n".join(line.strip() for line in css().splitlines() if line.strip()))


def view(body: str | Markup, *, extra_class: str = "") -> str:
    """Wrap rendered HTML as a view: the kit's CSS block and the readable base font.

    ``body`` must come from :func:`render` (a ``Markup``); a plain ``str`` is
    escaped, so dataset text can never slip through unescaped.
    """
    return str(render("view.html", css=_css(), body=body, extra_class=extra_class))


def message(sentence: str, *, kind: str = "info") -> str:
    """A sentence as a small notice view (``kind`` ``"info"`` or ``"warning"``)."""
    return view(render("message.html", sentence=sentence, kind=kind))
