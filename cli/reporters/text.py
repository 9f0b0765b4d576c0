"""Text for a person: level, risks with reasons, the label verdict, what is undecided, and how."""

from __future__ import annotations

from amity.engine import plain
from amity.engine.assessment import Assessment, RiskAssessment
from amity.engine.designations import MAX_LABEL_CHARS
from amity.engine.explain import LevelNotes, how
from amity.engine.unknowns import budget_note
from amity.engine.whynot import WhyNot, blocker_lines

from .common import LEVEL_NAMES, either, terminal_safe, title


def _facts(names: tuple[str, ...] | list[str]) -> str:
    return ", ".join(plain.field_title(f) for f in names)


def _level(a: Assessment, notes: LevelNotes | None) -> list[str]:
    if a.level.value is not None:
        lines = [f"Level: {LEVEL_NAMES[a.level.value]}"]
        if notes is not None and notes.next_up is not None and notes.next_up.status != "holds":
            lines.append(f"  not {notes.next_up.target_text}: it {notes.next_up.sentence()}")
        return lines
    lines = [
        f"Level: undecided — {either(a.level.possible, LEVEL_NAMES)}",
        f"  would be decided by: {level_deciders(a)}",
    ]
    if notes is not None:
        for w in notes.open_levels:
            lines.append(f"  {w.target_text}: {_decide(w)}")
        return lines
    for p in a.pending_levels:
        if p.would_conclude not in a.level.possible:
            continue
        has = f"has {', '.join(p.established)}; " if p.established else ""
        lines.append(f"  {LEVEL_NAMES[p.would_conclude]}: {p.rule} {has}waits on {_facts(p.waits_on)}")
    return lines


def _decide(w: WhyNot) -> str:
    return w.ways() or "no answer decides it alone"


def why_not_lines(notes: LevelNotes | None) -> list[str]:
    if notes is None or notes.asked is None:
        return []
    w = notes.asked
    lines = ["", f"Why not {w.target_text}?"]
    if w.status == "holds":
        return [*lines, f"  It {w.sentence()}."]
    for depth, text in blocker_lines(w.blockers):
        lines.append("  " + "  " * depth + "- " + text)
    lines.append(f"  It {w.sentence(limit=len(w.change_sets) or 1)}.")
    return lines


def _shown(label: str, verbose: bool) -> str:
    """A label as the text shows it: one longer than any label the grammar reads (a pasted page, a runaway
    cell of 10 MB filled the terminal) cut there, with its length; in full with --verbose, and in JSON."""
    if verbose or len(label) <= MAX_LABEL_CHARS:
        return f'"{label}"'
    return f'"{label[:MAX_LABEL_CHARS]}…" ({len(label):,} characters; --verbose shows them all)'


def label_lines(a: Assessment, verbose: bool = True) -> tuple[str, list[str]]:
    """The label's verdict, as the report says it after 'Label: ', and the lines that explain it (how the
    label was read, what the substance supports, the reasons): the web page's report shows the same (the
    label whole: the page names no --verbose)."""
    head, *rest = _label(a, verbose)
    return head.removeprefix("Label: "), [line.strip() for line in rest]


def _label(a: Assessment, verbose: bool = False) -> list[str]:
    label = a.label
    if label.declared is None:
        return ["Label: none declared (undeclared)"]
    if label.declared_level is None:
        return [
            f"Label: {_shown(label.declared, verbose)} claims no level the pack can place (unrecognized)",
            f"  {label.designation.decided_by}: {label.designation.explanation}",
        ]
    verdict = label.verdict or f"undecided — {either(label.possible_verdicts)}"
    lines = [f"Label: {_shown(label.declared, verbose)} claims {LEVEL_NAMES[label.declared_level]} → {verdict}"]
    lines.append(f"  read by: {label.designation.decided_by}: {label.designation.explanation}")
    if label.summary:
        lines.append(f"  {label.summary}")
    lines += [f"  {r}" for r in label.reasons]
    return lines


def _risks(a: Assessment) -> list[str]:
    lines = ["Risks:"]
    for risk, r in a.risks.items():
        if r.rating is not None:
            lines.append(f"  {risk:<12} {r.rating}")
            if not r.decisive:
                lines.append("      no rule raises it")
        else:
            lines.append(f"  {risk:<12} {risk_status(r)}")
        for x in r.decisive:
            lines.append(f"      {x.reason} [{x.rule}]")  # no step: the text numbers none (-f json does)
    return lines


def risk_status(r: RiskAssessment) -> str:
    """A risk's rating, or 'undecided — low or moderate; decided by: ...': the report's words, the web page's too."""
    if r.rating is not None:
        return str(r.rating)
    return f"undecided — {either(r.outcome.possible)}; decided by: {_facts(r.outcome.deciding)}"


def hedging_status(a: Assessment) -> str:
    """'yes', 'no' or 'undecided; decided by: rival ties': the report's words, the web page's too."""
    h = a.hedging.value
    if h is None:
        return f"undecided; decided by: {_facts(a.hedging.deciding)}"
    return "yes" if h else "no"


def level_deciders(a: Assessment) -> str:
    """The facts that would decide an undecided level, as the report says them after 'would be decided by: '."""
    return _facts(a.level.deciding)


def _hedging(a: Assessment) -> str:
    return f"Hedging: {hedging_status(a)}"


def render(a: Assessment, notes: LevelNotes | None = None, depth: int | None = None, verbose: bool = False) -> str:
    lines = [title(a), f"  pack {a.pack_name} {a.pack_version}", ""]
    lines += _level(a, notes)
    lines += _label(a, verbose)
    lines += _risks(a)
    lines.append(_hedging(a))
    if a.deciding_facts:
        lines += [
            "",
            "Undecided: these unknown facts would decide what is open:",
            "  " + _facts(a.deciding_facts),
        ]
    note = budget_note(a.inexact)
    if note:
        lines += ["", note]
    lines += why_not_lines(notes)
    explained = how(a, depth=depth, verbose=verbose, more="--depth or --verbose")
    if explained:
        lines += ["", "How:"]
        for level, line in explained:
            lines.append("  " + "  " * level + line)
    return "\n".join(lines) + "\n"


def report(
    assessments: list[Assessment],
    many: bool,
    *,
    notes: list[LevelNotes] | None = None,
    depth: int | None = None,
    verbose: bool = False,
) -> str:
    # labels, ids and pack text are the user's: no escape sequence of theirs reaches the terminal
    return terminal_safe(
        "\n".join(render(a, notes[i] if notes else None, depth, verbose) for i, a in enumerate(assessments))
    )
