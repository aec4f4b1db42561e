"""Landing contract v1, as data.

One declaration per source: its columns, their types, which are required, the enumerations and the
key by which "newest file wins". The loader, the Great Expectations suites, the demo generator and
the docs all read this module, so the contract is written down exactly once.
"""

from __future__ import annotations

from dataclasses import dataclass, field

CONTRACT_VERSION = 1

CHANNELS = (
    "instagram", "facebook", "x", "linkedin", "tiktok", "youtube", "pinterest", "threads",
    "forum", "discord", "whatsapp", "email", "event", "blog", "review_site", "other",
)

# Column types. Each maps to one parse rule in load.py.
STRING = "string"
TIMESTAMP = "timestamp"
DATE = "date"
MONTH = "month"          # YYYY-MM
DECIMAL = "decimal"
INTEGER = "integer"
BOOLEAN = "boolean"
ENUM = "enum"
CURRENCY = "currency"    # ISO-4217, upper-cased; empty means the reporting currency


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    required: bool = False
    # enumerations: accepted values; `other_fallback` maps unknown values to "other" (counted)
    values: tuple[str, ...] = ()
    other_fallback: bool = False
    min_value: float | None = None       # inclusive
    max_value: float | None = None       # inclusive
    exclusive_min: bool = False          # rate_to_reporting > 0
    allow_empty_enum: bool = False       # costs.channel: empty = shared by all channels
    default: str | None = None           # value used when the column is absent or empty


@dataclass(frozen=True)
class Source:
    name: str
    key: tuple[str, ...]
    columns: tuple[Column, ...]
    optional: bool = False               # fx_rates: the folder may be missing by design
    roi_critical: bool = False           # missing => ROI impossible
    money_columns: tuple[str, ...] = field(default=())
    money_date_column: str | None = None  # the date used to pick the fx rate

    @property
    def required_columns(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.required)

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)


def _enum(name: str, values: tuple[str, ...], required: bool = False, other: bool = False,
          **kw) -> Column:
    return Column(name, ENUM, required=required, values=values,
                  other_fallback=other and "other" in values, **kw)


SOURCES: dict[str, Source] = {s.name: s for s in (
    Source("customers", ("customer_id",), (
        Column("customer_id", STRING, True),
        Column("created_at", TIMESTAMP, True),
        Column("country", STRING),
        Column("region", STRING),
        Column("segment", STRING),
        Column("age_band", STRING),
        Column("email_sha256", STRING),
    ), roi_critical=True),
    Source("orders", ("order_id",), (
        Column("order_id", STRING, True),
        Column("customer_id", STRING, True),
        Column("ordered_at", TIMESTAMP, True),
        Column("revenue", DECIMAL, True, min_value=0),
        Column("gross_margin", DECIMAL),
        Column("currency", CURRENCY),
        _enum("status", ("completed", "refunded", "cancelled"), default="completed"),
        _enum("sales_channel", ("online", "store", "app", "marketplace", "other"), other=True),
    ), roi_critical=True, money_columns=("revenue", "gross_margin"),
        money_date_column="ordered_at"),
    Source("loyalty_members", ("member_id",), (
        Column("member_id", STRING, True),
        Column("customer_id", STRING, True),
        Column("joined_at", TIMESTAMP, True),
        Column("tier", STRING),
        Column("left_at", TIMESTAMP),
        Column("marketing_opt_in", BOOLEAN),
    )),
    Source("loyalty_events", ("event_id",), (
        Column("event_id", STRING, True),
        Column("member_id", STRING, True),
        Column("occurred_at", TIMESTAMP, True),
        _enum("event_type", ("earn", "redeem", "expire", "tier_up", "tier_down", "other"),
              required=True, other=True),
        Column("points", INTEGER),
    )),
    Source("identity_links", ("channel", "handle"), (
        _enum("channel", CHANNELS, required=True, other=True),
        Column("handle", STRING, True),
        Column("customer_id", STRING, True),
        Column("linked_at", TIMESTAMP),
        _enum("method", ("social_login", "email_match", "loyalty_app", "manual", "other"),
              other=True),
    )),
    Source("community_actions", ("action_id",), (
        Column("action_id", STRING, True),
        _enum("channel", CHANNELS, required=True, other=True),
        _enum("action_type", ("post", "story", "video", "live", "reply", "moderation", "event",
                              "contest", "ugc_campaign", "ama", "newsletter", "crisis_response",
                              "other"), required=True, other=True),
        Column("published_at", TIMESTAMP, True),
        Column("staff_minutes", DECIMAL, min_value=0),
        Column("direct_cost", DECIMAL, min_value=0),
        Column("currency", CURRENCY),
        Column("campaign", STRING),
        Column("topic", STRING),
        Column("author_id", STRING),
    ), money_columns=("direct_cost",), money_date_column="published_at"),
    Source("engagements", ("engagement_id",), (
        Column("engagement_id", STRING, True),
        _enum("channel", CHANNELS, required=True, other=True),
        Column("handle", STRING, True),
        _enum("engagement_type", ("view", "like", "comment", "share", "save", "click", "reply",
                                  "mention", "review", "join", "attend", "other"),
              required=True, other=True),
        Column("occurred_at", TIMESTAMP, True),
        Column("action_id", STRING),
        Column("text", STRING),
        Column("sentiment", DECIMAL, min_value=-1, max_value=1),
    ), roi_critical=True),
    Source("mentions", ("mention_id",), (
        Column("mention_id", STRING, True),
        _enum("channel", CHANNELS, required=True, other=True),
        Column("handle", STRING, True),
        Column("published_at", TIMESTAMP, True),
        Column("text", STRING),
        Column("sentiment", DECIMAL, min_value=-1, max_value=1),
        Column("reach", INTEGER, min_value=0),
        Column("in_reply_to", STRING),
        Column("is_brand", BOOLEAN, default="false"),
        Column("url", STRING),
    )),
    Source("costs", ("month", "category", "channel"), (
        Column("month", MONTH, True),
        _enum("category", ("staff", "freelance", "tools", "ads_boost", "events", "gifts",
                           "agency", "other"), required=True, other=True),
        Column("amount", DECIMAL, True, min_value=0),
        Column("currency", CURRENCY),
        _enum("channel", CHANNELS, other=True, allow_empty_enum=True),
    ), money_columns=("amount",), money_date_column="month"),
    Source("fx_rates", ("date", "currency"), (
        Column("date", DATE, True),
        Column("currency", CURRENCY, True),
        Column("rate_to_reporting", DECIMAL, True, min_value=0, exclusive_min=True),
    ), optional=True),
)}

SOURCE_NAMES: tuple[str, ...] = tuple(SOURCES)
FILE_SUFFIXES = (".csv", ".csv.gz", ".parquet", ".jsonl")
