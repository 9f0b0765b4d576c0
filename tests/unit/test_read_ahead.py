"""The bundled packs read ahead of time (``read_ahead``): the same Document as parsing, taken only when it is."""

from __future__ import annotations

import json
import shutil

import pytest
from amity.engine import load_pack, read_ahead
from amity.engine.document import parse_yaml, read_text
from amity.engine.pack import bundled_packs, find_pack
from amity.engine.read_ahead_build import NotReadAhead, main, stale, written
from amity.engine.vocabulary import RULES_DIR


def test_every_bundled_pack_is_read_ahead_and_the_files_are_as_written():
    assert bundled_packs()
    assert stale() == [], "run python -m amity.engine.read_ahead_build --write"
    assert main(["--check"]) == 0


@pytest.mark.parametrize("name", bundled_packs())
def test_a_bundled_pack_read_ahead_is_the_document_parsing_gives(name):
    path = find_pack(name)
    text = read_text(path)
    kept = read_ahead.read_ahead(path, text, "p.yaml")
    parsed = parse_yaml(text, "p.yaml", long_numbers=True)
    assert kept is not None
    assert json.dumps(kept.data) == json.dumps(parsed.data)  # the same values, in the same order
    assert kept.data == parsed.data
    assert (kept.positions, kept.key_positions, kept.file) == (parsed.positions, parsed.key_positions, "p.yaml")
    assert list(kept.positions) == list(parsed.positions)


@pytest.fixture
def rules(tmp_path, monkeypatch):
    """A copy of the bundled packs, standing in for them."""
    folder = tmp_path / "rules"
    shutil.copytree(RULES_DIR, folder)
    monkeypatch.setattr(read_ahead, "RULES_DIR", folder)
    return folder


def test_a_pack_edited_after_it_was_read_ahead_is_parsed_as_it_now_is(rules):
    pack = rules / "core" / "pack.yaml"
    text = pack.read_text(encoding="utf-8")
    assert read_ahead.read_ahead(pack, text, None) is not None  # the copy is read ahead, as the original
    pack.write_text(text.replace("description: ", "description: Edited. ", 1), encoding="utf-8")
    assert read_ahead.read_ahead(pack, read_text(pack), None) is None
    assert load_pack(pack).description.startswith("Edited. ")


def test_the_check_finds_a_file_stale_and_the_write_makes_it_current(rules):
    pack = rules / "core" / "pack.yaml"
    pack.write_text(pack.read_text(encoding="utf-8") + "\n# a comment moves no value\n", encoding="utf-8")
    (rules / "china-ladder" / read_ahead.READ_AHEAD).unlink()
    assert stale(rules) == [rules / "china-ladder" / read_ahead.READ_AHEAD, rules / "core" / read_ahead.READ_AHEAD]
    assert main(["--check", "--dir", str(rules)]) == 1
    assert main(["--write", "--dir", str(rules)]) == 0
    assert stale(rules) == []
    assert main(["--check", "--dir", str(rules)]) == 0


def test_a_file_in_another_layout_or_not_json_is_not_taken(rules):
    pack = rules / "core" / "pack.yaml"
    kept = rules / "core" / read_ahead.READ_AHEAD
    text = read_text(pack)
    layout = json.loads(kept.read_text(encoding="utf-8"))
    kept.write_text(json.dumps({**layout, "format": read_ahead.FORMAT + 1}), encoding="utf-8")
    assert read_ahead.read_ahead(pack, text, None) is None
    kept.write_text("{", encoding="utf-8")
    assert read_ahead.read_ahead(pack, text, None) is None


def test_only_a_bundled_pack_is_read_ahead(tmp_path):
    """A copy of a bundled pack elsewhere, its file beside it, is parsed: its file is not taken, even made to
    name the copy's text (here it says another description)."""
    folder = tmp_path / "mine"
    shutil.copytree(RULES_DIR / "core", folder)
    kept = folder / read_ahead.READ_AHEAD
    layout = json.loads(kept.read_text(encoding="utf-8"))
    layout["data"]["description"] = "Not what the pack says."
    kept.write_text(json.dumps(layout), encoding="utf-8")
    assert read_ahead.read_ahead(folder / "pack.yaml", read_text(folder / "pack.yaml"), None) is None
    assert load_pack(folder / "pack.yaml").description == load_pack("core").description


@pytest.mark.parametrize(
    "text",
    [
        "pack: p\nlimit: 1e400\n",  # kept as written (Overflowed)
        "pack: p\nlimit: 1E1\n",  # a whole number written with an exponent (WithExponent)
        "pack: p\nlimit: .inf\n",
        "pack: p\n0x10: a\n",  # a key YAML reads as a number, kept as written (KeyAsWritten)
        "pack: p\nlimits: [1, 2, 3e-400]\n",  # Underflowed, in a list
    ],
)
def test_a_value_json_would_not_give_back_is_not_read_ahead(text):
    with pytest.raises(NotReadAhead):
        written(text)


def test_plain_values_are_read_ahead():
    text = "pack: p\nn: 3\nx: 0.5\nok: true\nnone: null\nitems: [a, 2, -0.0]\n"
    assert json.loads(written(text))["data"] == parse_yaml(text, long_numbers=True).data
