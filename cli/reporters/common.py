"""What the text and markdown reporters share: names, values, and the derivation tree."""

from __future__ import annotations

from typing import Any

LEVEL_NAMES = {
    "none": "none (no framework)",
    "partnership": "partnership",
    "strategic_partnership": "strategic partnership",
    "comprehensive_strategic_partnership": "comprehensive strategic partnership",
    "comprehensive_strategic_partnership_of_coordination": "comprehensive strategic partnership of coordination",
    "alliance": "alliance",
}


def show(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(show(v) for v in value) + "]" if value else "[]"
    if value is None:
        return "unknown"
    return str(value)


def title(a: dict[str, Any]) -> str:
    name = "–".join(a["parties"])
    extra = []
    if a.get("id"):
        extra.append(a["id"])
    if a.get("as_of"):
        extra.append(f"as of {a['as_of']}")
    return name + (f" ({', '.join(extra)})" if extra else "")


def either(values: list[Any], name: dict[str, str] | None = None) -> str:
    shown = [name.get(v, v) if name else show(v) for v in values]
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " or " + shown[-1]


def targets(a: dict[str, Any]) -> list[tuple[str, list[int]]]:
    """The conclusions worth explaining, each with the steps that establish it."""
    out: list[tuple[str, list[int]]] = []
    level = a["level"]
    if level is not None:
        out.append((f"level: {LEVEL_NAMES[level]}", a["level_because"]))
    elif a["level_because"]:
        out.append(("level at least: " + LEVEL_NAMES[a["possible_levels"][0]], a["level_because"]))
    for risk, r in a["risks"].items():
        rating = r["rating"]
        steps = [x["step"] for x in r["reasons"] if rating is None or x["rating"] == rating]
        if steps:
            head = f"{risk} risk: {rating}" if rating else f"{risk} risk at least: {r['possible_ratings'][0]}"
            out.append((head, steps))
    if a["hedging"]:
        out.append(("hedging", a["hedging_detail"]["because"]))
    if level is None:  # what is established toward the levels still open
        shown = {n for _, steps in out for n in steps}
        for p in a["pending_levels"]:
            if p["would_conclude"] not in a["possible_levels"]:
                continue
            for finding in p["established"]:
                steps = a["findings"][finding][:1]
                if not shown.issuperset(steps):
                    shown.update(steps)
                    out.append((f"established toward {LEVEL_NAMES[p['would_conclude']]}: finding {finding}", steps))
    return out


def tree(a: dict[str, Any], steps: list[int]) -> list[tuple[int, str]]:
    """(depth, line) pairs: each step, then what it matched, down to the input facts."""
    by_number = {s["step"]: s for s in a["trace"]}
    lines: list[tuple[int, str]] = []

    def visit(number: int, depth: int, seen: frozenset[int]) -> None:
        step = by_number[number]
        lines.append((depth, f"{step['rule']} (step {number}): {step['description']}"))
        if number in seen:
            return
        seen = seen | {number}
        for fact, value in step["matched"]["facts"].items():
            lines.append((depth + 1, f"{fact} = {show(value)}"))
        for f in step["matched"]["findings"]:
            lines.append((depth + 1, f"finding {f['finding']}"))
            visit(f["step"], depth + 2, seen)
        for name in step["matched"]["absent"]:
            lines.append((depth + 1, f"no finding {name}"))

    for number in steps:
        visit(number, 0, frozenset())
    return lines
