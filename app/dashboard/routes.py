"""The dashboard page: claims by state and verdict, time to approval, reviewer load, sources gone."""

from __future__ import annotations

from babel.dates import format_skeleton
from flask import render_template
from flask_babel import get_locale
from flask_babel import gettext as _

from app.dashboard import bp, charts
from app.localization import digits, format_number, label, ui_dir
from app.models.base import STATES, VERDICTS
from app.services import dashboard
from app.web import page


def _count(value: float) -> str:
    return format_number(int(round(value)))


def _hours(value: float | None) -> str:
    return "" if value is None else format_number(round(value))


@bp.get("/")
@page("approve")
def index():
    """The desk over the last twelve weeks, each plot with its numbers in a table beside it."""
    data = dashboard.build()
    rtl = ui_dir() == "rtl"
    locale = get_locale()
    weeks = [digits(format_skeleton("MMMd", week, locale=locale)) for week in data.weeks]
    by_state = [(label("state", code), charts.STATE_COLOURS[code], data.by_state[code]) for code in STATES]
    by_verdict = [(label("verdict", code), charts.VERDICT_COLOURS[code], data.by_verdict[code]) for code in VERDICTS]
    waiting = [(_("Median"), charts.SERIES_COLOURS[0], [w.median or 0 for w in data.waiting]),
               (_("90th percentile"), charts.SERIES_COLOURS[1], [w.p90 or 0 for w in data.waiting])]
    people = [(item.name or _("Nobody"), item.open_claims) for item in data.load]
    plots = {
        "state": charts.week_bars(weeks, by_state, _count, stacked=True, rtl=rtl),
        "verdict": charts.week_bars(weeks, by_verdict, _count, stacked=True, rtl=rtl),
        "waiting": charts.week_bars(weeks, waiting, _hours, stacked=False, rtl=rtl),
        "load": charts.person_bars(people, _count, rtl=rtl),
        "gone": charts.week_bars(weeks, [(_("Sources gone"), charts.SERIES_COLOURS[0], data.gone)], _count,
                                 stacked=True, rtl=rtl),
    }
    return render_template("dashboard/index.html", data=data, weeks=weeks, plots=plots, by_state=by_state,
                           by_verdict=by_verdict, people=people, count=_count, hours=_hours)
