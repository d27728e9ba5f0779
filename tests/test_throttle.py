"""Wrong logins wait longer and longer (0.5 s doubling to 8 s), per user and per address."""

from __future__ import annotations

import asyncio

import pytest

from rehearsal.accounts import parse_auth
from rehearsal.web import guard
from rehearsal.web.throttle import LoginThrottle, delay_after


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_the_delay_doubles_from_half_a_second_to_eight() -> None:
    assert [delay_after(n) for n in range(7)] == [0.0, 0.5, 1.0, 2.0, 4.0, 8.0, 8.0]


def test_each_key_counts_on_its_own_and_success_clears_it() -> None:
    clock = Clock()
    throttle = LoginThrottle(clock=clock)
    for _ in range(3):
        throttle.failed(["user:ana", "address:10.0.0.1"])
    assert throttle.wait_s(["user:ana", "address:10.0.0.2"]) == 2.0  # the user, anywhere
    assert throttle.wait_s(["user:ben", "address:10.0.0.1"]) == 2.0  # anyone, from there
    assert throttle.wait_s(["user:ben", "address:10.0.0.2"]) == 0.0
    throttle.succeeded(["user:ana", "address:10.0.0.1"])
    assert throttle.wait_s(["user:ana", "address:10.0.0.1"]) == 0.0
    throttle.failed(["user:cy"])
    clock.now += 3600
    assert throttle.wait_s(["user:cy"]) == 0.0, "an old failure is forgotten"


def test_the_login_check_waits_before_it_answers(monkeypatch: pytest.MonkeyPatch) -> None:
    waited: list[float] = []

    async def sleep(seconds: float) -> None:
        waited.append(seconds)

    monkeypatch.setattr(guard.asyncio, "sleep", sleep)
    check = guard.login_check(parse_auth("ana:right"), LoginThrottle(clock=Clock()))
    answers = [asyncio.run(check("ana", password)) for password in ("a", "b", "c", "right")]
    assert answers == [False, False, False, True]
    assert waited == [0.0, 0.5, 1.0, 2.0], "the right password waits too"
    assert asyncio.run(check("ana", "right")) and waited[-1] == 0.0
