"""The interview through the library: what it asks, what it refuses, and where it ends."""

from __future__ import annotations

import json

import pytest
import yaml
from amity.engine.errors import InputError
from amity.engine.interview import (
    CASE_FIELDS,
    SEED_PARTS,
    SET_ANSWER,
    BadAnswer,
    Consultation,
    field_named,
    parse_answer,
    set_answer,
)
from amity.engine.schemas import validator
from amity.engine.vocabulary import fact_fields
from hypothesis import HealthCheck, given, settings

from tests.conftest import ROOT
from tests.strategies import complete_profiles, partial_profiles

EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))


def conclusions(a):
    """What an assessment concludes: every output's possible values and deciding facts, and the verdict."""
    return (
        a.level,
        a.hedging,
        {r: x.outcome for r, x in a.risks.items()},
        a.label.possible_verdicts,
    )


def answer_from(assessor, profile):
    c = Consultation(assessor, {k: profile[k] for k in ("parties", "declared_label") if k in profile})
    asked = []
    while (q := c.next_question()) is not None:
        assert q.field not in asked, "a question asked twice"
        asked.append(q.field)
        c.answer(profile.get(q.field), q.field)
    return c, asked


def changes_an_output(assessor, facts, field):
    """Brute force: does some value class of the field give some output other possible values?"""
    base = assessor.assess(facts)
    for rep in assessor.analysis.classes[field]:
        other = assessor.assess({**facts, field: list(rep) if isinstance(rep, tuple) else rep})
        if conclusions(other)[:3] != conclusions(base)[:3]:
            return True
    return False


def test_first_question_is_the_most_informative_legal_basis(assessor):
    c = Consultation(assessor, {"parties": ["USA", "IND"]})
    q = c.next_question()
    assert q.field == "legal_basis" and q.number == 1
    assert q.choices[0] == "ratified_treaty" and q.section and "instrument" in q.meaning
    gains = c.gains()
    assert gains["legal_basis"] == max(gains.values()) > 0


def test_answer_back_and_state(assessor):
    c = Consultation(assessor, {"parties": ["USA", "IND"]})
    a = c.answer("2")  # signed treaty, by its number
    assert a.field == "legal_basis" and a.value == "signed_treaty"
    assert "none" in a.levels_before and "none" not in a.levels_after
    second = c.next_question().field
    c.answer("unknown", second)
    assert c.answered_unknown == (second,)
    assert second not in [q.field for q in [c.next_question()] if q]
    assert c.back().field == second
    assert c.next_question().field == second  # asked again once the answer is undone
    data = json.loads(json.dumps(c.to_dict()))
    again = Consultation.from_dict(assessor, data)
    assert again.profile() == c.profile() and again.next_question() == c.next_question()


def test_a_bad_answer_is_refused_and_nothing_is_recorded(assessor):
    c = Consultation(assessor, {"parties": ["USA", "IND"]})
    with pytest.raises(BadAnswer) as exc:
        c.answer("traety")
    problem = exc.value.problems[0]
    assert "not one of the choices" in problem.message and "ratified treaty" in problem.suggestion
    assert c.history == [] and c.next_question().field == "legal_basis"
    for field, text in [
        ("ministerial_dialogues", "-1"),
        ("power_ratio", "0.5"),
        ("rival_ties", "maybe"),
        ("sectors", "trade, wheat"),
    ]:
        with pytest.raises(BadAnswer):
            parse_answer(field, text)
    assert parse_answer("sectors", "2, defense, 12") == ("defense", "trade", "connectivity")
    assert parse_answer("rival_ties", "Yes") is True and parse_answer("summits", "unknown") is None


@pytest.mark.parametrize(
    "field, text, message",
    [
        ("power_ratio", "1_000", "not a number in plain digits"),  # Python's float() takes it
        ("power_ratio", "1e3", "not a number in plain digits"),
        ("power_ratio", "infinity", "not a number in plain digits"),
        ("ministerial_dialogues", "1_0", "not a whole number in plain digits"),
        ("ministerial_dialogues", "\u0663", "not a whole number in plain digits"),  # an Arabic-Indic three
        ("ministerial_dialogues", "99999999999999999999999", "more than 15 digits"),
        ("power_ratio", "1234567890123456.5", "more than 15 digits"),
        ("ministerial_dialogues", "-1", "below the least value of ministerial dialogues, 0"),
        ("trade_dependence", "1.5", "above the greatest value of trade dependence, 1"),
    ],
)
def test_numbers_are_plain_decimals_within_the_vocabularys_range(field, text, message):
    with pytest.raises(BadAnswer) as exc:
        parse_answer(field, text)
    problem = exc.value.problems[0]
    assert message in problem.message and problem.suggestion and "or unknown" in problem.suggestion


@pytest.mark.parametrize("typed, turned", [("0.5", "2"), ("0.3", "3.33"), (".25", "4")])
def test_a_ratio_given_the_wrong_way_round_is_told_turned_over(typed, turned):
    """A power ratio under 1 is the weaker party's over the stronger's, a learner's slip: it was told only the
    least value (helper-81); it is told the ratio's way round and the number turned over, as a file is."""
    with pytest.raises(BadAnswer) as exc:
        parse_answer("power_ratio", typed)
    assert exc.value.problems[0].suggestion == f"the stronger party's over the weaker's: type {turned}; or unknown"


def test_plain_decimals_are_taken_as_typed():
    assert parse_answer("power_ratio", "2.5") == 2.5 and parse_answer("power_ratio", "12") == 12
    assert type(parse_answer("power_ratio", "12")) is int and type(parse_answer("power_ratio", "12.0")) is float
    assert parse_answer("ministerial_dialogues", "+4") == 4 and parse_answer("trade_dependence", ".25") == 0.25
    assert parse_answer("ministerial_dialogues", "999999999999999") == 999999999999999


def test_a_hint_names_a_choice_as_the_menu_shows_it():
    with pytest.raises(BadAnswer) as exc:
        parse_answer("legal_basis", "joint statment")
    assert "did you mean 'joint statement'?" in exc.value.problems[0].suggestion


def test_why_a_named_field_answered_unknown_settled_or_not_a_field(assessor):
    c = Consultation(assessor, {"parties": ["USA", "IND"]}, {"legal_basis": "joint_statement", "summits": None})
    assert field_named("summits") == "summits" and field_named("Power ratio") == "power_ratio"
    with pytest.raises(BadAnswer) as exc:
        field_named("sumits")
    assert "is not a question amity asks" in exc.value.problems[0].message
    assert "did you mean 'summits'?" in exc.value.problems[0].suggestion
    answered = c.why("legal_basis")
    assert answered.status == "answered" and answered.lines()[0].startswith(
        "You answered legal basis: joint statement."
    )
    assert "framework-declared" in [r for r, _ in answered.rules]
    assert c.why("summits").status == "unknown"
    asked = c.why("sectors")
    assert asked.status == "open" and asked.leads
    no_framework = Consultation(assessor, {"parties": ["USA", "IND"]}, {"legal_basis": "none"})
    settled = [f for f in ("sectors", "summits", "time_horizon") if no_framework.why(f).status == "settled"]
    assert settled, "with no framework, scope and summits can change no output"
    assert "no answer to it could change" in no_framework.why(settled[0]).lines()[0]


def test_why_of_an_answer_says_where_each_rule_that_tests_it_stands(assessor):
    """why FIELD of an answered fact listed the rules that test it and no more (helper-81): the learner could not
    follow the answer to what it made hold. Each rule says whether it holds, fails or waits, and on what."""
    c = Consultation(assessor, {"parties": ["USA", "IND"]}, {"shared_values": "low", "sectors": ["trade", "energy"]})
    assert c.why("shared_values").tested == (
        (
            "fragility-diverging-values",
            "A non-binding framework between parties with low shared values is fragile",
            "not known yet (it waits on legal basis)",
        ),
        (
            "fragility-mixed-values",
            "A non-binding framework between parties with mixed values is moderately fragile",
            "fails",
        ),
        (
            "fragility-crisis-without-shared-values",
            "A crisis between parties with low shared values frays the relationship, whatever instrument binds them",
            "not known yet (it waits on recent crisis)",
        ),
    )
    c.answer("annual", "summits")
    c.answer("0", "ministerial_dialogues")
    lines = c.why("ministerial_dialogues").lines()
    assert lines[1].endswith("make coordination high-level [high-level-coordination]: holds")
    assert lines[2].endswith("[institutionalized]: not known yet (it waits on working groups and permanent bodies)")


def test_why_names_the_rules_and_what_each_answer_leads_to(assessor):
    c = Consultation(assessor, {"parties": ["USA", "IND"]}, {"legal_basis": "signed_treaty"})
    why = c.why("defense_commitment")
    assert "treaty-alliance" in [r for r, _ in why.rules]
    leads = dict(why.leads)
    assert leads["mutual defense"].startswith("level: alliance")
    assert "not alliance" in leads["consultation or none"]


def test_how_and_whynot_during_the_interview(assessor):
    c = Consultation(
        assessor,
        {"parties": ["USA", "IND"]},
        {"legal_basis": "joint_statement", "sectors": ["trade", "defense", "energy"], "summits": "annual"},
    )
    lines = [text for _, text in c.how()]
    assert lines[0] == "The level is at least partnership"
    assert any("legal basis is joint statement" in line for line in lines)
    w = c.why_not("strategic_partnership")
    assert w.status == "open" and any("time horizon were long term" in cs.text for cs in w.change_sets)


def test_resume_from_a_saved_profile(assessor):
    c = Consultation(assessor, {"parties": ["USA", "IND"], "declared_label": "Strategic Partnership"})
    c.answer("joint_statement")
    c.answer("unknown", c.next_question().field)
    saved = yaml.safe_load(yaml.safe_dump(c.profile(), sort_keys=False))
    again = Consultation.from_profile(assessor, saved)
    assert again.profile() == c.profile() and again.answered_unknown == c.answered_unknown
    assert assessor.assess(saved).level == c.assessment.level  # `amity assess` reads it too


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_every_example_answered_from_its_profile_concludes_as_assess_does(assessor, path):
    profile = yaml.safe_load(path.read_text())
    c, asked = answer_from(assessor, profile)
    assert conclusions(c.assessment) == conclusions(assessor.assess(profile))
    assert len(asked) < len(assessor.analysis.classes)
    transcript = c.transcript()
    assert list(validator("transcript").iter_errors(json.loads(json.dumps(transcript)))) == []


def test_the_conclusions_check_fails_on_a_wrong_case(assessor):
    """The comparison the properties use must tell different assessments apart."""
    profile = yaml.safe_load((ROOT / "examples" / "us-india.yaml").read_text())
    c, _ = answer_from(assessor, profile)
    c.back()
    assert conclusions(c.assessment) != conclusions(assessor.assess(profile))
    assert not changes_an_output(assessor, {"parties": ["A1", "B1"], "legal_basis": "none"}, "permanent_bodies")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(partial_profiles())
def test_never_asks_a_fact_that_cannot_change_an_output(assessor, profile):
    facts = {k: v for k, v in profile.items() if v is not None}
    c = Consultation(assessor, {"parties": profile["parties"]}, {k: v for k, v in facts.items() if k != "parties"})
    q = c.next_question()
    if q is None:
        assert not c.assessment.deciding_facts
    else:
        assert q.field not in facts
        assert changes_an_output(assessor, facts, q.field)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(complete_profiles())
def test_answering_from_a_complete_profile_concludes_as_assess(assessor, profile):
    c, asked = answer_from(assessor, profile)
    assert c.finished
    assert conclusions(c.assessment) == conclusions(assessor.assess(profile))
    assert c.assessment.level.decided and len(asked) <= len(assessor.analysis.classes)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_how_gives_each_rules_sentence_not_a_name_that_repeats_the_finding(assessor, path):
    """'highly unequal powers, because highly unequal powers' explained nothing: the rule's description does."""
    from amity.engine.explain import how

    profile = yaml.safe_load(path.read_text())
    descriptions = {r.id: r.description.rstrip(".") for r in assessor.pack.rules}
    for _, line in how(assessor.assess(profile), verbose=True):
        if "because " not in line:
            continue
        head, _, reason = line.partition("because ")
        reason, _, rule = reason.rpartition(" [")
        assert reason.lower() == descriptions[rule.rstrip("]")].lower(), line
        assert head.rstrip(", ") != reason, line


def test_a_set_question_s_example_is_made_of_its_own_items(assessor):
    """The sectors question's example of how to type items was security cooperation's ('joint exercises, arms
    transfers'), which are no sectors (helper-81): each set's example is its own first two items."""
    c = Consultation(assessor, {"parties": ["USA", "IND"]})
    sectors = c.question("sectors").expects
    assert "(1, 2 or 1 2; defense, trade or defense trade)" in sectors and "joint exercises" not in sectors
    assert "(1, 2 or 1 2; joint exercises, arms transfers)" in c.question("security_cooperation").expects


def test_a_set_question_says_the_rule_the_answer_is_read_by(assessor):
    from amity.cli.interview import show_question

    shown: list[str] = []
    show_question(Consultation(assessor, {"parties": ["USA", "IND"]}).question("security_cooperation"), shown.append)
    assert any(set_answer(("joint_exercises", "arms_transfers")) in line for line in shown)
    assert "separated by commas, or by spaces when no name has a space in it" in SET_ANSWER
    # the examples the rule gives read as it says
    both = ("joint_exercises", "arms_transfers")
    assert parse_answer("security_cooperation", "1, 2") == parse_answer("security_cooperation", "1 2") == both
    assert parse_answer("security_cooperation", "joint exercises, arms transfers") == both
    assert parse_answer("sectors", "trade energy") == parse_answer("sectors", "trade, energy")


JOINT, ARMS = "joint_exercises", "arms_transfers"


@pytest.mark.parametrize(
    "typed, items",
    [
        ("joint exercises, arms transfers", (JOINT, ARMS)),  # as the menu shows them
        ("Joint Exercises ,arms transfers,", (JOINT, ARMS)),  # case, spaces round a comma, a last comma
        ("joint exer, arms", (JOINT, ARMS)),  # a piece may be the start of one name alone
        ("2, joint exercises", (JOINT, ARMS)),  # numbers and names mixed
        ("joint exercises", (JOINT,)),  # one name of two words, without a comma
        ("Joint  Exercises", (JOINT,)),
        ("joint_exercises arms_transfers", (JOINT, ARMS)),  # without a comma: read by spaces, as before
        ("1 2", (JOINT, ARMS)),
    ],
)
def test_set_items_are_read_by_commas_or_else_by_spaces(typed, items):
    assert parse_answer("security_cooperation", typed) == items


def test_a_piece_between_commas_is_one_name_and_refused_whole():
    with pytest.raises(BadAnswer) as exc:
        parse_answer("security_cooperation", "joint exercises, arms transfer s, 1 2")
    problem = exc.value.problems[0]
    assert "'arms transfer s' and '1 2' are not among the choices" in problem.message
    assert "'arms transfer s': did you mean 'arms transfers'?" in problem.suggestion


def test_names_of_two_words_without_commas_are_refused_with_the_comma_rule():
    with pytest.raises(BadAnswer) as exc:
        parse_answer("security_cooperation", "joint exercises arms trnsfers")
    problem = exc.value.problems[0]
    # said of the whole answer: "'exercises' and 'trnsfers' are not among the choices" read as if 'joint' and
    # 'arms' had been taken (found by a new trainee)
    assert problem.message == (
        "'joint exercises arms trnsfers' is not a list of the choices for security cooperation: without a comma it "
        "is read word by word, and 'exercises' and 'trnsfers' are none of them"
    )
    assert problem.suggestion.startswith("names with a space in them need commas between them")
    with pytest.raises(BadAnswer) as exc:  # no name of sectors has a space: no word of commas
        parse_answer("sectors", "trade enrgy")
    assert "commas" not in exc.value.problems[0].suggestion


@pytest.mark.parametrize(
    "typed, names",
    [
        ("joint exercises arms transfers", "joint_exercises, arms_transfers"),
        (
            "Intelligence Sharing  basing rights integrated command",
            "intelligence_sharing, basing_rights, integrated_command",
        ),
        ("joint exercises joint exercises", "joint_exercises"),
    ],
)
def test_names_with_spaces_typed_one_after_another_are_suggested_with_commas(typed, names):
    """'joint exercises arms transfers' was refused with "'exercises' and 'transfers' are not among the choices",
    as if 'joint' and 'arms' had been taken (found by a new trainee). The words, joined with '_' in order, make
    items: they are suggested, in the two forms the answer takes, and the refusal speaks of the whole answer."""
    with pytest.raises(BadAnswer) as exc:
        parse_answer("security_cooperation", typed)
    problem = exc.value.problems[0]
    assert problem.message == f"'{typed}' runs names with spaces in them together, without commas between them"
    assert problem.suggestion == f"did you mean: {names}? (or, as the menu shows them: {names.replace('_', ' ')})"
    assert parse_answer("security_cooperation", names) == parse_answer("security_cooperation", names.replace("_", " "))


@pytest.mark.parametrize(
    "typed, names",
    [
        ("joint exercises arms transfers", ["joint_exercises", "arms_transfers"]),
        ("joint exercises", None),  # one name: taken as it is
        ("joint exercises arms", None),  # 'arms' alone is no name
        ("trade energy", None),
        ("joint " * 10_000 + "exercises", None),  # a page of words, read in one pass
    ],
)
def test_spaced_names_finds_names_only_where_every_word_is_in_one(typed, names):
    from amity.engine.schemas import spaced_names

    assert spaced_names(typed, "security_cooperation") == names


# --------------------------------------------------------------------------- what the questions cite


SEED = (ROOT / "rules" / "core" / "seed.txt").read_text(encoding="utf-8").splitlines()


def seed_headings() -> list[int]:
    """The seed's headings, by line index: short lines that are neither sentences, table rows nor list items."""
    return [
        i
        for i, line in enumerate(SEED)
        if 0 < len(line) <= 60 and not line.rstrip().endswith((".", ":")) and not line.startswith(("|", "-"))
    ]


def seed_problem(section: str | None, passage: str | None) -> str | None:
    """Why a citation names no real part of the seed (None: it does): the section must be a heading, and the
    passage must open a line under it, before the next heading."""
    if section is None:
        return "no citation" if passage else None
    heads = seed_headings()
    spans = [(i, next((j for j in heads if j > i), len(SEED))) for i in heads if SEED[i] == section]
    if not spans:
        return f"'{section}' is not a heading of the seed"
    if passage is not None and not any(SEED[k].startswith(passage) for i, end in spans for k in range(i + 1, end)):
        return f"no passage under '{section}' opens with '{passage}'"
    return None


def test_every_question_cites_a_real_part_of_the_seed(assessor):
    """Not '(seed: Alignment)', a heading of docs/vocabulary.md: every citation a question shows is in the seed."""
    c = Consultation(assessor, {"parties": ["USA", "IND"]})
    cited = []
    for field, spec in fact_fields().items():
        if field in CASE_FIELDS:
            continue
        q = c.question(field)
        assert spec.section in SEED_PARTS, f"{field}: the vocabulary's '{spec.section}' has no place in the seed"
        assert seed_problem(q.section, q.passage) is None, (field, q.citation)
        cited.append(q.citation)
    assert "Criticisms and Limitations, “Ambiguity as liability”" in cited and "Alignment" not in cited
    for section, passage in SEED_PARTS.values():
        assert seed_problem(section, passage) is None, (section, passage)


def test_the_seed_check_refuses_what_the_seed_does_not_have():
    assert seed_problem("Alignment", None) == "'Alignment' is not a heading of the seed"
    assert seed_problem("Core Characteristics", "Asymmetric benefits") is not None  # under another heading
    assert seed_problem("Multi-dimensional cooperation Partnerships typically span", None) is not None  # not a heading
    assert seed_problem("Criticisms and Limitations", "Asymmetric benefits") is None


# --------------------------------------------------------------------------- long answers


@pytest.mark.parametrize(
    ("field", "typed"),
    [
        ("legal_basis", "z" * 100_000),
        ("permanent_bodies", "y" * 100_000),
        ("power_ratio", "x" * 100_000),
        ("working_groups", "9" * 100_000),
        ("working_groups", "-" + "0" * 100_000 + "1"),
        ("trade_dependence", "0." + "1" * 100_000),
    ],
)
def test_a_long_bad_answer_is_cut_in_its_message(field, typed):
    """Not echoed whole (a page of x's): cut after 57 characters, as schemas.describe cuts any value."""
    with pytest.raises(BadAnswer) as exc:
        parse_answer(field, typed)
    (problem,) = exc.value.problems
    assert len(problem.message) < 200, problem.message
    assert typed[:57] + "..." in problem.message


def test_leading_zeros_past_python_s_digit_limit_still_read_as_the_number():
    """int() refuses more than 4300 digits: a number with that many leading zeros is still the number."""
    assert parse_answer("working_groups", "0" * 100_000 + "7") == 7
    assert parse_answer("power_ratio", "0" * 100_000 + "1.5") == 1.5


@pytest.mark.parametrize("comma", [",", "\uff0c", "\u3001"])  # a comma, a full-width one, an ideographic one
def test_a_set_answer_with_any_comma_and_a_bad_item_gets_no_hint_about_commas(comma):
    """The person typed a comma: the hint that names with spaces need commas is not for them."""
    with pytest.raises(BadAnswer) as exc:
        parse_answer("security_cooperation", f"joint exercises{comma}foo")
    problem = exc.value.problems[0]
    assert "'foo'" in problem.message and "commas" not in (problem.suggestion or ""), problem


def test_the_case_given_again_keeps_the_answers_and_refuses_a_case_outside_the_vocabulary(assessor):
    c = Consultation(assessor, {"parties": ["USA", "IDN"], "declared_label": "Strategic Partnershp"})
    c.answer("joint_statement")
    c.change_case({"parties": ["USA", "IND"], "declared_label": None})
    assert c.profile() == {"parties": ["USA", "IND"], "legal_basis": "joint_statement"}
    assert c.assessment.label.declared is None
    with pytest.raises(InputError):
        c.change_case({"parties": ["USA"]})
    with pytest.raises(BadAnswer):
        c.change_case({"legal_basis": "none"})
    assert c.profile() == {"parties": ["USA", "IND"], "legal_basis": "joint_statement"}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(profile=complete_profiles())
def test_changing_one_answer_keeps_every_other_and_asks_only_what_is_open(assessor, profile):
    """change FIELD: the other answers stay as they were, and the consultation goes on as one given the same
    answers in the first place would (the same next question, the same assessment)."""
    c, _ = answer_from(assessor, profile)
    if len(c.history) < 2:
        return
    first = c.history[0].field
    others = {f: v for f, v in c.profile().items() if f != first}
    assert c.change_question(first).field == first
    c.answer(None, first)  # changed to unknown
    assert {f: v for f, v in c.profile().items() if f != first} == others
    fresh = Consultation(assessor, c.case, {f: v for f, v in c.profile().items() if f not in c.case})
    assert conclusions(c.assessment) == conclusions(fresh.assessment)
    q, p = c.next_question(), fresh.next_question()
    assert (q and q.field) == (p and p.field)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(profile=complete_profiles())
def test_a_changed_answer_keeps_its_place_and_back_undoes_the_last_question_asked(assessor, profile):
    """A changed answer went to the end of the history, and back then undid it (helper-75's brief): it keeps its
    place, the history is the one the same answers given in that order would have (its possible levels
    included), and back undoes the last question asked and asks it again while it can change an output."""
    c, _ = answer_from(assessor, profile)
    if len(c.history) < 2:
        return
    order = [h.field for h in c.history]
    first = order[0]
    c.answer(None, first)
    assert [h.field for h in c.history] == order and list(c.profile())[-len(order) :] == order
    fresh = Consultation.from_dict(assessor, c.to_dict())
    assert fresh.history == c.history
    undone = c.back()
    assert undone is not None and undone.field == order[-1]
    q = c.next_question()
    if undone.field in c.assessment.deciding_facts:
        assert q is not None and q.field == undone.field


def test_change_refuses_a_fact_not_answered_naming_the_answers(assessor):
    c = Consultation(assessor, {"parties": ["USA", "IND"]}, {"legal_basis": "joint_statement"})
    with pytest.raises(BadAnswer) as exc:
        c.change_question("summits")
    assert exc.value.problems[0].message == "summits is not answered yet, so there is no answer to change"
    assert exc.value.problems[0].suggestion == "change takes one of your answers: legal basis"


@pytest.mark.parametrize("typed", ["USA", "USA USA", "USA JPN KOR"])
def test_parties_typed_on_a_line_are_not_told_to_be_written_as_a_files_list(typed):
    """A file's suggestion for the count of parties ('list them, e.g. [USA, JPN]') is not how a line is typed:
    the terminal and the page give their own advice (PARTIES_ADVICE), not the file's."""
    from amity.engine.interview import parties_typed

    with pytest.raises(InputError) as exc:
        parties_typed(typed)
    assert [p.suggestion for p in exc.value.problems] == [None]
