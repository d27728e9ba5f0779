"""A growing delay after wrong logins, per user name and per client address, in memory.

After the first failure for a key (a user name, or a client address), its next attempt
waits 0.5 s, and each further failure doubles the wait, up to 8 s; a successful login
clears the user's and the address's count. Every attempt waits for the longest of its
keys, whether or not its password is right, so waiting says nothing about the password.
Nothing is written to disk: a restart forgets. The login route itself is Gradio's; the
middleware that calls this is `rehearsal.web.guard`.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

FIRST_DELAY_S = 0.5
MAX_DELAY_S = 8.0
FORGET_AFTER_S = 15 * 60.0  # a key that has not failed for this long starts afresh
MAX_KEYS = 10_000  # beyond this many, the keys that failed longest ago are forgotten


def delay_after(failures: int) -> float:
    """Seconds to wait before the attempt that follows `failures` failures."""
    if failures <= 0:
        return 0.0
    return min(MAX_DELAY_S, FIRST_DELAY_S * 2 ** (failures - 1))


@dataclass
class _Count:
    failures: int = 0
    last: float = 0.0


@dataclass
class LoginThrottle:
    """Failure counts per key; thread-safe."""

    clock: Callable[[], float] = time.monotonic
    _counts: dict[str, _Count] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def _count(self, key: str, now: float) -> _Count:
        count = self._counts.get(key)
        if count is None or now - count.last > FORGET_AFTER_S:
            count = self._counts[key] = _Count()
        return count

    def wait_s(self, keys: Iterable[str]) -> float:
        """How long the next attempt with these keys must wait before it is checked."""
        now = self.clock()
        with self._lock:
            return max((delay_after(self._count(k, now).failures) for k in keys), default=0.0)

    def failed(self, keys: Iterable[str]) -> None:
        now = self.clock()
        with self._lock:
            for key in keys:
                count = self._count(key, now)
                count.failures += 1
                count.last = now
            if len(self._counts) > MAX_KEYS:
                oldest = sorted(self._counts, key=lambda k: self._counts[k].last)
                for key in oldest[: len(oldest) // 2]:
                    del self._counts[key]

    def succeeded(self, keys: Iterable[str]) -> None:
        with self._lock:
            for key in keys:
                self._counts.pop(key, None)
