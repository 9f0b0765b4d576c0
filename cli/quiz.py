"""The terminal side of ``amity quiz``: the narrative, the questions, the reveal. Scoring and explanations
are ``amity.engine.scenarios``; this module only reads lines and writes text."""

from __future__ import annotations

import os
import re
import textwrap
from collections.abc import Callable
from typing import Any

import click
from amity.engine import plain
from amity.engine.assessment import Assessor
from amity.engine.errors import AmityError, Location, Problem, UsageError, did_you_mean
from amity.engine.explain import level_notes
from amity.engine.interview import NOT_KNOWN, set_answer
from amity.engine.scenarios import (
    ClassReport,
    QuizQuestion,
    QuizResult,
    Scenario,
    choice_label,
    normalize,
    question_name,
    questions_of,
    trainee_fault,
    transcript_name,
)

from .interview import told
from .main import held_signals
from .output import atomic_output, check_target, kept_in, writes_stdout
from .reporters.common import fitting_echo, plural, safe_echo, terminal_safe
from .reporters.json_reporter import dumps
from .reporters.text import report as text_report

Echo = Callable[[str], None]


class Quit(Exception):
    """The trainee typed quit (or exit) at a question: the quiz stops, nothing is saved."""


class Back(Exception):
    """The trainee typed back at a question: the question before is asked again."""


HELP = """\
Answer with a number or a name, or type one of:
  skip    leave this question out (no point, and no mistake)
  back    take back your answer to the question before, and answer it again
  quit    stop the quiz (nothing is saved)
  help    this list
amity explains after your last answer: its own answer with the reasoning, and why not for each of yours
that differs (why, how and whynot are the interview's commands)."""


#: The interview's commands for explanations: a trainee who knows them types them at a quiz's question too.
EXPLAINING = ("why", "how", "whynot", "why-not", "why_not")

NOT_YET = (
    "amity explains once you have answered: after your last answer it shows its own answer with the reasoning, "
    "and why not for each of yours that differs. Here: a number or a name (or skip, back, quit; help)."
)


# A narrative's Markdown: **strong** (a dateline) and *emphasis*. Only these two: a narrative is prose.
STRONG = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
EMPHASIS = re.compile(r"(?<![*\w])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![*\w])")
BOLD, UNDERLINE, NORMAL = "\x1b[1m", "\x1b[4m", "\x1b[0m"


def narrative_lines(text: str, styled: bool, width: int = 100) -> list[str]:
    """A paragraph of a narrative as terminal lines: whitespace joined, wrapped to WIDTH, its Markdown
    rendered (strong as bold and emphasis underlined when STYLED, at a terminal; plain words otherwise,
    never the asterisks). Control sequences of the text itself are removed first (terminal_safe): the
    only ones that reach the terminal are the styles added here.
    """
    marked = " ".join(terminal_safe(text).split())
    plain_text, spans = "", []  # spans: (start, end, style) in plain_text
    pos = 0
    for m in sorted([*STRONG.finditer(marked), *EMPHASIS.finditer(STRONG.sub(_blank, marked))], key=_start):
        if m.start() < pos:  # emphasis inside a strong span: the strong one holds it
            continue
        plain_text += marked[pos : m.start()]
        inner = EMPHASIS.sub(r"\1", m.group(1)) if m.re is STRONG else m.group(1)
        spans.append((len(plain_text), len(plain_text) + len(inner), BOLD if m.re is STRONG else UNDERLINE))
        plain_text += inner
        pos = m.end()
    plain_text += marked[pos:]
    lines = textwrap.wrap(plain_text, width=width) or [""]
    if not styled or not spans:
        return lines
    out, at = [], 0
    for line in lines:  # each wrapped line is a piece of plain_text: find it and style its part of each span
        start = plain_text.index(line, at)
        end = at = start + len(line)
        cuts = []
        for a, b, style in spans:
            if a < end and b > start:
                cuts.append((max(a, start) - start, min(b, end) - start, style))
        shown, last = "", 0
        for a, b, style in cuts:
            shown += line[last:a] + style + line[a:b] + NORMAL
            last = b
        out.append(shown + line[last:])
    return out


def _blank(m: re.Match[str]) -> str:
    """A strong span blanked out (same length), so emphasis is not looked for inside it."""
    return " " * len(m.group(0))


def _start(m: re.Match[str]) -> int:
    return m.start()


def show_scenario(s: Scenario, echo: Echo, styled: bool = False, width: int | None = None) -> None:
    """The scenario's title and narrative, wrapped to WIDTH (a terminal's; at most 100, for reading)."""
    raw = echo  # the narrative's lines are made terminal-safe before their styles are added, and wrapped
    echo = safe_echo(fitting_echo(echo, width))
    reading = min(width or 100, 100)
    echo("")
    echo(s.title)
    echo("=" * min(len(s.title), reading))
    if s.kind == "real":
        echo(f"(A real relationship, as of {s.as_of}.)")
    else:
        echo("(Fictional states: you cannot answer from memory, only from the text.)")
    echo("")
    for paragraph in s.narrative.strip().split("\n\n"):
        raw("\n".join(narrative_lines(paragraph, styled, reading)))
        echo("")


class NotAChoice(Exception):
    """What a trainee typed at the menu of scenarios names none of them (or more than one): the words say why."""


def choose(scenarios: list[Scenario], read: Callable[[str], str], echo: Echo) -> int | None:
    """The menu of a folder's scenarios: the index of the one chosen, by its number or by its name as the menu
    shows it in brackets; None when the trainee quits (quit, or the end of the input)."""
    echo = safe_echo(echo)
    echo("Scenarios:")
    for i, s in enumerate(scenarios, 1):
        echo(f"  {i:>2}) {s.title}  [{s.id}, {s.kind}]")
    while True:
        try:
            line = read("Which one? (number or name) ").strip()
        except EOFError:  # Ctrl-D: what is said next goes on a line of its own, not after the prompt
            echo("")
            return None
        if line.lower() in ("quit", "q", "exit"):
            return None
        try:
            return menu_choice([s.id for s in scenarios], line)
        except NotAChoice as exc:
            echo(str(exc))


def menu_choice(ids: list[str], typed: str) -> int:
    """The index of the scenario TYPED names: its number in the menu (from 1), its id, or the start of
    exactly one id (``eu`` for ``eu-china-2023``). NotAChoice says why anything else names none."""
    how = f"type a number from 1 to {len(ids)}, or a name as shown in brackets, such as {ids[0]}"
    if not typed:
        raise NotAChoice(how[:1].upper() + how[1:] + "; or quit.")
    if typed.isdigit() and 1 <= int(typed) <= len(ids):
        return int(typed) - 1
    word = typed.lower()
    if word in ids:
        return ids.index(word)
    starting = [i for i, sid in enumerate(ids) if sid.startswith(word)]
    if len(starting) == 1:
        return starting[0]
    if starting:
        names = ", ".join(ids[i] for i in starting)
        raise NotAChoice(f"'{typed}' starts more than one scenario's name ({names}): type more of it, or its number.")
    hint = did_you_mean(word, ids)
    raise NotAChoice(f"'{typed}' is not one of the scenarios: {how}" + (f" ({hint})" if hint else "") + ".")


def _said(question: str, answer: str) -> str:
    """A class report's answer (as the transcript keeps it: codes, a set's joined by ', ') in the words the
    trainee chose it by: 'comprehensive strategic partnership', 'joint exercises, arms transfers'."""
    return ", ".join(choice_label(question, part) for part in answer.split(", "))


def transcript_path(scenario: Scenario, trainee: str | None, save: str | None, *, replace: bool = False) -> str:
    """Where a quiz's transcript goes: --save, or <scenario>[-<trainee>].quiz.json as --help says.

    Checked before any question is asked, so that no answer is lost: a trainee's name that would make the
    default a path elsewhere, and a file already there (a transcript is not written over unless ``replace``:
    marking a class's answer files without --trainee wrote each over the last).
    """
    fault = None if trainee is None else trainee_fault(trainee, names_file=not save)
    if fault and trainee is not None and not trainee.strip():
        raise UsageError(Problem("the trainee's name is empty", suggestion="give a name", option="trainee"))
    if fault:
        raise UsageError(
            Problem(
                f"the trainee's name {trainee!r} {'is not taken' if save else 'cannot name a transcript file'}: "
                f"it {fault}",
                suggestion="give a name without '/', '\\' or control characters (e.g. 'ana-m')"
                + ("" if save or trainee_fault(trainee, names_file=False) else ", or name the file with --save FILE"),
                option="trainee",
            )
        )
    path = save or transcript_name(scenario.id, trainee)
    # where it goes can be written (a folder, a name the file system takes), or the answers would be lost
    check_target(path, "--save" if save else "--trainee" if trainee else "the transcript")
    if not replace and os.path.isfile(path):  # a device or a pipe (/dev/stdout, '-') is written to as a stream
        raise UsageError(
            Problem(
                "already holds a transcript; amity will not write over it",
                Location(path),
                ("" if trainee or save else "give your name with --trainee NAME, ")
                + "choose another file with --save FILE, or write over it with --replace",
                option="save" if save else None,
            )
        )
    return path


def save_transcript(result: QuizResult, path: str) -> None:
    """Save the transcript at PATH, before anything of the result is shown: output cut short (``| less``
    quit early, Ctrl-C while the reveal scrolls) loses nothing.

    The one way both the interactive quiz and --answers keep a transcript, so that an instructor who
    marks answer files for ``amity quiz report`` gets them all as a trainee's own run would."""
    with held_signals(), atomic_output(path, "--save") as handle:
        handle.write(dumps(result.transcript()))


def shown_and_saved(result: QuizResult, path: str, show: Callable[[], None], echo: Echo) -> None:
    """SHOW the result and save its transcript at PATH, then say where it went. Saved first: output cut
    short loses nothing. A transcript sent to standard output (``--save -``) comes after what is shown, and
    says where it is itself."""
    if writes_stdout(path):
        show()
        save_transcript(result, path)
        return
    save_transcript(result, path)
    try:
        show()
    except KeyboardInterrupt:  # Ctrl-C while the reveal scrolls: saved already, and said so (on standard
        # error, beside 'amity: interrupted': standard output may be what stopped, a reader gone or paused)
        told(
            lambda line: click.echo(line, err=True),
            "",
            terminal_safe(f"Stopped while showing the result; the transcript is {kept_in(path)}."),
        )
        raise
    echo("")
    echo(terminal_safe(f"Transcript {kept_in(path)}."))


def choice_text(q: QuizQuestion, value: Any) -> str:
    """A choice as the menu shows it: the question's own label, as on the web page."""
    return q.label(value)


def ask(
    q: QuizQuestion, read: Callable[[str], str], echo: Echo, first: bool = False, taken_back: tuple[Any] | None = None
) -> Any | None:
    """Ask one question until the answer is acceptable; None when the trainee skips it. TAKEN_BACK holds the
    answer taken back from it (back at the question after; None if it was skipped), said so that the trainee
    sees what it was.

    quit (or exit) raises Quit, back raises Back (but at the FIRST question, which has none before it);
    end of input (EOFError) and Ctrl-C (KeyboardInterrupt) pass through.
    """
    echo = safe_echo(echo)
    echo("")
    echo(q.prompt)
    if q.choices:
        echo("  " + "   ".join(f"{i}) {choice_text(q, v)}" for i, v in enumerate(q.choices, 1)))
    how = f"every item that applies: {set_answer(q.choices)}" if q.multiple else "a number or a name"
    echo(f"  ({how}; help for the commands)")
    if taken_back is not None:
        was = "you skipped it" if taken_back[0] is None else f"your answer was {answer_text(q, taken_back[0])}"
        echo(f"  (taken back: {was}; answer again)")
    while True:
        line = read("answer> ").strip()
        command = line.lower()
        if command in ("skip", ""):
            if line == "":
                echo("Type an answer (or skip; help for the commands).")
                continue
            return None
        if command in ("quit", "exit"):
            raise Quit
        if command in ("help", "?"):
            echo(HELP)
            continue
        if command.split(" ", 1)[0] in EXPLAINING:  # not an answer: said so, not "not one of the choices"
            echo(NOT_YET)
            continue
        if command == "back":
            if first:
                echo("This is the first question: nothing to take back.")
                continue
            raise Back
        try:
            return normalize(q, line)
        except AmityError as exc:
            echo("Not accepted: " + refusal(q, line, exc))
            echo("  (help for the commands)")


def refusal(q: QuizQuestion, line: str, exc: AmityError) -> str:
    """Why an answer typed at a question is refused, in the terms of the screen: its numbers and names."""
    kind = q.id.partition(":")[0]
    if kind == "code":  # the interview's parser: it shows the numbered choices itself; every bad item
        return "; ".join(p.message + (f" ({p.suggestion})" if p.suggestion else "") for p in exc.problems)
    typed = " ".join(line.strip().lower().replace("_", " ").split())
    hint = did_you_mean(typed, q.labels)
    # the start of more than one name ('comprehensive'): which ones, by the numbers that pick them
    starting = [f"{i}) {label}" for i, label in enumerate(q.labels, 1) if len(typed) >= 3 and label.startswith(typed)]
    if len(starting) > 1:
        hint = f"'{typed}' starts {plain.join_or(starting)}: type the number, or the whole name"
    if typed in NOT_KNOWN:  # the interview's word for it: here, an answer of its own, or a skip
        hint = ("if the narrative leaves it open, answer undecided; " if "undecided" in q.labels else "") + (
            "to leave the question out, skip"
        )
    short = ", or p, sp, csp, cspc" if kind == "level" else ""
    return f"'{line}' is not one of the choices: type a number from 1 to {len(q.choices)}, or the name{short}" + (
        f" ({hint})" if hint else ""
    )


def reveal(result: QuizResult, assessor: Assessor, echo: Echo, width: int | None = None) -> None:
    """amity's assessment, the answers marked and explained, the score and the teaching notes; wrapped to
    WIDTH (a terminal's; None: the lines whole, the notes at 100 columns)."""
    echo = safe_echo(fitting_echo(echo, width))
    s = result.scenario
    echo("")
    echo("What amity concludes")
    echo("--------------------")
    notes = [level_notes(assessor, s.profile, result.assessment)]
    echo(text_report([result.assessment], False, notes=notes).rstrip("\n"))
    echo("")
    echo("Your answers")
    echo("------------")
    for m in result.items:
        echo(f"{m.question.prompt}")
        echo(
            f"  you: {answer_text(m.question, m.answer)}   amity: {answer_text(m.question, m.expected)}   → {m.outcome} ({m.score:g}/{m.max_score:g})"
        )
        for line in m.explanation:
            echo("    " + line)
    echo("")
    echo(f"Score: {result.score:g} out of {result.max_score:g}")
    echo("")
    echo("Teaching notes")
    echo("--------------")
    for n in s.notes:
        echo(textwrap.fill(f"[{n['section']}] {n['note']}", width=min(width or 100, 100), subsequent_indent="  "))


def answer_text(q: QuizQuestion, value: Any) -> str:
    """A trainee's (or amity's) answer to a quiz question, in words."""
    if value is None:
        return "(skipped)"
    name = q.id.partition(":")[2]
    kind = q.id.partition(":")[0]
    if kind == "code":
        return plain.value_text(name, value)
    if kind == "hedging":
        return "yes" if value is True else "no" if value is False else str(value)
    return choice_text(q, value)


def run(
    s: Scenario, read: Callable[[str], str], echo: Echo, styled: bool = False, width: int | None = None
) -> dict[str, Any]:
    """Show the scenario (its Markdown styled when STYLED: at a terminal, wrapped to WIDTH) and ask its
    questions."""
    show_scenario(s, echo, styled, width)
    answers: dict[str, Any] = {}
    questions = questions_of(s)
    at = 0
    taken_back: tuple[Any] | None = None
    while at < len(questions):
        q = questions[at]
        try:
            value = ask(q, read, fitting_echo(echo, width), first=at == 0, taken_back=taken_back)
        except Back:  # the answer before is taken back: asked again, its question as new, the answer said
            at -= 1
            taken_back = (answers.pop(questions[at].id, None),)
            continue
        taken_back = None
        if value is not None:
            answers[q.id] = list(value) if isinstance(value, tuple) else value
        at += 1
    return answers


def report_text(r: ClassReport) -> str:
    """A class report as text: its tables' columns as wide as their widest cell, the questions in words."""
    rejected = f", {len(r.rejected)} rejected" if r.rejected else ""
    copies = f", {plural(len(r.copies), 'copy', 'copies')} counted once" if r.copies else ""
    lines = [f"Class report: {plural(r.transcripts, 'transcript')}{rejected}{copies}", ""]
    lines.append("Scenarios:")
    sid_w = max([len("scenario"), *map(len, r.scenarios)])
    means = {sid: f"mean {s['mean_score']:g} / {s['max_score']:g}" for sid, s in r.scenarios.items()}
    mean_w = max(map(len, means.values()), default=0)
    for sid, s in r.scenarios.items():
        lines.append(f"  {sid:<{sid_w}} {s['takers']:>3} taken   {means[sid]:<{mean_w}}   {s['title']}")
    names = {key: question_name(q["question"]) for key, q in r.questions.items()}
    q_w = max([len("question"), *map(len, names.values())])
    lines += [
        "",
        "Questions: how many answered right, half right (half a point) or wrong, and skipped (no answer, 0 points);",
        "mean: the points per trainee who took the scenario, a skip counting 0 as in the scenario's mean.",
        f"  {'scenario':<{sid_w}} {'question':<{q_w}} {'right':>5} {'half':>5} {'wrong':>5} {'skipped':>7}   mean",
    ]
    for key, q in r.questions.items():
        lines.append(
            f"  {q['scenario']:<{sid_w}} {names[key]:<{q_w}} {q['correct']:>5} {q['half_right']:>5} {q['wrong']:>5}"
            f" {q['skipped']:>7}   {q['mean_score']:g} / {q['max_points'] / q['taken']:g}"
        )
    lines += ["", "Commonest mistakes:"]
    if not r.mistakes:
        lines.append("  none")
    for m in r.mistakes[:10]:
        answer, expected = (_said(m["question"], m[k]) for k in ("answer", "expected"))
        lines.append(
            f"  {m['count']:>3} × {m['scenario']}, {question_name(m['question'])}: answered {answer}, amity says {expected}"
        )
    if r.rejected:
        lines += ["", "Rejected transcripts:"]
        lines += [f"  {p}" for p in r.rejected]
    if r.copies:
        lines += ["", "Copies (the same transcript in two files), counted once:"]
        lines += [f"  {copy}: the same as {first}" for copy, first in r.copies]
    return "\n".join(lines) + "\n"
