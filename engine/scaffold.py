"""A new rule pack, ready to edit: ``amity pack new NAME [--extends core] [DIR]``.

The folder holds ``pack.yaml`` (one example rule and one lexicon entry),
``tests.yaml`` (a case per example rule, exercising the lexicon entry too), a
relationship profile to assess (``profiles/example.yaml``: a profile, not a
quiz scenario, which ``amity quiz`` reads), a README whose commands run as
written from the pack's folder, and editor support that works outside amity's
repository: the JSON schemas copied into ``schemas/``, each YAML file naming
its schema on its first line (the YAML language server's modeline), and
``.vscode/settings.json`` mapping ``pack.yaml``, ``tests.yaml`` and the
profiles to the schemas for VS Code's YAML extension.
The scaffold lints without errors and its cases pass with full coverage; its
one warning is the placeholder citation it writes for the author to replace
(``PLACEHOLDER_CITATIONS``, which lint reports as AP202).
"""

from __future__ import annotations

import errno
import json
import re
import shlex
from dataclasses import dataclass
from pathlib import Path

from .errors import Location, Problem, UsageError
from .pack import bundled_packs, find_pack, is_explicit_path, load_pack
from .vocabulary import SCHEMA_DIR, schema_names

__all__ = ["PLACEHOLDER_CITATIONS", "PROFILE", "Scaffold", "new_pack"]

#: The citations the scaffold writes for its author to replace: lint flags each (AP202) until they are.
PLACEHOLDER_CITATIONS = ("Replace with the joint statement that announced the designation (parties, year).",)

NAME = re.compile(r"[a-z][a-z0-9-]*")

#: The relationship profile the scaffold writes for its README's commands to assess.
PROFILE = "profiles/example.yaml"


@dataclass(frozen=True, slots=True)
class Scaffold:
    """What ``new_pack`` wrote."""

    directory: Path
    files: tuple[Path, ...]

    @property
    def spec(self) -> str:
        """How to name the new pack on the command line so that it means this folder, not a bundled pack.

        A bare name that is a bundled pack's (``amity pack new x china-ladder``) means the bundled
        pack (``find_pack``); ``./china-ladder`` means the folder.
        """
        text = str(self.directory)
        if not is_explicit_path(text) and text in bundled_packs():
            text = f"./{text}"
        return shlex.quote(text)


def new_pack(name: str, directory: str | Path | None = None, *, extends: str | None = "core") -> Scaffold:
    """Write a new pack folder (``directory``, by default ``./NAME``); UsageError if it exists and is not empty."""
    if not NAME.fullmatch(name):
        fitting = re.sub(r"[^a-z0-9-]+", "-", name.lower()).strip("-")
        if not NAME.fullmatch(fitting):
            fitting = "my-pack"
        elif fitting in bundled_packs():  # a name it would refuse next
            fitting = f"my-{fitting}"
        raise UsageError(
            Problem(
                f"'{name}' is not a pack name: use lower case letters, digits and dashes, starting with a letter",
                suggestion=f"e.g. '{fitting}'",
            )
        )
    if name in bundled_packs():
        raise UsageError(
            Problem(
                f"'{name}' is the name of a bundled pack: the name '{name}', wherever a pack is named, would still "
                "mean the bundled one, and a pack that extends it cannot share its name",
                suggestion=f"choose a name of your own, e.g. 'my-{name}'",
            )
        )
    target = Path(directory) if directory is not None else Path(name)
    try:
        taken = target.exists() and (not target.is_dir() or any(target.iterdir()))
    except OSError as exc:  # a name too long for the file system, a folder that cannot be read
        raise _cannot_write(target, exc) from None
    if taken:
        raise UsageError(
            Problem(f"'{target}' already exists and is not empty", Location(str(target)), "choose a new folder")
        )
    base = None
    if extends:
        base = load_pack(find_pack(extends))  # an unknown or broken base is reported now, not at first use
        if name in base.lineage:
            raise UsageError(
                Problem(
                    f"'{name}' is the name of a pack it would extend ({', '.join(base.lineage)}): its own rules "
                    "could not be told from those it inherits",
                    suggestion=f"choose a name of your own, e.g. 'my-{name}'",
                )
            )
    files = {
        "pack.yaml": _pack_yaml(name, extends, base is not None and "seed" in base.sources),
        "tests.yaml": _tests_yaml(name, extends),
        PROFILE: _profile(),
        "README.md": _readme(name, extends),
        ".vscode/settings.json": json.dumps(_vscode_settings(), indent=2) + "\n",
    }
    for schema in schema_names():
        files[f"schemas/{schema}.schema.json"] = (SCHEMA_DIR / f"{schema}.schema.json").read_text(encoding="utf-8")
    written: list[Path] = []
    for rel, text in files.items():
        path = target / rel
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise _cannot_write(path, exc, written) from None
        written.append(path)
    return Scaffold(target, tuple(written))


def _cannot_write(path: Path, exc: OSError, written: list[Path] | None = None) -> UsageError:
    """The problem of a pack folder that cannot be written, said with what was written before."""
    hint = {
        errno.ENAMETOOLONG: "choose a shorter name",
        errno.EACCES: "choose a folder you can write in",
        errno.EROFS: "choose a folder you can write in",
        errno.ENOSPC: "free some space, or choose another disk",
    }.get(exc.errno or 0, "choose another folder")
    done = f" ({len(written)} of its files were written: remove them)" if written else ""
    shown = str(path) if len(str(path)) <= 63 else str(path)[:60] + "..."
    return UsageError(Problem(f"cannot write the new pack here: {exc.strerror or exc}{done}", Location(shown), hint))


def refresh_commands() -> list[tuple[str, str]]:
    """The command that rewrites each schema the scaffold copies into ``schemas/``, with what the schema is
    of: the scaffold's README lists them all, from the list the scaffold copies."""
    return [
        (
            f"amity schema {schema} > schemas/{schema}.schema.json",
            str(json.loads((SCHEMA_DIR / f"{schema}.schema.json").read_text(encoding="utf-8")).get("title", schema)),
        )
        for schema in schema_names()
    ]


def _vscode_settings() -> dict[str, object]:
    return {
        "yaml.schemas": {
            "./schemas/pack.schema.json": ["pack.yaml", "**/pack.yaml"],
            "./schemas/packtest.schema.json": ["tests.yaml", "**/tests.yaml"],
            "./schemas/relationship.schema.json": ["profiles/*.yaml"],
        }
    }


def _rule_id(name: str) -> str:
    return f"{name}-threat-in-conflict"


def _pack_yaml(name: str, extends: str | None, has_seed: bool) -> str:
    head = f"""# yaml-language-server: $schema=schemas/pack.schema.json
#
# The {name} pack. Edit the example rule and lexicon entry, add your own, and
# keep tests.yaml in step: `amity pack lint .`, `amity test . --coverage`.
pack: {name}
version: 0.1.0
description: >-
  What this pack encodes, and for whom (a course, a country's ladder of
  designations, a historical period).
"""
    if extends:
        head += f"extends: {extends}\n"
    if has_seed:
        source = """    source:
      ref: seed
      section: Why States Choose Partnerships Over Alliances
      quote: "1. Risk management Alliances can drag states into unwanted conflicts (entrapment)."
"""
    else:
        source = """    source:
      citation: "The seed text, 'Why States Choose Partnerships Over Alliances', 1. Risk management."
"""
    rule = f"""
rules:
  # An example rule: replace it with your own. Every rule says what it concludes
  # (description), why (rationale), and what it rests on (source).
  - id: {_rule_id(name)}
    description: Cooperation aimed at a named threat, with a partner already in a conflict, is a high risk of entrapment.
    rationale: >-
      A relationship directed against a named adversary makes the partner's
      conflicts a party's own; when the partner is in one, the pull is
      immediate, with or without a treaty.
{source}    when:
      all:
        - third_party_orientation: named_threat
        - partner_in_conflict: true
    then:
      - risk: entrapment
        rating: high
        reason: The cooperation is aimed at a named threat and the partner is already in a conflict.
"""
    if not extends:
        rule += """
  - id: framework
    description: Any framing instrument makes the relationship at least a partnership.
    rationale: Every level of the hierarchy rests on an instrument; any of the four frames a partnership.
    source:
      citation: "The seed text, 'The Hierarchy of Partnerships'."
    when:
      legal_basis: {in: [ratified_treaty, signed_treaty, joint_statement, memorandum]}
    then:
      - level: partnership
"""
    lexicon = f"""
lexicon:
  # An example designation: replace it with the ones your course reads.
  - id: {name}-example-designation
    level: strategic_partnership
    exact: Example Strategic Partnership
    source:
      citation: "{PLACEHOLDER_CITATIONS[0]}"
"""
    if extends:  # how to switch one of its rules off, and say why (a disable without a rationale is AP201)
        lexicon += f"""
# To switch off one of the {extends} pack's rules, name it and say why your course
# does not draw its conclusion (pack doc and pack diff show the rationale):
# disable:
#   - id: a-rule-of-{extends}
#     rationale: Why the course leaves this conclusion out.
"""
    return head + rule + lexicon


def _tests_yaml(name: str, extends: str | None) -> str:
    level = "" if extends else "\n      level: partnership"
    legal = "joint_statement" if extends else "memorandum"
    return f"""# yaml-language-server: $schema=schemas/packtest.schema.json
#
# Test cases of the {name} pack: facts in, expected conclusions out. One case per
# rule at least: `amity test . --coverage --fail-under 100` checks that every rule
# fires and every lexicon entry places a label, and writes a case for any none does.
pack: {name}
cases:
  - name: threat-in-conflict
    description: Cooperation against a named threat, with the partner at war, makes entrapment high.
    facts:
      parties: [AAA, BBB]
      legal_basis: {legal}
      third_party_orientation: named_threat
      partner_in_conflict: true
      declared_label: Example Strategic Partnership
    expect:
      risks: {{entrapment: high}}
      fired: [{_rule_id(name)}]
      declared_level: strategic_partnership{level}
"""


def _profile() -> str:
    return f"""# yaml-language-server: $schema=../schemas/relationship.schema.json
#
# A relationship profile to assess with the pack, from the pack's folder:
#   amity assess {PROFILE} --pack .
id: example
parties: [AAA, BBB]
legal_basis: joint_statement
defense_commitment: consultation
third_party_orientation: named_threat
partner_in_conflict: true
sectors: [trade, energy, defense]
summits: annual
time_horizon: long_term
declared_label: Example Strategic Partnership
"""


def _readme(name: str, extends: str | None) -> str:
    base = (
        f" It extends the `{extends}` pack: it inherits its rules and lexicon, and may override (`override: true`) or `disable` them."
        if extends
        else ""
    )
    commands = [
        ("amity pack lint .", "every problem, located, with a fix"),
        ("amity test . --coverage --fail-under 100", "the cases, and what they leave untested"),
        (f"amity assess {PROFILE} --pack .", ""),
        (f"amity pack doc . -o {name}.html", "a page for students and colleagues"),
        *(
            [(f"amity pack diff {extends} . --on {PROFILE}", "what the pack changes on these profiles")]
            if extends
            else []
        ),
    ]
    width = max(len(command) for command, _ in commands) + 3  # the comments in one column, whatever the names
    block = "".join(f"{command:<{width}}# {comment}\n" if comment else f"{command}\n" for command, comment in commands)
    refresh = refresh_commands()
    width = max(len(command) for command, _ in refresh) + 3
    refresh_block = "".join(f"{command:<{width}}# {title[:1].lower()}{title[1:]}\n" for command, title in refresh)
    return f"""# {name}

A rule pack for [amity](https://pypi.org/project/amity/).{base}

| file | what it holds |
|---|---|
| `pack.yaml` | the rules and the lexicon of designations |
| `tests.yaml` | test cases: facts in, expected conclusions out |
| `profiles/` | relationship profiles to assess with the pack (facts, as `amity assess` reads them) |
| `schemas/` | the JSON schemas of amity's files: your editor checks the pack, its tests and the profiles against them |
| `.vscode/settings.json` | maps the files to the schemas for VS Code's YAML extension |

From this folder:

```sh
{block}```

`--on` takes any dataset too (CSV, JSON Lines, YAML or JSON: a list of profiles). A quiz
scenario (`amity quiz`) is another kind of file: a profile with questions and expected answers
(`amity schema scenario`).

Editors: with VS Code's YAML extension (or any editor that uses the YAML language server) the
files are checked as you type, from the schemas in `schemas/`; no network is needed. After
upgrading amity, refresh each of them, from this folder:

```sh
{refresh_block}```
"""
