"""The designations corpus (tests/data/designations.yaml) is whole and consistent on its own terms.

These checks are about the data, not the grammar that reads it: enough real designations, every
item complete, its rung and kind from the allowed sets, no (label, parties) pair twice, a source
URL for each, and the same words always claiming the same rung. Each check is seen failing on a
broken copy written below.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from amity.engine.vocabulary import LEVELS

CORPUS = Path(__file__).resolve().parents[1] / "data" / "designations.yaml"
MIN_ITEMS = 150
REQUIRED = ("label", "parties", "year", "claims", "kind", "source")
ALLOWED = {*REQUIRED, "note"}
CLAIMS = (*LEVELS, "unrecognized")
KINDS = ("ladder", "decorated", "named", "treaty", "misleading")
PARTY = re.compile(r"^[A-Z][A-Z0-9]{1,11}$")


def corpus_problems(items: Any) -> list[str]:
    """Every integrity problem of a loaded corpus, each naming the item it is in."""
    if not isinstance(items, list):
        return [f"expected a list of designations, got {type(items).__name__}"]
    problems = []
    if len(items) < MIN_ITEMS:
        problems.append(f"expected at least {MIN_ITEMS} designations, got {len(items)}")
    seen: dict[tuple[str, frozenset[str]], int] = {}
    claims_of: dict[str, tuple[str, int]] = {}
    for n, item in enumerate(items):
        where = f"item {n}"
        if not isinstance(item, dict):
            problems.append(f"{where}: expected a mapping")
            continue
        where = f"item {n} ({item.get('label')!r})"
        problems += [f"{where}: missing key {key!r}" for key in REQUIRED if key not in item]
        problems += [f"{where}: unknown key {key!r}" for key in sorted(set(item) - ALLOWED)]
        label, parties, year = item.get("label"), item.get("parties"), item.get("year")
        if "label" in item and (not isinstance(label, str) or not label.strip() or label != label.strip()):
            problems.append(f"{where}: label must be a non-empty string without outer spaces")
        if "parties" in item and not (
            isinstance(parties, list)
            and len(parties) == 2
            and len(set(parties)) == 2
            and all(isinstance(p, str) and PARTY.match(p) for p in parties)
        ):
            problems.append(f"{where}: parties must be two different upper-case codes, got {parties!r}")
        if "year" in item and not (isinstance(year, int) and not isinstance(year, bool) and 1900 <= year <= 2100):
            problems.append(f"{where}: year must be an integer year, got {year!r}")
        if "claims" in item and item["claims"] not in CLAIMS:
            problems.append(f"{where}: claims must be one of {', '.join(CLAIMS)}, got {item['claims']!r}")
        if "kind" in item and item["kind"] not in KINDS:
            problems.append(f"{where}: kind must be one of {', '.join(KINDS)}, got {item['kind']!r}")
        source = item.get("source")
        if "source" in item and not (
            isinstance(source, dict)
            and isinstance(source.get("title"), str)
            and source["title"].strip()
            and isinstance(source.get("url"), str)
            and re.match(r"^https?://\S+$", source["url"])
        ):
            problems.append(f"{where}: source needs a title and an http(s) url, got {source!r}")
        if "note" in item and not (isinstance(item["note"], str) and item["note"].strip()):
            problems.append(f"{where}: note, when given, must be a non-empty string")
        if isinstance(label, str) and isinstance(parties, list) and all(isinstance(p, str) for p in parties):
            key = (label, frozenset(parties))
            if key in seen:
                problems.append(f"{where}: duplicates item {seen[key]} (same label and parties)")
            seen.setdefault(key, n)
        if isinstance(label, str) and item.get("claims") in CLAIMS:
            # The grammar reads words only: the same words must claim the same rung everywhere.
            words = " ".join(label.lower().split())
            first = claims_of.setdefault(words, (item["claims"], n))
            if first[0] != item["claims"]:
                problems.append(
                    f"{where}: claims {item['claims']} but item {first[1]} with the same words claims {first[0]}"
                )
    return problems


def load() -> Any:
    return yaml.safe_load(CORPUS.read_text(encoding="utf-8"))


def test_corpus_is_whole_and_consistent():
    items = load()
    assert corpus_problems(items) == []
    assert len(items) >= MIN_ITEMS


def test_corpus_covers_every_kind_and_the_ladders_the_issue_names():
    items = load()
    assert {item["kind"] for item in items} == set(KINDS)
    assert {item["claims"] for item in items} >= set(CLAIMS) - {"none"}
    for code in ("CHN", "VNM", "IND", "EU", "ASEAN", "USA", "RUS", "AUS"):
        assert sum(code in item["parties"] for item in items) >= 10, code


def test_a_broken_copy_is_caught_item_by_item(tmp_path):
    items = load()
    broken = [dict(item) for item in items[:20]]
    del broken[0]["source"]
    broken[1]["claims"] = "strategic"
    broken[2]["kind"] = "decoration"
    broken[3]["source"] = {"title": "A page without an address"}
    broken[4]["parties"] = ["CHN"]
    broken[5]["parties"] = ["chn", "RUS"]
    broken[6]["year"] = "2014"
    broken[7]["sauce"] = "tomato"
    broken.append({**broken[8], "parties": list(reversed(broken[8]["parties"]))})
    broken.append({**broken[9], "parties": ["AAA", "BBB"], "claims": "alliance"})
    broken.append("just a string")
    path = tmp_path / "designations.yaml"
    path.write_text(yaml.safe_dump(broken, sort_keys=False), encoding="utf-8")

    problems = corpus_problems(yaml.safe_load(path.read_text(encoding="utf-8")))

    expected = [
        f"expected at least {MIN_ITEMS} designations, got 23",
        "item 0 (",
        "missing key 'source'",
        "item 1 (",
        "claims must be one of",
        "item 2 (",
        "kind must be one of",
        "item 3 (",
        "source needs a title and an http(s) url",
        "item 4 (",
        "parties must be two different upper-case codes, got ['CHN']",
        "parties must be two different upper-case codes, got ['chn', 'RUS']",
        "year must be an integer year, got '2014'",
        "item 7 (",
        "unknown key 'sauce'",
        "item 20 (",
        "duplicates item 8 (same label and parties)",
        "item 21 (",
        "with the same words claims",
        "item 22: expected a mapping",
    ]
    text = "\n".join(problems)
    for fragment in expected:
        assert fragment in text, (fragment, problems)
    assert len(problems) == 12, problems


def test_something_other_than_a_list_is_one_problem():
    assert corpus_problems({"label": "Strategic Partnership"}) == ["expected a list of designations, got dict"]
