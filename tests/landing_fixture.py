"""A small, hand-written landing folder that exercises every contract path with known answers.

Used by unit tests (every quarantine reason, BOM, time zones, fx, newest-file-wins) and as the
quick dbt fixture. Each dirty row is planted on purpose; the comments say which rule it trips.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq


def _write(path: Path, text: str, bom: bool = False) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    data = text.lstrip("\n").encode("utf-8")
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)
    return path


def make_landing(root: Path) -> Path:
    # customers: BOM csv, leading-zero ids, one extra column (kept in raw), one bad timestamp
    _write(root / "customers/customers.csv", """
customer_id,created_at,country,segment,email_sha256,favourite_colour
000123,2024-01-05 10:00:00,fr,b2c,aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa,blue
000124,2024-01-06T09:00:00Z,FR,pro,,red
000125,not-a-date,BE,b2c,,green
000126,2024-02-01,FR,b2c,,
""", bom=True)
    # orders in two partitions: the later one corrects o2 (newest file wins) and adds bad rows
    _write(root / "orders/dt=2024-03-01/orders.csv", """
order_id,customer_id,ordered_at,revenue,gross_margin,currency,status,sales_channel
o1,000123,2024-03-01 10:00:00,100.00,40.00,,completed,online
o2,000124,2024-03-02 23:30:00,50.00,,EUR,completed,store
o3,000123,2024-03-03T12:00:00+00:00,20.00,8.00,USD,completed,app
o4,000124,2024-03-04 12:00:00,80.00,30.00,EUR,refunded,online
""")
    with gzip.open(_mkparent(root / "orders/dt=2024-04-01/orders.csv.gz"), "wt",
                   encoding="utf-8") as fh:
        fh.write(
            "order_id,customer_id,ordered_at,revenue,gross_margin,currency,status,sales_channel\n"
            "o2,000124,2024-03-02 23:30:00,55.00,,EUR,completed,store\n"      # correction of o2
            "o5,000123,2024-04-02 10:00:00,-5,1,EUR,completed,online\n"       # negative revenue
            "o6,000123,2024-04-03 10:00:00,10,4,EUR,lost,online\n"            # unknown status
            "o7,,2024-04-03 10:00:00,10,4,EUR,completed,online\n"             # missing customer
            "o8,000126,2024-04-05 10:00:00,12.5,5,JPY,completed,kiosk\n"       # no JPY rate; kiosk->other
            "o9,000126,2024-04-06 10:00:00,\"1,5\",1,EUR,completed,online\n"   # comma decimal
        )
    # a file missing a required column (revenue): rejected whole
    _write(root / "orders/dt=2024-04-01/broken_export.csv", """
order_id,customer_id,ordered_at
o10,000123,2024-04-07 10:00:00
o11,000124,2024-04-08 10:00:00
""")
    # fx: USD rate exists before 2024-03-03 only (latest earlier rate applies)
    _write(root / "fx_rates/rates.csv", """
date,currency,rate_to_reporting
2024-03-01,USD,0.90
2024-02-01,USD,0.80
""")
    # loyalty
    pq.write_table(pa.table({
        "member_id": ["m1", "m2"], "customer_id": ["000123", "000124"],
        "joined_at": ["2024-01-10 10:00:00", "2024-01-11 10:00:00"], "tier": ["Gold", "silver"],
        "marketing_opt_in": ["yes", "maybe"],                                 # maybe: bad boolean
    }), _mkparent(root / "loyalty_members/members.parquet"))
    _write(root / "loyalty_events/events.jsonl", "\n".join([
        json.dumps({"event_id": "e1", "member_id": "m1", "occurred_at": "2024-03-01T10:00:00Z",
                    "event_type": "earn", "points": 10}),
        json.dumps({"event_id": "e2", "member_id": "m1", "occurred_at": "2024-03-05T10:00:00Z",
                    "event_type": "Gift", "points": 5}),                      # unknown -> other
        "{not json",                                                          # malformed line
        json.dumps({"event_id": "e3", "member_id": "m2", "occurred_at": "2024-03-06T10:00:00Z",
                    "event_type": "redeem", "points": "2.5"}),                # not an integer
    ]) + "\n")
    _write(root / "identity_links/links.csv", """
channel,handle,customer_id,method
instagram,@Alice_Fan,000123,social_login
discord,bob#42,000124,manual
""")
    _write(root / "community_actions/actions.csv", """
action_id,channel,action_type,published_at,staff_minutes,direct_cost,currency,author_id
a1,instagram,post,2024-02-20 09:00:00,60,100,,cm1
a2,discord,ama,2024-02-21 18:00:00,120,0,,cm2
a3,instagram,boosted_reel,2024-02-22 09:00:00,30,10,,cm1
""")
    _write(root / "engagements/dt=2024-02-25/engagements.csv", """
engagement_id,channel,handle,engagement_type,occurred_at,action_id,text,sentiment
g1,instagram,alice_fan,like,2024-02-25 10:00:00,a1,,
g2,instagram,ALICE_FAN,comment,2024-02-26 10:00:00,a1,J'adore cette marque !,
g3,discord,Bob#42,reply,2024-02-26 11:00:00,a2,great AMA,0.8
g4,instagram,stranger,like,2024-02-26 12:00:00,a1,,
g5,email,aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa,click,2024-02-27 08:00:00,,,
g6,instagram,alice_fan,like,2024-02-28 10:00:00,a1,,3.5
""")
    _write(root / "mentions/mentions.jsonl", "\n".join(json.dumps(m) for m in [
        {"mention_id": "x1", "channel": "x", "handle": "critic", "published_at":
         "2024-03-01T10:00:00Z", "text": "this brand is awful", "reach": 100},
        {"mention_id": "x2", "channel": "x", "handle": "@Brand", "published_at":
         "2024-03-01T10:30:00Z", "text": "Sorry to hear that, DM us", "is_brand": "true",
         "in_reply_to": "x1"},
        {"mention_id": "x3", "channel": "x", "handle": "fan", "published_at":
         "2024-03-01T10:10:00Z", "text": "love them", "sentiment": 0.9, "in_reply_to": "x1"},
    ]) + "\n")
    _write(root / "costs/costs.csv", """
month,category,amount,currency,channel
2024-02,tools,300,,
2024-02,ads_boost,50,EUR,instagram
2024-13,staff,10,,
""")
    # engagements_extra: a source folder that is not in the contract is ignored by design
    return root


def _mkparent(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    return path
