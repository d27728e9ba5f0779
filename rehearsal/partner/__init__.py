"""The simulated partner: a reply planned from what was said, voiced, chosen, streamed.

What a reply *says* comes from things that know what was said: the person's move and its
slots (`moves`), the persona's openness band, the setup situation (`situation`) and the
persona's written lines for that band and move (`bank`). The model gives it voice
(`voice`): it is shown the planned lines as examples and its samples compete with them;
`choose` keeps the candidate that answers the line, fits the persona and repeats nothing,
and rejects anything out of character, invented or unsafe. The chosen reply streams
sentence by sentence and the stream returns a `PartnerReply` saying where it came from.
How openness moves is `rehearsal.partner_state`'s business; what the coach says is the
coach's.
"""

from __future__ import annotations

from collections.abc import Generator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from langchain_core.embeddings import Embeddings

from rehearsal.llm.base import Backend
from rehearsal.partner.bank import LineBank, load_bank
from rehearsal.partner.choose import Candidate, Choice, choose
from rehearsal.partner.guard import SENTENCE_END
from rehearsal.partner.moves import Reading, read_move
from rehearsal.partner.situation import Situation, read_situation
from rehearsal.partner.voice import Voice
from rehearsal.partner_state import PartnerState
from rehearsal.personas import BANDS, Persona
from rehearsal.turn import Turn

VoiceMode = Literal["lines", "guided", "free"]
EXAMPLES = 2
REMEMBERED = 16  # earlier replies the partner avoids repeating
MIN_UNSAID = 2  # widen the bank's offer until at least this many lines are new
# How close (cosine) a model sample must come to a written line of the plan.
ON_PLAN: dict[str, float] = {"lines": 1.0, "guided": 0.72, "free": 0.45}


@dataclass
class PartnerReply:
    """What the partner finally said, and how it came to be."""

    text: str = ""
    source: str = "bank"  # "bank", "model" or "fallback"
    move: str = "other"
    band: str = ""
    scores: dict[str, float] = field(default_factory=dict)
    rejected: dict[str, list[str]] = field(default_factory=dict)


class Partner:
    """Speaks as one persona in one rehearsal."""

    def __init__(
        self,
        backend: Backend,
        persona: Persona,
        *,
        name: str,
        user: str,
        prompts_dir: Path,
        embedder: Embeddings,
        situation: str = "",
        temperature: float = 0.7,
        seed: int = 7,
        context_tokens: int = 2048,
        samples: int = 1,
        mode: VoiceMode = "guided",
    ) -> None:
        self.persona = persona
        self.name = name
        self.user_name = user  # "" when the person gave no name
        self.prompts_dir = prompts_dir
        self.embedder = embedder
        self.samples = samples if mode != "lines" else 0
        self.mode = mode
        self.bank: LineBank = load_bank(prompts_dir, persona.section.split("/", 1)[1])
        self.situation: Situation = read_situation(prompts_dir, situation)
        self.voice = Voice(
            backend,
            persona,
            name=name,
            user=user or "You",
            situation=self.situation.text,
            prompts_dir=prompts_dir,
            temperature=temperature,
            seed=seed,
            context_tokens=context_tokens,
        )
        self._known = " ".join(
            [persona.who, persona.voice, *persona.fears, *persona.deflections, situation]
        )

    def stage(self, state: PartnerState) -> str:
        return self.persona.render(
            self.persona.stage[state.band],
            name=self.name,
            user=self.voice.user,
            prompts_dir=self.prompts_dir,
        )

    def warm(self, state: PartnerState) -> None:
        """Have the model read the unchanging part of the prompt now, so turn 1 starts fast."""
        if self.samples:
            self.voice.backend.warm(self.voice.stable_prefix())

    def _offered(
        self,
        band: str,
        reading: Reading,
        slots: Mapping[str, str],
        about: list[str],
        earlier: Sequence[str],
    ) -> list[Candidate]:
        """The bank's lines for the plan, widening only while too few are left unsaid.

        First this band's lines for the move (and for the situation the person brought
        up), then the nearest band's, then the other bands', then plain "other" lines.
        """
        nearest = sorted(BANDS, key=lambda b: abs(BANDS.index(b) - BANDS.index(band)))
        tiers: list[list[tuple[str, str, bool]]] = [
            [(band, reading.move, False)] + [(band, f"situation:{k}", True) for k in about],
            [(nearest[1], reading.move, False)],
            [(other, reading.move, False) for other in nearest[2:]],
            [(near, "other", False) for near in nearest],
        ]
        found: list[Candidate] = []
        for rank, tier in enumerate(tiers):
            if rank and sum(c.text not in earlier for c in found) >= MIN_UNSAID:
                break
            for cell_band, move, situational in tier:
                for line in self.bank.cell(cell_band, move):
                    text = self.bank.render(line, slots)
                    if text is not None:
                        source = "bank" if rank == 0 else "bank:near"
                        found.append(
                            Candidate(text, source, bool(line.slots - {"user"}), situational)
                        )
        return found

    def plan(
        self, line: str, skills: Mapping[str, bool]
    ) -> tuple[Reading, dict[str, str], list[str]]:
        reading = read_move(self.prompts_dir, line, skills)
        slots = {**self.situation.slots, **reading.slots, "user": self.user_name}
        return reading, slots, self.situation.mentioned(line)

    def respond(
        self,
        history: Sequence[Turn],
        line: str,
        skills: Mapping[str, bool],
        state: PartnerState,
    ) -> Generator[str, None, PartnerReply]:
        """Yield the chosen reply sentence by sentence, then return it as a `PartnerReply`."""
        reading, slots, about = self.plan(line, skills)
        band = state.band
        earlier = [turn.partner for turn in history[-REMEMBERED:] if turn.partner]
        offered = self._offered(band, reading, slots, about, earlier)
        targets = [self.bank.render(x, slots) or x.text for x in self.bank.cell(band, reading.move)]
        fresh = [c for c in offered if c.source == "bank" and c.text not in earlier]
        examples = [c.text for c in (fresh or offered)[:EXAMPLES]]
        sampled = self.voice.samples(history, line, self.stage(state), examples, self.samples)
        candidates = [*offered, *(Candidate(text, "model") for text in sampled)]
        vocabulary = (
            None
            if self.mode == "free"
            else self.bank.vocabulary()
            | _words(" ".join([self._known, line, *(t.user for t in history)]))
        )
        choice: Choice = choose(
            candidates,
            embedder=self.embedder,
            user_line=line,
            targets=targets,
            earlier=earlier,
            partner=self.name,
            user=self.voice.user,
            known=" ".join([self._known, line, *(t.user for t in history)]),
            vocabulary=vocabulary,
            on_plan=ON_PLAN[self.mode],
        )
        reply = PartnerReply(
            move=reading.move, band=band, scores=choice.scores, rejected=choice.rejected
        )
        if choice.best is not None:
            reply.text, reply.source = choice.best.text, choice.best.source.split(":")[0]
        else:
            reply.text, reply.source = self._least_recent(band, slots, earlier), "fallback"
        sentences = [s for s in SENTENCE_END.split(reply.text) if s.strip()]
        for number, sentence in enumerate(sentences):
            yield sentence if number == 0 else " " + sentence
        return reply

    def _least_recent(self, band: str, slots: Mapping[str, str], earlier: list[str]) -> str:
        """Every candidate was refused: a plain line not said lately, or the oldest said."""
        lines = [self.bank.render(x, slots) for b in BANDS for x in self.bank.cell(b, "other")]
        usable = [text for text in lines if text]
        unsaid = [text for text in usable if text not in earlier]
        if unsaid:
            return unsaid[0]
        return min(usable, key=earlier.index)


def _words(text: str) -> frozenset[str]:
    import re

    return frozenset(re.findall(r"[a-z']+", text.lower().replace("’", "'")))
