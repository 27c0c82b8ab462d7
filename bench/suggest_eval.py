"""Score the claim-suggestion engine against annotated texts, per text, per genre and overall.

Run from the repository root:  python bench/suggest_eval.py [--rules-only] [--page] [--quiet]

A text is any ``X.claims.json`` next to an ``X.txt`` in:

* ``tests/data`` (the regression articles; genre ``article``) and ``tests/data/genres`` (wire reports,
  council/parliament transcripts, social-media threads, debates with a moderator, health reports whose
  claims carry no figure; the genre is in each file's ``article.genre``);
* ``../shared/corpus`` (the user's annotated corpus, read at run time, skipped with a note when absent);
* ``app/suggest/data/training`` (the default model was trained on them: printed as a check of fit only).

The suggestions measured are the engine's list with the default model's learned score on every sentence
(what a reviewer sees once the article's sentences are scored).  ``--page`` adds a second column pair: the
list the article page shows right after an import, made by the same function the page uses
(``app.services.suggestions._run_engine`` with ``checkworthiness.sentence_scorer()``, in a throwaway app with
an empty database: no sentence has a kept vector yet, the request path encodes only a few itself).

Matching rule (explicit, one for every table):

* a suggestion *hits* a gold claim when their spans overlap by at least half the length of the shorter
  of the two (a whole-sentence suggestion hits the short claim it holds; a suggestion that grazes a claim
  by a word or two does not);
* coverage  = gold claims matched one-to-one to a suggestion that hits them / gold claims (one suggestion
  counts for at most one gold claim: a sentence holding two claims needs two suggestions, as a reviewer
  needs two claims);
* precision = suggestions that hit some gold claim / suggestions.

Totals are micro-averaged (summed over texts).  The targets are printed, not enforced; the script exits
non-zero only if it crashes.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from app.suggest import Suggestion, suggest  # noqa: E402

CORPUS_DIR = Path(os.environ.get("CLAIMDESK_SHARED_DIR") or ROOT.parent / "shared") / "corpus"
DATA_DIR = ROOT / "tests" / "data"
GENRES_DIR = DATA_DIR / "genres"
TRAINING_DIR = ROOT / "app" / "suggest" / "data" / "training"
SCORER = None  # set by main(): the default model's learned scores, unless --rules-only
TARGET_COVERAGE = 0.90
TARGET_PRECISION = 0.80
MIN_OVERLAP = 0.5  # of the shorter span


@dataclass
class Result:
    """Scores of one text under the matching rule above."""

    name: str
    source: str
    language: str
    gold: int
    suggested: int
    matched: int  # gold claims matched one-to-one to a suggestion that hits them
    on_gold: int  # suggestions hitting some gold claim
    genre: str = "article"
    # The earlier rule, kept for tests/suggest/test_suggest_data.py: a suggestion covers a gold claim when its
    # span contains the whole anchor (one suggestion may cover several).
    covered: int = 0
    precise: int = 0

    @property
    def coverage(self) -> float:
        """Share of gold claims matched to a suggestion."""
        return self.matched / self.gold if self.gold else 1.0

    @property
    def precision(self) -> float:
        """Share of suggestions on a gold claim."""
        return self.on_gold / self.suggested if self.suggested else 0.0


def articles(directory: Path) -> list[tuple[Path, Path]]:
    """(text, annotations) pairs in a directory: X.txt beside X.claims.json."""
    pairs = []
    for ann in sorted(directory.glob("*.claims.json")):
        txt = ann.with_name(ann.name[: -len(".claims.json")] + ".txt")
        if txt.exists():
            pairs.append((txt, ann))
    return pairs


def hits(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Two spans overlap by at least MIN_OVERLAP of the shorter one."""
    overlap = min(a[1], b[1]) - max(a[0], b[0])
    return overlap > 0 and overlap >= MIN_OVERLAP * min(a[1] - a[0], b[1] - b[0])


def matched(gold: Sequence[tuple[int, int]], spans: Sequence[tuple[int, int]]) -> int:
    """Size of the largest one-to-one matching of gold claims to suggestions that hit them."""
    owner: dict[int, int] = {}  # suggestion index -> gold index

    def place(g: int, seen: set[int]) -> bool:
        for s, span in enumerate(spans):
            if s in seen or not hits(gold[g], span):
                continue
            seen.add(s)
            if s not in owner or place(owner[s], seen):
                owner[s] = g
                return True
        return False

    return sum(1 for g in range(len(gold)) if place(g, set()))


def score(gold: Sequence[tuple[int, int]], spans: Sequence[tuple[int, int]]) -> tuple[int, int]:
    """(gold claims covered, suggestions on a gold claim)."""
    return matched(gold, spans), sum(1 for s in spans if any(hits(g, s) for g in gold))


def read(txt: Path, ann: Path) -> tuple[str, dict]:
    """A text and its annotations, every anchor checked against the text."""
    text = txt.read_text(encoding="utf-8")
    doc = json.loads(ann.read_text(encoding="utf-8"))
    for c in doc["claims"]:
        if text[c["start"]:c["end"]] != c["anchor"]:
            raise ValueError(f"{ann.name}: anchor {c['id']!r} does not match the text at {c['start']}:{c['end']}")
    return text, doc


Suggester = Callable[[str, str, date | None], list[Suggestion]]


def engine_list(text: str, language: str, today: date | None) -> list[Suggestion]:
    """The engine's list with every sentence scored (SCORER), on the text's own publication day."""
    return suggest(text, language, today=today, scorer=SCORER)


def evaluate(txt: Path, ann: Path, source: str, suggester: Suggester | None = None) -> Result:
    """Run the suggestions on one text and compare with its gold claims."""
    text, doc = read(txt, ann)
    meta = doc.get("article", {})
    language = meta.get("language") or "?"
    published = meta.get("published")
    today = date.fromisoformat(published) if published else None
    found = (suggester or engine_list)(text, language, today)
    gold = [(c["start"], c["end"]) for c in doc["claims"]]
    spans = [(s.start, s.end) for s in found]
    covered = sum(1 for gs, ge in gold if any(s <= gs and ge <= e for s, e in spans))
    precise = sum(1 for s, e in spans if any(s <= gs and ge <= e for gs, ge in gold))
    return Result(txt.name[: -len(".txt")], source, language, len(gold), len(found), *score(gold, spans),
                  meta.get("genre") or "article", covered, precise)


def texts() -> list[tuple[Path, Path, str]]:
    """Every annotated text: (txt, annotations, source)."""
    out: list[tuple[Path, Path, str]] = []
    if CORPUS_DIR.is_dir():
        out += [(t, a, "corpus") for t, a in articles(CORPUS_DIR)]
    else:
        print(f"note: {CORPUS_DIR} not found; the shared corpus is skipped")
    out += [(t, a, "tests/data") for t, a in articles(DATA_DIR)]
    out += [(t, a, "genres") for t, a in articles(GENRES_DIR)]
    if TRAINING_DIR.is_dir():  # the default model was trained on these: a check of fit, not of reach
        out += [(t, a, "training") for t, a in articles(TRAINING_DIR)]
    return out


def _default_scorer():
    from app.suggest import model as cm

    if not cm.DEFAULT_MODEL_PATH.exists():
        print(f"note: no default model at {cm.DEFAULT_MODEL_PATH}; rules only")
        return None
    model = cm.load(cm.DEFAULT_MODEL_PATH)
    print(f"learned score: default model ({model.encoder}) on every sentence, blended with the rules")
    return lambda sentences, languages: model.score(sentences, languages).tolist()


def page_suggester() -> Suggester:
    """The list the article page shows right after an import: the page's own function, in a throwaway
    app whose database holds no kept vector (the default model; the request path encodes only a few
    sentences itself)."""
    from app import create_app
    from app.extensions import db
    from app.models import Article
    from app.services import suggestions
    from config import TestingConfig

    folder = Path(tempfile.mkdtemp(prefix="suggest-eval-"))

    class BenchConfig(TestingConfig):
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{folder / 'bench.db'}"
        SUGGEST_LEARNED = True
        CLAIMDESK_MODEL_DIR = str(folder / "models")  # no desk model there: the project's default

    app = create_app(BenchConfig)
    with app.app_context():
        db.create_all()

    def run(text: str, language: str, today: date | None) -> list[Suggestion]:
        with app.app_context():
            found, _unscored, _known = suggestions._run_engine(Article(body=text, language=language))
            return found

    return run


def _row(cols: list[str], widths: list[int]) -> str:
    return "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(cols, widths, strict=True)))


def _pct(part: int, whole: int, empty: float) -> float:
    return 100 * (part / whole if whole else empty)


def totals(rs: Sequence[Result]) -> tuple[int, int, float, float]:
    """(gold, suggested, coverage %, precision %), micro-averaged."""
    gold = sum(r.gold for r in rs)
    sug = sum(r.suggested for r in rs)
    return gold, sug, _pct(sum(r.matched for r in rs), gold, 1.0), _pct(sum(r.on_gold for r in rs), sug, 0.0)


def report(results: list[Result], page: list[Result] | None, quiet: bool) -> None:
    """Per text, per genre and language, per source, overall."""
    views = [("scored", results)] + ([("page", page)] if page else [])
    head = ["text", "source", "genre", "lang", "gold"]
    for label, _ in views:
        head += [f"sugg {label}", f"cov% {label}", f"prec% {label}"]
    rows = []
    for i, r in enumerate(results):
        row = [r.name, r.source, r.genre, r.language, str(r.gold)]
        for _, rs in views:
            row += [str(rs[i].suggested), f"{100 * rs[i].coverage:.1f}", f"{100 * rs[i].precision:.1f}"]
        rows.append(row)
    widths = [max(len(h), *(len(row[k]) for row in rows)) for k, h in enumerate(head)]
    if not quiet:
        print(_row(head, widths))
        print(_row(["-" * w for w in widths], widths))
        for row in rows:
            print(_row(row, widths))
        print()

    def line(label: str, pick: Callable[[Result], bool]) -> None:
        parts = []
        for name, rs in views:
            chosen = [r for r in rs if pick(r)]
            if not chosen:
                return
            gold, sug, cov, prec = totals(chosen)
            ok = "ok" if cov >= 100 * TARGET_COVERAGE and prec >= 100 * TARGET_PRECISION else "BELOW"
            parts.append(f"{name}: sugg {sug:>3} cov {cov:5.1f}% prec {prec:5.1f}% {ok:5}")
        n = sum(1 for r in results if pick(r))
        print(f"{label:34} texts {n:>2} gold {sum(r.gold for r in results if pick(r)):>3}  " + "   ".join(parts))

    print(f"targets: coverage >= {100 * TARGET_COVERAGE:.0f}%, precision >= {100 * TARGET_PRECISION:.0f}% "
          f"(match: overlap >= {100 * MIN_OVERLAP:.0f}% of the shorter span, one suggestion per gold claim)")
    held_out = [r for r in results if r.source != "training"]
    for genre in sorted({r.genre for r in held_out}):
        for lang in ("ar", "en"):
            line(f"genre {genre} ({lang})", lambda r, g=genre, la=lang: r.source != "training" and r.genre == g
                 and r.language == la)
        line(f"genre {genre}", lambda r, g=genre: r.source != "training" and r.genre == g)
    for source in ("corpus", "tests/data", "genres"):
        line(f"source {source}", lambda r, s=source: r.source == s)
    line("overall (all but training)", lambda r: r.source != "training")
    gold, sug = sum(r.gold for r in held_out), sum(r.suggested for r in held_out)
    print(f"{'  (earlier rule: span contains anchor)':34} scored: cov {_pct(sum(r.covered for r in held_out), gold, 1.0):5.1f}%"
          f" prec {_pct(sum(r.precise for r in held_out), sug, 0.0):5.1f}%")
    # The annotated training texts anchor whole claims of every kind: figures for the record, no target.
    line("training texts (fit, no target)", lambda r: r.source == "training")


def main() -> int:
    """Print the tables."""
    global SCORER
    SCORER = None if "--rules-only" in sys.argv else _default_scorer()
    if SCORER is None:
        print("rules only")
    items = texts()
    if not items:
        print("no annotated texts found")
        return 0
    page = None
    if "--page" in sys.argv:  # first, so that no vector encoded for the scored list is in memory yet
        run = page_suggester()
        page = [evaluate(t, a, s, run) for t, a, s in items]
    results = [evaluate(t, a, s) for t, a, s in items]
    report(results, page, "--quiet" in sys.argv)
    return 0


if __name__ == "__main__":
    sys.exit(main())
