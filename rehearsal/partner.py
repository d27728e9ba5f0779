"""The simulated partner's voice: a transcript prompt, a guarded stream, a fallback line.

The prompt (prompts/partner.j2) is a transcript: the persona's card first, then every
earlier exchange exactly as it was, then the new line and a stage direction from the
current openness band. Because earlier text never changes, llama.cpp reuses its cached
prefix and the first token does not slow down as the conversation grows. Replies are
streamed sentence by sentence; each sentence is cleaned and checked by `rehearsal.guard`
before it is shown. A reply that breaks character is regenerated (new seed), and after
the last attempt replaced by one of the persona's own lines. How openness moves is
`rehearsal.partner_state`'s business; what the coach says is the coach's.
"""

from __future__ import annotations

import re
from collections.abc import Generator, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rehearsal.guard import MAX_SENTENCES, SENTENCE_END, clean, problems
from rehearsal.llm.base import Backend, GenerationRequest
from rehearsal.partner_state import PartnerState, band_of
from rehearsal.personas import Persona
from rehearsal.templates import render
from rehearsal.turn import Turn

MAX_ATTEMPTS = 3
REPEAT_WINDOW = 6
CHARS_PER_TOKEN = 3.2


@dataclass(frozen=True)
class Exchange:
    """One earlier turn as it appears in the transcript."""

    user: str
    partner: str
    stage: str


@dataclass
class PartnerReply:
    """What the partner finally said, and how it came to be."""

    text: str = ""
    attempts: int = 0
    fallback: bool = False
    rejected: list[str] = field(default_factory=list)


def sanitize_user_text(text: str, names: Sequence[str]) -> str:
    """One line, with no speaker labels a user could use to write the partner's lines."""
    line = " ".join(text.split())
    for name in names:
        line = re.sub(rf"\b{re.escape(name)}\s*:", name, line, flags=re.IGNORECASE)
    return line[:1200]


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
        situation: str = "",
        temperature: float = 0.7,
        seed: int = 7,
        max_tokens: int = 60,
        context_tokens: int = 2048,
    ) -> None:
        self.backend = backend
        self.persona = persona
        self.name = name
        self.user = user or "You"
        self.situation = situation
        self.prompts_dir = prompts_dir
        self.temperature = temperature
        self.seed = seed
        self.max_tokens = max_tokens
        self.context_tokens = context_tokens
        self._first_kept = 0

    def _field(self, text: str) -> str:
        return self.persona.render(
            text, name=self.name, user=self.user, prompts_dir=self.prompts_dir
        )

    def stage(self, state: PartnerState) -> str:
        return self._field(self.persona.stage[state.band])

    def exchanges(self, turns: Sequence[Turn]) -> list[Exchange]:
        return [
            Exchange(t.user, t.partner, self._field(self.persona.stage[band_of(t.openness)]))
            for t in turns
        ]

    def prompt(self, turns: Sequence[Turn], user_text: str, state: PartnerState) -> str:
        """The transcript prompt; old turns are dropped in halves only when space runs out."""
        budget = (self.context_tokens - self.max_tokens - 64) * CHARS_PER_TOKEN
        history = self.exchanges(turns)
        while True:
            text = render(
                self.prompts_dir,
                "partner.j2",
                name=self.name,
                user=self.user,
                who=self._field(self.persona.who),
                voice=self._field(self.persona.voice),
                fears=[self._field(fear) for fear in self.persona.fears],
                deflections=[self._field(line) for line in self.persona.deflections],
                history=history[self._first_kept :],
                user_text=sanitize_user_text(user_text, (self.name, self.user)),
                stage=self.stage(state),
            ).rstrip()
            kept = len(history) - self._first_kept
            if len(text) <= budget or kept == 0:
                return text
            self._first_kept += max(1, kept // 2)

    def warm(self, state: PartnerState) -> None:
        """Have the model read the persona's part of the prompt now, so turn 1 starts fast."""
        prompt = self.prompt([], "", state)
        self.backend.warm(prompt[: prompt.rfind(f"\n{self.user}: ")])

    def fallback_line(self, state: PartnerState, last_reply: str | None) -> str:
        lines = [self._field(line) for line in self.persona.lines[state.band]]
        choices = [line for line in lines if line != last_reply] or lines
        return choices[state.turns % len(choices)]

    def respond(
        self, history: Sequence[Turn], user_text: str, state: PartnerState
    ) -> Generator[str, None, PartnerReply]:
        """Yield the reply piece by piece (whole checked sentences), then return it."""
        reply = PartnerReply()
        last_reply = history[-1].partner if history else None
        earlier = [turn.partner for turn in history[-REPEAT_WINDOW:]]
        prompt = self.prompt(history, user_text, state)
        for attempt in range(MAX_ATTEMPTS):
            reply.attempts = attempt + 1
            request = GenerationRequest(
                prompt=prompt,
                stop=("\n", f"{self.user}:", f"{self.name}:", "("),
                max_tokens=self.max_tokens,
                temperature=self.temperature,
                seed=self.seed + 97 * len(history) + attempt,
            )
            shown: list[str] = []
            for sentence in self._checked_sentences(request, shown, earlier, user_text, reply):
                yield sentence if not shown[:-1] else " " + sentence
            if shown:
                reply.text = " ".join(shown)
                return reply
        reply.fallback = True
        reply.text = self.fallback_line(state, last_reply)
        yield reply.text
        return reply

    def _checked_sentences(
        self,
        request: GenerationRequest,
        shown: list[str],
        earlier: list[str],
        user_text: str,
        reply: PartnerReply,
    ) -> Iterator[str]:
        raw = ""
        stream = self.backend.stream(request)
        finished = False
        while not finished and len(shown) < MAX_SENTENCES:
            piece = next(stream, None)
            finished = piece is None
            raw += piece or ""
            sentences = [
                s
                for s in SENTENCE_END.split(clean(raw, partner=self.name, user=self.user))
                if s.strip()
            ]
            complete = sentences if finished else sentences[:-1]
            for sentence in complete[len(shown) : MAX_SENTENCES]:
                candidate = " ".join([*shown, sentence])
                found = problems(
                    candidate,
                    partner=self.name,
                    user=self.user,
                    earlier=earlier,
                    user_text=user_text,
                )
                if found:
                    reply.rejected.extend(found)
                    finished = True
                    break
                shown.append(sentence)
                yield sentence
        close = getattr(stream, "close", None)
        if close is not None:
            close()
