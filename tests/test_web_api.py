"""The web app driven through its named endpoints, on the real bundled model."""

from __future__ import annotations

import threading

import pytest
from gradio_client import Client
from pydantic import SecretStr

from rehearsal.errors import RehearseError
from rehearsal.settings import Settings
from rehearsal.web.launch import parse_auth

SKILLED = [
    "Hey, is now an okay time to talk? No pressure.",
    "I feel lonely when we go days without really talking.",
    "What's been going on for you lately?",
    "That sounds really hard. Thank you for telling me.",
    "Would you be open to one quiet evening a week together?",
]


@pytest.mark.slow
def test_whole_session_with_gradio_client(app_url: str) -> None:
    client = Client(app_url, verbose=False)
    started = client.predict("avoidant-attachment", "medium", "Jordan", api_name="/start")
    assert started["partner_name"] == "Jordan" and started["state"]["openness"] == 30
    turns = [client.predict(text, api_name="/send") for text in SKILLED]
    assert [turn["user"] for turn in turns] == SKILLED
    assert all(turn["partner"].strip() for turn in turns)
    assert all(turn["coach"]["section"] for turn in turns)
    report = client.predict(api_name="/report")
    assert report["session"]["id"] == started["session"]
    assert report["session"]["turns"] == 5
    assert report["openness"] == [30, *(turn["state"]["openness"] for turn in turns)]


@pytest.mark.slow
def test_two_clients_never_see_each_others_turns(app_url: str) -> None:
    results: dict[str, list[dict]] = {}

    def rehearse(tag: str) -> None:
        client = Client(app_url, verbose=False)
        client.predict("mental-health", "easy", f"Partner{tag}", api_name="/start")
        for number in range(3):
            client.predict(f"Message {number} from client {tag}.", api_name="/send")
        results[tag] = [client.predict(api_name="/report")]

    threads = [threading.Thread(target=rehearse, args=(tag,)) for tag in ("A", "B")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=600)
    assert set(results) == {"A", "B"}
    (report_a,), (report_b,) = results["A"], results["B"]
    assert report_a["session"]["id"] != report_b["session"]["id"]
    assert report_a["session"]["partner_name"] == "PartnerA"
    assert report_b["session"]["partner_name"] == "PartnerB"
    assert report_a["session"]["turns"] == report_b["session"]["turns"] == 3


def test_non_loopback_host_needs_a_password() -> None:
    with pytest.raises(RehearseError, match="REHEARSE_AUTH"):
        parse_auth(Settings(host="0.0.0.0"))
    accounts = parse_auth(Settings(host="0.0.0.0", auth=SecretStr("me:secret")))
    assert accounts is not None and accounts.users == ["me"]
    assert accounts.check("me", "secret") and not accounts.check("me", "wrong")
    assert parse_auth(Settings(host="127.0.0.1")) is None
    with pytest.raises(RehearseError, match="user:password"):
        parse_auth(Settings(host="127.0.0.1", auth=SecretStr("nocolon")))
