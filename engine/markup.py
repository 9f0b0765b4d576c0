"""User text set into Markdown and Mermaid so that it shows as itself.

A pack's descriptions, a profile's label, a scenario's names: text written by
someone else goes into documents (``amity assess -f markdown``, ``amity pack
doc``) that a renderer reads as markup. Here it is written so that a ``<b>``
or a ``<script>`` reads as those characters, a ``*`` is not emphasis, and a
``|`` does not break a table.
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["md_code", "md_paragraph", "md_text", "mermaid_text"]

# what can start markup inside a line (all user text goes mid-line, never at a line's start):
# code, emphasis (an underscore only at a word's edge: inside a word it is text), links and
# images (their brackets), raw HTML and entities, strike-through, and the table's pipe
_MD_SPECIAL = re.compile(r"([\\`*\[\]|~<>&]|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9]))")
_MD_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")


def md_text(value: Any) -> str:
    """User text as literal Markdown on one line: no HTML, no links, no emphasis, no broken table.

    Line breaks and other controls become a space; the punctuation that starts
    markup is escaped with a backslash, and ``<``, ``>`` and ``&`` are written as
    entities, so that a label such as ``<script>`` or ``[x](javascript:...)``
    reads as itself.
    """
    text = _MD_LINE.sub(" ", str(value))
    entities = {"<": "&lt;", ">": "&gt;", "&": "&amp;"}
    return _MD_SPECIAL.sub(lambda m: entities.get(m.group(1), "\\" + m.group(1)), text)


#: what starts a block at a line's start, past what md_text escapes: a heading, a list item, a setext underline
_MD_BLOCK_START = re.compile(r"^(?:[#+=-]|\d+(?=[.)]))")


def md_paragraph(value: Any) -> str:
    """User text as a paragraph of literal Markdown: ``md_text``, and what would open a heading or a list at the
    start of the line ('1. Risk management', '# note', '- item') reads as itself too."""
    text = md_text(value).lstrip()
    return _MD_BLOCK_START.sub(lambda m: m.group(0) + "\\" if m.group(0)[0].isdigit() else "\\" + m.group(0), text)


def md_code(value: Any, *, in_table: bool = True) -> str:
    """User text as an inline code span on one line, inside a table cell too (there a '|' is escaped:
    outside a table the backslash would show, in code to be copied)."""
    text = _MD_LINE.sub(" ", str(value))
    if in_table:
        text = text.replace("|", "\\|")
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


_MERMAID_ENTITIES = {'"': "#quot;", "<": "#lt;", ">": "#gt;", "`": "#96;", "#": "#35;", "&": "#amp;"}


def mermaid_text(text: str) -> str:
    """Text for a quoted Mermaid label (``n1["..."]``): on one line, with no markup, quote or fence inside.

    Mermaid reads ``#name;`` as an entity, so each character that would end the
    label, start HTML or a Markdown string, or start an entity, is written as one."""
    text = _MD_LINE.sub(" ", text)
    return re.sub(r'["<>`#&]', lambda m: _MERMAID_ENTITIES[m.group(0)], text)
