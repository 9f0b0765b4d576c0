"""A pack's documentation, for students and colleagues: ``amity pack doc PATH [-o FILE.md|FILE.html]``.

One page per pack: what the pack is and what it builds on; each of its rules
with its description, its conditions and conclusions in English, its rationale
and its source; the rules it inherits, overrides and disables; its grammar of
designations (heads, tier words, rungs, modifiers, objects, containers,
sectors, clauses and the rest, each with its effect and source) and its exact
lexicon entries as tables; and a graph of which facts feed which findings feed
which conclusions. Markdown carries the graph as Mermaid (GitHub renders it); HTML
is one self-contained page (inline CSS, the graph as inline SVG, no script, no
network).

Conditions are put into words by one function, ``describe``, the single seam
to the project's wording of conditions (``wording.condition``).
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import dataclass, field

from . import conditions as cond
from . import wording
from .designations import ROLES, Rung, WordEntry
from .levels import LEVEL_NAMES
from .markup import md_paragraph, md_text, mermaid_text
from .pack import Conclusion, Departure, Pack, Rule, layers
from .plain import clause, field_title, join_or, plural

__all__ = ["Graph", "describe", "graph", "render"]


def describe(pack: Pack, node: cond.Condition) -> str:
    """A condition in English. The one place the doc words conditions (see the module's docstring)."""
    return wording.condition(pack, node)


def conclusion_text(pack: Pack, c: Conclusion) -> tuple[str, str | None]:
    """A conclusion in English, and the id a reader finds it by in pack.yaml (a finding's), to show as code.

    A finding is called by its name, as ``describe`` calls it where a rule tests it; a risk's reason goes on after
    its rating as a clause ('entrapment risk is high: a party must ...').
    """
    if c.kind == "level":
        return f"the level is at least {LEVEL_NAMES[c.value]}", None
    if c.kind == "risk":
        # The reason is a sentence of its own (reports show it alone, as written); after the rating's colon it
        # goes on the sentence, in lower case and without its full stop, as the other conclusions have none.
        reason = clause(c.reason.strip().removesuffix(".")) if c.reason and c.reason.strip() else ""
        return f"{c.value} risk is {c.rating}" + (f": {reason}" if reason else ""), None
    if c.kind == "hedging":
        return "the relationship is used for hedging", None
    return f"finding: {wording.finding_name(pack, c.value)}", c.value


# --------------------------------------------------------------------------- the graph


@dataclass(frozen=True, slots=True)
class Graph:
    """Facts, findings and conclusions in columns, and which feeds which."""

    columns: tuple[tuple[str, ...], ...]  # node ids, column by column (facts first, conclusions last)
    labels: dict[str, str]
    kinds: dict[str, str]  # fact | finding | output
    edges: tuple[tuple[str, str], ...]
    #: the findings the rules shown test but a base pack's rules conclude, by the base pack's name: nothing in
    #: the graph feeds them, so they are marked as coming from that pack
    inherited: dict[str, str] = field(default_factory=dict)


def _from_base(g: Graph) -> str:
    """What the graph's legend says of the findings a base pack concludes, if it shows any."""
    packs = sorted(set(g.inherited.values()))
    if not packs:
        return ""
    whose = f"{packs[0]}'s rules" if len(packs) == 1 else "that pack's rules"
    return (
        f" A finding marked (from {join_or(packs)}) is concluded by {whose}, from facts this graph leaves out: "
        "see the rules inherited, below."
    )


def _output_node(c: Conclusion) -> str:
    if c.kind == "level":
        return f"level:{c.value}"
    if c.kind == "risk":
        return f"risk:{c.value}"
    return "hedging"


def graph(pack: Pack, rules: Iterable[Rule] | None = None) -> Graph:
    """Which facts feed which findings feed which conclusions, through the rules given (by default all)."""
    chosen = list(rules if rules is not None else pack.rules)
    depth = layers(pack.rules)
    column: dict[str, int] = {}
    labels: dict[str, str] = {}
    kinds: dict[str, str] = {}
    edges: dict[tuple[str, str], None] = {}
    for rule in chosen:
        sources = [f"fact:{f}" for f in rule.fields_tested] + [f"finding:{f}" for f in rule.findings_tested]
        for f in rule.fields_tested:
            column[f"fact:{f}"] = 0
            labels[f"fact:{f}"], kinds[f"fact:{f}"] = field_title(f), "fact"  # the vocabulary's name, as `when` says
        for c in rule.then:
            if c.kind == "finding":
                target = f"finding:{c.value}"
                column[target] = max(column.get(target, 0), depth[rule.id] + 1)
                labels[target], kinds[target] = wording.finding_name(pack, c.value), "finding"
            else:
                target = _output_node(c)
                labels[target] = (
                    LEVEL_NAMES[c.value] if c.kind == "level" else f"{c.value} risk" if c.kind == "risk" else "hedging"
                )
                kinds[target] = "output"
            for s in sources:
                edges[(s, target)] = None
    inherited: dict[str, str] = {}
    for s, _ in list(edges):
        if s.startswith("finding:") and s not in column:  # a finding the rules shown test but none concludes
            finding = s.split(":", 1)[1]
            column[s] = 1
            origin = next((r.pack for r in pack.rules if finding in r.findings_concluded), pack.name)
            inherited[s] = origin
            labels[s], kinds[s] = f"{wording.finding_name(pack, finding)} (from {origin})", "finding"
    last = max((c for n, c in column.items() if kinds[n] == "finding"), default=0) + 1
    for n in labels:
        if kinds[n] == "output":
            column[n] = last
    order = {n: i for i, n in enumerate(labels)}
    cols = [
        tuple(sorted((n for n in labels if column[n] == i), key=lambda n: (kinds[n] != "fact", order[n])))
        for i in range(last + 1)
    ]
    return Graph(tuple(c for c in cols if c), labels, kinds, tuple(edges), inherited)


def mermaid(g: Graph) -> str:
    ident = {n: f"n{i}" for i, n in enumerate(n for col in g.columns for n in col)}
    lines = ["flowchart LR"]
    shapes = {"fact": ('["', '"]'), "finding": ('("', '")'), "output": ('[["', '"]]')}
    for col in g.columns:
        for n in col:
            left, right = shapes[g.kinds[n]]
            lines.append(f"  {ident[n]}{left}{mermaid_text(g.labels[n])}{right}")
    lines.extend(f"  {ident[a]} --> {ident[b]}" for a, b in g.edges)
    if g.inherited:  # drawn dashed: concluded outside the graph
        lines.append("  classDef inherited stroke-dasharray: 4 3")
        lines.append(f"  class {','.join(ident[n] for n in ident if n in g.inherited)} inherited")
    return "\n".join(lines)


def _lane(n: int, gap_y: float) -> float:
    """How far below the boxes of the columns it skips the n-th edge that skips a column runs: a whole gap clear of
    them, so that it is not read as joining the box above it, then half a gap from the lane before."""
    return gap_y + gap_y * (n - 1) / 2


def svg(g: Graph) -> str:
    """The graph as a static SVG: columns left to right, edges as curves."""
    char_w, box_h, gap_y, gap_x, pad = 7.2, 24.0, 10.0, 60.0, 10.0
    widths = [max((len(g.labels[n]) for n in col), default=4) * char_w + 20 for col in g.columns]
    xs = [pad + sum(widths[:i]) + gap_x * i for i in range(len(widths))]
    pos: dict[str, tuple[float, float, float]] = {}
    column_of: dict[str, int] = {}
    bottoms = [pad + len(col) * (box_h + gap_y) - gap_y for col in g.columns]
    for i, col in enumerate(g.columns):
        for j, n in enumerate(col):
            pos[n] = (xs[i], pad + j * (box_h + gap_y), widths[i])
            column_of[n] = i
    # An edge that skips a column runs below that column's boxes, in a lane of its own, not through them.
    paths = []
    lanes = 0
    for a, b in g.edges:
        ax, ay, aw = pos[a]
        bx, by, _ = pos[b]
        x1, y1, x2, y2 = ax + aw, ay + box_h / 2, bx, by + box_h / 2
        skipped = range(column_of[a] + 1, column_of[b])
        if not skipped:
            mid = (x1 + x2) / 2
            paths.append(f"M{x1:.1f},{y1:.1f} C{mid:.1f},{y1:.1f} {mid:.1f},{y2:.1f} {x2:.1f},{y2:.1f}")
            continue
        lanes += 1
        lane = max(bottoms[i] for i in skipped) + _lane(lanes, gap_y)
        xa, xb = xs[skipped[0]], xs[skipped[-1]] + widths[skipped[-1]]
        m1, m2 = (x1 + xa) / 2, (xb + x2) / 2
        paths.append(
            f"M{x1:.1f},{y1:.1f} C{m1:.1f},{y1:.1f} {m1:.1f},{lane:.1f} {xa:.1f},{lane:.1f} L{xb:.1f},{lane:.1f} "
            f"C{m2:.1f},{lane:.1f} {m2:.1f},{y2:.1f} {x2:.1f},{y2:.1f}"
        )
    height = max([*bottoms, *(max(bottoms) + _lane(n, gap_y) for n in range(1, lanes + 1))], default=0.0) + pad
    width = xs[-1] + widths[-1] + pad if xs else 2 * pad
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" role="img" aria-label="facts, findings and conclusions" '
        'font-family="DejaVu Sans, Arial, sans-serif" font-size="12">'
    ]
    out.extend(f'<path d="{d}" fill="none" stroke="#8a94a6" stroke-width="1"/>' for d in paths)
    fills = {"fact": "#e8f1fb", "finding": "#fdf3dc", "output": "#e3f4e8"}
    for n, (x, y, w) in pos.items():
        rx = 12 if g.kinds[n] == "finding" else 3
        kind, dashed = (f"{g.kinds[n]} inherited", ' stroke-dasharray="4 3"') if n in g.inherited else (g.kinds[n], "")
        out.append(
            f'<g class="{kind}"><rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{box_h}" rx="{rx}" '
            f'fill="{fills[g.kinds[n]]}" stroke="#4a5568"{dashed}/>'
            f'<text x="{x + 10:.1f}" y="{y + 16:.1f}">{html.escape(g.labels[n])}</text></g>'
        )
    out.append("</svg>")
    return "\n".join(out)


# --------------------------------------------------------------------------- the page


@dataclass(frozen=True, slots=True)
class _RuleDoc:
    rule: Rule
    when: str
    then: tuple[tuple[str, str | None], ...]  # each conclusion in words, with the id to show as code
    source: str
    quote: str | None
    overrides: str | None
    #: the rule it overrides, in words: (when, then); a student sees what the pack departs from
    replaced: tuple[str, tuple[tuple[str, str | None], ...]] | None = None
    #: what an override has as the rule it replaced had it ('name', 'priority'): kept, unless it gave its own
    kept: tuple[str, ...] = ()


def _rule_docs(pack: Pack, base: Pack | None) -> list[_RuleDoc]:
    base_rules = {r.id: r for r in base.rules} if base else {}
    docs = []
    for rule in pack.rules:
        if rule.pack != pack.name:
            continue
        s = rule.source
        old = base_rules.get(rule.id)
        docs.append(
            _RuleDoc(
                rule,
                describe(pack, rule.when),
                tuple(conclusion_text(pack, c) for c in rule.then),
                s.where(),
                None if s.citation else s.quote,
                old.pack if old else None,
                (describe(base, old.when), tuple(conclusion_text(base, c) for c in old.then)) if old and base else None,
                tuple(
                    aspect
                    for aspect, mine, theirs in (
                        ("name", rule.name, old.name),
                        ("priority", rule.priority, old.priority),
                    )
                    if mine and mine == theirs
                )
                if old
                else (),
            )
        )
    return docs


def _as_in(d: _RuleDoc, aspect: str) -> str:
    """' (as in the core pack)' after an override's name or priority that is the replaced rule's."""
    return f" (as in the {d.overrides} pack)" if aspect in d.kept else ""


_DEPARTURES_INTRO = "What the pack does otherwise than a source it cites says, on purpose, and why."


def _departures(pack: Pack) -> list[Departure]:
    """The pack's own departures from its sources, in its order (a base pack's are on the base pack's page)."""
    return [d for d in pack.departures if d.pack == pack.name]


def _base(pack: Pack) -> Pack | None:
    if len(pack.lineage) < 2 or pack.path is None:
        return None
    import yaml

    from .pack import find_pack, load_pack

    data = yaml.safe_load(pack.path.read_text(encoding="utf-8"))
    return load_pack(find_pack(data["extends"], relative_to=pack.path.parent))


def _lexicon_rows(pack: Pack) -> list[tuple[str, str, str, str, str]]:
    return [
        (e.id, e.exact, LEVEL_NAMES[e.level], str(e.source) if e.source else "", e.note or "")
        for e in pack.lexicon
        if e.pack == pack.name
    ]


#: How the page heads each section of the grammar, and what the section does.
_ROLE_TITLES: dict[str, tuple[str, str]] = {
    "heads": ("Heads", "the noun a designation is about; a ladder head takes its rung from its tier words"),
    "tiers": ("Tier words", "words that qualify a ladder head; their marks, together, pick the rung"),
    "rungs": ("Rungs", "each combination of tier marks on a ladder head, and the level it claims"),
    "modifiers": ("Modifiers", "words that colour a designation without changing its rung"),
    "objects": ("Objects", "what a container (a treaty, a declaration) is on"),
    "containers": ("Containers", "instruments that name a designation"),
    "sectors": ("Sector words", "words that make a designation sector-specific"),
    "clauses": ("Clauses", "phrases whose words are set aside"),
    "decorations": ("Decorations", "words allowed before a designation"),
    "parties": ("Parties", "party names before a designation"),
    "connectors": ("Connectors", "words that join"),
}


def _grammar_rows(pack: Pack) -> list[tuple[str, list[tuple[str, str, str, str, str]]]]:
    """The pack's own grammar, section by section: (section, [(id, words or marks, claim, effect, source)])."""
    grammar = pack.grammar
    sections: list[tuple[str, list[tuple[str, str, str, str, str]]]] = []
    for role in (*ROLES[:2], "rungs", *ROLES[2:]):
        units: list[WordEntry | Rung] = (
            [r for r in grammar.rungs if r.pack == pack.name]
            if role == "rungs"
            else [e for e in grammar.entries if e.role == role and e.pack == pack.name]
        )
        rows = [(u.id, _unit_words(u), _unit_claim(u), u.effect, str(u.source) if u.source else "") for u in units]
        if rows:
            sections.append((role, rows))
    return sections


def _unit_words(u: WordEntry | Rung) -> str:
    if isinstance(u, Rung):
        return ", ".join(sorted(u.marks)) or "none"
    return ", ".join(f"“{w}”" for w in u.words)


def _unit_claim(u: WordEntry | Rung) -> str:
    if isinstance(u, Rung):
        return LEVEL_NAMES[u.level]
    if u.role == "tiers":
        where = "after the head" if u.after_head else f"slot {u.slot}" if u.slot is not None else ""
        return ", ".join(x for x in (f"mark {u.mark}" if u.mark else "no mark", where) if x)
    if u.role == "heads" and u.requires:
        return f"{u.claims}, needs {', '.join(u.requires)}"
    if u.role == "containers" and u.binding:
        return f"{u.claims}, binding"
    return u.claims or ""


def render(pack: Pack, fmt: str = "markdown") -> str:
    """The pack's page as Markdown or as a self-contained HTML page."""
    if fmt not in ("markdown", "html"):
        raise ValueError(f"unknown format {fmt}")
    base = _base(pack)
    rules = _rule_docs(pack, base)
    own = {r.id for r in pack.rules if r.pack == pack.name}
    inherited = [r for r in pack.rules if r.id not in own]
    kept = {r.id for r in pack.rules}
    disabled = [
        (r, _why_disabled(pack, r.id))
        for r in (sorted((r for r in base.rules if r.id not in kept), key=lambda r: r.id) if base else [])
    ]
    lexicon = _lexicon_rows(pack)
    grammar = _grammar_rows(pack)
    g = graph(pack, [r for r in pack.rules if r.id in own] or pack.rules)
    if fmt == "markdown":
        return _markdown(pack, base, rules, inherited, disabled, grammar, lexicon, g)
    return _html(pack, base, rules, inherited, disabled, grammar, lexicon, g)


def _why_disabled(pack: Pack, rule_id: str) -> str:
    """The rationale the pack gives for disabling a rule, or what the page says when it gives none."""
    off = pack.disabled.get(rule_id)
    return off.rationale if off is not None and off.rationale else _NO_RATIONALE


#: What the page says of a rule disabled without a rationale (lint warns of it, AP201).
_NO_RATIONALE = "(no rationale given)"

_DISABLED_INTRO = "Disabled here (they never fire in this pack):"

_Sections = list[tuple[str, list[tuple[str, str, str, str, str]]]]

_GRAMMAR_INTRO = (
    "A label is read by its words: an exact entry of the lexicon first, else this grammar. "
    "Each entry below says what its words do; the rungs say which combinations of tier words claim which level. "
    "A label the grammar cannot place is unrecognized, never guessed."
)


def _summary(
    pack: Pack, base: Pack | None, n_rules: int, n_grammar: int, n_lexicon: int, n_overrides: int, n_disabled: int
) -> str:
    # what it does to the base pack's rules, as a student reads the page: 'of its own' counts the overrides too
    changes = [f"{verb} {n:,}" for verb, n in (("overriding", n_overrides), ("disabling", n_disabled)) if n]
    of_them = f", {join_or(changes, 'and')} of its rules" if changes else ""
    extends = f" It extends the **{base.name}** pack ({base.version}){of_them}." if base else ""
    # what the pack has, not what it has none of: '5 rules of its own', not '5 rules, 0 grammar entries and rungs and 0 ...'
    counts = [(n_rules, "rule", "rules"), (n_grammar, "grammar entry or rung", "grammar entries and rungs")]
    counts.append((n_lexicon, "exact lexicon entry", "exact lexicon entries"))
    has = [plural(n, one, many) for n, one, many in counts if n]
    own = f"{join_or(has, 'and')} of its own." if has else "No rules, grammar or lexicon entries of its own."
    return own + extends


def _changed(rules: list[_RuleDoc], disabled: list[tuple[Rule, str]]) -> tuple[int, int]:
    """How many of the base pack's rules the pack overrides, and how many it disables."""
    return sum(1 for d in rules if d.overrides), len(disabled)


def _md_cell(text: str) -> str:
    """User text in a Markdown table cell (md_text escapes the '|' too)."""
    return md_text(text)


def _markdown(
    pack: Pack,
    base: Pack | None,
    rules: list[_RuleDoc],
    inherited: list[Rule],
    disabled: list[tuple[Rule, str]],
    grammar: _Sections,
    lexicon: list[tuple[str, str, str, str, str]],
    g: Graph,
) -> str:
    # Every text an author wrote goes through md_text: a '<b>' or '<script>' in a description reads as itself.
    m = md_text
    out = [
        f"# The {pack.name} pack ({pack.version})",
        "",
        md_paragraph(pack.description),
        "",
        _summary(pack, base, len(rules), sum(len(r) for _, r in grammar), len(lexicon), *_changed(rules, disabled)),
    ]
    out += ["", "Generated by `amity pack doc`; edit `pack.yaml`, not this page.", ""]
    out += [
        "## How the rules connect",
        "",
        "Facts (left) feed findings, which feed conclusions (right)." + _from_base(g),
        "",
    ]
    out += ["```mermaid", mermaid(g), "```", ""]
    out += ["## Rules", ""]
    for d in rules:
        r = d.rule
        out += [f"### {r.id}", "", md_paragraph(r.description), ""]

        def then_md(then: tuple[tuple[str, str | None], ...]) -> str:
            return "; ".join(m(text) + (f" (`{ident}`)" if ident else "") for text, ident in then)

        if r.name:
            out.append(f"- **Name** {m(r.name)}{_as_in(d, 'name')}")
        out += [f"- **When** {m(d.when)}", f"- **Then** {then_md(d.then)}"]
        if r.priority:
            out.append(f"- **Priority** {r.priority}{_as_in(d, 'priority')}")
        if d.overrides:
            was = f", which read: *when* {m(d.replaced[0])}, *then* {then_md(d.replaced[1])}" if d.replaced else ""
            out.append(f"- **Overrides** the rule of the same id in the {d.overrides} pack{was}")
        out += ["", f"*Why.* {m(r.rationale)}", "", f"*Source.* {m(d.source)}"]
        if d.quote:
            out += ["", f"> {md_paragraph(d.quote)}"]
        out.append("")
    departures = _departures(pack)
    if departures:
        out += ["## Where it departs from its sources", "", _DEPARTURES_INTRO, ""]
        out += [f"- **{m(d.id)}.** {md_paragraph(d.decision)} *Source.* {m(str(d.source))}" for d in departures]
        out.append("")
    if inherited or disabled:
        out += [f"## Inherited from {base.name if base else 'the base pack'}", ""]
        if inherited:
            out += ["| rule | what it concludes from what |", "|---|---|"]
            out += [f"| `{r.id}` | {_md_cell(r.description)} |" for r in inherited]
            out.append("")
        if disabled:
            out += [_DISABLED_INTRO, ""]
            out += ["| rule | what it concluded from what | why this pack disables it |", "|---|---|---|"]
            out += [f"| `{r.id}` | {_md_cell(r.description)} | {_md_cell(why)} |" for r, why in disabled]
            out.append("")
    if grammar:
        out += ["## Designations", "", _GRAMMAR_INTRO, ""]
        for role, rows in grammar:
            title, what = _ROLE_TITLES[role]
            head = "tier marks | claims" if role == "rungs" else "words | role"
            out += [f"### {title}", "", f"{what[0].upper()}{what[1:]}.", ""]
            out += [f"| entry | {head} | effect | source |", "|---|---|---|---|---|"]
            out += [
                f"| `{i}` | {_md_cell(w)} | {_md_cell(c)} | {_md_cell(ef)} | {_md_cell(src)} |"
                for i, w, c, ef, src in rows
            ]
            out.append("")
    if lexicon:
        out += ["## Lexicon", "", "| entry | designation | claims | source | note |", "|---|---|---|---|---|"]
        out += [f"| `{i}` | {_md_cell(w)} | {lv} | {_md_cell(s)} | {_md_cell(n)} |" for i, w, lv, s, n in lexicon]
        out.append("")
    return "\n".join(out)


_CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; max-width: 64rem; margin: 2rem auto;
  padding: 0 1rem; color: #1a202c; line-height: 1.5; }
h1 { border-bottom: 2px solid #2b6cb0; padding-bottom: .3rem; }
h3 { margin-bottom: .2rem; font-family: ui-monospace, monospace; }
.rule { border-left: 3px solid #cbd5e0; padding-left: 1rem; margin-bottom: 1.5rem; }
.when, .then, .meta { margin: .2rem 0; }
blockquote { color: #4a5568; border-left: 3px solid #e2e8f0; margin: .5rem 0; padding-left: .8rem; }
table { border-collapse: collapse; width: 100%; font-size: .92rem; }
th, td { border: 1px solid #e2e8f0; padding: .3rem .5rem; text-align: left; vertical-align: top; }
th { background: #f7fafc; }
.graph { border: 1px solid #e2e8f0; padding: .5rem; }
/* the graph scales down to its column (its viewBox keeps the proportions), never up past its own size */
.graph svg { display: block; max-width: 100%; height: auto; }
.legend span { display: inline-block; padding: 0 .5rem; margin-right: .5rem; border: 1px solid #4a5568; }
"""


def _html(
    pack: Pack,
    base: Pack | None,
    rules: list[_RuleDoc],
    inherited: list[Rule],
    disabled: list[tuple[Rule, str]],
    grammar: _Sections,
    lexicon: list[tuple[str, str, str, str, str]],
    g: Graph,
) -> str:
    e = html.escape
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>The {e(pack.name)} pack</title>",
        f"<style>{_CSS}</style></head><body>",
        f"<h1>The {e(pack.name)} pack <small>{e(pack.version)}</small></h1>",
        f"<p>{e(pack.description)}</p>",
        "<p>"
        + e(
            _summary(pack, base, len(rules), sum(len(r) for _, r in grammar), len(lexicon), *_changed(rules, disabled))
        ).replace("**", "")
        + "</p>",
        "<h2>How the rules connect</h2>",
        '<p class="legend">Facts (left) feed findings, which feed conclusions (right): '
        '<span style="background:#e8f1fb">fact</span><span style="background:#fdf3dc">finding</span>'
        f'<span style="background:#e3f4e8">conclusion</span>{e(_from_base(g))}</p>',
        f'<div class="graph">{svg(g)}</div>',
        "<h2>Rules</h2>",
    ]
    for d in rules:
        r = d.rule
        out.append(f'<section class="rule" id="rule-{e(r.id)}"><h3>{e(r.id)}</h3><p>{e(r.description)}</p>')
        if r.name:
            out.append(f'<p class="meta"><b>Name</b> {e(r.name)}{e(_as_in(d, "name"))}</p>')
        out.append(f'<p class="when"><b>When</b> {e(d.when)}</p>')

        def then_html(then: tuple[tuple[str, str | None], ...]) -> str:
            return "; ".join(e(text) + (f" (<code>{e(ident)}</code>)" if ident else "") for text, ident in then)

        out.append(f'<p class="then"><b>Then</b> {then_html(d.then)}</p>')
        if r.priority:
            out.append(f'<p class="meta"><b>Priority</b> {r.priority}{e(_as_in(d, "priority"))}</p>')
        if d.overrides:
            was = (
                f", which read: <i>when</i> {e(d.replaced[0])}, <i>then</i> {then_html(d.replaced[1])}"
                if d.replaced
                else ""
            )
            out.append(f"<p><b>Overrides</b> the rule of the same id in the {e(d.overrides)} pack{was}</p>")
        out.append(f"<p><i>Why.</i> {e(r.rationale)}</p><p><i>Source.</i> {e(d.source)}</p>")
        if d.quote:
            out.append(f"<blockquote>{e(d.quote)}</blockquote>")
        out.append("</section>")
    departures = _departures(pack)
    if departures:
        out.append(f"<h2>Where it departs from its sources</h2><p>{e(_DEPARTURES_INTRO)}</p><ul>")
        out += [f"<li><b>{e(d.id)}.</b> {e(d.decision)} <i>Source.</i> {e(str(d.source))}</li>" for d in departures]
        out.append("</ul>")
    if inherited or disabled:
        out.append(f"<h2>Inherited from {e(base.name if base else 'the base pack')}</h2>")
        if inherited:
            out.append("<table><tr><th>rule</th><th>what it concludes from what</th></tr>")
            out += [f"<tr><td><code>{e(r.id)}</code></td><td>{e(r.description)}</td></tr>" for r in inherited]
            out.append("</table>")
        if disabled:
            out.append(f"<p>{e(_DISABLED_INTRO)}</p>")
            out.append(
                "<table><tr><th>rule</th><th>what it concluded from what</th><th>why this pack disables it</th></tr>"
            )
            out += [
                f"<tr><td><code>{e(r.id)}</code></td><td>{e(r.description)}</td><td>{e(why)}</td></tr>"
                for r, why in disabled
            ]
            out.append("</table>")
    if grammar:
        out.append(f"<h2>Designations</h2><p>{e(_GRAMMAR_INTRO)}</p>")
        for role, rows in grammar:
            title, what = _ROLE_TITLES[role]
            head = "<th>tier marks</th><th>claims</th>" if role == "rungs" else "<th>words</th><th>role</th>"
            out.append(f'<h3 id="grammar-{role}">{e(title)}</h3><p>{e(what[0].upper() + what[1:])}.</p>')
            out.append(f"<table><tr><th>entry</th>{head}<th>effect</th><th>source</th></tr>")
            out += [
                f"<tr><td><code>{e(i)}</code></td><td>{e(w)}</td><td>{e(c)}</td><td>{e(ef)}</td><td>{e(src)}</td></tr>"
                for i, w, c, ef, src in rows
            ]
            out.append("</table>")
    if lexicon:
        out.append(
            "<h2>Lexicon</h2><table><tr><th>entry</th><th>designation</th><th>claims</th><th>source</th><th>note</th></tr>"
        )
        out += [
            f"<tr><td><code>{e(i)}</code></td><td>{e(w)}</td><td>{e(lv)}</td><td>{e(s)}</td><td>{e(n)}</td></tr>"
            for i, w, lv, s, n in lexicon
        ]
        out.append("</table>")
    out.append("<p><small>Generated by <code>amity pack doc</code>.</small></p></body></html>")
    return "\n".join(out) + "\n"
