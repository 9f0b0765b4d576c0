"""Text for a person: level, risks with reasons, the label verdict, what is undecided, and how."""

from __future__ import annotations

from amity.engine.assessment import Assessment

from .common import LEVEL_NAMES, either, targets, title, tree


def _level(a: Assessment) -> list[str]:
    if a.level.value is not None:
        return [f"Level: {LEVEL_NAMES[a.level.value]}"]
    lines = [
        f"Level: undecided — {either(a.level.possible, LEVEL_NAMES)}",
        f"  would be decided by: {', '.join(a.level.deciding)}",
    ]
    for p in a.pending_levels:
        if p.would_conclude not in a.level.possible:
            continue
        has = f"has {', '.join(p.established)}; " if p.established else ""
        lines.append(f"  {LEVEL_NAMES[p.would_conclude]}: {p.rule} {has}waits on {', '.join(p.waits_on)}")
    return lines


def _label(a: Assessment) -> list[str]:
    label = a.label
    if label.declared is None:
        return ["Label: none declared (undeclared)"]
    if label.declared_level is None:
        return [
            f'Label: "{label.declared}" claims no level the pack can place (unrecognized)',
            f"  {label.designation.decided_by}: {label.designation.explanation}",
        ]
    verdict = label.verdict or f"undecided — {either(label.possible_verdicts)}"
    lines = [f'Label: "{label.declared}" claims {LEVEL_NAMES[label.declared_level]} → {verdict}']
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
            decisive = [x for x in r.reasons if x.rating == r.rating]
            if not decisive:
                lines.append("      no rule raises it")
        else:
            lines.append(
                f"  {risk:<12} undecided — {either(r.outcome.possible)}; decided by: {', '.join(r.outcome.deciding)}"
            )
            decisive = list(r.reasons)
        for x in decisive:
            lines.append(f"      {x.reason} [{x.rule}, step {x.step}]")
    return lines


def _hedging(a: Assessment) -> str:
    h = a.hedging.value
    if h is None:
        return f"Hedging: undecided; decided by: {', '.join(a.hedging.deciding)}"
    return f"Hedging: {'yes' if h else 'no'}"


def render(a: Assessment) -> str:
    lines = [title(a), f"  pack {a.pack_name} {a.pack_version}", ""]
    lines += _level(a)
    lines += _label(a)
    lines += _risks(a)
    lines.append(_hedging(a))
    if a.deciding_facts:
        lines += [
            "",
            "Undecided: these unknown facts would decide what is open:",
            "  " + ", ".join(a.deciding_facts),
        ]
    explained = targets(a)
    if explained:
        lines += ["", "How:"]
        for head, steps in explained:
            lines.append(f"  {head}")
            for depth, line in tree(a, steps):
                lines.append("    " + "  " * depth + ("└ " if depth else "") + line)
    return "\n".join(lines) + "\n"


def report(assessments: list[Assessment], many: bool) -> str:
    return "\n".join(render(a) for a in assessments)
