"""Scenarios: every bundled one loads, agrees with the engine and the seed; the checker, the scorer and the
class report are each seen failing on a wrong case."""

from __future__ import annotations

import json
import re
from dataclasses import replace

import pytest
import yaml
from amity.cli.quiz import NotAChoice, menu_choice, reveal
from amity.engine.errors import InputError
from amity.engine.scenarios import (
    bundled_scenarios,
    check_scenario,
    class_report,
    load_scenario,
    load_transcript,
    mark,
    outcome,
    trainee_fault,
    transcript_name,
)
from amity.engine.schemas import validator
from amity.engine.vocabulary import LEVELS, RISKS

SCENARIOS = bundled_scenarios()


@pytest.fixture(scope="module")
def loaded():
    return [load_scenario(p) for p in SCENARIOS]


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_bundled_scenario_agrees_with_the_engine_and_the_seed(assessor, path):
    s = load_scenario(path)
    assert check_scenario(s, assessor) == []
    assert s.id == path.stem
    if s.kind == "real":
        assert s.as_of and s.sources


def test_the_bundled_set_covers_what_the_course_needs(loaded):
    assert len(loaded) >= 12
    expected = [s.expected for s in loaded]
    assert set(LEVELS) <= {e["level"] for e in expected}
    for risk in RISKS:
        assert any(e["risks"][risk] == "high" for e in expected), risk
    assert any(e["hedging"] is True for e in expected)
    assert {"inflated", "deflated"} <= {e["verdict"] for e in expected}
    assert any(e["level"] == "undecided" for e in expected)
    assert {"real", "fictional"} == {s.kind for s in loaded}


def test_the_checker_finds_a_wrong_expectation_a_wrong_section_and_an_unknown_coded_field(assessor, loaded):
    s = next(x for x in loaded if x.id == "eu-china-2023")
    wrong = replace(
        s,
        expected={**s.expected, "level": "alliance", "risks": {**s.expected["risks"], "fragility": "low"}},
        notes=({"section": "A Section That Is Not There", "note": "x"},),
        questions=(*s.questions, {"ask": "code", "field": "working_groups"}),
        profile={k: v for k, v in s.profile.items() if k != "working_groups"},
    )
    messages = [str(p) for p in check_scenario(wrong, assessor)]
    assert any("/expected/level" in m and "amity concludes 'strategic_partnership'" in m for m in messages)
    assert any("/expected/risks/fragility" in m for m in messages)
    assert any("no section 'A Section That Is Not There'" in m for m in messages)
    assert any("working_groups" in m and "unknown" in m for m in messages)


def test_a_broken_scenario_file_is_reported_located(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text(
        "scenario: bad\ntitle: t\nkind: real\nnarrative: n\nprofile: {parties: [USA], legal_bases: x}\nexpected: {}\nquestions: []\nteaching_notes: []\n"
    )
    with pytest.raises(InputError) as exc:
        load_scenario(path)
    text = "\n".join(str(p) for p in exc.value.problems)
    assert f"{path}:5:" in text and "/profile/legal_bases" in text and "did you mean 'legal_basis'" in text
    assert "as_of" in text  # a real scenario needs a year and sources


def test_scoring_right_half_right_and_wrong(assessor, loaded):
    s = next(x for x in loaded if x.id == "eu-china-2023")
    right = mark(
        s,
        assessor,
        {"level": "strategic_partnership", "verdict": "inflated", "risk:fragility": "high", "hedging": "yes"},
    )
    assert right.score == right.max_score == 4 and all(not m.explanation for m in right.items)
    wrong = mark(
        s,
        assessor,
        {
            "level": "comprehensive_strategic_partnership",
            "verdict": "consistent",
            "risk:fragility": "low",
            "hedging": "no",
        },
    )
    scores = {m.question.id: m.score for m in wrong.items}
    assert scores == {"level": 0.5, "verdict": 0.0, "risk:fragility": 0.0, "hedging": 0.0}
    level = next(m for m in wrong.items if m.question.id == "level")
    assert any("economic integration were deep" in line for line in level.explanation)
    skipped = mark(s, assessor, {})
    assert skipped.score == 0 and all(m.answer is None for m in skipped.items)
    assert {m.outcome for m in skipped.items} == {"skipped"}, "a skip is no wrong answer, though it scores 0"
    assert {m.question.id: m.outcome for m in wrong.items} == {
        "level": "half right",
        "verdict": "wrong",
        "risk:fragility": "wrong",
        "hedging": "wrong",
    }


def test_the_outcome_of_an_answer_is_said_one_way():
    assert outcome(None, 0, 1) == "skipped" and outcome(None, 1, 1) == "skipped"  # no answer is skipped, whatever
    assert [outcome("x", score, 1) for score in (1, 0.5, 0)] == ["right", "half right", "wrong"]


MENU = ["china-russia-2023", "eu-china-2023", "india-japan-2023", "iran-iraq"]


@pytest.mark.parametrize(
    "typed, chosen",
    [("1", 0), ("3", 2), ("eu-china-2023", 1), ("EU-China-2023", 1), ("eu", 1), ("india", 2), ("c", 0), ("ir", 3)],
)
def test_the_menu_takes_a_number_a_name_or_the_start_of_one_name(typed, chosen):
    assert menu_choice(MENU, typed) == chosen


@pytest.mark.parametrize(
    "typed, said",
    [
        ("0", "'0' is not one of the scenarios: type a number from 1 to 4, or a name as shown in brackets, such as"),
        ("5", "'5' is not one of the scenarios: type a number from 1 to 4"),
        ("eu-chna-2023", "(did you mean 'eu-china-2023'?)"),
        (
            "i",
            "'i' starts more than one scenario's name (india-japan-2023, iran-iraq): type more of it, or its number.",
        ),
        ("", "Type a number from 1 to 4, or a name as shown in brackets, such as china-russia-2023; or quit."),
        ("china-russia-2023x", "'china-russia-2023x' is not one of the scenarios"),
    ],
)
def test_the_menu_refuses_what_names_no_one_scenario_and_says_how(typed, said):
    with pytest.raises(NotAChoice) as refused:
        menu_choice(MENU, typed)
    assert said in str(refused.value)


def test_coding_a_field_counts_the_same_class(assessor, loaded):
    s = next(x for x in loaded if x.id == "kelmar-doravia")
    same = mark(s, assessor, {"code:sectors": ["trade", "culture"]})  # two sectors, no defense: the same class
    item = next(m for m in same.items if m.question.id == "code:sectors")
    assert item.score == 1 and "no rule of the pack tells the two apart" in item.explanation[0]
    other = mark(s, assessor, {"code:sectors": "trade, education, health"})
    item = next(m for m in other.items if m.question.id == "code:sectors")
    assert item.score == 0 and item.explanation[1] == (
        "The rules tell these apart: to them at most 2 items without defense is one case and 3 or 4 items without "
        "defense another (amity's answer is in the first, yours in the second)."
    )
    s = next(x for x in loaded if x.id == "lioria-brief")
    item = next(m for m in mark(s, assessor, {"code:summits": "none"}).items if m.question.id == "code:summits")
    assert item.explanation == (
        "amity coded summits as annual, not none.",
        "The rules tell these apart: to them annual is one case and none or irregular another (yours is in the second).",
    )


# what a teaching note may not ask: the quiz takes choices and numbers, not a list of facts nor a command
ASKS_WHAT_THE_QUIZ_CANNOT_TAKE = re.compile(
    r"\b(name|list|write down|type)\b (the|what|which)|`(whynot|why|facts)\b", re.I
)


def test_teaching_notes_ask_only_for_what_the_quiz_takes(assessor, loaded):
    for old in ("Answer 'undecided', and name the facts that would decide.", "Try `whynot alliance`."):
        assert ASKS_WHAT_THE_QUIZ_CANNOT_TAKE.search(old), "the check catches the notes it was written for"
    asking = [(s.id, n["note"]) for s in loaded for n in s.notes if ASKS_WHAT_THE_QUIZ_CANNOT_TAKE.search(n["note"])]
    assert asking == []
    # a note that points under the level points at something there: the line on the next level up
    for s in loaded:
        if any("Under the level" in n["note"] for n in s.notes):
            shown: list[str] = []
            reveal(mark(s, assessor, {}), assessor, shown.append)
            lines = "\n".join(shown).splitlines()
            level = next(i for i, line in enumerate(lines) if line.startswith("Level: "))
            assert lines[level + 1].startswith("  not "), s.id


def test_an_undecided_scenario_explains_what_is_missing(assessor, loaded):
    s = next(x for x in loaded if x.expected["level"] == "undecided")
    result = mark(s, assessor, {"level": "comprehensive_strategic_partnership"})
    item = next(m for m in result.items if m.question.id == "level")
    assert item.score == 0 and "leaves the level open" in item.explanation[0]
    assert mark(s, assessor, {"level": "undecided"}).items[0].score == 1


@pytest.mark.parametrize("given", ["undeclared", "unrecognized", "inflated"])
def test_an_open_verdict_says_which_level_would_give_which(assessor, loaded, given):
    """A verdict the narrative leaves open said only that it could be any of three (helper-81): a trainee could
    not tell what would settle it, nor why undeclared was wrong of a declared label. It says which possible
    levels give each verdict, and that a declared label the lexicon reads is neither undeclared nor unrecognized."""
    s = next(x for x in loaded if x.id == "lioria-brief")
    item = next(m for m in mark(s, assessor, {"verdict": given}).items if m.question.id == "verdict")
    assert item.score == 0
    assert item.explanation[:4] == (
        "The level is open, so the verdict could be consistent, inflated or deflated: "
        '"Comprehensive Strategic Partnership" claims comprehensive strategic partnership, and the label would be',
        "  - consistent if the level were comprehensive strategic partnership",
        "  - inflated if the level were partnership or strategic partnership",
        "  - deflated if the level were comprehensive strategic partnership of coordination",
    )
    more = {
        "undeclared": ('It is not undeclared: the relationship declares "Comprehensive Strategic Partnership".',),
        "unrecognized": (
            'It is not unrecognized: amity reads "Comprehensive Strategic Partnership" as a claim to comprehensive '
            "strategic partnership.",
        ),
        "inflated": (),
    }
    assert item.explanation[4:] == more[given]


def test_transcripts_and_the_class_report(assessor, loaded, tmp_path):
    s = next(x for x in loaded if x.id == "eu-china-2023")
    for i, answers in enumerate(
        [{"level": "strategic_partnership"}, {"level": "csp"}, {"level": "csp", "hedging": "no"}]
    ):
        t = mark(s, assessor, answers, f"t{i}").transcript()
        assert list(validator("transcript").iter_errors(t)) == []
        (tmp_path / f"t{i}.json").write_text(json.dumps(t))
    (tmp_path / "broken.json").write_text('{"kind": "quiz"}')
    r = class_report(sorted(tmp_path.glob("*.json")))
    assert r.transcripts == 3 and len(r.rejected) >= 1 and "broken.json" in str(r.rejected[0])
    assert r.scenarios["eu-china-2023"]["takers"] == 3
    assert r.questions["eu-china-2023 level"]["correct"] == 1
    assert r.mistakes[0] == {
        "scenario": "eu-china-2023",
        "question": "level",
        "answer": "comprehensive_strategic_partnership",
        "expected": "strategic_partnership",
        "count": 2,
    }
    with pytest.raises(InputError):
        load_transcript(tmp_path / "broken.json")


def test_class_report_counts_questions_as_the_scoring_does(assessor, loaded, tmp_path):
    s = next(x for x in loaded if x.id == "eu-china-2023")
    assert s.expected["level"] == "strategic_partnership"
    # level skipped, half right (csp: the next rung), right; hedging always answered
    for i, answers in enumerate([{"hedging": "yes"}, {"level": "csp"}, {"level": "sp"}]):
        (tmp_path / f"t{i}.json").write_text(json.dumps(mark(s, assessor, answers, f"t{i}").transcript()))
    r = class_report(sorted(tmp_path.glob("*.json")))
    level = r.questions["eu-china-2023 level"]
    assert (level["taken"], level["answered"], level["skipped"]) == (3, 2, 1)
    assert (level["correct"], level["half_right"], level["wrong"]) == (1, 1, 0)
    assert level["points"] == 1.5 and level["mean_score"] == 0.5 and level["share_correct"] == 0.5
    # the questions' means add up to the scenario's mean: the same points, counted the same way
    mean = sum(q["mean_score"] for q in r.questions.values())
    assert mean == pytest.approx(r.scenarios["eu-china-2023"]["mean_score"])
    assert r.questions["eu-china-2023 verdict"]["share_correct"] is None  # nobody answered it


def test_scenario_schema_rejects_what_it_must(loaded):
    data = yaml.safe_load(SCENARIOS[0].read_text())
    assert list(validator("scenario").iter_errors(data)) == []
    data["questions"].append({"ask": "risk"})
    data["kind"] = "imaginary"
    assert len(list(validator("scenario").iter_errors(data))) >= 2


@pytest.fixture(scope="module")
def generator():
    """bench/make_scenarios.py, where each scenario's narrative, profile and evidence table are written."""
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "bench" / "make_scenarios.py"
    spec = importlib.util.spec_from_file_location("make_scenarios", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_fact_of_a_bundled_scenario_is_stated_by_its_narrative_and_back(generator, loaded):
    assert [p for s in generator.SCENARIOS for p in generator.ungrounded(s)] == []
    by_id = {s.id: s for s in loaded}
    for source in generator.SCENARIOS:  # the committed files hold the profile the table was checked on
        assert by_id[source["scenario"]].profile == generator.profile_of(source)


def test_the_grounding_check_finds_an_unstated_fact_a_missing_item_and_words_not_there(generator):
    import copy

    lioria = copy.deepcopy(next(s for s in generator.SCENARIOS if s["scenario"] == "lioria-brief"))
    lioria["profile"]["shared_values"] = "high"  # the old defect: a fact the brief never gives
    lioria["profile"]["sectors"].append("health")  # an item the narrative does not list
    lioria["evidence"]["summits"] = "their biennial summit"  # words the narrative does not have
    lioria["evidence"]["time_horizon"] = "for decades"  # words for a fact the profile leaves out
    found = "\n".join(generator.ungrounded(lioria))
    assert "shared_values: the profile gives 'high', but no words of the narrative do" in found
    assert "sectors: the profile has 'health'" in found
    assert "summits: the narrative does not say 'their biennial summit'" in found
    assert "time_horizon: " in found and len(generator.ungrounded(lioria)) == 4
    eu = copy.deepcopy(next(s for s in generator.SCENARIOS if s["scenario"] == "eu-china-2023"))
    eu["set"]["sectors"] = ["trade", "investment", "technology", "climate", "maritime"]
    eu["evidence"]["sectors"]["health"] = "health"
    found = "\n".join(generator.ungrounded(eu))
    assert "sectors: the profile has 'maritime'" in found and "words for 'health'" in found


def test_a_real_scenario_is_as_of_the_date_its_narrative_gives(loaded):
    real = [s for s in loaded if s.kind == "real"]
    assert real
    for s in real:
        dateline = s.narrative.split(".**")[0]
        assert str(s.as_of) in dateline and s.profile["as_of"] == s.as_of, s.id
    eu = next(s for s in real if s.id == "eu-china-2023")
    assert eu.as_of == 2023 and "2023" in eu.title


@pytest.mark.parametrize("typed", ["\u00b2", "\u0661"])  # a superscript two; an Arabic-Indic one
def test_a_choice_is_a_number_in_ascii_digits_not_any_digit(loaded, typed):
    """int() cannot read '²' (str.isdigit() says it is a digit): a refusal, not an internal error;
    an Arabic-Indic digit is no menu number either."""
    from amity.engine.scenarios import normalize, questions_of

    level = next(q for q in questions_of(loaded[0]) if q.id == "level")
    assert normalize(level, "2") == level.choices[1]
    with pytest.raises(InputError, match="is not one of"):
        normalize(level, typed)


def test_marking_names_every_bad_answer_at_once_in_the_quiz_s_labels(assessor, loaded):
    """``mark`` (what the web quiz calls) reads every answer before it marks any: each that is no answer is
    a problem of its own, at its question, said in the labels the trainee sees; none stops the others."""
    from amity.engine.scenarios import mark, questions_of

    kelmar = next(s for s in loaded if s.id == "kelmar-doravia")
    assert [q.id for q in questions_of(kelmar)] == ["level", "verdict", "risk:fragility", "code:sectors"]
    answers = {"level": "bogus", "verdict": "inflatd", "risk:fragility": "maybe", "code:sectors": ["trade", "x", 3]}
    with pytest.raises(InputError) as caught:
        mark(kelmar, assessor, answers)
    said = [(p.location.pointer, p.message, p.suggestion) for p in caught.value.problems]
    assert [pointer for pointer, _, _ in said] == ["/level", "/verdict", "/risk:fragility", "/sectors/1", "/sectors/2"]
    assert said[0][1].startswith("'bogus' is not one of the answers: none (no framework), partnership, strategic")
    assert said[1][2] == "did you mean 'inflated'?"
    assert said[2][1:] == (
        "'maybe' is not one of the answers: low, moderate, high or undecided",
        "write one as listed, e.g. 'low'",
    )
    assert said[3][1] == "'x' is not one of the choices for sectors"
    assert said[4][1].startswith("3 is not one of the items: defense, trade,") and "none of them" not in said[4][1]
    assert not any("_" in message for _, message, _ in said)  # no code: 'strategic_partnership'


def test_the_labels_of_the_answers_are_one_source_for_the_terminal_and_the_page(loaded):
    """The terminal's menu and the web page's buttons show each choice by ``QuizQuestion.label``."""
    from amity.cli.quiz import choice_text
    from amity.engine.scenarios import questions_of
    from amity.web.app import _quiz_questions

    for s in loaded:
        for q, shown in zip(questions_of(s), _quiz_questions(s), strict=True):
            assert [label for _, label in shown["choices"]] == list(q.labels) == [choice_text(q, v) for v in q.choices]
    level = questions_of(loaded[0])[0]
    assert level.labels[0] == "none (no framework)" and "comprehensive strategic partnership" in level.labels


def test_a_transcript_is_named_by_the_scenario_and_the_trainee():
    assert transcript_name("kelmar-doravia", "ana") == "kelmar-doravia-ana.quiz.json"
    assert transcript_name("kelmar-doravia", None) == "kelmar-doravia.quiz.json"


@pytest.mark.parametrize(
    "name, names_file, fault",
    [
        ("ana", True, None),
        ("José 李", True, None),
        ("a/b", False, None),  # another file is named (--save): the name is only shown
        (" ", True, "is empty"),
        ("", False, "is empty"),  # shown as no name at all, though it names no file
        ("../ana", True, "has '/' in it"),
        ("a\\b\x00c", True, "has '\\' and NUL in it"),
        ("ana\x1b", False, "has a control character (U+001B) in it"),
        ("ana\x7f\t", True, "has a control character (U+007F) and a control character (U+0009) in it"),
    ],
)
def test_a_trainee_s_name_is_refused_when_it_cannot_be_shown_or_name_the_file(name, names_file, fault):
    assert trainee_fault(name, names_file=names_file) == fault


def test_a_name_making_too_long_a_file_name_is_refused_when_the_file_is_named():
    assert trainee_fault("a" * 300) is None, "the terminal asks its own file system"
    assert trainee_fault("a" * 300, "kelmar-doravia") == (
        "is too long: the file name would have 325 bytes, more than the 255 a file system takes"
    )
    assert trainee_fault("a" * 230, "kelmar-doravia") is None


@pytest.mark.parametrize(
    ("name", "said"),
    [
        ("\udce9", "has a byte that is not UTF-8 (0xE9) in it"),  # a name from a terminal in Latin-1
        ("a\u202eb", "has a control character (U+202E) in it"),  # a right-to-left override
        ("a\u2028b", "has a control character (U+2028) in it"),
    ],
)
def test_a_trainees_name_that_would_hide_or_break_is_refused(name, said):
    """Found by a review: a byte that is not UTF-8 ran the quiz, then failed to save it (an internal error);
    invisible characters that reverse or break how a name reads were taken."""
    from amity.engine.scenarios import trainee_fault

    assert trainee_fault(name, "kelmar-doravia") == said


def test_the_quiz_wraps_with_the_interview_s_helper_at_the_width_it_is_given(assessor, loaded, monkeypatch):
    """cli/quiz.py had a _fitting of its own beside reporters.common.fitting_echo, and imported held_signals
    inside a function (helper-63): one helper now, fitting_echo, which takes a fixed width too, and a plain
    import. The quiz wraps at the width it is given (its start's terminal), and gives the lines whole with
    None, whatever the terminal's width is at the time; fitting_echo by default follows the terminal's width."""
    import amity.cli.interview
    import amity.cli.main
    import amity.cli.quiz
    from amity.cli.reporters import common

    assert amity.cli.quiz.held_signals is amity.cli.main.held_signals
    assert amity.cli.quiz.told is amity.cli.interview.told  # a plain import too: no cycle forbids it
    assert not hasattr(amity.cli.quiz, "_fitting")
    widths = iter([30, 60])
    monkeypatch.setattr(common, "terminal_width", lambda: next(widths))
    said: list[str] = []
    text = "word " * 20
    follows = common.fitting_echo(said.append)
    follows(text)
    follows(text)
    assert max(map(len, said[0].splitlines())) <= 30 < max(map(len, said[1].splitlines())) <= 60
    monkeypatch.setattr(common, "terminal_width", lambda: 20)
    s = next(x for x in loaded if x.id == "kelmar-doravia")
    result = mark(s, assessor, {"level": "strategic_partnership"})
    for width in (50, None):
        shown: list[str] = []
        reveal(result, assessor, shown.append, width)
        lines = "\n".join(shown).splitlines()
        if width is None:
            assert max(map(len, lines)) > 100, "the lines whole"
        else:
            assert max(map(len, lines)) <= width, [line for line in lines if len(line) > width]


UNIT_FRACTIONS = {"half": 2, "third": 3, "quarter": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8}
UNIT_FRACTIONS |= {"ninth": 9, "tenth": 10}
# a share of trade as the texts quote it: "about a sixth of Vietnam's trade", "4% of Doravia's trade",
# "a tenth of trade"; the share and "trade" in one clause
SHARE_OF_TRADE = re.compile(
    r"\b(?:(?P<percent>\d+(?:\.\d+)?)%|(?:a|an|one) (?P<word>" + "|".join(UNIT_FRACTIONS) + r"))"
    r" of (?:[\w']+ ){0,2}trade\b"
)


def shares_of_trade(text: str) -> list[tuple[str, float, float]]:
    """Each share of trade a text quotes: the words and the range of shares that round to them (a
    percentage to its last digit; 'a sixth' to the unit fraction nearest, so above halfway to a
    seventh and below halfway to a fifth)."""
    found = []
    for m in SHARE_OF_TRADE.finditer(" ".join(text.split())):
        if m["percent"]:
            off = 0.5 / 100 / 10 ** len(m["percent"].partition(".")[2])
            found.append((m[0], float(m["percent"]) / 100 - off, float(m["percent"]) / 100 + off))
        else:
            n = UNIT_FRACTIONS[m["word"]]
            found.append((m[0], (1 / n + 1 / (n + 1)) / 2, (1 / n + 1 / (n - 1)) / 2))
    return found


def slips(s) -> list[str]:
    """What a scenario says against itself that can be checked without guessing: a year in the
    scenario's or the profile's id other than the year it is as of, a share of trade quoted by the
    narrative or a note that the profile's trade_dependence does not round to."""
    out = []
    for name in (s.id, s.profile.get("id", "")):
        year = re.search(r"-(\d{4})$", name)
        if year and int(year[1]) != s.as_of:
            out.append(f"{name}: the id's year is not {s.as_of}, the year the scenario is as of")
    texts = [("narrative", s.narrative)] + [(f"note {n['note'][:30]!r}", n["note"]) for n in s.notes]
    dependence = s.profile.get("trade_dependence")
    for where, text in texts:
        for words, low, high in shares_of_trade(text):
            if dependence is None or not low - 1e-9 <= dependence <= high + 1e-9:
                out.append(f"{where}: {words!r} but trade_dependence is {dependence}")
    return out


def test_a_bundled_scenario_quotes_its_own_id_year_and_share_of_trade(loaded):
    assert {s.id: slips(s) for s in loaded if slips(s)} == {}
    # what the check reads: every real scenario that quotes a share of trade is seen
    quoted = {s.id for s in loaded if any(shares_of_trade(t) for t in [s.narrative, *(n["note"] for n in s.notes)])}
    assert {"vietnam-us-2023", "china-russia-2023", "india-japan-2023", "kelmar-doravia"} <= quoted


def test_the_slip_check_finds_a_wrong_year_and_a_wrong_share(loaded):
    """The old vietnam-us-2023: its profile's id said 2024 and a note 'a tenth of trade' at 0.17."""
    vietnam = next(s for s in loaded if s.id == "vietnam-us-2023")
    old = replace(
        vietnam,
        profile={**vietnam.profile, "id": "vnm-usa-2024"},
        notes=(*vietnam.notes[:-1], {**vietnam.notes[-1], "note": "Power sixty times greater and a tenth of trade."}),
    )
    found = slips(old)
    assert len(found) == 2
    assert "vnm-usa-2024: the id's year is not 2023" in found[0]
    assert "'a tenth of trade' but trade_dependence is 0.17" in found[1]
    # rounding is allowed, and no further: 2% is 0.015 to 0.025, 'a sixth' is nearer 1/6 than 1/5 or 1/7
    assert shares_of_trade("about 2% of India's trade")[0][1:] == pytest.approx((0.015, 0.025))
    for dependence, slipped in [(0.155, False), (0.18, False), (0.15, True), (0.19, True)]:
        assert bool(slips(replace(vietnam, profile={**vietnam.profile, "trade_dependence": dependence}))) is slipped
