"""Load and validate campaign files (YAML with a top-level `campaign:` key), with file, line and
path for every problem, like catalogs."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

from kontor.adapters.catalog_yaml import CatalogInvalid, read_document, shape_problems
from kontor.adapters.schema_check import schema_problems
from kontor.adapters.yaml_source import Document, Problem
from kontor.domain.campaigns import Campaign, Reward, RewardValidity, Timer

CAMPAIGN_KEYS = "campaign, title and rewards"


class CampaignInvalid(CatalogInvalid):
    """A campaign file with problems (a CatalogInvalid, so `catalog validate` treats both alike)."""


def campaign_schema() -> dict:
    return json.loads((resources.files("kontor") / "schemas" / "campaign.schema.json").read_text())


def is_campaign(doc: Document) -> bool:
    """A document is a campaign when it has a top-level `campaign:` key."""
    return isinstance(doc.data, dict) and "campaign" in doc.data


def load_campaign(path: Path) -> Campaign:
    return campaign_from(read_document(path))


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
    return problems


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
    )
