"""The model's part of a reply: a transcript prompt with the planned lines as examples.

The prompt (`prompts/partner/voice.j2`) is a transcript: the persona's card (who they are,
how they talk, what they fear, what helps and what makes them withdraw, the lines they
dodge with) and the setup situation first, then every earlier exchange exactly as it was,
then the new line with a stage direction that carries the plan: the band's direction and
the bank's closest lines as examples ("Sam says something like: …"), the way role-play
front-ends steer small models with a character's example dialogue. Everything before the
new line is the same from one turn to the next, so llama.cpp reuses its cached prefix.
Samples are cleaned (`guard.clean`); judging them is `rehearsal.partner.choose`'s job.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from rehearsal.llm.base import Backend, GenerationRequest
from rehearsal.partner.guard import clean
from rehearsal.personas import Persona
from rehearsal.templates import render
from rehearsal.turn import Turn

TOKENS_PER_CHAR = 1 / 3.0  # a cautious guess for English (non-ASCII runs longer)
MIN_LINE_CHARS = 80  # a line is never cut shorter than this to fit the context


@dataclass
class Voice:
    """Samples short replies for one persona in one rehearsal."""

    backend: Backend
    persona: Persona
    name: str
    user: str
    situation: str
    prompts_dir: Path
    temperature: float = 0.7
    seed: int = 7
    max_tokens: int = 40
    context_tokens: int = 2048
    first_kept: int = 0

    def _field(self, text: str) -> str:
        return self.persona.render(
            text, name=self.name, user=self.user, prompts_dir=self.prompts_dir
        )

    def prompt(
        self, history: Sequence[Turn], user_text: str, stage: str, examples: Sequence[str]
    ) -> str:
        """The transcript prompt; old turns are dropped in halves only when space runs out,
        and then the start of a line too long on its own (its end is what is answered)."""
        budget_tokens = self.context_tokens - self.max_tokens - 32
        while True:
            text = render(
                self.prompts_dir,
                "partner/voice.j2",
                name=self.name,
                user=self.user,
                who=self._field(self.persona.who),
                voice=self._field(self.persona.voice),
                fears=[self._field(fear) for fear in self.persona.fears],
                opens_up_when=[self._field(x) for x in self.persona.opens_up_when],
                withdraws_when=[self._field(x) for x in self.persona.withdraws_when],
                deflections=[self._field(line) for line in self.persona.deflections],
                situation=self.situation,
                history=history[self.first_kept :],
                user_text=user_text,
                stage=stage,
                examples=list(examples),
            ).rstrip()
            kept = len(history) - self.first_kept
            if self.tokens(text) <= budget_tokens:
                return text
            if kept > 0:
                self.first_kept += max(1, kept // 2)
            elif len(user_text) > MIN_LINE_CHARS:
                user_text = "…" + user_text[len(user_text) // 2 :]
            else:
                return text

    def tokens(self, text: str) -> int:
        """How many tokens `text` takes: the model's own count when it can tell."""
        count = getattr(self.backend, "count_tokens", None)
        if count is not None:
            return int(count(text))
        return int(len(text.encode("utf-8")) * TOKENS_PER_CHAR) + 1

    def stable_prefix(self) -> str:
        """The part of the prompt that does not change during the rehearsal (for warming)."""
        prompt = self.prompt([], "", "", [])
        return prompt[: prompt.rfind(f"\n{self.user}: ")]

    def samples(
        self, history: Sequence[Turn], user_text: str, stage: str, examples: Sequence[str], n: int
    ) -> list[str]:
        """Up to `n` cleaned samples (empty ones dropped); each has its own seed."""
        prompt = self.prompt(history, user_text, stage, examples)
        found = []
        for number in range(n):
            request = GenerationRequest(
                prompt=prompt,
                stop=("\n", f"{self.user}:", f"{self.name}:", "("),
                max_tokens=self.max_tokens,
                temperature=self.temperature,
                seed=self.seed + 97 * len(history) + number,
            )
            text = clean("".join(self.backend.stream(request)), partner=self.name, user=self.user)
            if text:
                found.append(text)
        return found
