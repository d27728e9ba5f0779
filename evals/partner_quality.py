"""Partner-quality eval: real transcripts, an automatic proxy, and blind readers' ratings.

`play_transcripts` plays the panel plan (every persona, two scripts each from
`evals/data/partner_scripts/`, seven styles) through the real app with the configured
model. `proxy` flags, per reply, what a reader would fault and a program can see:
repeating an earlier reply, a sentence said twice, a person/place/thing nobody mentioned,
parroting the person's line, and, at "opening"/"open", not taking up a proposal. The proxy
is written apart from the partner's own filters (`rehearsal.partner.choose`), so it is a
check, not a mirror. `panel_figures` reads the blind readers' ratings kept in
`evals/data/partner_panel/` and reports the share of good replies and "would this help me
rehearse?" per condition and persona, and how well the proxy agrees with the readers.
"""

from __future__ import annotations

import json
import re
import tempfile
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

from evals import DATA_DIR

SCRIPTS = DATA_DIR / "partner_scripts"
PANEL = DATA_DIR / "partner_panel"
PLAN: dict[str, tuple[str, str]] = {
    "fear-of-intimacy": ("skilled", "pushy"),
    "past-relationship-trauma": ("clumsy_improving", "plans"),
    "avoidant-attachment": ("tender", "chatty_typos"),
    "feel-unworthy": ("situation", "skilled"),
    "emotionally-overwhelmed": ("pushy", "clumsy_improving"),
    "not-ready-for-commitment": ("plans", "tender"),
    "mental-health": ("chatty_typos", "situation"),
}
THRESHOLDS = {"proxy_ok": 0.85, "proposals_taken_up": 0.85}
# What a reader calls invented: people, places, pets, jobs and things that only the
# partner brings up. Written for this eval, not shared with the partner's filters.
ENTITIES = re.compile(
    r"\b(?:mother|mom|mum|father|dad|sister|brother|sons?|daughters?|kids?|children|baby|"
    r"grandm\w+|grandp\w+|aunt|uncle|cousin|friends?|boss|colleague|neighbou?r|roommate|"
    r"flatmate|dogs?|cats?|puppy|gym|office|school|college|university|church|hospital|"
    r"doctor|nurse|gifts?|presents?|cars?|garden|beach|lake|park|town|city|village|"
    r"restaurant|cafe|bar|pub|hotel|shop|mall|concert|party|wedding|birthday|holiday|"
    r"vacation|trip|book|novel|guitar|piano|football|soccer|game|team|church|sister's)\b",
    re.IGNORECASE,
)
PROPOSAL = re.compile(
    r"\b(?:what if we|how about|what about|could we|can we|would you be up for|shall we|"
    r"let'?s|maybe we could|do you want to|fancy)\b",
    re.IGNORECASE,
)
PLAN_WORDS = re.compile(
    r"\b(?:mon|tues|wednes|thurs|fri|satur|sun)days?\b|\btonight\b|\bweekend\b|\btomorrow\b|"
    r"\bwalk\b|\bbreakfast\b|\bdinner\b|\bcoffee\b|\bfilm\b|\bmovie\b|\bcall\b|\bevening\b|"
    r"\bcook\w*\b|\bweek\b|\bweekly\b",
    re.IGNORECASE,
)
UPTAKE = re.compile(
    r"\b(?:yes|yeah|ok(?:ay)?|sure|deal|let'?s|sounds|i'?d like|i can|i could|i'?ll|we can|"
    r"could work|works|fine|alright|maybe|try|i'?m in|good idea|i want)\b",
    re.IGNORECASE,
)


@dataclass
class Transcript:
    id: str
    persona: str
    script: str
    situation: str
    partner_name: str
    turns: list[dict[str, Any]] = field(default_factory=list)


def script_lines(name: str) -> list[str]:
    return [line.strip() for line in (SCRIPTS / f"{name}.txt").read_text().splitlines() if line]


def play_transcripts(settings: Any) -> list[Transcript]:
    """Every transcript of the panel plan, played through the real app."""
    from rehearsal.services import Services
    from rehearsal.store import SessionStore

    services = Services(settings)
    transcripts = []
    with tempfile.TemporaryDirectory() as scratch:
        services.store = SessionStore(Path(scratch) / "partner-quality.sqlite3")
        for persona in services.personas():
            for script in PLAN.get(persona, ("skilled",)):
                situation = ""
                if script == "situation":
                    situation = (SCRIPTS / "situation_context.txt").read_text().strip()
                rehearsal = services.start(persona, "medium", "Sam", situation)
                transcript = Transcript(f"{persona}/{script}", persona, script, situation, "Sam")
                for line in script_lines(script):
                    turn = rehearsal.play(line)
                    transcript.turns.append(
                        {
                            "user": line,
                            "partner": turn["partner"],
                            "openness": turn["state"]["openness"],
                        }
                    )
                transcripts.append(transcript)
        services.store.close()
    return transcripts


def _normal(text: str) -> str:
    return " ".join(re.findall(r"[a-z']+", text.lower()))


def proxy(transcript: Transcript, known: str = "") -> list[dict[str, bool]]:
    """Per reply, the faults a program can see (every flag False is a good reply)."""
    flags = []
    said_by_user = " ".join([known, transcript.situation])
    earlier: list[str] = []
    for turn in transcript.turns:
        user, reply = turn["user"], turn["partner"]
        said_by_user += " " + user
        words = _normal(reply).split()
        sentences = [_normal(s) for s in re.split(r"(?<=[.!?])\s+", reply) if _normal(s)]
        overlap = len(set(words) & set(_normal(user).split())) / max(1, len(set(words)))
        context = _normal(said_by_user)
        invented = [
            m.group(0)
            for m in ENTITIES.finditer(reply)
            if not re.search(rf"\b{re.escape(m.group(0).lower())}", context)
        ]
        proposal = bool(PROPOSAL.search(user) and PLAN_WORDS.search(user))
        took_up = bool(
            UPTAKE.search(reply)
            or set(_normal(user).split())
            & set(words)
            & {w.lower() for w in PLAN_WORDS.findall(user)}
        )
        flags.append(
            {
                "repeats": any(
                    SequenceMatcher(None, e, _normal(reply)).ratio() > 0.8 for e in earlier
                ),
                "repeats_inside": len(set(sentences)) < len(sentences),
                "invents": bool(invented),
                "parrots": len(words) >= 4 and overlap >= 0.7,
                "ignores_proposal": proposal and turn["openness"] >= 50 and not took_up,
                "proposal_at_opening": proposal and turn["openness"] >= 50,
                "empty": not words,
            }
        )
        earlier.append(_normal(reply))
    return flags


FAULTS = ("repeats", "repeats_inside", "invents", "parrots", "ignores_proposal", "empty")


def proxy_figures(transcripts: list[Transcript], known: dict[str, str]) -> dict[str, float]:
    rows = [f for t in transcripts for f in proxy(t, known.get(t.persona, ""))]
    n = max(1, len(rows))
    proposals = [r for r in rows if r["proposal_at_opening"]]
    figures = {
        "replies": float(len(rows)),
        "proxy_ok": round(sum(not any(r[k] for k in FAULTS) for r in rows) / n, 3),
        "proposals_taken_up": round(
            sum(not r["ignores_proposal"] for r in proposals) / max(1, len(proposals)), 3
        )
        if proposals
        else 1.0,
    }
    for fault in FAULTS:
        figures[f"rate_{fault}"] = round(sum(r[fault] for r in rows) / n, 3)
    return figures


def save(transcripts: list[Transcript], path: Path) -> None:
    path.write_text("".join(json.dumps(asdict(t)) + "\n" for t in transcripts), encoding="utf-8")


def load(path: Path) -> list[Transcript]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    for number, row in enumerate(rows):
        row.setdefault("id", f"{row['persona']}/{row['script']}#{number}")
        row.setdefault("partner_name", "Sam")
    return [Transcript(**row) for row in rows]


def panel_figures(panel: Path = PANEL) -> dict[str, Any] | None:
    """The blind readers' verdicts, per condition and persona, and the proxy's agreement."""
    key_file = panel / "key.json"
    ratings = sorted(panel.glob("ratings_*.jsonl"))
    if not key_file.is_file() or not ratings:
        return None
    key = json.loads(key_file.read_text())
    transcripts = {
        condition: {t.id: t for t in load(panel / f"transcripts_{condition}.jsonl")}
        for condition in {entry["condition"] for entry in key.values()}
    }
    good: dict[tuple[str, str], list[bool]] = defaultdict(list)
    helps: dict[tuple[str, str], list[int]] = defaultdict(list)
    agree = []
    for path in ratings:
        for line in path.read_text().splitlines():
            if not line.strip():
                continue
            row = json.loads(line)
            entry = key[row["transcript"]]
            cell = (entry["condition"], entry["persona"])
            if "would_help" in row:
                helps[cell].append(int(row["would_help"]))
                continue
            verdict = all(row[k] for k in ("sensible", "responsive", "in_character", "no_repeat"))
            good[cell].append(verdict)
            transcript = transcripts[entry["condition"]][entry["id"]]
            flags = proxy(transcript)[int(row["turn"]) - 1]
            agree.append(verdict == (not any(flags[k] for k in FAULTS)))
    figures: dict[str, Any] = {"readers": len(ratings), "proxy_agreement": _share(agree)}
    for condition in transcripts:
        cells = [c for c in good if c[0] == condition]
        figures[condition] = {
            "good": _share([v for c in cells for v in good[c]]),
            "would_help": _mean([v for c in helps if c[0] == condition for v in helps[c]]),
            "by_persona": {
                c[1]: {"good": _share(good[c]), "would_help": _mean(helps[c])} for c in cells
            },
        }
    return figures


def _share(values: list[bool]) -> float:
    return round(sum(values) / len(values), 3) if values else 0.0


def _mean(values: list[int]) -> float:
    return round(sum(values) / len(values), 2) if values else 0.0


def write_packet(
    conditions: dict[str, list[Transcript]], titles: dict[str, str], seed: int = 12
) -> None:
    """A blinded packet for readers: every transcript, shuffled, under a neutral id.

    `packet.md` is all a reader sees (with the rubric); `key.json` says which condition
    each id came from and is for the figures only.
    """
    import random

    entries = [(condition, t) for condition, ts in conditions.items() for t in ts]
    random.Random(seed).shuffle(entries)
    key, parts = {}, ["# Rehearsal transcripts\n"]
    for number, (condition, transcript) in enumerate(entries, start=1):
        tid = f"T{number:02d}"
        key[tid] = {
            "condition": condition,
            "id": transcript.id,
            "persona": transcript.persona,
            "script": transcript.script,
        }
        parts.append(f"\n## {tid}\n")
        parts.append(f"*The partner, {transcript.partner_name}:* {titles[transcript.persona]}\n")
        if transcript.situation:
            parts.append(
                f"*The real situation, as the person described it:* {transcript.situation}\n"
            )
        for turn_number, turn in enumerate(transcript.turns, start=1):
            parts.append(f"\n{turn_number}. **You:** {turn['user']}  ")
            parts.append(f"   **{transcript.partner_name}:** {turn['partner'] or '(no reply)'}")
        parts.append("")
    (PANEL / "packet.md").write_text("\n".join(parts) + "\n", encoding="utf-8")
    (PANEL / "key.json").write_text(json.dumps(key, indent=1) + "\n", encoding="utf-8")


def persona_knowledge(settings: Any) -> dict[str, str]:
    """What each persona card says about the partner (not invented when repeated)."""
    from rehearsal.personas import load_personas

    return {
        p.id: " ".join([p.who, p.voice, *p.fears, *p.deflections, *p.opens_up_when])
        for p in load_personas(settings.prompts_dir).values()
    }


def evaluate_quality(settings: Any, *, write_panel: bool = False) -> dict[str, Any]:
    """The proxy on freshly played transcripts, and the panel's figures when there are any."""
    transcripts = play_transcripts(settings)
    known = persona_knowledge(settings)
    figures: dict[str, Any] = proxy_figures(transcripts, known)
    if write_panel:
        PANEL.mkdir(parents=True, exist_ok=True)
        save(transcripts, PANEL / "transcripts_after.jsonl")
        titles = {p: f"{t}" for p, t in _titles(settings).items()}
        conditions = {"after": transcripts}
        before = PANEL / "transcripts_before.jsonl"
        if before.is_file():
            conditions["before"] = load(before)
        write_packet(conditions, titles)
    panel = panel_figures()
    if panel is not None:
        figures["panel_good_after"] = panel.get("after", {}).get("good", 0.0)
        figures["panel_would_help_after"] = panel.get("after", {}).get("would_help", 0.0)
        figures["panel_good_before"] = panel.get("before", {}).get("good", 0.0)
        figures["panel_would_help_before"] = panel.get("before", {}).get("would_help", 0.0)
        figures["proxy_agreement"] = panel["proxy_agreement"]
    return figures


def _titles(settings: Any) -> dict[str, str]:
    from rehearsal.personas import load_personas

    return {p.id: f"{p.title} — {p.summary}" for p in load_personas(settings.prompts_dir).values()}
