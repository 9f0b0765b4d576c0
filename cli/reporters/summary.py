"""The summary of a validation run, for a person: in the terminal, as HTML, as Markdown.

The HTML report is one self-contained file (inline CSS and SVG, no script, no
network). The Markdown report has every table the HTML one has and reads as
text: its charts are SVG files beside it. Both end with the analyst's to-do
list: the facts to look up for the rows whose level is open, and for those whose risk
ratings or hedging are open (each grouped by fact), the labels no rung of the pack places (with their rows and why),
the ids on more than one row, the rows whose framework is established after their facts' year, and the rows with
errors.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from pathlib import Path

from amity.engine import validation
from amity.engine.designations import GRAMMAR_RULES, missing_value, misspellings
from amity.engine.errors import Problem, visible
from amity.engine.frames import RESULTS_SUFFIXES
from amity.engine.levels import LEVEL_RANK
from amity.engine.validation import CASES_KEPT, DECLARED_AXIS, INFERRED_AXIS, RowResult, Summary
from amity.engine.vocabulary import RISKS, fields

from .common import md_code, md_text, plural, terminal_safe

SHORT = {
    "none": "none",
    "partnership": "P",
    "strategic_partnership": "SP",
    "comprehensive_strategic_partnership": "CSP",
    "comprehensive_strategic_partnership_of_coordination": "CSPC",
    "alliance": "alliance",
    "unrecognized": "unrecognized",
    "undeclared": "undeclared",
    "undecided": "undecided",
}
LEGEND = "P partnership · SP strategic partnership · CSP comprehensive strategic partnership · CSPC … of coordination"


@dataclass(frozen=True)
class Results:
    """Where a run's results went, so that a list cut short can say where the rest of its rows are.

    ``path`` is the results file, or None when they went to standard output or
    another stream (nothing to read back); ``fmt`` is its format.
    """

    path: str | None = None
    fmt: str = "jsonl"

    def rows(self, which: str) -> str:
        """The rows a selection names, in words: 'the rows of out.csv whose verdict is inflated'."""
        if self.path is None:
            return f"the rows of the results whose {which} (write the results to a file with --output to keep them)"
        return f"the rows of {self.path} whose {which}"

    def pandas(self, selection: str) -> str | None:
        """Python that reads those rows with pandas, for ``df[selection]``; None without a results file."""
        if self.path is None:
            return None
        name = json.dumps(self.path)
        if self.fmt in ("csv", "tsv", "parquet"):
            # the format, where the file's name does not say it (res.dat written with -f csv)
            told = RESULTS_SUFFIXES.get(Path(self.path).suffix.lower()) == self.fmt
            read = f"from amity.engine.frames import read_results; df = read_results({name}"
            read += ")" if told else f', fmt="{self.fmt}")'
        else:
            read = f"import pandas as pd; df = pd.read_json({name}{', lines=True' if self.fmt == 'jsonl' else ''})"
        return f"{read}; df[{selection}]"


@dataclass(frozen=True)
class More:
    """What a list cut short leaves out: how many, of what, and which rows of the results hold them."""

    count: int
    noun: str  # 'inflated rows', 'labels'
    which: str  # in words, after 'the rows ... whose'
    selection: str  # pandas, over the results' columns, for ``df[...]``

    def sentence(self, results: Results) -> str:
        return f"… and {self.count:,} more {self.noun}, not listed here: {results.rows(self.which)}."

    def code(self, results: Results) -> str | None:
        return results.pandas(self.selection)


def _verdict_more(s: Summary, verdict: str, shown: int) -> More | None:
    left = s.verdicts[verdict] - shown
    if left <= 0:
        return None
    return More(
        left, f"{verdict} {'row' if left == 1 else 'rows'}", f"verdict is {verdict}", f'df.verdict == "{verdict}"'
    )


def _errors_more(s: Summary, shown: int) -> More | None:
    left = s.errors - shown
    if left <= 0:
        return None
    return More(left, "row" if left == 1 else "rows", "status is error", 'df.status == "error"')


def _fact_selection(fact: str, fmt: str) -> str:
    """pandas for the rows whose deciding_facts include fact: a ;-joined cell (CSV, TSV, Parquet), or a list (JSON)."""
    if fmt in ("csv", "tsv", "parquet"):
        return f'df.deciding_facts.str.contains(r"(?:^|;){fact}(?:;|$)", na=False)'
    return f'df.deciding_facts.map(lambda facts: "{fact}" in (facts or []))'


def _merged(s: Summary) -> str:
    """'1 row shared its facts with an earlier row'; empty when none did."""
    if not s.merged:
        return ""
    return f"{plural(s.merged, 'row')} shared {'its' if s.merged == 1 else 'their'} facts with an earlier row"


def _counts(s: Summary, after: str = ": ") -> str:
    """'82 rows: 80 assessed, 2 with errors'."""
    return f"{plural(s.rows, 'row')}{after}{s.rows - s.errors:,} assessed, {s.errors:,} with errors"


def _nothing_assessed(s: Summary) -> str | None:
    """Why there are no verdicts, levels or risks to count (then no tables are shown); None when there are."""
    if s.rows > s.errors:
        return None
    return "The input holds no rows." if not s.rows else "No row could be assessed."


def _matrix_legend(s: Summary) -> str:
    """What the cells of the declared-against-inferred matrix count, for the rows and columns it shows.

    The diagonal reads only where both levels are named: a row whose level is open (the undecided column) has
    a verdict only when every possible level gives the same one, and the unrecognized and undeclared rows have
    the verdict they name, whatever the inferred level (``Summary.add``).
    """
    rows, cols = _axes(s)
    declared = any(d in LEVEL_RANK for d in rows)
    out = [f"{LEGEND}."]
    if declared and any(c in LEVEL_RANK for c in cols):
        out.append(
            "Where both levels are named, a cell whose row and column name the same level (outlined in red in the "
            "chart) counts consistent labels, the cells above and right of it deflated labels (claiming less than the "
            "substance), those below and left of it inflated ones (claiming more)."
        )
    if declared and "undecided" in cols:
        out.append(
            "The undecided column counts rows whose level is open: a declared level above every level still possible "
            "is inflated, one below every one deflated (counted and listed with them), any other undecided."
        )
    unstated = [f"the {d} row {UNSTATED[d]} (verdict {d})" for d in UNSTATED if d in rows]
    if unstated:
        said = " and ".join(unstated)
        out.append(f"{said[0].upper()}{said[1:]}, whatever the level inferred.")
    return " ".join(out)


#: what the matrix's rows of no declared level count
UNSTATED = {"unrecognized": "counts labels the pack places on no rung", "undeclared": "counts rows with no label"}


def _axes(summary: Summary) -> tuple[list[str], list[str]]:
    """Rows and columns of the confusion matrix that hold anything, in hierarchy order."""
    matrix = summary.matrix
    rows = [d for d in DECLARED_AXIS if any(matrix[d].values())]
    cols = [i for i in INFERRED_AXIS if any(matrix[d][i] for d in DECLARED_AXIS)]
    return rows or ["undeclared"], cols or ["undecided"]


# --------------------------------------------------------------------------- text


def text(
    summary: Summary, source: str, results: Results | None = None, report: str | None = None, pack: str | None = None
) -> str:
    """The summary for a terminal (control sequences in ids, labels and messages removed).

    ``results`` says where the rows of a list cut short are; ``report``, the report
    written beside (which lists more of each); ``pack``, the pack's name and version.
    """
    return terminal_safe(_text(summary, source, results or Results(), report, pack))


def _text(s: Summary, source: str, results: Results, report: str | None, pack: str | None) -> str:
    merged = _merged(s)
    lines = [f"{source}: {_counts(s, ', ')}" + (f"; {merged}" if merged else "") + (f" (pack {pack})" if pack else "")]
    cut: list[More] = []
    nothing = _nothing_assessed(s)
    if nothing:  # no verdict, level or risk to count: no empty tables
        lines += ["", nothing]
    else:
        _assessed(s, lines, results, cut)
    _to_do(s, lines, results, report, cut)
    code = cut[0].code(results) if cut else None
    if code:
        lines += ["", f"To read the rows not listed with pandas: {code}"]
    return "\n".join(lines) + "\n"


def _assessed(s: Summary, lines: list[str], results: Results, cut: list[More]) -> None:
    """The verdicts, the table of declared by inferred levels, the risks, and the inflated and deflated cases."""
    lines += ["", "Verdicts:"]
    width = max(len(k) for k in s.verdicts)
    for verdict, count in s.verdicts.items():
        if count:
            lines.append(f"  {verdict:<{width}}  {count:>6,}")
    rows, cols = _axes(s)
    lines += ["", "Declared (rows) × inferred (columns):"]
    head = "  " + " " * 13 + "".join(f"{SHORT[c]:>11}" for c in cols)
    lines.append(head)
    for d in rows:
        lines.append(
            f"  {SHORT[d]:<13}" + "".join(f"{f'{s.matrix[d][c]:,}' if s.matrix[d][c] else '.':>11}" for c in cols)
        )
    lines.append(f"  ({LEGEND})")
    lines += ["", "Risks:       " + "".join(f"{k:>11}" for k in ("low", "moderate", "high", "undecided"))]
    for risk, counts in s.risks.items():
        lines.append(f"  {risk:<11}" + "".join(f"{counts[k]:>11,}" for k in ("low", "moderate", "high", "undecided")))
    hedging = s.hedging
    lines += ["", f"Hedging: {hedging['true']:,} yes, {hedging['false']:,} no, {hedging['undecided']:,} undecided"]
    for verdict in ("inflated", "deflated"):
        cases = s.cases[verdict]
        if cases:
            lines += ["", f"{verdict.capitalize()} ({s.verdicts[verdict]:,}):"]
            for c in cases[:TEXT_LISTED]:
                a = c.assessment
                assert a is not None
                who = c.id or "–".join(c.parties or ())
                level = a.level.value
                lines.append(
                    f'  row {c.row} {who}: "{a.declared_label}" claims {SHORT[a.declared_level or "unrecognized"]}, substance {SHORT[level] if level else "undecided"}'
                )
                # every reason: the last is often the rule of the claimed level itself (a row has one a level)
                lines += [f"      {r}" for r in a.reasons]
            more = _verdict_more(s, verdict, min(len(cases), TEXT_LISTED))
            if more:
                cut.append(more)
                lines.append(f"  … and {more.count:,} more: {results.rows(more.which)}")


def _to_do(s: Summary, lines: list[str], results: Results, report: str | None, cut: list[More]) -> None:
    """What to look up, the labels no lexicon places, the ids and years to check, and the rows with errors."""
    listed_in = f"; {report} lists more" if report else ""
    if s.undecided:
        lines += ["", f"To decide the {plural(s.undecided, 'row')} whose level is open, look up:"]
        facts = _look_ups(s)
        for fact, count, recs in facts[:TEXT_LISTED]:
            lines.append(
                f"  {fact:<30} {plural(count, 'row')} ({_open_verdicts(s, fact)}{_nowhere(s, fact)}): "
                + _which(recs, count, 8)
            )
        if len(facts) > TEXT_LISTED:
            lines.append(f"  … and {plural(len(facts) - TEXT_LISTED, 'more fact')}{listed_in}")
        if any(count > 8 for _, count, _ in facts[:TEXT_LISTED]):
            fact = facts[0][0]
            cut.append(More(0, "rows", f"deciding_facts include {fact}", _fact_selection(fact, results.fmt)))
            lines.append(f"  (a fact's other rows: {results.rows('deciding_facts include it')})")
    if s.open_risks:
        lines += ["", f"To decide the open risk ratings and hedging of {plural(s.open_risks, 'row')}, look up:"]
        facts = _risk_look_ups(s)
        for fact, count, recs in facts[:TEXT_LISTED]:
            decides = _decides(s, fact)
            lines.append(
                f"  {fact:<30} {plural(count, 'row')} ({decides}{_nowhere(s, fact)}): {_which(recs, count, 8)}"
            )
        if len(facts) > TEXT_LISTED:
            lines.append(f"  … and {plural(len(facts) - TEXT_LISTED, 'more fact')}{listed_in}")
        if any(count > 8 for _, count, _ in facts[:TEXT_LISTED]):
            lines.append(f"  (a fact's other rows: among {results.rows('rating it names is open')})")
    if s.unrecognized_rows:
        lines += ["", f"Labels the pack places on no rung, and why ({UNPLACED_ADVICE}):"]
        labels = _unrecognized(s)
        for label, count, recs in labels[:TEXT_LISTED]:
            lines.append(f'  "{label}" {plural(count, "row")}: {_which(recs, count, 8)}')
            why = _unplaced_why(label, recs)
            if why:
                lines.append(f"      {why}")
        if len(labels) > TEXT_LISTED:
            left = sum(count for _, count, _ in labels[TEXT_LISTED:])
            lines.append(
                f"  … and {plural(len(labels) - TEXT_LISTED, 'more label')} ({plural(left, 'row')}): "
                f"{results.rows('verdict is unrecognized')}{listed_in}"
            )
        if s.unrecognized_uncounted:
            lines.append(f"  … and {_uncounted(s)}: {results.rows('verdict is unrecognized')}")
        if any(count > 8 for _, count, _ in labels[:TEXT_LISTED]):
            lines.append(f"  (a label's other rows: {results.rows('declared_label is that label')})")
    if s.ids_repeated:
        lines += ["", f"{_repeated_head(s)}; each of them is assessed, in the results under its own row number:"]
        for ident, count, rows in _repeated(s)[:TEXT_LISTED]:
            lines.append(f"  {ident:<20} {plural(count, 'row')}: {_rows_at(rows, count, 8)}")
        if s.ids_repeated > TEXT_LISTED:
            lines.append(f"  … and {plural(s.ids_repeated - TEXT_LISTED, 'more id')}{listed_in}")
    if s.ids_unchecked:
        lines += ["", _unchecked_ids(s)]
    if s.years_crossed:
        lines += ["", f"{_years_head(s)}: {YEARS_ADVICE}:"]
        for y in s.years_to_check[:TEXT_LISTED]:
            lines.append(f"  row {y.row} {y.case}: established {y.established}, as_of {y.as_of}")
        if s.years_crossed > TEXT_LISTED:
            lines.append(f"  … and {plural(s.years_crossed - TEXT_LISTED, 'more row')}{listed_in}")
    if s.error_rows:
        lines += ["", f"Rows with errors ({s.errors:,}), every error of each:"]
        for e in s.error_rows[:TEXT_LISTED]:
            # the row, as the results number it (and the reports), and the line to edit, where the input has lines
            where = f"row {e.row}" + (f", line {e.line}" if e.line else "")
            who = e.case
            lines.append(f"  {where}" + (f" ({who})" if who else "") + ":")
            for err in e.errors:
                text = ": ".join(x for x in (_column(err), visible(err.location.pointer or ""), err.message) if x)
                lines.append(f"    {text}" + (f" ({err.suggestion})" if err.suggestion else ""))
        more = _errors_more(s, min(len(s.error_rows), TEXT_LISTED))
        if more:
            cut.append(more)
            lines.append(f"  … and {plural(more.count, 'more row')}: {results.rows(more.which)}")


# --------------------------------------------------------------------------- the to-do list

TEXT_LISTED = 20


def _which(recs: list[RowResult], count: int, most: int | None = None) -> str:
    """Rows by number and case: '3 vnm-aus-2024, 8 ind-jpn-2023, … and 5 more'."""
    shown = recs if most is None else recs[:most]
    text = ", ".join(f"{r.row} {r.case}".strip() for r in shown)
    if count <= len(shown):
        return text
    return f"{text}, … and {count - len(shown):,} more" if text else f"{plural(count, 'row')}, none kept to list"


def _repeated_head(s: Summary) -> str:
    """'Ids on more than one row (2 ids, 5 rows)'."""
    rows = sum(s.repeated_id_counts.values())
    counted = f", {plural(rows, 'row')}" if len(s.repeated_id_counts) == s.ids_repeated else ""
    return f"Ids on more than one row ({plural(s.ids_repeated, 'id')}{counted})"


def _years_head(s: Summary) -> str:
    """'Years to check (2 rows: established after as_of)'."""
    return f"Years to check ({plural(s.years_crossed, 'row')}: established after as_of)"


#: what a row whose framework is established after its facts' year means, and what to do
YEARS_ADVICE = (
    "the framework is dated after the year the facts describe, so one of the two years is likely a slip; "
    "each row is assessed as coded"
)
YEARS_HEAD = ["row", "line", "case", "established", "as_of"]


def _unchecked_ids(s: Summary) -> str:
    return (
        f"Ids not checked for repeats: those of {plural(s.ids_unchecked, 'row')}, which came after "
        f"{validation.IDS_CHECKED:,} other ids (amity keeps that many, so that memory stays flat)."
    )


def _repeated(s: Summary) -> list[tuple[str, int, list[tuple[int, int | None]]]]:
    """Each id on more than one row, with its count of rows and the rows kept, in the order they repeat."""
    return [(ident, s.repeated_id_counts[ident], rows) for ident, rows in s.repeated_ids.items()]


def _rows_at(rows: list[tuple[int, int | None]], count: int, most: int | None = None) -> str:
    """Rows by number and line: 'row 1 (line 2), row 4 (line 5), … and 3 more'."""
    shown = rows if most is None else rows[:most]
    text = ", ".join(f"row {row} (line {line})" if line is not None else f"row {row}" for row, line in shown)
    return text + (f", … and {count - len(shown):,} more" if count > len(shown) else "")


def _by_rows(counts: dict[str, int], kept: dict[str, list[RowResult]]) -> list[tuple[str, int, list[RowResult]]]:
    """Each fact to look up, with its count and kept rows: the facts that help most rows first."""
    order = {name: i for i, name in enumerate(fields())}
    facts = sorted(counts, key=lambda f: (-counts[f], order.get(f, len(order)), f))
    return [(f, counts[f], kept.get(f, [])) for f in facts]


def _look_ups(s: Summary) -> list[tuple[str, int, list[RowResult]]]:
    """Each fact that would help decide an open level, with its rows: the facts that decide most rows first."""
    return _by_rows(s.to_look_up_counts, s.to_look_up)


def _risk_look_ups(s: Summary) -> list[tuple[str, int, list[RowResult]]]:
    """Each fact that would help decide an open risk rating or hedging, with its rows: most rows first."""
    return _by_rows(s.risk_look_up_counts, s.risk_look_up)


#: the outputs a fact may help decide, besides the level, in the order the reports list them
OPEN_OUTPUTS = (*RISKS, "hedging")


def _decides(s: Summary, fact: str) -> str:
    """What a fact would help decide, with its rows: 'fragility 7, hedging 2'."""
    counts = s.risk_look_up_decides.get(fact, {})
    return ", ".join(f"{name} {counts[name]:,}" for name in OPEN_OUTPUTS if name in counts)


def _open_selection(output: str, fmt: str) -> str:
    """pandas for the rows whose rating of output (a risk, or hedging) is open."""
    if output != "hedging" and fmt not in ("csv", "tsv", "parquet"):  # JSON: each risk is an object
        return f'df.risks.map(lambda r: isinstance(r, dict) and r["{output}"]["rating"] is None)'
    return f'df.{output}.isna() & (df.status == "ok")'


def _uncounted(s: Summary) -> str:
    """The rows of labels beyond those counted one by one, in words."""
    return (
        f"{plural(s.unrecognized_uncounted, 'row')} whose labels came after {len(s.unrecognized_counts):,} other "
        "unrecognized labels, counted together, not label by label"
    )


def _unrecognized(s: Summary) -> list[tuple[str, int, list[RowResult]]]:
    labels = sorted(s.unrecognized_counts, key=lambda label: (-s.unrecognized_counts[label], label))
    return [(label, s.unrecognized_counts[label], s.unrecognized.get(label, [])) for label in labels]


def _column(err: Problem) -> str:
    loc = err.location
    return f"line {loc.line}, column {loc.column}" if loc.line is not None and loc.column is not None else ""


LOOK_UP_HEAD = ["look up", "rows it would help decide", "of them, with an open verdict", "which rows (row and case)"]
UNRECOGNIZED_HEAD = ["unrecognized label", "rows", "which rows (row and case)", "why no rung places it"]
UNPLACED_ADVICE = (
    "where one names a level after all, an exact entry in a lexicon places it; amity assess FILE --id ID says more"
)


RISK_LOOK_UP_HEAD = ["look up", "rows it would help decide", "what it would help decide", "which rows (row and case)"]


def _nowhere(s: Summary, fact: str) -> str:
    """'; no row gives it', for a fact that no assessed row gives: a column to add (or fill) whole."""
    return f"; {NOWHERE}" if s.given_nowhere(fact) else ""


def _fact_cell(s: Summary, fact: str) -> str:
    """A fact to look up, in a report's table: 'third_party_orientation (no row gives it)' for one no row gives."""
    return f"{fact} ({NOWHERE})" if s.given_nowhere(fact) else fact


#: said of a fact to look up that no assessed row of the dataset gives
NOWHERE = "no row gives it"


def _look_up_rows(s: Summary) -> list[list[str]]:
    verdicts = s.to_look_up_verdicts
    return [
        [_fact_cell(s, fact), f"{count:,}", f"{verdicts.get(fact, 0):,}", _which(recs, count)]
        for fact, count, recs in _look_ups(s)
    ]


def _open_verdicts(s: Summary, fact: str) -> str:
    """How many of a fact's rows have an open verdict: '2 verdicts open', 'no verdict open'."""
    n = s.to_look_up_verdicts.get(fact, 0)
    return f"{plural(n, 'verdict')} open" if n else "no verdict open"


def _risk_look_up_rows(s: Summary) -> list[list[str]]:
    return [
        [_fact_cell(s, fact), f"{count:,}", _decides(s, fact), _which(recs, count)]
        for fact, count, recs in _risk_look_ups(s)
    ]


def _unrecognized_rows(s: Summary, labels: list[tuple[str, int, list[RowResult]]]) -> list[list[str]]:
    return [[label, f"{count:,}", _which(recs, count), _unplaced_why(label, recs)] for label, count, recs in labels]


def _unplaced_why(label: str, recs: list[RowResult]) -> str:
    """Why no rung places a label, from what decided it (its rows read it alike): words the grammar does not
    know, a rule of the grammar (for a word data exports write for a missing value, 'NA' or 'none', that it is
    no label: grammar/missing-value), or an entry of the pack that names something else than a rung."""
    a = next((r.assessment for r in recs if r.assessment is not None), None)
    decided_by = a.decided_by if a is not None else None
    if a is None or decided_by is None:
        said = missing_value(label)  # said even when none of its rows was kept (after CASES_KEPT other labels)
        return "" if said is None else f"{said} (grammar/missing-value)"
    if decided_by == "grammar/unknown-words":
        which = ", ".join(f"'{w}'" for w in a.unknown_words)
        if a.misspelt:  # a slip of a word it knows: the label to correct, not the grammar to extend
            return (
                f"words the grammar does not know ({which}): correct the label ({misspellings(a.misspelt)}), "
                "or add them to the pack's designations"
            )
        return f"words the grammar does not know ({which}): add them to the pack's designations, or correct the label"
    rule = GRAMMAR_RULES.get(decided_by)
    if rule is not None:  # the designation's sentence names the words the rule refused ("'2.0' comes after ...")
        return f"{a.unplaced_because or rule} ({decided_by})"
    return f"the pack's entry {decided_by} reads it as something other than a rung"


# --------------------------------------------------------------------------- charts


def heatmap_svg(summary: Summary) -> str:
    """The confusion matrix as an SVG heat map: declared level by row, inferred by column."""
    rows, cols = _axes(summary)
    matrix = summary.matrix
    peak = max((matrix[d][c] for d in rows for c in cols), default=0) or 1
    cell, left, top = 64, 112, 52
    w, h = left + cell * len(cols) + 8, top + cell * len(rows) + 30
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" font-family="sans-serif" font-size="12" role="img" aria-label="declared by inferred level">',
        f'<text x="{left + cell * len(cols) / 2}" y="14" text-anchor="middle" font-weight="bold">inferred level</text>',
        f'<text x="12" y="{top + cell * len(rows) / 2}" text-anchor="middle" font-weight="bold" transform="rotate(-90 12 {top + cell * len(rows) / 2})">declared level</text>',
    ]
    for j, c in enumerate(cols):
        out.append(
            f'<text x="{left + cell * j + cell / 2}" y="{top - 8}" text-anchor="middle">{html.escape(SHORT[c])}</text>'
        )
    for i, d in enumerate(rows):
        y = top + cell * i
        out.append(f'<text x="{left - 8}" y="{y + cell / 2 + 4}" text-anchor="end">{html.escape(SHORT[d])}</text>')
        for j, c in enumerate(cols):
            n = matrix[d][c]
            x = left + cell * j
            diagonal = d == c
            shade = 0.08 + 0.92 * (n / peak) if n else 0
            color = f"rgba(31,119,180,{shade:.3f})" if n else "#f4f4f4"
            border = ' stroke="#d62728" stroke-width="2"' if diagonal else ' stroke="#fff"'
            out.append(
                f'<rect x="{x}" y="{y}" width="{cell}" height="{cell}" fill="{color}"{border}><title>{html.escape(d)} → {html.escape(c)}: {n:,}</title></rect>'
            )
            if n:
                ink = "#fff" if shade > 0.55 else "#000"
                out.append(
                    f'<text x="{x + cell / 2}" y="{y + cell / 2 + 4}" text-anchor="middle" fill="{ink}">{n:,}</text>'
                )
    out.append(
        f'<text x="{left}" y="{h - 8}" font-size="10" fill="#555">red outline: declared = inferred (consistent)</text>'
    )
    out.append("</svg>")
    return "".join(out)


RATING_COLORS = {"low": "#2ca02c", "moderate": "#ff7f0e", "high": "#d62728", "undecided": "#bbbbbb"}


def risks_svg(summary: Summary) -> str:
    """One stacked bar per risk: the share of rows at each rating."""
    risks = summary.risks
    bar, left, w = 22, 100, 420
    h = 30 + (bar + 12) * len(risks) + 24
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{left + w + 20}" height="{h}" font-family="sans-serif" font-size="12" role="img" aria-label="risk ratings">'
    ]
    for i, (risk, counts) in enumerate(risks.items()):
        y = 10 + i * (bar + 12)
        total = sum(counts.values()) or 1
        out.append(f'<text x="{left - 8}" y="{y + bar / 2 + 4}" text-anchor="end">{risk}</text>')
        x = float(left)
        for rating in ("low", "moderate", "high", "undecided"):
            n = counts[rating]
            if not n:
                continue
            width = w * n / total
            out.append(
                f'<rect x="{x:.1f}" y="{y}" width="{width:.1f}" height="{bar}" fill="{RATING_COLORS[rating]}"><title>{risk} {rating}: {n:,}</title></rect>'
            )
            if width > 26:
                out.append(
                    f'<text x="{x + width / 2:.1f}" y="{y + bar / 2 + 4}" text-anchor="middle" fill="#fff">{n:,}</text>'
                )
            x += width
    y = h - 12
    x = float(left)
    for rating, color in RATING_COLORS.items():
        out.append(
            f'<rect x="{x}" y="{y - 9}" width="10" height="10" fill="{color}"/><text x="{x + 14}" y="{y}">{rating}</text>'
        )
        x += 90
    out.append("</svg>")
    return "".join(out)


# --------------------------------------------------------------------------- HTML and Markdown


ERROR_HEAD = ["row", "line", "case", "errors (every one)"]


def _error_text(err: Problem) -> str:
    loc = err.location
    where = f"column {loc.column}" if loc.line is not None and loc.column is not None else ""
    text = ": ".join(x for x in (where, visible(loc.pointer or ""), err.message) if x)
    return text + (f" ({err.suggestion})" if err.suggestion else "")


def _error_rows(rows: list[RowResult]) -> list[list[str]]:
    # joined as the CSV joins them: an error's suggestion may hold '; ' itself
    return [[str(x.row), str(x.line or ""), x.case, " | ".join(_error_text(err) for err in x.errors)] for x in rows]


def _case_rows(cases: list[RowResult]) -> list[list[str]]:
    rows = []
    for c in cases:
        a = c.assessment
        assert a is not None
        rows.append(
            [
                str(c.row),
                c.id or "–".join(c.parties or ()),
                a.declared_label or "",
                SHORT[a.declared_level or "unrecognized"],
                SHORT[a.level.value] if a.level.value else "undecided",
                " | ".join(a.reasons),  # as the CSV joins them: a reason holds '; ' itself
            ]
        )
    return rows


REPEATED_HEAD = ["id", "rows", "which rows (row and line)"]
CASE_HEAD = ["row", "case", "declared label", "claims", "substance", "what separates them"]
TODO_TITLE = "What to do next"
HEDGING_HEAD = ["hedging", "rows"]
RISK_HEAD = ["risk", "low", "moderate", "high", "undecided"]


def _risk_rows(s: Summary) -> list[list[str]]:
    """Each risk's count of rows at each rating, as the reports' table of risks gives them."""
    return [[r, *(f"{c[k]:,}" for k in RISK_HEAD[1:])] for r, c in s.risks.items()]


#: a sentence after a table that is cut short, and the pandas that reads what it leaves out (None: no results file)
Note = tuple[str, str | None]
Section = tuple[str, str, tuple[list[str], list[list[str]]] | None, list[Note]]


def _note(more: More, results: Results) -> Note:
    return more.sentence(results), more.code(results)


def _and_verdicts(s: Summary) -> str:
    """What deciding the open levels does for the verdicts: an open verdict needs an open level, but a
    level may be open while every level it can take gives the same verdict (below the claim, say)."""
    open_verdicts = s.verdicts["undecided"]
    if open_verdicts == s.undecided:
        return " (and so the verdict on their label)"
    if not open_verdicts:
        return (
            " (the verdicts on their labels are decided already: every level still possible gives the same "
            "verdict, or no label claims a rung)"
        )
    return f" (and, for {open_verdicts:,} of them, the verdict on their label; the other rows' verdicts are decided already)"


def _todo(s: Summary, results: Results) -> list[Section]:
    """The to-do list's sections: a heading, a sentence, a table (head, rows) when there is anything
    to do, and what the table leaves out (each capped list says how many more, where they are, how to read them)."""
    kept = f" (the first {CASES_KEPT} rows of each are listed)"
    out: list[Section] = []
    if s.undecided:
        facts = _look_ups(s)
        cut = next((f for f, count, recs in facts if count > len(recs)), None)
        notes: list[Note] = []
        if cut is not None:
            notes.append(
                (
                    f"A fact's rows beyond the first {CASES_KEPT}: {results.rows('deciding_facts include it')}.",
                    results.pandas(_fact_selection(cut, results.fmt)),
                )
            )
        out.append(
            (
                f"Facts to look up ({plural(s.undecided, 'row')} with an open level)",
                "Each fact below is unknown in the rows listed, and knowing it would help decide their level"
                + _and_verdicts(s)
                + "; the third column counts the rows whose verdict is open too, which knowing the fact may decide"
                + ". The facts that help most rows come first"
                + (kept if cut is not None else "")
                + ".",
                (LOOK_UP_HEAD, _look_up_rows(s)),
                notes,
            )
        )
    else:
        out.append(("Facts to look up", "None: every level is decided.", None, []))
    if s.open_risks:
        facts = _risk_look_ups(s)
        cut = next((f for f, count, recs in facts if count > len(recs)), None)
        notes = []
        if cut is not None:
            output = max(OPEN_OUTPUTS, key=lambda name: s.risk_look_up_decides[cut].get(name, 0))
            notes.append(
                (
                    f"A fact's rows beyond the first {CASES_KEPT}: among {results.rows(f'{output} is open')}"
                    " (amity assess FILE --row N names the facts that decide a row's ratings).",
                    results.pandas(_open_selection(output, results.fmt)),
                )
            )
        out.append(
            (
                f"Facts to look up for open risks and hedging ({plural(s.open_risks, 'row')})",
                "Each fact below is unknown in the rows listed, and knowing it would help decide the risk "
                "ratings or the hedging that are open in them (the third column says which, with their rows). "
                "The facts that help most rows come first" + (kept if cut is not None else "") + ".",
                (RISK_LOOK_UP_HEAD, _risk_look_up_rows(s)),
                notes,
            )
        )
    count = s.unrecognized_rows
    if count:
        labels = _unrecognized(s)
        notes = []
        if any(n > len(recs) for _, n, recs in labels[:CASES_KEPT]):
            first = next(label for label, n, recs in labels if n > len(recs))
            notes.append(
                (
                    f"A label's rows beyond the first {CASES_KEPT}: {results.rows('declared_label is that label')}.",
                    results.pandas(f"df.declared_label == {json.dumps(first)}"),
                )
            )
        if len(labels) > CASES_KEPT:
            left = sum(n for _, n, _ in labels[CASES_KEPT:])
            notes.append(
                (
                    f"… and {plural(len(labels) - CASES_KEPT, 'more label')} ({plural(left, 'row')}), "
                    f"not listed here: among {results.rows('verdict is unrecognized')}.",
                    results.pandas('df.verdict == "unrecognized"'),
                )
            )
        if s.unrecognized_uncounted:
            notes.append(
                (
                    f"… and {_uncounted(s)}: among {results.rows('verdict is unrecognized')}.",
                    results.pandas('df.verdict == "unrecognized"'),
                )
            )
        out.append(
            (
                f"Unrecognized labels ({plural(count, 'row')})",
                f"No rung of the pack places these labels; each says why ({UNPLACED_ADVICE})."
                + (f" The {CASES_KEPT} labels of most rows are listed." if len(labels) > CASES_KEPT else ""),
                (UNRECOGNIZED_HEAD, _unrecognized_rows(s, labels[:CASES_KEPT])),
                notes,
            )
        )
    else:
        out.append(("Unrecognized labels", "None: the lexicon places every declared label.", None, []))
    if s.ids_repeated:
        repeated = _repeated(s)
        notes = []
        if s.ids_repeated > len(repeated) or any(count > len(rows) for _, count, rows in repeated):
            notes.append((f"Only the first {CASES_KEPT} ids, and {CASES_KEPT} rows of each, are listed.", None))
        out.append(
            (
                _repeated_head(s),
                "An id names one relationship at one time, yet each of these is on several rows: a row given "
                "twice, or two rows that need ids of their own. Every row is assessed and in the results, under "
                "its own row number; amity assess FILE --row N shows one of them.",
                (REPEATED_HEAD, [[ident, f"{count:,}", _rows_at(rows, count)] for ident, count, rows in repeated]),
                notes,
            )
        )
    if s.ids_unchecked:
        out.append(("Ids not checked for repeats", _unchecked_ids(s), None, []))
    if s.years_crossed:
        listed = s.years_to_check
        out.append(
            (
                _years_head(s),
                YEARS_ADVICE[:1].upper()
                + YEARS_ADVICE[1:]
                + ". Check the two years of each row listed"
                + (f" (the first {CASES_KEPT} are listed)" if s.years_crossed > len(listed) else "")
                + ".",
                (
                    YEARS_HEAD,
                    [[str(y.row), str(y.line or ""), y.case, str(y.established), str(y.as_of)] for y in listed],
                ),
                [],
            )
        )
    if s.error_rows:
        more = _errors_more(s, len(s.error_rows))
        out.append(
            (
                f"Rows with errors ({s.errors:,})",
                "These rows could not be assessed; each error says where it is and, where it can, how to fix it"
                + (f" (the first {CASES_KEPT} are listed)" if more else "")
                + ".",
                (ERROR_HEAD, _error_rows(s.error_rows)),
                [_note(more, results)] if more else [],
            )
        )
    else:
        out.append(("Rows with errors", "None: every row was read and assessed.", None, []))
    return out


def _cases(s: Summary, results: Results) -> list[tuple[str, list[list[str]], list[Note]]]:
    """The inflated and deflated cases: a heading, the rows kept, and what they leave out."""
    out = []
    for verdict in ("inflated", "deflated"):
        cases = s.cases[verdict]
        if cases:
            more = _verdict_more(s, verdict, len(cases))
            out.append(
                (
                    f"{verdict.capitalize()} labels ({s.verdicts[verdict]:,})",
                    _case_rows(cases),
                    [_note(more, results)] if more else [],
                )
            )
    return out


def html_report(summary: Summary, source: str, pack: str, results: Results | None = None) -> str:
    """The report as one self-contained page; ``results`` says where the rows of a table cut short are."""
    s = summary
    e = html.escape
    results = results or Results()

    def table(head: list[str], rows: list[list[str]]) -> str:
        return (
            "<table><thead><tr>"
            + "".join(f"<th>{e(h)}</th>" for h in head)
            + "</tr></thead><tbody>"
            + "".join("<tr>" + "".join(f"<td>{e(c)}</td>" for c in r) + "</tr>" for r in rows)
            + "</tbody></table>"
        )

    def notes(cut: list[Note]) -> list[str]:
        return [
            f'<p class="more">{e(sentence)}' + (f"<br>With pandas: <code>{e(code)}</code>" if code else "") + "</p>"
            for sentence, code in cut
        ]

    merged = _merged(s)
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>amity validation report: {e(source)}</title>",
        "<style>body{font-family:sans-serif;max-width:980px;margin:2em auto;padding:0 1em;color:#222}"
        "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}"
        "th{background:#f0f0f0}td:nth-child(2){white-space:nowrap}.num{text-align:right}.legend{color:#555;font-size:90%}"
        ".more{background:#fff8e1;border-left:4px solid #f0b400;padding:6px 10px}code{overflow-wrap:anywhere}</style>",
        "</head><body>",
        f"<h1>Label validation: {e(source)}</h1>",
        f"<p>Pack <code>{e(pack)}</code>. {_counts(s)}." + (f" {merged.capitalize()}." if merged else "") + "</p>",
    ]
    nothing = _nothing_assessed(s)
    if nothing:
        parts += [f"<p>{e(nothing)} There are no verdicts, levels or risks to show.</p>"]
    else:
        parts += [
            "<h2>Verdicts</h2>",
            table(["verdict", "rows"], [[k, f"{v:,}"] for k, v in s.verdicts.items() if v]),
            "<h2>Declared against inferred level</h2>",
            heatmap_svg(s),
            f'<p class="legend">{e(_matrix_legend(s))}</p>',
            "<h2>Risks</h2>",
            risks_svg(s),
            table(RISK_HEAD, _risk_rows(s)),  # a bar too narrow for its count shows it only here
            table(HEDGING_HEAD, [[k, f"{v:,}"] for k, v in s.hedging.items()]),
        ]
    for head, rows, cut in _cases(s, results):
        parts += [f"<h2>{e(head)}</h2>", table(CASE_HEAD, rows), *notes(cut)]
    parts += [f"<h2>{e(TODO_TITLE)}</h2>"] if s.rows else []
    for head, intro, section, cut in _todo(s, results) if s.rows else []:  # no rows: nothing to do
        parts += [f"<h3>{e(head)}</h3>", f"<p>{e(intro)}</p>"]
        if section is not None:
            parts.append(table(*section))
        parts += notes(cut)
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


CHARTS = {"levels": "heat map of declared against inferred levels", "risks": "risk ratings"}


def chart_names(stem: str) -> list[str]:
    """The file names of a Markdown report's charts, written beside it."""
    return [f"{stem}-{chart}.svg" for chart in CHARTS]


def markdown_report(
    summary: Summary, source: str, pack: str, stem: str = "report", results: Results | None = None
) -> tuple[str, dict[str, str]]:
    """The Markdown report, and its charts: file name (``STEM-levels.svg``, ...) -> SVG, to write beside it.

    A report of no assessed row has no charts (nor tables of verdicts, levels and risks): it says so.
    """
    s = summary
    results = results or Results()

    def table(head: list[str], rows: list[list[str]]) -> list[str]:
        clean = [[md_text(c) for c in r] for r in rows]
        return [
            "| " + " | ".join(head) + " |",
            "|" + "---|" * len(head),
            *("| " + " | ".join(r) + " |" for r in clean),
            "",
        ]

    def notes(cut: list[Note]) -> list[str]:
        out = []
        for sentence, code in cut:
            out += [md_text(sentence) + (f" With pandas: {md_code(code, in_table=False)}" if code else ""), ""]
        return out

    merged = _merged(s)
    out = [
        f"# Label validation: {md_text(source)}",
        "",
        f"Pack {md_code(pack)}. {_counts(s)}." + (f" {merged.capitalize()}." if merged else ""),
        "",
    ]
    charts: dict[str, str] = {}
    nothing = _nothing_assessed(s)
    if nothing:
        out += [f"{nothing} There are no verdicts, levels or risks to show.", ""]
    else:
        charts = dict(zip(chart_names(stem), (heatmap_svg(s), risks_svg(s)), strict=True))
        names = dict(zip(CHARTS, charts, strict=True))

        def image(chart: str) -> str:
            return f"![{CHARTS[chart]}]({names[chart]})"

        rows, cols = _axes(s)
        out += [
            "## Verdicts",
            "",
            *table(["verdict", "rows"], [[k, f"{v:,}"] for k, v in s.verdicts.items() if v]),
            "## Declared against inferred level",
            "",
            image("levels"),
            "",
            *table(
                ["declared \\ inferred", *(SHORT[c] for c in cols)],
                [[SHORT[d], *(f"{s.matrix[d][c]:,}" for c in cols)] for d in rows],
            ),
            md_text(_matrix_legend(s)),
            "",
            "## Risks",
            "",
            image("risks"),
            "",
            *table(RISK_HEAD, _risk_rows(s)),
            *table(HEDGING_HEAD, [[k, f"{v:,}"] for k, v in s.hedging.items()]),
        ]
    for head, rows, cut in _cases(s, results):
        out += [f"## {head}", "", *table(CASE_HEAD, rows), *notes(cut)]
    out += [f"## {TODO_TITLE}", ""] if s.rows else []
    for head, intro, section, cut in _todo(s, results) if s.rows else []:  # no rows: nothing to do
        out += [f"### {head}", "", intro, ""]
        if section is not None:
            out += table(*section)
        out += notes(cut)
    return "\n".join(out).rstrip("\n") + "\n", charts
