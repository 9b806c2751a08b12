"""Estimate each journal-club segment's minutes from the pack itself, and print the table.

Usage:
    python tools/time_journal_club.py            # both plans, both languages
    python tools/time_journal_club.py --lang nb --plan 60

The method, with its rates in ``docs/journal_club/src/plans.toml`` (``[rates]``), so anyone can
repeat it or change a rate:

- projected words: the words on the deck's slides of the segment (in that plan), read at the
  stated words per minute; each figure adds a fixed look;
- read-aloud words: the facilitator script's "Say" paragraphs of the segment (those marked
  "90 only" count in the 90-minute plan only), at the same rate;
- calculator tasks: each task's keypresses (the calculator sheet's key sequence: one press per
  digit, point and operator) at the stated seconds per key, plus a fixed minute to compare;
- show-of-hands questions, discussion voices and screen switches (one per slide shown, one per
  blanking) at their stated allowances; time-boxed activities (group work, writing, handing
  out) at the minutes the plan gives them.

The estimate is not a timing of a real session; it makes the plan's arithmetic explicit.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from pathlib import Path

TOOLS = Path(__file__).resolve().parent
sys.path.insert(0, str(TOOLS))

import build_journal_club as pack  # noqa: E402
import journal_club_numbers as jc  # noqa: E402

SAY = {"en": ("Say:", "Say (90 only):"), "nb": ("Si:", "Si (bare 90):")}
WORD = re.compile(r"[^\W_]+(?:[-'’.,][^\W_]+)*", re.UNICODE)
SEGMENT = re.compile(r"^<!-- segment: (?P<id>[a-z]+) -->$", re.MULTILINE)


def words(markdown: str) -> int:
    """Words a reader sees: Markdown and HTML markup removed, numbers count as words."""
    text = re.sub(r"<[^>]+>", " ", markdown)
    text = re.sub(r"[*_`#|>]", " ", text)
    text = re.sub(r"^\s*-{3,}\s*$", " ", text, flags=re.MULTILINE)
    return len(WORD.findall(text))


def say_paragraphs(script: str, lang: str) -> dict[str, list[tuple[bool, str]]]:
    """Per segment of the script: (90 only?, text) of each read-aloud paragraph."""
    both, only90 = SAY[lang]
    marks = list(SEGMENT.finditer(script))
    end_marker = script.index("<!-- end segments -->")
    out = {}
    for index, mark in enumerate(marks):
        end = marks[index + 1].start() if index + 1 < len(marks) else end_marker
        block = script[mark.end():end]
        paragraphs = []
        for quote in re.findall(r"(?:^> .*\n?)+", block, flags=re.MULTILINE):
            text = " ".join(line[2:] for line in quote.splitlines())
            label = re.match(r"\*\*(.+?)\*\*\s*", text)
            if label is None or label.group(1) not in (both, only90):
                raise ValueError(f"read-aloud paragraph without a {both!r} or {only90!r} label: {text[:60]!r}")
            paragraphs.append((label.group(1) == only90, text[label.end():]))
        out[mark.group("id")] = paragraphs
    return out


@dataclass
class Row:
    segment: str
    slot: int
    projected: int
    read_aloud: int
    figures: int
    keys: int
    tasks: int
    hands: int
    voices: int
    switches: int
    timebox: float
    minutes: float


def estimate(plan: str, lang: str, docs=None, n=None) -> list[Row]:
    """One row per segment of ``plan`` ("90" or "60") in ``lang``."""
    n = n if n is not None else jc.numbers()
    docs = docs if docs is not None else pack.build_all(n)
    spec = pack.plans()
    rates = spec["rates"]
    deck = docs[(lang, "deck")]
    says = say_paragraphs(docs[(lang, "facilitator_script")].markdown, lang)
    live = {ex.code: ex for ex in jc.LIVE}
    rows = []
    for seg in spec["segment"]:
        slot = seg["minutes"].get(plan, 0)
        if not slot:
            continue
        slides = [s for s in deck.slides if s["segment"] == seg["id"] and plan in s["plans"]]
        projected = sum(words(s["markdown"]) for s in slides)
        figures = sum(s["markdown"].count('class="figure"') for s in slides)
        read_aloud = sum(words(text) for only90, text in says.get(seg["id"], []) if plan == "90" or not only90)
        tasks = seg.get("tasks", {}).get(plan, [])
        keys = sum(jc.keypresses(jc.key_sequence(live[code], n, lang)) for code in tasks)
        hands = len(seg.get("hands", {}).get(plan, []))
        voices = seg.get("voices", {}).get(plan, 0)
        switches = len(slides) + seg.get("blanks", {}).get(plan, 0)
        timebox = float(seg.get("timebox", {}).get(plan, 0))
        minutes = ((projected + read_aloud) / rates["words_per_minute"] + figures * rates["minutes_per_figure"]
                   + keys * rates["seconds_per_key"] / 60 + len(tasks) * rates["minutes_per_task"]
                   + hands * rates["minutes_per_show_of_hands"] + voices * rates["minutes_per_voice"]
                   + switches * rates["minutes_per_switch"] + timebox)
        rows.append(Row(seg["id"], slot, projected, read_aloud, figures, keys, len(tasks), hands, voices,
                        switches, timebox, minutes))
    return rows


def table(plan: str, lang: str, rows: list[Row]) -> str:
    spec = pack.plans()["plans"][plan]
    head = (f"Plan {plan} min ({lang}): | segment | slot | projected words | read-aloud words | figures | keys | "
            "tasks | hands | voices | switches | time-boxed | estimate")
    lines = [head]
    for r in rows:
        lines.append(f"  {r.segment:9} | {r.slot:4} | {r.projected:5} | {r.read_aloud:5} | {r.figures:2} | {r.keys:3} | "
                     f"{r.tasks:2} | {r.hands:2} | {r.voices:2} | {r.switches:2} | {r.timebox:4.1f} | {r.minutes:5.1f}")
    lines.append(f"  {'total':9} | {sum(r.slot for r in rows):4} | {sum(r.projected for r in rows):5} | "
                 f"{sum(r.read_aloud for r in rows):5} |    |     |    |    |    |    |      | "
                 f"{sum(r.minutes for r in rows):5.1f}   (+ reserve {spec['reserve']} = {spec['total']})")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", choices=jc.LANGS, action="append")
    parser.add_argument("--plan", choices=("90", "60"), action="append")
    args = parser.parse_args(argv)
    n = jc.numbers()
    docs = pack.build_all(n)
    over = []
    for lang in args.lang or jc.LANGS:
        for plan in args.plan or ("90", "60"):
            rows = estimate(plan, lang, docs, n)
            print(table(plan, lang, rows), end="\n\n")
            over += [f"{lang}/{plan}/{r.segment}" for r in rows if r.minutes > r.slot]
    if over:
        print("over their slot:", ", ".join(over))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
