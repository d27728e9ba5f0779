"""Blind readers' view of the coach: a packet of tips, and the figures from their ratings.

`evals/data/coach_panel/tips_{before,after}.jsonl` hold, for eight sessions of the chat
coach dev set, each line the person typed (with what the partner said before it) and
what the coach said: the tip, the passage's title and quote, and the "why" insight when
there is one; `coach_panel2/` holds the same for the ten sessions of the coach test set,
before and after the learned section model; `coach_panel3/` the same ten sessions before
and after the tuned turn reader, quoting the sentence that shows the skill and the
once-only "before listening" warning; `coach_panel4/` the same sessions before and after
the next move going forward and not repeating in a talk; `coach_panel5/` the fifth
round's start against the "why" naming the partner's chosen reason and the analyser's
passing-harm examples (its packet names that reason atop each transcript, as the later
ones do); `coach_panel6/` to `coach_panel9/` each of that round's later wording and
analyser changes against the state before it (the commit messages name both);
`coach_panel10/` the sixth round's start against the nearest labelled turns voting in the
ranking, `coach_panel11/` that against no move asking for what the line just did (taken
back: changed tips rated repetitive 86% → 43%), `coach_panel12/` the tenth's after
against saying the move was the right one instead, `coach_panel13/` the fifth round's
start (761691e) against its repairs after harm and new examples (3dad662), and
`coach_panel14/` that against listening once a repair was heard and the dismissal
examples. `write_packet`
shuffles the transcripts of both conditions under neutral ids (`packet.md`, `key.json`);
readers rate each tip (`ratings_*.jsonl`) and `figures` summarises them per condition. The
partner panel works the same way (`evals.partner_quality`).
"""

from __future__ import annotations

import json
import random
from collections import defaultdict
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from evals import DATA_DIR

PANEL = DATA_DIR / "coach_panel"
ITEMS = ("grounded", "specific", "helpful", "not_repetitive")


def write_packet(
    seed: int = 5, panel: Path = PANEL, reasons: Mapping[str, str] | None = None
) -> None:
    """`reasons`, persona id → the article's title for it, names at the top of each
    transcript the reason the person chose for the partner (from the fifth panel on: the
    person practising knows it, so a reader judging "why" should too)."""
    entries = [
        (condition, json.loads(line))
        for condition in ("before", "after")
        for line in (panel / f"tips_{condition}.jsonl").read_text().splitlines()
        if line.strip()
    ]
    random.Random(seed).shuffle(entries)
    key, parts = {}, ["# Coach transcripts\n"]
    for number, (condition, session) in enumerate(entries, start=1):
        cid = f"C{number:02d}"
        key[cid] = {"condition": condition, "session": session["session"]}
        parts.append(f"\n## {cid}\n")
        if reasons and session.get("persona") in reasons:
            parts.append(f"*The partner pulls away because:* {reasons[session['persona']]}  ")
        for turn_number, turn in enumerate(session["turns"], start=1):
            if turn["partner_before"]:
                parts.append(f"\n*Partner said:* {turn['partner_before']}  ")
            parts.append(f"\n{turn_number}. **You:** {turn['user']}  ")
            parts.append(f"   **Coach:** {turn['tip']}  ")
            if turn["quote"]:
                title = turn["passage_title"]
                parts.append(f"   *From the article — {title}:* “{turn['quote']}”  ")
            if turn.get("why"):
                parts.append(f"   *Why the partner might say that:* “{turn['why_quote']}”  ")
        parts.append("")
    (panel / "packet.md").write_text("\n".join(parts) + "\n", encoding="utf-8")
    (panel / "key.json").write_text(json.dumps(key, indent=1) + "\n", encoding="utf-8")


def figures(panel: Path = PANEL) -> dict[str, Any] | None:
    key_file = panel / "key.json"
    ratings = sorted(panel.glob("ratings_*.jsonl"))
    if not key_file.is_file() or not ratings:
        return None
    key = json.loads(key_file.read_text())
    items: dict[str, dict[str, list[bool]]] = defaultdict(lambda: defaultdict(list))
    helps: dict[str, list[int]] = defaultdict(list)
    for path in ratings:
        for line in path.read_text().splitlines():
            if not line.strip():
                continue
            row = json.loads(line)
            condition = key[row["transcript"]]["condition"]
            if "would_help" in row:
                helps[condition].append(int(row["would_help"]))
                continue
            for item in ITEMS:
                items[condition][item].append(bool(row[item]))
            items[condition]["all"].append(all(row[item] for item in ITEMS))
    return {
        "readers": len(ratings),
        **{
            condition: {
                **{k: round(sum(v) / len(v), 3) for k, v in by_item.items()},
                "would_help": round(sum(helps[condition]) / max(1, len(helps[condition])), 2),
            }
            for condition, by_item in items.items()
        },
    }


if __name__ == "__main__":
    write_packet()
