"""Markdown: the text report as a document, with a Mermaid diagram of the derivation."""

from __future__ import annotations

import re
from typing import Any

from .common import LEVEL_NAMES, either, show, title


def _id(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_]", "_", text)


def _q(text: str) -> str:
    return text.replace('"', "#quot;")


def mermaid(a: dict[str, Any]) -> list[str]:
    """A flowchart from input facts through rules and findings to conclusions."""
    lines = ["```mermaid", "flowchart LR"]
    facts: dict[str, Any] = {}
    for step in a["trace"]:
        facts.update(step["matched"]["facts"])
    for name, value in facts.items():
        lines.append(f'  fact_{_id(name)}["{_q(name)} = {_q(show(value))}"]')
    absent = {n for s in a["trace"] for n in s["matched"]["absent"]}
    findings = sorted(set(a["findings"]) | absent)
    for name in findings:
        shape = f'(["{_q(name)}"])' if name in a["findings"] else f'(["not {_q(name)}"])'
        lines.append(f"  finding_{_id(name)}{shape}")
    concl_nodes: dict[str, str] = {}
    for step in a["trace"]:
        sid = f"step{step['step']}"
        lines.append(f'  {sid}{{{{"{step["step"]}. {_q(step["rule"])}"}}}}')
        for name in step["matched"]["facts"]:
            lines.append(f"  fact_{_id(name)} --> {sid}")
        for f in step["matched"]["findings"]:
            lines.append(f"  finding_{_id(f['finding'])} --> {sid}")
        for name in step["matched"]["absent"]:
            lines.append(f"  finding_{_id(name)} -. absent .-> {sid}")
        for c in step["concluded"]:
            if "finding" in c:
                lines.append(f"  {sid} --> finding_{_id(c['finding'])}")
                continue
            if "level" in c:
                key, text = f"level_{c['level']}", f"level: {c['level']}"
            elif "risk" in c:
                key, text = f"risk_{c['risk']}_{c['rating']}", f"{c['risk']}: {c['rating']}"
            else:
                key, text = "hedging", "hedging"
            if key not in concl_nodes:
                concl_nodes[key] = text
                lines.append(f'  {_id(key)}[/"{_q(text)}"/]')
            lines.append(f"  {sid} --> {_id(key)}")
    lines.append("```")
    return lines


def render(a: dict[str, Any]) -> str:
    out = [f"## {title(a)}", "", f"Pack `{a['pack']['name']}` {a['pack']['version']}.", ""]
    level = LEVEL_NAMES[a["level"]] if a["level"] else f"undecided: {either(a['possible_levels'], LEVEL_NAMES)}"
    label = a["label"]
    verdict = label["verdict"] or f"undecided ({either(label['possible_verdicts'])})"
    out += [
        "| | |",
        "|---|---|",
        f"| **Level** | {level} |",
        f"| **Declared label** | {label['declared'] or '—'} |",
        f"| **Level the label claims** | {LEVEL_NAMES.get(label['declared_level'], '—') if label['declared_level'] else '—'} |",
        f"| **Verdict** | {verdict} |",
        *(
            f"| | {('lacks for ' + LEVEL_NAMES[r['would_support']] + ' (`' + r['rule'] + '`): ' + '; '.join(r['unmet'])) if 'unmet' in r else ('`' + r['rule'] + '` supports ' + LEVEL_NAMES[r['supports']])} |"
            for r in label["reasons"]
        ),
        f"| **Hedging** | {show(a['hedging']) if a['hedging'] is not None else 'undecided'} |",
        "",
        "### Risks",
        "",
        "| risk | rating | reasons |",
        "|---|---|---|",
    ]
    for risk, r in a["risks"].items():
        rating = r["rating"] or f"undecided ({either(r['possible_ratings'])})"
        reasons = "<br>".join(f"{x['reason']} (`{x['rule']}`)" for x in r["reasons"])
        if r["rating"] is None:
            reasons += ("<br>" if reasons else "") + "decided by: " + ", ".join(f"`{f}`" for f in r["deciding_facts"])
        reasons = reasons or "no rule raises it"
        out.append(f"| {risk} | {rating} | {reasons} |")
    if a["undecided"]["facts"]:
        out += [
            "",
            "### Undecided",
            "",
            "These unknown facts would decide what is open: "
            + ", ".join(f"`{f}`" for f in a["undecided"]["facts"])
            + ".",
        ]
    out += ["", "### Derivation", ""]
    out += mermaid(a)
    out += ["", "### Trace", "", "| step | rule | matched | concluded | source |", "|---|---|---|---|---|"]
    for s in a["trace"]:
        matched = [f"{k} = {show(v)}" for k, v in s["matched"]["facts"].items()]
        matched += [f"finding {f['finding']} (step {f['step']})" for f in s["matched"]["findings"]]
        matched += [f"no finding {n}" for n in s["matched"]["absent"]]
        concluded = []
        for c in s["concluded"]:
            concluded.append(
                f"{c['risk']} {c['rating']}" if "risk" in c else " ".join(f"{k} {show(v)}" for k, v in c.items())
            )
        src = s["source"]
        source = src.get("citation") or f"{src.get('section', '')}"
        out.append(f"| {s['step']} | `{s['rule']}` | {'; '.join(matched)} | {'; '.join(concluded)} | {source} |")
    return "\n".join(out) + "\n"


def report(assessments: list[dict[str, Any]], many: bool) -> str:
    return "\n".join(render(a) for a in assessments)
