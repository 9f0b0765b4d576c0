"""Markdown: the text report as a document, with a Mermaid diagram of the derivation."""

from __future__ import annotations

import re
from typing import Any

from amity.engine.assessment import Assessment
from amity.engine.label_check import VerdictReason
from amity.engine.markup import mermaid_text
from amity.engine.unknowns import budget_note

from .common import LEVEL_NAMES, either, md_code, md_text, show, title

_UNSAFE_ID = re.compile(r"[^A-Za-z0-9]")


def _id(text: str) -> str:
    """A Mermaid node id that no other name shares: '_' is written '__', '-' '_h', any other '_u<hex>_'."""

    def encode(m: re.Match[str]) -> str:
        c = m.group(0)
        return "__" if c == "_" else "_h" if c == "-" else f"_u{ord(c):x}_"

    return _UNSAFE_ID.sub(encode, text)


def mermaid(a: Assessment) -> list[str]:
    """A flowchart from input facts through rules and findings to conclusions."""
    lines = ["```mermaid", "flowchart LR"]
    steps = a.trace.steps
    facts: dict[str, Any] = {}
    for step in steps:
        facts.update(step.facts)
    for name, value in facts.items():
        lines.append(f'  fact_{_id(name)}["{mermaid_text(name)} = {mermaid_text(show(value))}"]')
    concluded = a.trace.finding_steps
    absent = {n for s in steps for n in s.absent}
    for name in sorted(set(concluded) | absent):
        shape = f'(["{mermaid_text(name)}"])' if name in concluded else f'(["not {mermaid_text(name)}"])'
        lines.append(f"  finding_{_id(name)}{shape}")
    concl_nodes: dict[str, str] = {}
    for step in steps:
        sid = f"step{step.number}"
        lines.append(f'  {sid}{{{{"{step.number}. {mermaid_text(step.rule.id)}"}}}}')
        for name in step.facts:
            lines.append(f"  fact_{_id(name)} --> {sid}")
        for name in step.findings:
            lines.append(f"  finding_{_id(name)} --> {sid}")
        for name in step.absent:
            lines.append(f"  finding_{_id(name)} -. absent .-> {sid}")
        for c in step.concluded:
            if c.kind == "finding":
                lines.append(f"  {sid} --> finding_{_id(c.value)}")
                continue
            if c.kind == "level":
                key, text = f"level_{c.value}", f"level: {c.value}"
            elif c.kind == "risk":
                key, text = f"risk_{c.value}_{c.rating}", f"{c.value}: {c.rating}"
            else:
                key, text = "hedging", "hedging"
            if key not in concl_nodes:
                concl_nodes[key] = text
                lines.append(f'  {_id(key)}[/"{mermaid_text(text)}"/]')
            lines.append(f"  {sid} --> {_id(key)}")
    lines.append("```")
    return lines


def _reason(r: VerdictReason) -> str:
    # every reason names its rule by name and id; the derivation below numbers its steps, so a rule that
    # fired cites its step too
    return md_text(r.cited)


def render(a: Assessment) -> str:
    out = [f"## {md_text(title(a))}", "", f"Pack {md_code(a.pack_name)} {md_text(a.pack_version)}.", ""]
    level = LEVEL_NAMES[a.level.value] if a.level.value else f"undecided: {either(a.level.possible, LEVEL_NAMES)}"
    label = a.label
    verdict = label.verdict or f"undecided ({either(label.possible_verdicts)})"
    claims = LEVEL_NAMES[label.declared_level] if label.declared_level else "—"
    hedging = show(a.hedging.value) if a.hedging.value is not None else "undecided"
    out += [
        "| | |",
        "|---|---|",
        f"| **Level** | {level} |",
        f"| **Declared label** | {md_text(label.declared) if label.declared else '—'} |",
        f"| **Level the label claims** | {claims} |",
        *(
            [f"| **Read by** | `{label.designation.decided_by}`: {label.designation.explanation} |"]
            if label.declared
            else []
        ),
        f"| **Verdict** | {verdict} |",
        *([f"| | {label.summary} |"] if label.summary else []),
        *(f"| | {_reason(r)} |" for r in label.reasons),
        f"| **Hedging** | {hedging} |",
        "",
        "### Risks",
        "",
        "| risk | rating | reasons |",
        "|---|---|---|",
    ]
    for risk, r in a.risks.items():
        rating = r.rating or f"undecided ({either(r.outcome.possible)})"
        reasons = "<br>".join(f"{md_text(x.reason)} ({md_code(x.rule)})" for x in r.decisive)  # as the text shows
        if r.rating is None:
            reasons += ("<br>" if reasons else "") + "decided by: " + ", ".join(md_code(f) for f in r.outcome.deciding)
        reasons = reasons or "no rule raises it"
        out.append(f"| {risk} | {rating} | {reasons} |")
    if a.deciding_facts:
        out += [
            "",
            "### Undecided",
            "",
            "These unknown facts would decide what is open: " + ", ".join(md_code(f) for f in a.deciding_facts) + ".",
        ]
    note = budget_note(a.inexact)
    if note:
        out += ["", note]
    out += ["", "### Derivation", ""]
    out += mermaid(a)
    out += ["", "### Trace", "", "| step | rule | matched | concluded | source |", "|---|---|---|---|---|"]
    for s in a.trace.steps:
        matched = [f"{k} = {show(v)}" for k, v in s.facts.items()]
        matched += [f"finding {name} (step {at})" for name, at in s.findings.items()]
        matched += [f"no finding {n}" for n in s.absent]
        concluded = [f"{c.value} {c.rating}" if c.kind == "risk" else f"{c.kind} {show(c.value)}" for c in s.concluded]
        src = s.rule.source
        source = src.citation or src.section or ""
        out.append(
            f"| {s.number} | {md_code(s.rule.id)} | {md_text('; '.join(matched))} "
            f"| {md_text('; '.join(concluded))} | {md_text(source)} |"
        )
    return "\n".join(out) + "\n"


def report(assessments: list[Assessment], many: bool) -> str:
    return "\n".join(render(a) for a in assessments)
