"""Dashboard (progress, label distribution, agreement over time, conflicts) and agreement."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask.typing import ResponseReturnValue
from flask_babel import get_locale
from flask_babel import gettext as _

from annotator.admin.current import current_settings
from annotator.auth.permissions import role_required
from annotator.dashboard.charts import PROGRESS, bar_chart, line_chart
from annotator.extensions import db
from annotator.services.agreement import agreement_over_time, agreement_summary, label_names
from annotator.services.dashboard import (
    article_progress,
    editor_progress,
    label_distribution,
    label_titles,
    set_titles,
)
from annotator.services.holder_agreement import HOLDER_STANCE
from annotator.services.holder_links import STANCE_SET
from annotator.services.reviewing import review_list

bp = Blueprint("dashboard", __name__)


@bp.get("/dashboard")
@role_required("reviewer")
def index() -> ResponseReturnValue:
    """Progress per article and editor, labels used, agreement over time, open conflicts."""
    needed = current_settings().annotators_per_passage
    locale = str(get_locale() or "zh")
    articles = article_progress(db.session, needed)
    editors = editor_progress(db.session, needed)
    titles = label_titles(db.session, locale)
    article_chart = bar_chart(
        [(a.title, (a.complete, a.started, a.untouched)) for a in articles],
        [_("complete"), _("started"), _("untouched")],
        colors=PROGRESS,
    )
    editor_chart = bar_chart(
        [(e.display_name, (e.done, e.remaining)) for e in editors],
        [_("done"), _("left for them")],
        colors=(PROGRESS[0], PROGRESS[2]),
    )
    sets = set_titles(db.session, locale)
    distribution = {
        sets.get(name, name): bar_chart(
            [(titles.get(f"{name}:{label}", label), (n,)) for label, n in counts],
            [sets.get(name, name)],
            width=380,
            label_width=130,
        )
        for name, counts in label_distribution(db.session).items()
    }
    timeline = agreement_over_time(db.session)
    periods = sorted({p["period"] for points in timeline["sets"].values() for p in points})
    by_set = {
        name: {p["period"]: p["alpha"] for p in points} for name, points in timeline["sets"].items()
    }
    alpha_chart = (
        line_chart(
            periods,
            [
                (f"α {sets.get(name, name)}", [by_set[name].get(x) for x in periods])
                for name in by_set
            ],
        )
        if periods
        else None
    )
    conflicts = review_list(db.session, show="conflict", per_page=1).total
    return render_template(
        "dashboard/index.html",
        articles=articles,
        editors=editors,
        needed=needed,
        article_chart=article_chart,
        editor_chart=editor_chart,
        distribution=distribution,
        alpha_chart=alpha_chart,
        timeline=timeline,
        conflicts=conflicts,
    )


@bp.get("/agreement")
@role_required("reviewer")
def agreement() -> ResponseReturnValue:
    """Agreement figures per label set: observed, Cohen per pair, Fleiss, Krippendorff."""
    reports = agreement_summary(db.session)
    # The holder-stance report takes the stance set's labels and titles.
    of = {HOLDER_STANCE: STANCE_SET}
    labels = {
        r["label_set"]: label_names(db.session, of.get(r["label_set"], r["label_set"]))
        for r in reports
    }
    titles = label_titles(db.session, str(get_locale() or "zh"))
    titles |= {
        f"{HOLDER_STANCE}:{k[len(STANCE_SET) + 1 :]}": v
        for k, v in titles.items()
        if k.startswith(f"{STANCE_SET}:")
    }
    names = set_titles(db.session, str(get_locale() or "zh"))
    names[HOLDER_STANCE] = _("Holder stance (matched holder spans)")
    return render_template(
        "dashboard/agreement.html", reports=reports, labels=labels, titles=titles, set_titles=names
    )
