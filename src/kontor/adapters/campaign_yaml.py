"""Load and validate campaign files (YAML with a top-level `campaign:` key), with file, line and
path for every problem, like catalogs."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from pathlib import Path

from kontor.adapters.catalog_yaml import CatalogInvalid, read_document, shape_problems
from kontor.adapters.schema_check import schema_problems
from kontor.adapters.yaml_source import Document, Problem
from kontor.domain.campaigns import Campaign, Reward, RewardValidity, Timer

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
