"""A YAML syntax error says what to do: libyaml's words say what the parser missed, the suggestion what to write."""

from __future__ import annotations

import pytest
from amity.engine.document import parse_yaml
from amity.engine.errors import InputError
from amity.engine.yaml_text import TAB_HINT

#: text -> (line:column of the error, words its suggestion must hold)
CASES = {
    "item-out-of-line": ("rules:\n  - id: a\n    when: x\n   - id: b\n", "4:4", "list start with '- ' in one column"),
    "colon-in-value": ("description: the rule: applies\n", "1:22", 'needs quotes: description: "the rule: applies"'),
    "colon-in-nested-value": ("a:\n  b: c: d\n", "2:7", 'needs quotes: b: "c: d"'),
    "key-indented-further": ("a: 1\n  b: 2\n", "2:4", "check the indentation of this line and the one above"),
    "key-indented-less": ("a:\n    b: 1\n  c: 2\n", "3:3", "the keys of one mapping start in one column"),
    "text-after-quote": ('a: "x" y\n', "1:8", "quote the whole value"),
    "unclosed-list": ("when: {a: [1, 2}\n", "1:16", "close the '[' opened on line 1, column 11 with ']'"),
    "unclosed-mapping": ("a: {b: 1\nc: 2\n", "2:2", "close the '{' opened on line 1, column 4 with '}'"),
    "unclosed-quote": ('description: "abc\nb: c\n', "3:1", "close the quote opened on line 1, column 14"),
    "at-sign": ("a: @x\n", "1:4", 'needs quotes, e.g. "@x"'),
    "key-without-colon": ("a: b\nc\nd: e\n", "3:1", "a key needs a ':' after it"),
    "bare-asterisk": ("a: *\n", "1:5", "quote a value that starts with one"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_yaml_syntax_error_suggests_a_fix(name):
    text, where, words = CASES[name]
    with pytest.raises(InputError) as caught:
        parse_yaml(text, "f.yaml")
    (problem,) = caught.value.problems
    assert problem.message.startswith("malformed YAML")
    assert f"{problem.location.line}:{problem.location.column}" == where
    assert problem.suggestion and words in problem.suggestion, problem.suggestion


def test_a_tab_still_says_spaces():
    with pytest.raises(InputError) as caught:
        parse_yaml("a:\n\tb: 1\n", "f.yaml")
    assert caught.value.problems[0].suggestion == TAB_HINT


def test_a_quoted_value_with_a_colon_is_not_told_to_quote_it():
    """The quote hint is for a plain value holding ': '; an indentation slip on a line with a quoted value is not."""
    with pytest.raises(InputError) as caught:
        parse_yaml('a: "x: y"\n  b: 2\n', "f.yaml")
    assert "needs quotes" not in (caught.value.problems[0].suggestion or "")
