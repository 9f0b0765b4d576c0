"""Reporters for ``amity pack diff``: text, Markdown and JSON."""

from __future__ import annotations

from amity.engine.packdiff import ASPECTS, DatasetDiff, PackDiff, RowChange, RuleTurn

from .common import md_code, md_text, plural, terminal_safe
from .json_reporter import dumps

#: the rows with errors whose errors the text and Markdown list (JSON lists every one)
BROKEN_SHOWN = 20


def _disabled(changes: PackDiff, rule_id: str) -> str:
    """What follows a removed rule's id: ' (disabled)' where the new pack switches it off, with the rationale it
    gives, as a changed rule's aspects are shown ('id: rationale ...')."""
    if rule_id not in changes.rules_disabled:
        return ""
    why = changes.disabled_rationales.get(rule_id)
    return " (disabled)" + (f": rationale {why}" if why else "")


def render(changes: PackDiff, on: DatasetDiff | None, dataset: str | None, fmt: str) -> str:
    if fmt == "json":
        data = changes.as_dict()
        if on is not None:
            data["dataset"] = {"path": dataset, **on.as_dict()}
        return dumps(data)
    md = fmt == "markdown"
    out: list[str] = [("# " if md else "") + f"{changes.old} → {changes.new}", ""]
    bullet = "- " if md else "  "

    def section(title: str, items: list[str]) -> None:
        if items:
            out.append(f"## {title}" if md else f"{title}:")
            out.extend(bullet + i for i in items)
            out.append("")

    def behind(turns: tuple[RuleTurn, ...]) -> str:  # the rules that do otherwise on the row, and what each did
        said = [f"{md_code(t.rule, in_table=True) if md else t.rule}: {t.old} → {t.new}" for t in turns]
        return f" ({'; '.join(said)})" if said else ""

    def read_by(c: RowChange, aspect: str) -> str:  # what decided the label's claim under each pack
        if aspect != "claimed level" or c.decided_by is None:
            return ""
        old, new = (md_code(d, in_table=True) if md and d != "nothing" else d for d in c.decided_by)
        return f" (decided by {old} → {new})"

    def ident(name: str) -> str:  # an id of the packs: code in Markdown, whether a rule's, a grammar's or a lexicon's
        return md_code(name, in_table=False) if md else name

    for what, added, removed, changed in (
        ("Rules", changes.rules_added, changes.rules_removed, changes.rules_changed),
        ("Grammar entries and rungs", changes.grammar_added, changes.grammar_removed, changes.grammar_changed),
        ("Lexicon entries", changes.lexicon_added, changes.lexicon_removed, changes.lexicon_changed),
    ):
        section(
            f"{what} added",
            [ident(i) + (" (enabled again)" if what == "Rules" and i in changes.rules_enabled else "") for i in added],
        )
        section(f"{what} removed", [ident(i) + _disabled(changes, i) if what == "Rules" else ident(i) for i in removed])
        section(f"{what} changed", [f"{ident(c.id)}: {a} {o} → {n}" for c in changed for a, o, n in c.changes])
    section(
        "Disabled rules changed",
        [f"{ident(c.id)}: {a} {o} → {n}" for c in changes.disabled_changed for a, o, n in c.changes],
    )
    section(
        "Findings changed", [f"{ident(c.id)}: {a} {o} → {n}" for c in changes.findings_changed for a, o, n in c.changes]
    )
    if changes.empty:
        out += ["The packs have the same rules, grammar and lexicon.", ""]
    if on is None:
        return "\n".join(out)
    ok = on.rows - on.errors
    title = f"On {dataset}"
    out.append(f"## {title}" if md else f"{title}:")
    out.append(
        f"{bullet}{plural(on.rows, 'row')}: {ok:,} assessed with both packs, {on.errors:,} with errors; "
        + f"{plural(len(on.changed), 'row')} {'changes' if len(on.changed) == 1 else 'change'}"
    )
    out.append("")
    if on.broken:  # each said, located, as validate says it: a count alone left the user to find them
        title = "Rows with errors (not compared)"
        out.append(f"### {title}" if md else f"{title}:")
        for broken in on.broken[:BROKEN_SHOWN]:
            for problem in broken.errors:
                said = md_text(str(problem)) if md else terminal_safe(str(problem))
                out.append(f"{bullet}row {broken.row}: {said}")
        more = len(on.broken) - BROKEN_SHOWN
        if more > 0:
            out.append(
                f"{bullet}… and {plural(more, 'more row')} with errors: amity validate {dataset} lists every one"
            )
        out.append("")
    if any(on.counts.values()):
        if md:
            out += ["| what changes | rows | from → to (rows) |", "|---|---|---|"]
        for aspect in ASPECTS:
            n = on.counts.get(aspect, 0)
            if not n:
                continue
            moves = ", ".join(f"{o} → {nw} ({k:,})" for (o, nw), k in on.moves[aspect].most_common())
            out.append(f"| {aspect} | {n:,} | {moves} |" if md else f"{bullet}{aspect:<18} {n:>4,}  {moves}")
        out.append("")
        rows_title = "Rows that change"
        note = (
            "after a change of the level, a risk or hedging, in brackets: the rules it rests on, directly or "
            "through findings, that do otherwise on the row, each with what it did under the old pack → the new"
        )
        shown = any(turns for c in on.changed for _, turns in c.because)
        if md:
            out += [f"### {rows_title}", *([note[0].upper() + note[1:] + ".", ""] if shown else [])]
        else:
            out.append(f"{rows_title} ({note}):" if shown else f"{rows_title}:")
        if md:
            out += ["| row | id | what changes |", "|---|---|---|"]
        for c in on.changed:
            what = "; ".join(f"{a}: {o} → {n}{behind(c.turns(a))}{read_by(c, a)}" for a, o, n in c.changes)
            out.append(f"| {c.row} | {c.id or ''} | {what} |" if md else f"{bullet}row {c.row} {c.id or ''}: {what}")
        out.append("")
    return "\n".join(out)
