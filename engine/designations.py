"""The grammar of official designations: which rung of the ladder a label's words claim.

A pack keeps its grammar as data (``designations:`` in pack.yaml): the words it
knows, each with one role (a head noun, a tier word, a modifier, a clause
introducer, ...), the effect that role has, and the source it rests on; and the
*rungs*, the combinations of tier words that claim a level. Nothing in it is a
regular expression.

Reading a label is linear in its length:

1. **Tokens.** Case is folded; ``&`` is ``and``; a comma and a colon are tokens
   of their own; every other run of punctuation, hyphens and spaces separates
   words. A label longer than ``MAX_LABEL_CHARS`` is refused before anything
   else is done.
2. **Phrases.** From left to right, the longest phrase the grammar knows
   (at most ``Grammar.longest`` words) is taken; a token no phrase starts with
   is a number (``2025``, ``21st``) or an unknown word.
3. **One walk** over the phrases: party names before the designation; then the
   designation itself, item by item (tier words and modifiers, then a noun,
   then a tier word that follows the head such as "of coordination"), with an
   optional container ("Treaty on ...", "... Agreement"); then clauses
   ("for a New Era", "between ..."), whose words are set aside.

The claim, in order:

* an unknown word, a sector word, or words out of place: **unrecognized**
  (never guessed), and the result names the word and the rule;
* a head that claims the alliance ("alliance", "allied relations"): **alliance**;
* in a binding container (treaty, pact, agreement), an object that names an
  obligation of mutual defence or assistance, or security: **alliance**;
* a ladder head ("partnership", "relationship"): the **rung** whose tier words
  are exactly those that qualify it; a combination no rung lists is unrecognized;
* a container takes the rung of the one ladder designation it names; none, or
  more than one, is unrecognized.

Every reading says which entry or rule decided it, in words.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any

from .schemas import missing_word

__all__ = [
    "GRAMMAR_RULES",
    "MAX_LABEL_CHARS",
    "Grammar",
    "Reading",
    "Rung",
    "WordEntry",
    "decides",
    "fold",
    "missing_value",
    "misspellings",
    "read",
    "tokenize",
]

#: Labels longer than this are refused (unrecognized): the longest real designation in
#: tests/data/designations.yaml has 141 characters, a treaty title with both parties' names.
MAX_LABEL_CHARS = 300

#: The roles a word can have, by the section of ``designations:`` that lists it.
ROLES = (
    "heads",
    "tiers",
    "modifiers",
    "objects",
    "containers",
    "sectors",
    "clauses",
    "decorations",
    "parties",
    "connectors",
)

#: what a label that is a word for a missing value ('NA') asks of the dataset: amity does not guess it means none
UNSTATED = (
    "if no label was declared, leave it unstated (an empty cell, or no declared_label), and the verdict is undeclared"
)

#: The rules of the walk itself (not entries of a pack), by id, in plain English.
GRAMMAR_RULES: dict[str, str] = {
    "grammar/undeclared": "no label was declared",
    "grammar/too-long": f"a label longer than {MAX_LABEL_CHARS} characters is not read",
    "grammar/empty": "the label has no words",
    "grammar/missing-value": f"a word for a missing value or for none ('NA', 'null', 'none') is not a label: {UNSTATED}",
    "grammar/unknown-words": "a label with words the grammar does not know is not placed",
    "grammar/sector-specific": "a sector word makes the designation sector-specific, not a rung of the ladder",
    "grammar/tier-order": "tier words come in the ladder's order (all-weather or all-round, comprehensive, strategic, cooperative), each once",
    "grammar/after-head": "only a tier word such as 'of coordination', 'and' or a clause may follow the head",
    "grammar/noun-after-noun": "a noun that follows another noun is what the label designates; the first one only qualifies it",
    "grammar/misplaced": "party names, numbers and clause words belong before the designation or in a clause",
    "grammar/no-head": "a designation needs a head noun (partnership, relationship, alliance) or a container",
    "grammar/several-designations": "a label that joins several designations without a container is not placed",
    "grammar/tiers-without-ladder-head": "tier words that qualify something other than a ladder head claim no rung",
    "grammar/no-rung": "no rung lists this combination of tier words",
    "grammar/head-needs-tier": "this head claims a rung only with the tier words it requires",
    "grammar/container-without-rung": "the container names no ladder designation and no alliance",
    "grammar/container-several-rungs": "the container names more than one ladder designation",
    "grammar/two-containers": "a label has at most one container",
}


def fold(text: str) -> str:
    """Text as a label is compared: compatibility forms as the letters they stand for (a fullwidth C as 'c',
    the ligature fi as 'fi': NFKC), then case folded."""
    return unicodedata.normalize("NFKC", text).casefold()


def tokenize(label: str) -> list[str]:
    """Words of a label (letters and digits of any script): case folded, '&' as 'and', ',' and ':' kept, other
    punctuation a separator; a number with a point ('2.0') is one word, as written, so that what is said of it
    quotes it whole."""
    return [word for word, _, _ in _tokens(label)]


def _tokens(label: str) -> list[tuple[str, int, int]]:
    """``tokenize``'s words, each with where the label writes it (``label[start:end]``: 'Council' for
    'council', '&' for 'and'), for what is said of a reading to quote the label, not its folded words."""
    tokens: list[tuple[str, int, int]] = []
    # each folded character with the index of the label's character it comes from ('ß' folds to 'ss')
    # (``fold``: a fullwidth letter as the letter, as ``pack.normalize_label`` reads it)
    folded = [(f, j) for j, ch in enumerate(label) for f in fold(ch)]
    text = "".join(f for f, _ in folded)
    word: list[str] = []
    start = 0

    def end(i: int) -> None:
        tokens.append(("".join(word), start, folded[i - 1][1] + 1))
        word.clear()

    for i, ch in enumerate(text):
        # a letter or digit of any script (and an accent that combines with one) is part of a word: a word the
        # grammar does not list is then unknown, never dropped as if it were punctuation
        if ch.isalnum() or (word and unicodedata.category(ch).startswith("M")):
            if not word:
                start = folded[i][1]
            word.append(ch)
            continue
        if ch == "." and word and "".join(word).replace(".", "").isdigit() and text[i + 1 : i + 2].isdigit():
            word.append(ch)
            continue
        if word:
            end(i)
        if ch == "&":
            tokens.append(("and", folded[i][1], folded[i][1] + 1))
        elif ch in ",:":
            tokens.append((ch, folded[i][1], folded[i][1] + 1))
    if word:
        end(len(text))
    return tokens


def _is_number(token: str) -> bool:
    """2025, 21st, 2nd, 3rd, 4th, 2.0."""
    digits = token.rstrip("stndrh")
    whole = digits.replace(".", "")  # tokenize keeps a point only between digits
    return whole.isascii() and whole.isdigit() and token[len(digits) :] in ("", "st", "nd", "rd", "th")


@dataclass(frozen=True)
class WordEntry:
    """Words with one role in the grammar, the effect that role has, and its source."""

    id: str
    role: str  # one of ROLES
    words: tuple[str, ...]  # as written in the pack
    effect: str
    source: Any = None  # pack.Source
    claims: str | None = None  # heads: ladder | alliance | none; objects: alliance | none; containers: object | none
    mark: str | None = None  # tiers: what the word adds to the combination (None: nothing)
    slot: int | None = None  # tiers before the head: their order
    after_head: bool = False  # tiers such as "of coordination"
    requires: tuple[str, ...] = ()  # heads: marks it needs
    binding: bool = False  # containers: a treaty, pact or agreement binds
    link: bool = False  # clauses: links a leading container to what it is on ("Treaty on ...")
    pack: str = ""

    @cached_property
    def phrases(self) -> tuple[tuple[str, ...], ...]:
        return tuple(tuple(tokenize(w)) for w in self.words)


@dataclass(frozen=True)
class Rung:
    """A combination of tier marks on a ladder head, and the level it claims."""

    id: str
    marks: frozenset[str]
    level: str
    effect: str
    source: Any = None
    pack: str = ""


@dataclass(frozen=True, eq=False)
class Grammar:
    entries: tuple[WordEntry, ...] = ()
    rungs: tuple[Rung, ...] = ()

    @cached_property
    def phrases(self) -> dict[tuple[str, ...], WordEntry]:
        return {p: e for e in self.entries for p in e.phrases if p}

    @cached_property
    def words(self) -> tuple[str, ...]:
        """Every word of the grammar's phrases (folded, letters only: 'strategic', 'coordination'), which an
        unknown word of a label may misspell."""
        return tuple(sorted({w for p in self.phrases for w in p if w.isalpha()}))

    @cached_property
    def word_set(self) -> frozenset[str]:
        return frozenset(self.words)

    def meant(self, word: str) -> str | None:
        """The word of the grammar an unknown WORD of a label most likely misspells ('Stratgic': 'Strategic'),
        written in WORD's case, or None.

        Only a close likeness counts (a letter or two dropped, doubled or swapped), between words of about the
        same length and of four letters or more: a word the grammar lacks ('Transatlantic', 'Model') is more
        often a real word than a slip, and a loose likeness ('Model': 'more') would mislead.
        """
        low = fold(word)
        if len(low) < 4 or not low.isalpha() or low in self.word_set:
            return None  # a word the grammar has only in a phrase ('relations' of 'allied relations') is no slip
        near = [w for w in self.words if len(w) >= 4 and abs(len(w) - len(low)) <= max(1, len(low) // 5)]
        import difflib  # here: only a word the grammar lacks needs it (``errors.did_you_mean``)

        close = difflib.get_close_matches(low, near, n=1, cutoff=MEANT_LIKENESS)
        if not close:
            return None
        known = close[0]
        if word.isupper() and len(word) > 1:
            return known.upper()
        return known.capitalize() if word[:1].isupper() else known

    @cached_property
    def longest(self) -> int:
        return max((len(p) for p in self.phrases), default=1)

    @cached_property
    def by_marks(self) -> dict[frozenset[str], Rung]:
        return {r.marks: r for r in self.rungs}

    def entry(self, entry_id: str) -> WordEntry | Rung:
        found: list[WordEntry | Rung] = [e for e in self.entries if e.id == entry_id]
        found += [r for r in self.rungs if r.id == entry_id]
        if not found:
            raise KeyError(entry_id)
        return found[0]


def decides(unit: WordEntry | Rung) -> bool:
    """Whether a reading can name this rung or entry as what decided it (``Reading.decided_by``).

    Rungs decide the ladder; heads that claim the alliance or nothing, objects,
    sector words and containers that claim nothing decide too. Ladder heads,
    tier words, modifiers, clauses and the rest only take part in a reading.
    """
    if isinstance(unit, Rung):
        return True
    if unit.role in ("sectors", "objects"):
        return True
    if unit.role == "heads":
        return unit.claims in ("alliance", "none")
    return unit.role == "containers" and unit.claims == "none"


@dataclass(frozen=True)
class Phrase:
    text: str  # its words, case folded: what the grammar reads
    entry: WordEntry | None  # None: a number or an unknown word
    number: bool = False
    written: str = ""  # as the label writes it: what is said of it quotes ('Council', 'All-Weather')

    @property
    def shown(self) -> str:
        return self.written or self.text


@dataclass
class _Item:
    """One designation inside a label: tier words and modifiers, a noun, a tier word after it."""

    tiers: list[Phrase] = field(default_factory=list)
    modifiers: list[Phrase] = field(default_factory=list)
    noun: Phrase | None = None
    qualifier: Phrase | None = None  # a noun the noun follows ("Strategic Partnership Council")
    post: Phrase | None = None
    words: list[Phrase] = field(default_factory=list)  # all of the above, in the label's order

    @property
    def empty(self) -> bool:
        return not (self.tiers or self.modifiers or self.noun)

    @property
    def text(self) -> str:
        words = self.words
        while words and words[-1].entry is not None and words[-1].entry.role == "connectors":
            words = words[:-1]  # a connector that joined nothing after it
        return _quote(words)


@dataclass(frozen=True)
class Reading:
    """What the grammar makes of a label: the level its words claim (None: unrecognized), and why."""

    level: str | None
    decided_by: str  # the id of the rung, entry or grammar rule that decided it
    explanation: str
    source: Any = None
    steps: int = 0  # phrase look-ups and walk steps: linear in the label's length
    set_aside: tuple[str, ...] = ()  # decorations that did not change the tier, with their effect
    #: the words the grammar does not know, as written, that refused the label (grammar/unknown-words)
    unknown_words: tuple[str, ...] = ()
    #: of those, each one that likely misspells a word of the grammar, with that word ('Stratgic', 'Strategic')
    misspelt: tuple[tuple[str, str], ...] = ()


#: how alike (difflib's ratio) an unknown word and a word of the grammar must be for the one to be taken
#: for a slip of the other: 'Stratgic' and 'strategic' are 0.94 alike, 'Allaince' and 'alliance' 0.88
MEANT_LIKENESS = 0.8


def misspellings(misspelt: Iterable[tuple[str, str]]) -> str:
    """'did you mean 'Strategic'?' for one word, "'Stratgic': did you mean 'Strategic'?; ..." for several."""
    pairs = list(misspelt)
    if len(pairs) == 1:
        return f"did you mean '{pairs[0][1]}'?"
    return "; ".join(f"'{word}': did you mean '{known}'?" for word, known in pairs)


class _Walk:
    def __init__(self, grammar: Grammar) -> None:
        self.g = grammar
        self.steps = 0
        self.unknown: list[tuple[str, bool]] = []  # (word, in a clause)
        self.sectors: list[tuple[Phrase, bool]] = []
        self.problems: list[tuple[str, str]] = []  # (rule id, what happened)
        self.set_aside: list[str] = []

    def phrases(self, label: str) -> list[Phrase]:
        found = _tokens(label)
        tokens = [word for word, _, _ in found]
        out: list[Phrase] = []
        i, n, longest, known = 0, len(tokens), self.g.longest, self.g.phrases
        while i < n:
            for k in range(min(longest, n - i), 0, -1):
                self.steps += 1
                entry = known.get(tuple(tokens[i : i + k]))
                if entry is not None:
                    written = label[found[i][1] : found[i + k - 1][2]]  # 'All-Weather' of 'all weather'
                    out.append(Phrase(" ".join(tokens[i : i + k]), entry, written=written))
                    i += k
                    break
            else:
                token, start, stop = found[i]
                out.append(Phrase(token, None, number=_is_number(token), written=label[start:stop]))
                i += 1
        return out

    def problem(self, rule: str, what: str) -> None:
        self.problems.append((rule, what))

    def aside(self, phrase: Phrase) -> None:
        e = phrase.entry
        if e is not None and e.role in ("modifiers", "tiers", "clauses"):
            self.set_aside.append(f"'{phrase.shown}' ({e.effect})")

    def walk(self, phrases: list[Phrase]) -> tuple[list[_Item], Phrase | None]:
        mode = "prefix"
        items: list[_Item] = []
        cur = _Item()
        container: Phrase | None = None
        leading = linked = False
        clause: list[str] = []
        clause_entry: WordEntry | None = None
        misplaced: list[tuple[int, Phrase, _Item, int]] = []  # (problem's index, phrase, its designation, words)
        for ph in phrases:
            self.steps += 1
            e = ph.entry
            if e is None and not ph.number:
                self.unknown.append((ph.shown, mode == "clause"))
                continue
            if e is not None and e.role == "sectors":
                self.sectors.append((ph, mode == "clause"))
                continue
            if mode == "clause":
                clause.append(ph.shown)
                continue
            if mode == "prefix":
                if ph.number or (e is not None and (e.role == "parties" or ph.text in ("the", "a"))):
                    continue
                mode = "main"
            assert e is not None or ph.number
            role = e.role if e is not None else "number"
            if role == "clauses":
                assert e is not None
                if container is not None and leading and not linked and not items and cur.empty and e.link:
                    linked = True
                    continue
                if cur.noun is None and container is None:
                    self.problem("grammar/no-head", f"the clause '{ph.shown} …' qualifies nothing before it")
                if not cur.empty:
                    items.append(cur)
                    cur = _Item()
                mode = "clause"
                clause = [ph.shown]
                clause_entry = e
                continue
            if role == "connectors":
                if ph.text in ("and", ",") and cur.noun is not None:
                    items.append(cur)
                    cur = _Item()
                elif not cur.empty:  # joins words of one designation: quoted with them, as written
                    cur.words.append(ph)
                continue
            if role == "modifiers":
                if cur.noun is not None:
                    self.problem("grammar/after-head", f"'{ph.shown}' follows the head '{cur.noun.shown}'")
                else:
                    cur.modifiers.append(ph)
                    cur.words.append(ph)
                    self.aside(ph)
                continue
            if role == "tiers":
                assert e is not None
                self._tier(cur, ph, e)
                continue
            if role in ("heads", "objects"):
                if cur.noun is not None:
                    if cur.post is not None or cur.qualifier is not None:
                        self.problem("grammar/after-head", f"'{ph.shown}' follows '{cur.noun.shown}'")
                    cur.qualifier = cur.noun
                cur.noun = ph
                cur.words.append(ph)
                continue
            if role == "containers":
                if container is not None:
                    self.problem("grammar/two-containers", f"'{container.shown}' and '{ph.shown}'")
                    continue
                leading = not items and cur.empty
                if not cur.empty:
                    items.append(cur)
                    cur = _Item()
                container = ph
                continue
            # parties, numbers, decorations: only before the designation or in a clause; whether the phrase
            # comes after the designation or stands inside it is known once the walk has seen what follows
            misplaced.append((len(self.problems), ph, cur, len(cur.words)))
            self.problem("grammar/misplaced", "")
        for at, ph, item, seen in misplaced:
            where = "stands inside" if len(item.words) > seen else "comes after"
            self.problems[at] = ("grammar/misplaced", f"'{ph.shown}' {where} the designation")
        if not cur.empty:
            items.append(cur)
        if clause_entry is not None:
            text = " ".join(clause).replace(" ,", ",").replace(" :", ":")
            self.set_aside.append(f"'{text}' ({clause_entry.effect})")
        return items, container

    def _tier(self, cur: _Item, ph: Phrase, e: WordEntry) -> None:
        if e.after_head:
            if cur.noun is None or cur.post is not None:
                self.problem("grammar/tier-order", f"'{ph.shown}' must follow a head, once")
            else:
                cur.post = ph
                cur.words.append(ph)
            return
        if cur.noun is not None:
            self.problem("grammar/after-head", f"the tier word '{ph.shown}' follows the head '{cur.noun.shown}'")
            return
        for before in cur.tiers:
            b = before.entry
            assert b is not None
            if b is e or (b.slot or 0) > (e.slot or 0) or (b.mark is not None and b.mark == e.mark):
                self.problem("grammar/tier-order", f"'{before.shown}' before '{ph.shown}'")
                return
        cur.tiers.append(ph)
        cur.words.append(ph)


def _quote(phrases: Iterable[Phrase]) -> str:
    return " ".join(p.shown for p in phrases).replace(" ,", ",")


def read(grammar: Grammar, label: str) -> Reading:
    """The level a label's words claim, by the pack's grammar; None when it cannot place them."""
    if len(label) > MAX_LABEL_CHARS:
        return Reading(
            None, "grammar/too-long", f"the label has {len(label):,} characters; {GRAMMAR_RULES['grammar/too-long']}"
        )
    w = _Walk(grammar)
    phrases = w.phrases(label)
    if not phrases:  # '-' and '?' too: no words at all (grammar/empty, as analysts have filtered them)
        return Reading(None, "grammar/empty", GRAMMAR_RULES["grammar/empty"])
    said = missing_value(label)
    if said is not None:  # not words the grammar lacks: adding 'NA' to it would be the wrong fix
        return Reading(None, "grammar/missing-value", said)
    items, container = w.walk(phrases)
    reading = _decide(w, items, container)
    if reading.level is None:  # not one designation: perhaps several, joined as a list's items are
        joined = _joined_designations(grammar, label)
        if joined is not None:
            return joined
    return Reading(
        reading.level,
        reading.decided_by,
        reading.explanation,
        reading.source,
        w.steps,
        tuple(w.set_aside) if reading.level is not None else (),
        reading.unknown_words,
        reading.misspelt,
    )


def missing_value(label: str) -> str | None:
    """Why a label that is a word data exports write for a missing value or for none ('NA', 'null', 'none') is
    not one (``grammar/missing-value``); None for any other label."""
    if not missing_word(label):
        return None
    return f"'{label.strip()}' reads as a word for a missing value or for none, not a label: {UNSTATED}"


#: what joins the items of a list (a CSV cell's ';', a '|'), which no designation holds
_LIST_JOINS = re.compile(r"\s*[;|]\s*")


def _joined_designations(grammar: Grammar, label: str) -> Reading | None:
    """A label of several designations joined as a list's items are ('Strategic Partnership;Comprehensive
    Strategic Partnership', a label's history in one cell), each of which the grammar places: refused as several
    designations, each named, as 'A, B' is; None for any other label."""
    parts = _LIST_JOINS.split(label.strip())
    if len(parts) < 2 or not all(parts) or any(read(grammar, part).level is None for part in parts):
        return None
    named = " and ".join(f"'{part}'" for part in parts)
    return _refuse("grammar/several-designations", f"{named}, joined as the items of a list are")


def _refuse(rule: str, what: str, source: Any = None) -> Reading:
    return Reading(None, rule, f"{what}: {GRAMMAR_RULES[rule]}" if rule in GRAMMAR_RULES else what, source)


def _decide(w: _Walk, items: list[_Item], container: Phrase | None) -> Reading:
    """Words the grammar cannot read refuse the label; so do sector words, then the structure.

    Sector or unknown words in the designation itself decide first; in a clause
    they decide only if the designation would otherwise be placed, so that a
    label whose head claims no rung says so.
    """
    for in_clause in (False, True):
        sectors = [s for s, c in w.sectors if c == in_clause]
        if sectors:
            s = sectors[0]
            assert s.entry is not None
            return Reading(None, s.entry.id, f"'{s.shown}' {s.entry.effect}", s.entry.source)
        unknown = tuple(dict.fromkeys(u for u, c in w.unknown if c == in_clause))
        if unknown:
            words = ", ".join(f"'{u}'" for u in unknown)
            misspelt = tuple((u, known) for u in unknown if (known := w.g.meant(u)) is not None)
            if misspelt:  # a slip of a word the grammar knows: the label to correct, not the grammar
                words += f" ({misspellings(misspelt)})"
            refused = _refuse("grammar/unknown-words", f"unknown words {words}")
            return replace(refused, unknown_words=unknown, misspelt=misspelt)
        if not in_clause:
            if w.problems:
                rule, what = w.problems[0]
                return _refuse(rule, what)
            placed = _structure(w, items, container)
            if placed.level is None:
                return placed
    return placed


def _structure(w: _Walk, items: list[_Item], container: Phrase | None) -> Reading:
    if container is None:
        if not items:
            return _refuse("grammar/no-head", "nothing is designated")
        if len(items) > 1:
            return _refuse("grammar/several-designations", " and ".join(f"'{i.text}'" for i in items))
        return _item(w, items[0], standalone=True)
    c = container.entry
    assert c is not None
    if c.claims == "none":
        return Reading(None, c.id, f"'{container.shown}' {c.effect}", c.source)
    alliance: Reading | None = None
    ladder: list[Reading] = []
    for item in items:
        r = _item(w, item, standalone=False, binding=c.binding)
        if r.decided_by.startswith("grammar/"):
            return r
        if r.level == "alliance" and alliance is None:
            alliance = r
        elif r.level is not None and r.level != "alliance":
            ladder.append(r)
    if alliance is not None:
        return Reading(
            "alliance", alliance.decided_by, f"the {container.text} is one of {alliance.explanation}", alliance.source
        )
    if len(ladder) == 1:
        r = ladder[0]
        return Reading(r.level, r.decided_by, f"the {container.text} is on {r.explanation}", r.source)
    if not ladder:
        nouns = [i.noun for i in items if i.noun is not None]
        if len(items) == 1 and nouns and nouns[0].entry is not None and nouns[0].entry.claims == "none":
            o = nouns[0].entry
            return Reading(None, o.id, f"the {container.text} is on '{nouns[0].shown}', which {o.effect}", o.source)
        named = ", ".join(f"'{n.shown}'" for n in nouns) or "nothing"
        binding = "" if c.binding else " (and it is no treaty, so a defence object claims no alliance)"
        return _refuse("grammar/container-without-rung", f"the {container.text} names {named}{binding}")
    return _refuse("grammar/container-several-rungs", f"the {container.text} names {len(ladder)}")


def _item(w: _Walk, item: _Item, *, standalone: bool, binding: bool = False) -> Reading:
    """What one designation claims; in a container (``standalone`` False) an object may claim the alliance."""
    noun = item.noun
    tiers = [*item.tiers, *((item.post,) if item.post else ())]
    if noun is None:
        if tiers:
            return _refuse("grammar/tiers-without-ladder-head", f"'{_quote(tiers)}' qualifies no head")
        return _refuse("grammar/no-head", "nothing is designated")
    e = noun.entry
    assert e is not None
    if item.qualifier is not None and e.claims != "none":
        return _refuse("grammar/noun-after-noun", f"'{item.qualifier.shown}' before '{noun.shown}'")
    if e.role == "objects":
        if tiers:
            return _refuse("grammar/tiers-without-ladder-head", f"'{_quote(tiers)}' qualifies '{noun.shown}'")
        if standalone:
            return _refuse("grammar/no-head", f"'{noun.shown}' is not a designation")
        if e.claims == "alliance" and binding:
            return Reading("alliance", e.id, f"'{noun.shown}': {e.effect}", e.source)
        return Reading(None, e.id, f"'{noun.shown}': {e.effect}", e.source)
    # a head
    if e.claims == "alliance":
        for t in tiers:
            w.set_aside.append(f"'{t.shown}' (the head 'alliance' decides; tier words do not)")
        return Reading("alliance", e.id, f"'{noun.shown}': {e.effect}", e.source)
    if e.claims == "none":
        return Reading(None, e.id, f"'{noun.shown}' {e.effect}", e.source)
    marks = frozenset(t.entry.mark for t in tiers if t.entry is not None and t.entry.mark)
    missing = [m for m in e.requires if m not in marks]
    if missing:
        return _refuse("grammar/head-needs-tier", f"'{noun.shown}' needs {', '.join(missing)}", e.source)
    rung = w.g.by_marks.get(marks)
    if rung is None:
        return _refuse("grammar/no-rung", f"'{_quote(tiers) or 'no tier word'}' on '{noun.shown}'")
    for t in tiers:
        if t.entry is not None and not t.entry.mark:
            w.aside(t)
    return Reading(rung.level, rung.id, f"'{item.text}' {rung.effect}", rung.source)
