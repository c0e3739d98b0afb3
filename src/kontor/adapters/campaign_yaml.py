"""Load and validate campaign files (YAML with a top-level `campaign:` key), with file, line and
path for every problem, like catalogs."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from pathlib import Path
from string import Formatter

from kontor.adapters.catalog_yaml import CatalogInvalid, read_document, shape_problems
from kontor.adapters.schema_check import schema_problems
from kontor.adapters.yaml_source import Document, Problem
from kontor.domain.campaigns import (
    PLACEHOLDERS,
    Campaign,
    InvitationText,
    Reward,
    RewardValidity,
    Timer,
)

CAMPAIGN_KEYS = "campaign, title and rewards"
SHIPPED = resources.files("kontor") / "catalogs" / "campaigns"


class CampaignInvalid(CatalogInvalid):
    """A campaign file with problems (a CatalogInvalid, so `catalog validate` treats both alike)."""


def campaign_schema() -> dict:
    return json.loads((resources.files("kontor") / "schemas" / "campaign.schema.json").read_text())


def is_campaign(doc: Document) -> bool:
    """A document is a campaign when it has a top-level `campaign:` key."""
    return isinstance(doc.data, dict) and "campaign" in doc.data


def load_campaign(path: Path) -> Campaign:
    return campaign_from(read_document(path))


def shipped_campaign_names() -> list[str]:
    return sorted(p.name.removesuffix(".yaml") for p in SHIPPED.iterdir()
                  if p.name.endswith(".yaml"))


def resolve_campaign(name: str, relative_to: Path | None = None) -> Path:
    """A shipped campaign name, or a path (relative to the scenario file that names it)."""
    if name in shipped_campaign_names():
        return Path(str(SHIPPED / f"{name}.yaml"))
    path = Path(name)
    if not path.is_absolute() and relative_to is not None:
        path = relative_to / path
    return path


@cache
def shipped_campaign(name: str) -> Campaign | None:
    """The shipped campaign `name` (catalogs/campaigns/NAME.yaml); None if there is none."""
    if name not in shipped_campaign_names():
        return None
    return load_campaign(resolve_campaign(name))


def campaign_from(doc: Document) -> Campaign:
    problems = campaign_problems(doc)
    if problems:
        raise CampaignInvalid(sorted(problems, key=lambda p: (p.line or 0, p.path)))
    return build(doc.data)


def campaign_problems(doc: Document) -> list[Problem]:
    shape = shape_problems(doc, "campaign", CAMPAIGN_KEYS)
    if shape:
        return shape
    problems = schema_problems(doc, campaign_schema())
    rewards = doc.data.get("rewards")
    seen: set[str] = set()
    for i, reward in enumerate(rewards if isinstance(rewards, list) else []):
        action = reward.get("action") if isinstance(reward, dict) else None
        if not isinstance(action, str):
            continue
        if action in seen:
            problems.append(doc.problem(("rewards", i, "action"),
                                        f"action {action!r} is rewarded twice"))
        seen.add(action)
    return problems + _text_problems(doc)


SENT_CHANNELS = ("email", "sms")


def _text_problems(doc: Document) -> list[Problem]:
    """Placeholders an invitation text may use, and a text for every channel Kontor sends."""
    problems = []
    texts = doc.data.get("invitation") or {}
    texts = texts if isinstance(texts, dict) else {}
    for channel, languages in texts.items():
        for language, entry in (languages.items() if isinstance(languages, dict) else ()):
            for part in ("subject", "text"):
                value = entry.get(part) if isinstance(entry, dict) else None
                wrong = _placeholder_problem(value) if isinstance(value, str) else None
                if wrong:
                    problems.append(doc.problem(("invitation", channel, language, part), wrong))
    channels = doc.data.get("channels")
    for channel in channels if isinstance(channels, list) else []:
        if channel in SENT_CHANNELS and channel not in texts:
            problems.append(doc.problem(("channels",), (
                f"invitations go out by {channel}, but the campaign has no text for it "
                f"(invitation: {channel}: de: …)")))
    return problems


def _placeholder_problem(text: str) -> str | None:
    try:
        names = [name for _, name, _, _ in Formatter().parse(text) if name is not None]
    except ValueError as exc:  # a lone { or }
        return f"{exc}; write {{{{ and }}}} for braces"
    wrong = ["{" + n + "}" for n in names if n not in PLACEHOLDERS]
    if wrong:
        return (f"unknown placeholder {', '.join(wrong)} (known: "
                f"{', '.join('{' + p + '}' for p in PLACEHOLDERS)})")
    return None


def _reward(raw: dict) -> Reward:
    timer = raw.get("timer")
    return Reward(
        action=raw["action"], mb=raw["mb"],
        once_per_customer=raw.get("once_per_customer", True),
        timer=Timer(timer["months"], timer.get("restarted_by")) if timer else None,
    )


def build(data: dict) -> Campaign:
    return Campaign(
        name=data["campaign"], title=data["title"],
        rewards=tuple(_reward(r) for r in data["rewards"]),
        invitation_only=data.get("invitation_only", False),
        channels=tuple(data.get("channels", ())),
        reward_validity=RewardValidity(data.get("reward_validity", "end_of_next_month")),
        invitation_texts=tuple(
            InvitationText(channel, language, entry["text"], entry.get("subject"))
            for channel, languages in (data.get("invitation") or {}).items()
            for language, entry in languages.items()),
    )
