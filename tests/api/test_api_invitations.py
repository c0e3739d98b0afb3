"""A campaign invitation through the API records the invitation and leaves its e-mail in the
outbox (sent by `kontor notify send`, tests/store/test_invitations.py); an action through the
API earns its reward once. On the in-memory store and on SQLite."""

from __future__ import annotations

from kontor.services.notify import messages

HOTLINE = "online-statt-hotline"


def test_an_invitation_through_the_api_waits_in_the_outbox(op, unite, store):
    said = op.ok(op.post("/customers/unite/invite", date="2026-01-15", campaign=HOTLINE,
                         channel="email"))
    assert [n["code"] for n in said["notices"]] == ["campaign_invited"]
    [waiting] = messages(store, "unite")
    assert (waiting.pending, waiting.message.channel, waiting.message.recipient) == (
        True, "email", "unite@example.com")
    assert waiting.message.subject.startswith("Online statt Hotline")

    first = op.ok(op.post("/customers/unite/action", date="2026-01-20", campaign=HOTLINE,
                          action="app_installed"))
    assert [n["code"] for n in first["notices"]] == ["reward_granted"]
    again = op.ok(op.post("/customers/unite/action", date="2026-01-21", campaign=HOTLINE,
                          action="app_installed"))
    assert [n["code"] for n in again["notices"]] == ["already_rewarded"]


def test_an_sms_invitation_without_a_mobile_number_says_so(op, unite, store):
    said = op.ok(op.post("/customers/unite/invite", date="2026-01-15", campaign=HOTLINE,
                         channel="sms"))
    assert [n["code"] for n in said["notices"]] == ["campaign_invited",
                                                    "invitation_no_recipient"]
    assert messages(store, "unite") == []
