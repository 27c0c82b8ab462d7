"""The editor's dashboard: the desk's figures over the last weeks, from a fixed handful of aggregate queries.

Six statements whatever the size of the desk, each a GROUP BY over an index or one table scan:
the claims now by state and verdict; claims opened per week; state and verdict changes per week
(from the audit log); approvals per week and hour of waiting; open claims per assignee; sources found
gone per week. The state and verdict series walk back from today's true counts through each week's
changes, so the latest week always matches the queue, whatever happened before the audit log began.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import FunctionElement

from app.extensions import db
from app.models import Claim, Event, Source, User
from app.models.base import STATES, VERDICTS

WEEK_SECONDS = 7 * 86400
# The Unix epoch fell on a Thursday: three days added make weeks start on Monday.
MONDAY_SHIFT = 3 * 86400
EPOCH_MONDAY = dt.date(1969, 12, 29)


class week_index(FunctionElement):
    """Whole weeks (Monday to Sunday, UTC) since 29 December 1969, as an integer on every database."""

    type = sa.Integer()
    inherit_cache = True


class hours_between(FunctionElement):
    """Whole hours from the first datetime to the second, as an integer on every database."""

    type = sa.Integer()
    inherit_cache = True


@compiles(week_index)
def _week_default(element, compiler, **kw):
    (column,) = list(element.clauses)
    return (f"CAST(FLOOR((EXTRACT(EPOCH FROM {compiler.process(column, **kw)}) + {MONDAY_SHIFT})"
            f" / {WEEK_SECONDS}) AS INTEGER)")


@compiles(week_index, "sqlite")
def _week_sqlite(element, compiler, **kw):
    (column,) = list(element.clauses)
    return f"((CAST(strftime('%s', {compiler.process(column, **kw)}) AS INTEGER) + {MONDAY_SHIFT}) / {WEEK_SECONDS})"


@compiles(hours_between)
def _hours_default(element, compiler, **kw):
    start, end = (compiler.process(c, **kw) for c in element.clauses)
    return f"CAST(FLOOR((EXTRACT(EPOCH FROM {end}) - EXTRACT(EPOCH FROM {start})) / 3600) AS INTEGER)"


@compiles(hours_between, "sqlite")
def _hours_sqlite(element, compiler, **kw):
    start, end = (compiler.process(c, **kw) for c in element.clauses)
    return (f"((CAST(strftime('%s', {end}) AS INTEGER) - CAST(strftime('%s', {start}) AS INTEGER)) / 3600)")


def week_of(moment: dt.datetime) -> int:
    """The week index week_index() gives in SQL, computed in Python."""
    return (int(moment.timestamp()) + MONDAY_SHIFT) // WEEK_SECONDS


def week_start(index: int) -> dt.date:
    """The Monday a week index starts on."""
    return EPOCH_MONDAY + dt.timedelta(weeks=index)


@dataclass
class Waiting:
    """Time from opening to approval of the claims approved in one week, in hours."""

    approved: int = 0
    median: float | None = None
    p90: float | None = None


@dataclass
class Load:
    user_id: int | None
    name: str | None
    open_claims: int


@dataclass
class Dashboard:
    weeks: list[dt.date]
    # code -> one count per week (the claims in that state / with that verdict at the end of the week)
    by_state: dict[str, list[int]]
    by_verdict: dict[str, list[int]]
    opened: list[int]
    waiting: list[Waiting]
    load: list[Load]
    gone: list[int]
    totals: dict[str, int] = field(default_factory=dict)


def _percentile(histogram: Counter, share: float) -> float | None:
    """The nearest-rank percentile of a histogram of whole hours (share 0.5 is the median)."""
    total = sum(histogram.values())
    if not total:
        return None
    rank = max(1, math.ceil(share * total))
    seen = 0
    for hours in sorted(histogram):
        seen += histogram[hours]
        if seen >= rank:
            return float(hours)
    return None  # pragma: no cover - the loop always reaches the rank


def _walk_back(now_counts: Counter, codes: tuple[str, ...], flows: dict[int, Counter], weeks: list[int]) -> dict:
    """Counts at the end of each week, from today's counts and each week's net inflow per code."""
    series = {code: [0] * len(weeks) for code in codes}
    current = Counter(now_counts)
    for position in range(len(weeks) - 1, -1, -1):
        for code in codes:
            series[code][position] = max(0, current[code])
        for code, delta in flows.get(weeks[position], Counter()).items():
            current[code] -= delta
    return series


def _json_text(value: str | None) -> str | None:
    if value is None:
        return None
    try:
        decoded = json.loads(value)
    except ValueError:
        return value
    return decoded if isinstance(decoded, str) else None


def build(now: dt.datetime | None = None, weeks: int = 12) -> Dashboard:
    """The dashboard's figures for the `weeks` weeks up to and including the week of `now`."""
    now = now or dt.datetime.now(dt.UTC)
    last = week_of(now)
    indices = list(range(last - weeks + 1, last + 1))
    since = dt.datetime.combine(week_start(indices[0]), dt.time(), tzinfo=dt.UTC)
    session = db.session

    states_now: Counter = Counter()
    verdicts_now: Counter = Counter()
    for state, verdict, count in session.execute(
            sa.select(Claim.state, Claim.verdict, sa.func.count()).group_by(Claim.state, Claim.verdict)):
        states_now[state] += count
        verdicts_now[verdict] += count

    created_week = week_index(Claim.created_at)
    opened = dict(session.execute(
        sa.select(created_week, sa.func.count()).where(Claim.created_at >= since).group_by(created_week)).all())

    state_flows: dict[int, Counter] = defaultdict(Counter)
    verdict_flows: dict[int, Counter] = defaultdict(Counter)
    for week, count in opened.items():
        state_flows[week]["open"] += count
        verdict_flows[week]["unverified"] += count
    event_week = week_index(Event.created_at)
    before, after = sa.cast(Event.before, sa.Text), sa.cast(Event.after, sa.Text)
    changes = session.execute(
        sa.select(event_week, Event.field, before, after, sa.func.count())
        .where(Event.field.in_(("state", "verdict")), Event.created_at >= since, Event.object_type == "claim")
        .group_by(event_week, Event.field, before, after))
    for week, name, old, new, count in changes:
        flows = state_flows if name == "state" else verdict_flows
        flows[week][_json_text(old)] -= count
        flows[week][_json_text(new)] += count

    approved_week = week_index(Claim.approved_at)
    hours = hours_between(Claim.created_at, Claim.approved_at)
    histograms: dict[int, Counter] = defaultdict(Counter)
    for week, waited, count in session.execute(
            sa.select(approved_week, hours, sa.func.count())
            .where(Claim.approved_at >= since).group_by(approved_week, hours)):
        histograms[week][max(0, waited)] += count
    waiting = [Waiting(sum(histograms[w].values()), _percentile(histograms[w], 0.5), _percentile(histograms[w], 0.9))
               for w in indices]

    waiting_states = [state for state in STATES if state != "approved"]
    per_person = (sa.select(Claim.assignee_id, sa.func.count().label("n")).where(Claim.state.in_(waiting_states))
                  .group_by(Claim.assignee_id).subquery())
    load_rows = session.execute(
        sa.select(per_person.c.assignee_id, User.name, User.email, per_person.c.n)
        .outerjoin(User, User.id == per_person.c.assignee_id))
    load = sorted((Load(uid, (name or email) if uid else None, count) for uid, name, email, count in load_rows),
                  key=lambda item: (item.user_id is None, -item.open_claims, item.name or ""))

    gone_week = week_index(Source.checked_at)
    gone = dict(session.execute(
        sa.select(gone_week, sa.func.count())
        .where(Source.status == "gone", Source.checked_at >= since).group_by(gone_week)).all())

    return Dashboard(
        weeks=[week_start(w) for w in indices],
        by_state=_walk_back(states_now, STATES, state_flows, indices),
        by_verdict=_walk_back(verdicts_now, VERDICTS, verdict_flows, indices),
        opened=[opened.get(w, 0) for w in indices],
        waiting=waiting,
        load=load,
        gone=[gone.get(w, 0) for w in indices],
        totals={"claims": sum(states_now.values()), "open": sum(v for k, v in states_now.items() if k != "approved")},
    )
