"""Reporters for ``amity pack diff``: text, Markdown and JSON."""

from __future__ import annotations

from amity.engine.packdiff import ASPECTS, DatasetDiff, PackDiff

from .common import plural
from .json_reporter import dumps


def render(changes: PackDiff, on: DatasetDiff | None, dataset: str | None, fmt: str) -> str:
    if fmt == "json":
        data = changes.as_dict()
        if on is not None:
            data["dataset"] = {"path": dataset, **on.as_dict()}
        return dumps(data)
    md = fmt == "markdown"
    out: list[str] = [f"# {changes.old} → {changes.new}" if md else f"{changes.old} -> {changes.new}", ""]
    bullet = "- " if md else "  "

    def section(title: str, items: list[str]) -> None:
        if items:
            out.append(f"## {title}" if md else f"{title}:")
            out.extend(bullet + i for i in items)
            out.append("")

    section("Rules added", [f"`{i}`" if md else i for i in changes.rules_added])
    section("Rules removed", [f"`{i}`" if md else i for i in changes.rules_removed])
    section(
        "Rules changed",
        [f"{c.id}: {a} {o} -> {n}" for c in changes.rules_changed for a, o, n in c.changes],
    )
    section("Grammar entries and rungs added", list(changes.grammar_added))
    section("Grammar entries and rungs removed", list(changes.grammar_removed))
    section(
        "Grammar entries and rungs changed",
        [f"{c.id}: {a} {o} -> {n}" for c in changes.grammar_changed for a, o, n in c.changes],
    )
    section("Lexicon entries added", list(changes.lexicon_added))
    section("Lexicon entries removed", list(changes.lexicon_removed))
    section(
        "Lexicon entries changed",
        [f"{c.id}: {a} {o} -> {n}" for c in changes.lexicon_changed for a, o, n in c.changes],
    )
    if changes.empty:
        out += ["The packs have the same rules, grammar and lexicon.", ""]
    if on is None:
        return "\n".join(out)
    ok = on.rows - on.errors
    title = f"On {dataset}"
    out.append(f"## {title}" if md else f"{title}:")
    out.append(
        f"{bullet}{plural(on.rows, 'row')}: {ok} assessed with both packs, {on.errors} with errors; "
        + f"{plural(len(on.changed), 'row')} {'changes' if len(on.changed) == 1 else 'change'}"
    )
    out.append("")
    if any(on.counts.values()):
        if md:
            out += ["| what changes | rows | from → to (rows) |", "|---|---|---|"]
        for aspect in ASPECTS:
            n = on.counts.get(aspect, 0)
            if not n:
                continue
            moves = ", ".join(f"{o} -> {nw} ({k})" for (o, nw), k in on.moves[aspect].most_common())
            out.append(f"| {aspect} | {n} | {moves} |" if md else f"{bullet}{aspect:<18} {n:>4}  {moves}")
        out.append("")
        rows_title = "Rows that change"
        out.append(f"### {rows_title}" if md else f"{rows_title}:")
        if md:
            out += ["| row | id | what changes |", "|---|---|---|"]
        for c in on.changed:
            what = "; ".join(f"{a}: {o} -> {n}" for a, o, n in c.changes)
            out.append(f"| {c.row} | {c.id or ''} | {what} |" if md else f"{bullet}row {c.row} {c.id or ''}: {what}")
        out.append("")
    return "\n".join(out)
