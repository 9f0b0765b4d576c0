"""The terminal side of ``amity interview``: prompts, commands, and saving. The consultation itself is
``amity.engine.interview.Consultation``; this module only reads lines and writes text."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, Literal

import click
import yaml
from amity.engine import plain
from amity.engine.assessment import Assessor
from amity.engine.document import load_document
from amity.engine.errors import AmityError, InputError, Location, Problem, UsageError
from amity.engine.explain import DEFAULT_DEPTH, level_notes
from amity.engine.interview import (
    CASE_FIELDS,
    NO_LABEL,
    PARTIES_ADVICE,
    Answer,
    Consultation,
    Question,
    field_named,
    parties_typed,
    set_answer,
)
from amity.engine.vocabulary import fact_fields
from amity.engine.whynot import blocker_lines, parse_target, target_words, unknown_target

from .main import held_signals
from .output import atomic_output, is_kept, kept_in, silence_stdout
from .reporters.common import plural, safe_echo, table, terminal_safe, terminal_width
from .reporters.json_reporter import dumps
from .reporters.text import report as text_report

CHANGE_HELP = (
    "change one answer you gave (e.g. change legal basis), or the parties or label (change label); the others are kept"
)

#: The commands at a question, and what each does (help lists them, lined up: ``help_text``).
HELP_ROWS: tuple[tuple[str, str], ...] = (
    ("unknown", "you do not know (amity will not ask it again)"),
    ("why [FIELD]", "which rules wait on this fact (or on FIELD), and what each answer would lead to"),
    ("how [DEPTH]", "what is established so far, and why"),
    ("whynot LEVEL", "why it is not (yet) at LEVEL (e.g. whynot csp, whynot alliance, whynot entrapment=high)"),
    ("facts", "what you have answered so far"),
    ("back", "undo the last answer in your list and ask it again (before the first: the parties and label)"),
    ("change FIELD", CHANGE_HELP),
    ("quit", "save your answers and stop (resume with --resume FILE)"),
    ("help", "this list"),
)

#: What a trainee can do once the interview is over, grouped: (what, how at the terminal's over> prompt, how on
#: the web page's end). Both say these groups, in this order; help at over> lists every command (OVER_HELP).
OVER_CHOICES: tuple[tuple[str, str, str], ...] = (
    ("see the result", "Enter", "the assessment, below"),
    (
        "change an answer",
        "change FIELD (e.g. change legal basis); back undoes the last one",
        "Change beside it, under Your answers; Back undoes the last one",
    ),
    (
        "ask why",
        "whynot LEVEL, how, why FIELD, facts",
        "Why is it not (yet) at a level, below; How amity got there, in the assessment",
    ),
    ("stop", "quit (your answers are saved)", "download the profile and the transcript (kept while the server runs)"),
)

#: The commands once the interview is over (help at over>).
OVER_HELP_ROWS: tuple[tuple[str, str], ...] = (
    ("(Enter)", "show the assessment"),
    ("change FIELD", CHANGE_HELP),
    ("back", "undo the last answer in your list and ask it again"),
    ("whynot LEVEL", "why it is not at LEVEL (e.g. whynot csp, whynot alliance, whynot entrapment=high)"),
    ("how [DEPTH]", "what is established, and why"),
    ("why FIELD", "your answer to FIELD and the rules that test it"),
    ("facts", "your answers"),
    ("quit", "save your answers and stop (resume with --resume FILE)"),
    ("help", "this list"),
)


def help_text(over: bool = False) -> str:
    """help's list of commands, at a question or (OVER) once the interview is over, lined up at the terminal's
    width (a pipe gets each line whole)."""
    head = "The interview is over; type one of:" if over else "Answer the question, or type one of:"
    return head + "\n" + table(OVER_HELP_ROWS if over else HELP_ROWS, terminal_width(), column=18)


#: The words that name the case's fields after change (change label, change parties), as facts lists them too.
CASE_WORDS = {
    "parties": "parties",
    "party": "parties",
    "label": "declared_label",
    "official label": "declared_label",
    "declared label": "declared_label",
}

#: How no official label is said back (change label, back at the first question, the page's answers): left blank
#: at the start, it may be none or not known
NO_LABEL_GIVEN = "not given"

SAVED_HEADER = "# amity interview answers"  # the first line of every answers file amity saves (web pages' too)

ReadLine = Callable[[str], str]
Echo = Callable[[str], None]
#: What change FIELD came to: the answer changed; kept as it was; refused (no such answer: said so); or the
#: trainee quit there
ChangeOutcome = Literal["changed", "kept", "refused", "quit"]


def show_question(q: Question, echo: Callable[[str], None], heading: str | None = None) -> None:
    """The question, its meaning and its choices, under HEADING ('Question 3', by default)."""
    echo("")
    section = f" (seed: {q.citation})" if q.citation else ""
    echo(f"{heading or f'Question {q.number}'}: {q.title}{section}")
    echo(f"  {q.meaning}")
    if q.kind in ("enum", "ordinal", "set"):
        echo("  " + "   ".join(f"{i}) {plain.words(v)}" for i, v in enumerate(q.choices, 1)))
        if q.kind == "set":
            echo(f"  (choose every item that applies: {set_answer(q.choices)})")
    elif q.kind == "boolean":
        echo("  yes or no")
    else:
        echo(f"  {q.expects}")


def save_profile(consultation: Consultation, path: str) -> None:
    with atomic_output(path, "--save") as handle:
        handle.write(SAVED_HEADER + ": `amity interview --resume FILE` goes on, `amity assess FILE` assesses them\n")
        # a number read as written (1e1 in a file of answers: the float 10.0, of a kind of its own) is written as
        # the float it is: YAML's safe writer takes no kinds but its own
        profile = {k: float(v) if isinstance(v, float) else v for k, v in consultation.profile().items()}
        handle.write(yaml.safe_dump(profile, sort_keys=False, allow_unicode=True, default_flow_style=None))


def save_transcript(consultation: Consultation, path: str) -> None:
    with atomic_output(path, "--transcript") as handle:
        handle.write(dumps(consultation.transcript()))


def save_both(consultation: Consultation, save: str, transcript: str) -> None:
    """The answers and the transcript of the same interview, always together (finished or not)."""
    save_profile(consultation, save)
    save_transcript(consultation, transcript)


def _is_transcript(path: str) -> bool:
    """Whether a file reads as an interview's transcript (JSON with the case), not an answers file."""
    data = _saved_data(path)
    return isinstance(data, dict) and "case" in data


def _saved_data(path: str) -> Any:
    """What an existing file holds, read as amity reads a document (bounded in size and in aliases);
    None when it does not read."""
    try:
        return load_document(path).data
    except AmityError:
        return None


def describe_saved(path: str) -> str:
    """What a saved answers file holds, in a few words: 'an interview of USA and IND (12 answers)'."""
    data = _saved_data(path)
    if not isinstance(data, dict):
        return "a file"
    parties = data.get("parties")
    who = (
        " of " + " and ".join(str(p) for p in parties)
        if isinstance(parties, list) and all(isinstance(p, str) for p in parties)
        else ""
    )
    count = sum(1 for k in data if k in fact_fields() and k not in CASE_FIELDS)  # as_of is not an answer
    return f"an interview{who} ({plural(count, 'answer')})"


def check_not_overwriting(save: str, transcript: str, resume: str | None, replace: bool) -> None:
    """Refuse to start when --save or --transcript would write over a file of another interview.

    A new interview writes only files that do not exist yet; a resumed one also writes over its own
    answers file and the transcript beside it. --replace lifts the refusal.
    """
    # the transcript would replace the answers (not when both go to a device or a pipe, /dev/null: kept in neither)
    if Path(save).resolve() == Path(transcript).resolve() and is_kept(save):
        raise UsageError(
            Problem(
                "--save and --transcript name the same file: the transcript would write over the answers",
                Location(save),
                "give the transcript a file of its own, or leave --transcript out (it goes beside --save)",
                option="transcript",
            )
        )
    if replace:
        return
    if resume and Path(save).resolve() == Path(resume).resolve() and Path(resume).is_file():
        comments = _comment_lines(resume)
        if comments:  # a profile written by hand (an example, a trainee's notes): saving back would drop them
            first, text = comments[0]
            shown = text if len(text) <= 60 else text[:57] + "..."
            raise UsageError(
                Problem(
                    f"holds {plural(len(comments), 'line')} of comments (the first: {shown}) "
                    "that saving the answers back into it would drop",
                    Location(resume, first, 1),
                    f"keep it as it is and save the answers elsewhere: amity interview --resume {resume} "
                    "--save NEW.yaml; or write over it: --replace",
                    option="save",
                )
            )
    # what a resumed interview writes over: its answers file with --save, the transcript beside it
    # with --transcript (not the other way round: the answers would replace the transcript)
    own = (
        {"--save": Path(resume).resolve(), "--transcript": Path(default_transcript(resume)).resolve()} if resume else {}
    )
    problems = []
    for option, path in (("--save", save), ("--transcript", transcript)):
        target = Path(path)
        # only a regular file holds a saved interview: a device or a pipe (/dev/null, a FIFO) is written
        # to as a stream, and never read here (/dev/zero has no end)
        if not target.is_file() or target.resolve() == own.get(option):
            continue
        if problems and path == default_transcript(save):
            continue  # the transcript beside the answers refused: one interview, one refusal
        what = "the transcript of an earlier interview" if _is_transcript(path) else describe_saved(path)
        if option == "--save" and not resume:
            hint = (
                f"go on with it: amity interview --resume {path}; or start a new interview in another file: "
                "amity interview --save NEW.yaml; or write over it: --replace"
            )
        else:
            hint = f"choose another file with {option} FILE, or write over it with --replace"
        problems.append(
            Problem(f"already holds {what}; amity will not write over it", Location(path), hint, option=option[2:])
        )
    if problems:
        raise UsageError(problems)


_QUOTED = re.compile(r"'[^']*'|\"(?:[^\"\\]|\\.)*\"")


def _comment_lines(path: str) -> list[tuple[int, str]]:
    """The lines of a YAML file that hold a comment (a whole line, or after a value), by number, with their
    text; amity's own first line, the one it writes at the top of saved answers, is not one of them."""
    try:
        text = Path(path).read_text(encoding="utf-8", errors="replace")[:1_000_000]
    except OSError:
        return []
    found = []
    for number, line in enumerate(text.splitlines(), 1):
        if number == 1 and line.startswith(SAVED_HEADER):
            continue
        if re.search(r"(^|\s)#", _QUOTED.sub("", line)):
            found.append((number, line.strip()))
    return found


def ask_case(read: ReadLine, echo: Callable[[str], None]) -> dict[str, Any] | None:
    """The parties and the declared label, asked before the facts; None when the trainee quits."""
    echo = safe_echo(echo)
    parties = _read_parties(read, echo, "Which two parties? Codes, e.g. USA IND (EU, ASEAN for organisations): ")
    if parties is None:
        return None
    case: dict[str, Any] = {"parties": parties}
    label = unquoted(read("Its official label, if it has one (press Enter if none or not known): "))
    if label.lower() in ("quit", "q", "exit"):
        return None
    if label.lower() in NO_LABEL:
        echo("No label: the relationship is assessed without one.")
    elif label:
        case["declared_label"] = label
    return case


def _read_parties(read: ReadLine, echo: Echo, prompt: str, keep: bool = False) -> list[str] | None:
    """Two party codes, asked until given (None: the trainee quits; with KEEP, [] when Enter or keep leaves them)."""
    while True:
        raw = read(prompt).strip()
        if raw.lower() in ("quit", "q", "exit"):
            return None
        if keep and raw.lower() in ("", "keep", "back"):
            return []
        try:
            parties = parties_typed(raw)
        except InputError as exc:
            echo(
                "Not accepted: "
                + "; ".join(p.message + (f" ({p.suggestion})" if p.suggestion else "") for p in exc.problems)
            )
            echo(PARTIES_ADVICE)
            continue
        return parties


def interact(
    consultation: Consultation,
    read: ReadLine,
    echo: Callable[[str], None],
    save: str,
    transcript: str,
) -> bool:
    """Run the interview at the terminal until it ends (True) or the trainee quits (False).

    Stopped anywhere (Ctrl-C, SIGTERM, a closed terminal: KeyboardInterrupt), it saves what was answered,
    then stops as interrupted; not only while it waits for a line.
    """
    echo = safe_echo(echo)
    try:
        done = _ask(consultation, read, echo)
    except KeyboardInterrupt:
        stop(consultation, echo, save, transcript)
        raise
    if not done:  # quit, or the end of the input
        stop(consultation, echo, save, transcript)
    return done


def _ask(consultation: Consultation, read: ReadLine, echo: Echo) -> bool:
    """The questions, one after another, and the commands typed at them, until the interview ends (True)
    or the trainee quits (False)."""
    first = True
    while True:
        q = consultation.next_question()
        if q is None and first and consultation.history:  # resumed after its end: a way back to an answer
            if not _already_over(consultation, read, echo):
                return False
            if consultation.next_question() is not None:
                continue
        first = False
        if q is None:
            return True
        show_question(q, echo)
        while True:
            try:
                line = read(f"{q.field}> ")
            except EOFError:  # end of input (Ctrl-D, or a closed terminal): as quit
                line = "quit"
            word, _, rest = line.strip().partition(" ")
            command = word.lower()
            if command in ("quit", "exit", "q"):
                return False
            if command in ("help", "h", "?"):
                echo(help_text())
                continue
            if command == "":
                echo("Type an answer, or help for the commands.")
                continue
            if explained(consultation, command, rest, q.field, echo):
                continue
            if command == "change":
                changed = _change(consultation, rest, read, echo)
                if changed == "quit":
                    return False
                if changed != "refused":
                    # ask whatever the new answer makes matter; a kept answer, the question it left, shown again
                    # (another question, or the parties, came between): only its prompt lost the thread
                    break
                continue
            if command == "back":
                undone = consultation.back()
                if undone is None:  # before the first answer: back to the parties and the label, a slip there
                    echo(f"No answer to undo: the parties and the label again (now {case_text(consultation)}).")
                    try:
                        case = ask_case(read, echo)
                    except EOFError:
                        return False
                    if case is None:
                        return False
                    consultation.change_case({"parties": case["parties"], "declared_label": case.get("declared_label")})
                    break  # the question asked again, under the case as now given
                echo(undone_text(consultation, undone))
                if undone.levels_after != undone.levels_before:  # the levels the answer had ruled out are back
                    echo(levels_text(consultation.possible_levels()))
                break  # its question again (or, when it no longer matters, whatever is next now)
            try:
                answer = consultation.answer(line, q.field)
            except AmityError as exc:
                problem = exc.problems[0]
                echo(f"Not accepted: {problem.message}.")
                echo(f"Expected {q.expects}" + (f"; {problem.suggestion}" if problem.suggestion else "") + ".")
                continue
            if answer.value is None:  # said back, as a kept or a changed answer is: the next question alone read
                echo(left_unknown_text(q.field))  # as if amity had not taken it
            if answer.levels_after != answer.levels_before:
                echo(levels_text(answer.levels_after))
            break


def left_unknown_text(field: str) -> str:
    """What unknown at a question says: 'Left unknown: shared values. amity will not ask it again; the result
    will say what it leaves undecided.'"""
    return (
        f"Left unknown: {plain.field_title(field)}. amity will not ask it again; the result will say what it "
        "leaves undecided."
    )


def _change(consultation: Consultation, rest: str, read: ReadLine, echo: Echo) -> ChangeOutcome:
    """change FIELD: ask the question of one answer again and replace that answer alone ('changed'); the other
    answers stay, and the interview then asks only what the new answer makes matter. 'kept' when the trainee
    keeps it, 'refused' when there is no such answer, 'quit' when the trainee quits there. Before, the only
    way to an early answer was back, which undid every later answer and asked them all again."""
    if not rest.strip():
        echo("Say which answer: change FIELD (e.g. change legal basis); facts lists your answers.")
        return "refused"
    case_field = CASE_WORDS.get(" ".join(rest.lower().replace("_", " ").split()))
    if case_field is not None:
        return _change_case(consultation, case_field, read, echo)
    try:
        field = field_named(rest, "change")
        q = consultation.change_question(field)
    except AmityError as exc:
        problem = exc.problems[0]
        echo(f"Nothing changed: {problem.message} ({problem.suggestion}).")
        return "refused"
    old = consultation.profile().get(field)
    show_question(q, echo, "Change your answer")
    echo(f"  Your answer was: {plain.value_text(field, old)}. Type the new one, or keep (or Enter) to leave it.")
    while True:
        try:
            line = read(f"{field}> ")
        except EOFError:
            return "quit"
        word, _, more = line.strip().partition(" ")
        command = word.lower()
        if command in ("quit", "exit", "q"):
            return "quit"
        if command in ("", "keep", "back"):  # back, here, is back to where the trainee was
            echo(kept_text(field, old))
            return "kept"
        if command in ("help", "h", "?"):
            echo(
                "Type the new answer, unknown, or keep (or Enter) to leave the answer as it was; quit saves and stops."
            )
            continue
        if explained(consultation, command, more, field, echo, changing=True):
            continue
        try:
            answer = consultation.answer(line, field)
        except AmityError as exc:
            problem = exc.problems[0]
            echo(f"Not accepted: {problem.message}.")
            echo(f"Expected {q.expects}" + (f"; {problem.suggestion}" if problem.suggestion else "") + ".")
            continue
        echo(changed_text(consultation, field, old, answer.value))
        if answer.levels_after != answer.levels_before:
            echo(levels_text(answer.levels_after))
        return "changed"


def _change_case(consultation: Consultation, field: str, read: ReadLine, echo: Echo) -> ChangeOutcome:
    """change parties, change label: give the parties or the official label again, every answer kept ('changed',
    or 'kept' when left as they were; 'quit'). They were asked once, before the first question: a label left out or mistyped could be put
    right only by back, undoing every answer, or by starting again, and change said they were no question."""
    before = case_value(consultation, field)
    if field == "parties":
        echo(f"Change the parties: they were {before}. Type the two codes, or keep (or Enter) to leave them.")
        parties = _read_parties(read, echo, "parties> ", keep=True)
        if parties is None:
            return "quit"
        change: dict[str, Any] = {"parties": parties}
        if not parties or parties == consultation.case.get("parties"):
            echo(f"Kept: parties: {before}.")
            return "kept"
    else:
        echo(
            f"Change the official label: it was {before}. Type the label, none for no label, or keep (or Enter) "
            "to leave it."
        )
        label = unquoted(read("label> "))
        if label.lower() in ("quit", "q", "exit"):
            return "quit"
        if label.lower() in ("", "keep", "back") or label == consultation.case.get("declared_label"):
            echo(f"Kept: official label: {before}.")
            return "kept"
        change = {"declared_label": None if label.lower() in NO_LABEL else label}
        if change["declared_label"] is None and "declared_label" not in consultation.case:
            echo(f"Kept: official label: {before}.")
            return "kept"
    consultation.change_case(change)
    echo(case_changed_text(consultation, {field: before}))
    return "changed"


def case_changed_text(consultation: Consultation, before: Mapping[str, str]) -> str:
    """What changed parties or a changed label say, given each as it was said before: 'Changed: official label:
    none → "Strategic Partnership"; your 13 answers kept.' (the terminal and the page alike)."""
    kept = len(consultation.history)
    changes = [
        f"{'parties' if field == 'parties' else 'official label'}: {was} → {case_value(consultation, field)}"
        for field, was in before.items()
        if case_value(consultation, field) != was
    ]
    return "Changed: " + "; ".join(changes) + (f"; your {plural(kept, 'answer')} kept." if kept else ".")


def unquoted(typed: str) -> str:
    """A label as typed, without the quotes a trainee may put around it as amity shows it ("Strategic
    Partnership", “Strategic Partnership”): they are no part of the name."""
    label = typed.strip()
    if len(label) > 1 and (label[0], label[-1]) in (('"', '"'), ("'", "'"), ("“", "”")):
        label = label[1:-1].strip()
    return label


def case_value(consultation: Consultation, field: str) -> str:
    """The parties ('USA and IND') or the official label ('"Strategic Partnership"', or 'not given') as said back.
    No label is 'not given', as the start asks for it ('press Enter if none or not known'): 'none' said a label left
    blank, perhaps not known, was known to be none."""
    if field == "parties":
        return " and ".join(consultation.case.get("parties", []))
    label = consultation.case.get("declared_label")
    return f'"{label}"' if label else NO_LABEL_GIVEN


def explained(
    consultation: Consultation, command: str, rest: str, asked: str | None, echo: Echo, changing: bool = False
) -> bool:
    """Answer why, how, whynot or facts (True); False for anything else. ASKED is the field of the question
    being asked (None once the interview is over: why then needs a field); CHANGING, that its answer is being
    changed (why of it then says how to go on, not to type change)."""
    if command == "why" and asked is None and not rest.strip():
        echo("Say which fact: why FIELD (e.g. why summits) explains an answer and the rules that test it.")
        return True
    if command == "why":
        try:
            field = field_named(rest) if rest.strip() else asked
        except AmityError as exc:
            problem = exc.problems[0]
            echo(f"Not understood: {problem.message} ({problem.suggestion}).")
            return True
        lines = consultation.why(field).lines()
        if changing and field == asked and lines[-1].startswith("(To change it"):  # it is being changed
            lines[-1] = "(You are changing it: type the new answer, or keep (or Enter) to leave it.)"
        echo("\n".join(lines))
        return True
    if command == "how":
        if rest.strip() and not (rest.strip().isascii() and rest.strip().isdigit()):
            echo(how_refusal(rest.strip()))
            return True
        depth = int(rest) if rest.strip() else DEFAULT_DEPTH
        lines = consultation.how(depth=depth, more=f"how {depth + 2} goes further")
        echo("\n".join("  " * d + text for d, text in lines) if lines else "Nothing is established yet.")
        return True
    if command in ("whynot", "why-not", "why_not"):
        if not rest.strip():
            echo(f"Say which: type whynot and {target_words()}.")
            return True
        try:
            output, target = parse_target(rest)
        except UsageError:  # its words are the data's names, for a command line: here, the screen's
            problem = unknown_target(rest)
            said = f"Not understood: {problem.message}" + (f"; {problem.suggestion}" if problem.suggestion else "")
            echo(said if said.endswith(("?", ".")) else said + ".")
            echo(f"Type whynot and {target_words()}.")
            return True
        w = consultation.why_not(target, output)
        echo(f"Why not {w.target_text}?")
        for depth, text in blocker_lines(w.blockers):
            echo("  " + "  " * depth + "- " + text)
        echo(f"It {w.sentence()}.")
        for line in w.unlisted_lines():  # why the ways shown leave out a treaty (another value they could take)
            echo(line)
        return True
    if command == "facts":
        echo("\n".join(facts_lines(consultation)))
        return True
    return False


def _already_over(consultation: Consultation, read: ReadLine, echo: Echo) -> bool:
    """An interview resumed after its end: Enter (or the end of the input) shows the assessment (True);
    back undoes the last answer, as often as asked, until a question is open again (True); quit stops
    (False). A trainee who saw the assessment and wants to change an answer had no way back at a terminal:
    resuming showed the assessment again and stopped."""
    echo("")
    echo(f"This interview is over ({plural(len(consultation.history), 'answer')}). What you can do:")
    echo(over_choices())
    while True:
        try:
            line = read("over> ")
        except EOFError:  # a pipe with nothing more to say: the assessment, as before
            return True
        word, _, rest = line.strip().partition(" ")
        command = word.lower()
        if command == "":
            return True
        if command in ("quit", "exit", "q"):
            return False
        if command in ("help", "h", "?"):
            echo(help_text(over=True))
            continue
        if explained(consultation, command, rest, None, echo):
            continue
        if command == "back":
            undone = consultation.back()
            echo(undone_text(consultation, undone) if undone else "Nothing to undo.")
            if undone is not None and undone.levels_after != undone.levels_before:
                echo(levels_text(consultation.possible_levels()))
            if consultation.next_question() is not None or not consultation.history:
                return True
            echo("The interview is still over without it: press Enter for the assessment, or back again.")
        elif command == "change":
            changed = _change(consultation, rest, read, echo)
            if changed == "quit":
                return False
            if changed == "changed" and consultation.next_question() is not None:
                return True
            if changed == "changed":
                echo("The interview is still over with it: press Enter for the assessment.")
        else:
            echo(f"Not understood: '{word}'. What you can do:")
            echo(over_choices())


def kept_text(field: str, old: Any) -> str:
    """What keeping an answer being changed says: 'Kept: shared values: high.'"""
    return f"Kept: {plain.field_title(field)}: {plain.value_text(field, old)}."


def changed_text(consultation: Consultation, field: str, old: Any, new: Any) -> str:
    """What a changed answer says: 'Changed: legal basis: joint statement → ratified treaty; your 1 other answer
    kept.' (the terminal and the page alike)."""
    kept = len(consultation.history) - 1
    return f"Changed: {plain.field_title(field)}: {plain.value_text(field, old)} → {plain.value_text(field, new)}" + (
        f"; your {plural(kept, 'other answer')} kept." if kept else "."
    )


def over_choices() -> str:
    """What the trainee can do once the interview is over, a line a group (the page says the same groups),
    and where the full list is."""
    return table(((what, how) for what, how, _ in OVER_CHOICES), terminal_width()) + "\nhelp lists every command."


def levels_text(levels: tuple[str, ...]) -> str:
    """The levels still possible, said after an answer, a change or a back that changes them."""
    return "  Possible levels now: " + plain.join_or(plain.level_name(v) for v in levels)


def undone_text(consultation: Consultation, undone: Answer) -> str:
    """What back says: the answer it undid, and that its question is asked again; or, when no answer to it
    could change anything now (an answer changed since made it not matter), that it is not."""
    said = f"Undone: {plain.field_title(undone.field)} (it was {plain.value_text(undone.field, undone.value)})"
    q = consultation.next_question()
    if q is not None and q.field == undone.field:
        return said + "."
    return said + "; amity does not ask it again: no answer to it could change the level, the risks or hedging now."


def case_text(consultation: Consultation) -> str:
    """The parties and the label as given: 'USA and IND, the label "Strategic Partnership"'."""
    parties = " and ".join(consultation.case.get("parties", []))
    label = consultation.case.get("declared_label")
    return parties + (f', the label "{label}"' if label else f", the label {NO_LABEL_GIVEN}")


def how_refusal(typed: str) -> str:
    """What how says to words it does not take ('how abc'): it took them for no depth, and showed the
    default one as if it had understood."""
    return (
        f"Not understood: how does not know '{typed}'; it takes a number of steps, or nothing.\n"
        f"Type how for what is established so far (the level, the risks, hedging), {DEFAULT_DEPTH} steps down "
        f"toward the facts, or how {DEFAULT_DEPTH + 2} for {DEFAULT_DEPTH + 2} steps down; why FIELD explains a "
        "question, whynot LEVEL why it is not (yet) at a level."
    )


def facts_lines(consultation: Consultation) -> list[str]:
    """What the trainee has told amity so far, as the profile has it: the parties and the declared label
    first, then each answer in the order given (unknown where answered so)."""
    lines = [f"  {_title(f)}: {plain.value_text(f, v)}" for f, v in consultation.profile().items()]
    if not consultation.history:
        lines.append("No fact answered yet.")
    return lines


def _title(field: str) -> str:
    """A field's name as the interview says it: the label is the official label, as the interview asks it and
    change label calls it (the vocabulary's title, 'declared label', read as another thing)."""
    return "official label" if field == "declared_label" else plain.field_title(field)


def stop(consultation: Consultation, echo: Callable[[str], None], save: str, transcript: str) -> None:
    """Save the answers and the transcript (not finished) of an interview stopped before its end, then say so.

    Saved first, whatever happens at the terminal: a closed one takes every write there (an error) and
    sends SIGHUP as the input ends, which waits until the answers are written.
    """
    with held_signals():
        save_both(consultation, save, transcript)
        told(
            echo,
            "",
            f"Your answers are saved in {save} (the transcript so far in {transcript})."
            if is_kept(save) and is_kept(transcript)
            else saved_text(save, transcript),
            *([f"Go on later with: amity interview --resume {save}"] if is_kept(save) else []),
        )


def told(echo: Echo, *lines: str) -> None:
    """Say LINES at the terminal, if it is still there: after the answers are saved, a terminal that was
    closed (a write there fails) changes nothing."""
    try:
        for line in lines:
            echo(line)
    except OSError:
        silence_stdout()  # nor may the last flush of standard output fail, at the exit


def resuming(consultation: Consultation) -> str:
    """The line that greets a resumed interview."""
    parties = " and ".join(consultation.case.get("parties", [])) or "the case"
    count = len(consultation.history)
    return terminal_safe(
        f"Resuming {parties}: {plural(count, 'answer')} so far." if count else f"Resuming {parties}: no answers yet."
    )


def finish(
    consultation: Consultation, assessor: Assessor, echo: Callable[[str], None], save: str, transcript: str
) -> None:
    echo = safe_echo(echo)
    a = consultation.assessment
    if a.deciding_facts:
        echo("\nThe interview is over: every fact that could still decide something was answered unknown.")
    else:
        echo(
            f"\nThe interview is over after {plural(len(consultation.history), 'question')}: the level, the risks and hedging are decided."
        )
    echo("")
    profile = consultation.profile()
    notes = [level_notes(assessor, profile, a)]
    with held_signals():  # saved before the report is shown: a Ctrl-C while it scrolls loses nothing
        save_both(consultation, save, transcript)
    try:
        echo(text_report([a], False, notes=notes).rstrip("\n"))
    except KeyboardInterrupt:  # and says so (on standard error, beside 'amity: interrupted': see the quiz's)
        told(
            lambda line: click.echo(terminal_safe(line), err=True),
            "",
            f"Stopped while showing the result; the answers are {kept_in(save)} and the transcript {kept_in(transcript)}.",
        )
        raise
    echo("")
    echo(saved_text(save, transcript, f" (amity assess {save})"))
    if is_kept(save):
        echo(f"To change an answer: amity interview --resume {save}, then change FIELD (e.g. change legal basis).")


def saved_text(save: str, transcript: str, then: str = "") -> str:
    """Where the answers and the transcript went, as they went: a device or a pipe is said as what it is
    ('--save /dev/null' said 'Saved the answers in /dev/null')."""
    if is_kept(save) and is_kept(transcript):
        return f"Saved the answers in {save}{then} and the transcript in {transcript}."
    if save == transcript:
        return f"The answers and the transcript are {kept_in(save)}."
    return f"The answers are {kept_in(save)}{then if is_kept(save) else ''}; the transcript is {kept_in(transcript)}."


def from_answers(assessor: Assessor, profile: dict[str, Any]) -> Consultation:
    """Answer every question from a profile: its value, or unknown when the profile does not state it."""
    consultation = Consultation(
        assessor,
        {
            k: v
            for k, v in profile.items()
            if k in ("id", "parties", "as_of", "established", "declared_label", "sources")
        },
    )
    while True:
        q = consultation.next_question()
        if q is None:
            break
        consultation.answer(profile.get(q.field), q.field)
    # a fact the file states that no question came to (the level was settled without it) is still a fact:
    # kept, as `amity assess FILE` keeps it (it was dropped, and the assessment said it was unknown)
    facts, asked = fact_fields(), consultation.profile()
    for field, value in profile.items():
        if field in facts and value is not None and field not in asked:
            consultation.answer(value, field)
    return consultation


def transcript_text(consultation: Consultation, assessor: Assessor) -> str:
    lines = []
    for i, h in enumerate(consultation.history, 1):
        lines.append(f"{i}. {plain.field_title(h.field)}: {plain.value_text(h.field, h.value)}")
        if h.levels_after != h.levels_before:
            lines.append("   possible levels: " + plain.join_or(plain.level_name(v) for v in h.levels_after))
    a = consultation.assessment
    notes = [level_notes(assessor, consultation.profile(), a)]
    return "\n".join(lines) + "\n\n" + text_report([a], False, notes=notes)


def transcript_for(save: str, transcript: str | None) -> str:
    """The --transcript FILE, or the default beside --save; refused (UsageError) when --save names no file
    (``/dev/null``, a pipe): beside it is no place for one ('/dev/null.transcript.json' was written in /dev)."""
    if transcript is not None:
        return transcript
    beside = default_transcript(save)
    if save != "-" and not is_kept(save):
        raise UsageError(
            Problem(
                f"is not a file, so the transcript has no place beside it (it would go to {beside})",
                Location(save),
                "save the answers in a file (--save answers.yaml), or name the transcript too: --transcript FILE "
                "(/dev/null for none)",
                option="save",
            )
        )
    return beside


def default_transcript(save: str) -> str:
    path = Path(save)
    return str(path.with_name(path.stem + ".transcript.json"))
