"""SQLAlchemy 2 typed models, one submodule per domain. Every row carries the workspace's team_id.

Every model is re-exported here, so `from bot.models import X` works and Alembic sees every table
in Base.metadata.
"""

from __future__ import annotations

from bot.installations import define_tables as define_oauth_tables
from bot.models.audit import AuditLog, ChannelCheck, JobRun
from bot.models.base import Base, UTCDateTime, utcnow
from bot.models.decisions import Decision, DecisionKind, Escalation
from bot.models.delivery import Delivery, ProcessedEvent
from bot.models.effect import ComparisonValue, Goal, Indicator, IndicatorValue, StatbankSource
from bot.models.items import (
    FollowNotice,
    Item,
    ItemDismissal,
    ItemEvent,
    ItemFollow,
    ItemKind,
    ItemLevel,
    ItemStatus,
    ItemUnit,
)
from bot.models.org import Area, ClosingDay, Person, Role, Unit, UsergroupMember, Workspace
from bot.models.reflection import PromptState, ReflectionPrefs, ReflectionPrompt, ReflectionReply
from bot.models.threads import (
    CrossUnitChannelProblem,
    CrossUnitPair,
    CrossUnitRun,
    CrossUnitThread,
    CrossUnitThreadItem,
    ThreadOutcome,
)

__all__ = [
    "Area",
    "AuditLog",
    "Base",
    "ChannelCheck",
    "ClosingDay",
    "ComparisonValue",
    "CrossUnitChannelProblem",
    "CrossUnitPair",
    "CrossUnitRun",
    "CrossUnitThread",
    "CrossUnitThreadItem",
    "Decision",
    "DecisionKind",
    "Delivery",
    "Escalation",
    "FollowNotice",
    "Goal",
    "Indicator",
    "IndicatorValue",
    "Item",
    "ItemDismissal",
    "ItemEvent",
    "ItemFollow",
    "ItemKind",
    "ItemLevel",
    "ItemStatus",
    "ItemUnit",
    "JobRun",
    "Person",
    "ProcessedEvent",
    "PromptState",
    "ReflectionPrefs",
    "ReflectionPrompt",
    "ReflectionReply",
    "Role",
    "StatbankSource",
    "ThreadOutcome",
    "UTCDateTime",
    "Unit",
    "UsergroupMember",
    "Workspace",
    "utcnow",
]

# slack_sdk's installation, bot and OAuth-state tables (OAuth mode), migrated with the rest.
define_oauth_tables(Base.metadata)
