"""Learned check-worthiness for the desk: which model scores, where vectors are kept, what the desk learns from.

The model file is the desk's own when one was trained (``CLAIMDESK_MODEL_DIR``, default
``instance/models/``), else the project's default (trained on the data the project ships).  Sentence
vectors are computed once (a job for whole articles; inline for a few sentences) and kept by
encoder and text hash, so a new model rescales them without running the encoder again.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import sqlalchemy as sa

from app.extensions import db
from app.models import Article, Claim, SentenceVector, SuggestionExample, User
from app.suggest import detect_language, engine
from app.suggest import examples as ex
from app.suggest import model as cm
from app.suggest.scoring import Scorer, sentence_language

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[2]
SHIPPED_DIRS = (ROOT / "app" / "suggest" / "data" / "training", ROOT / "tests" / "data")
MODEL_FILE = "checkworthiness.npz"
DESK_WEIGHT = 3  # a desk decision counts as this many shipped examples when both are used
_CHUNK = 500


@dataclass
class LearningSettings:
    enabled: bool = True
    model_dir: Path = ROOT / "instance" / "models"
    inline_sentences: int = 120  # the request path encodes at most this many unscored sentences itself


SETTINGS = LearningSettings()


def configure(config: dict, instance_path: str) -> None:
    """Read the learning settings from the app's configuration (at start-up)."""
    SETTINGS.enabled = bool(config.get("SUGGEST_LEARNED", True))
    SETTINGS.model_dir = Path(config.get("CLAIMDESK_MODEL_DIR") or Path(instance_path) / "models")
    SETTINGS.inline_sentences = int(config.get("SUGGEST_INLINE_SENTENCES", SETTINGS.inline_sentences))


# --- which model -----------------------------------------------------------------------------------------


def desk_model_path() -> Path:
    return SETTINGS.model_dir / MODEL_FILE


class _Loaded:
    """The model in use, re-read when its file changes (another process trained or reset it)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._key: tuple | None = None
        self._model: cm.CheckModel | None = None
        self._paths: tuple[Path, tuple[str, str]] | None = None

    def _candidates(self) -> tuple[str, str]:
        """The desk's model file, then the project's default, as strings (asked on every kept page: the
        paths are built once per model folder)."""
        folder = SETTINGS.model_dir
        paths = self._paths
        if paths is None or paths[0] != folder:
            paths = self._paths = (folder, (str(desk_model_path()), str(cm.DEFAULT_MODEL_PATH)))
        return paths[1]

    def get(self) -> cm.CheckModel | None:
        for candidate in self._candidates():
            try:
                st = os.stat(candidate)
            except OSError:
                continue
            key = (candidate, st.st_mtime_ns, st.st_size)
            if key == self._key:
                return self._model
            with self._lock:
                if key != self._key:
                    try:
                        self._model = cm.load(Path(candidate))
                    except cm.ModelFileError as exc:
                        log.error("check-worthiness model not usable, trying the next: %s", exc)
                        continue
                    self._key = key
                return self._model
        return None


_LOADED = _Loaded()


# Bumped when the suggestion engine's rules or a suggestion's stored shape change: runs kept by an earlier
# engine are then made again rather than shown.
ENGINE_VERSION = "2026-12-08"


def model_key() -> str:
    """Which engine and model make the suggestions now: a kept run of another is made again."""
    return f"{ENGINE_VERSION}|{_model_part()}"[:400]


def _model_part() -> str:
    model = active_model() if SETTINGS.enabled else None
    if model is None:
        return "rules"
    if model is _LOADED._model and _LOADED._key is not None:  # a file: the same file on every process
        path, mtime, size = _LOADED._key
        return f"{mtime}:{size}:{path}"[:400]
    return f"{model.encoder}:{id(model)}"  # a model made in this process (tests, a one-off command)


def active_model() -> cm.CheckModel | None:
    """The desk's model if it trained one, else the project's default (None if neither file exists)."""
    return _LOADED.get()


def model_origin() -> str:
    """'desk' or 'default' (or 'none'): which file the suggestions use."""
    if desk_model_path().exists():
        return "desk"
    return "default" if cm.DEFAULT_MODEL_PATH.exists() else "none"


def reset_to_default() -> bool:
    """Go back to the project's default model (the desk's file is removed). True if there was one."""
    path = desk_model_path()
    if path.exists():
        path.unlink()
        return True
    return False


# --- training and measuring ---------------------------------------------------------------------------


def demo_examples() -> list[ex.Example]:
    """The demo desk's claims: worth checking by construction (its gold is not exhaustive: no negatives)."""
    from app.demo_content import ARTICLES

    out = []
    for art in ARTICLES:
        for claim in art["claims"]:
            out.append(ex.Example(claim["quote"], art["language"], 1, "demo", "article"))
    return out


def shipped_examples() -> list[ex.Example]:
    """Everything the project's default model is trained on: its own annotated texts and the demo."""
    return [*ex.shipped(SHIPPED_DIRS), *demo_examples()]


def desk_examples(language: str | None = None) -> list[ex.Example]:
    """The desk's own decisions as labelled examples (the latest decision on a text wins)."""
    q = sa.select(SuggestionExample.text, SuggestionExample.language, SuggestionExample.label,
                  SuggestionExample.action).order_by(SuggestionExample.id)
    if language:
        q = q.where(SuggestionExample.language == language)
    latest: dict[tuple[str, str], ex.Example] = {}
    for text, lang, label, action in db.session.execute(q):
        latest[(lang, text)] = ex.Example(text, lang, int(label), f"desk:{action}")
    return list(latest.values())


def fit_examples(examples: Sequence[ex.Example], encoder: str = cm.DEFAULT_ENCODER,
                 info: dict | None = None) -> cm.CheckModel:
    """Encode and fit (the encoder runs for every text not cached: seconds to minutes)."""
    if not examples:
        raise ValueError("No examples to train on.")
    x = cm.vectors(encoder, [e.text for e in examples])
    y = np.array([e.label for e in examples])
    return cm.fit(x, y, [e.language for e in examples], encoder, info=info)


def train_default(encoder: str = cm.DEFAULT_ENCODER, path: Path | None = None) -> tuple[Path, cm.CheckModel]:
    """Rebuild the project's default model from the shipped data only (reproducible)."""
    examples = shipped_examples()
    model = fit_examples(examples, encoder, {"trained_on": "shipped: app/suggest/data/training, tests/data, demo"})
    return cm.save(model, path or cm.DEFAULT_MODEL_PATH), model


def train(paths: Iterable[Path], *, from_desk: bool = False, language: str | None = None,
          encoder: str = cm.DEFAULT_ENCODER) -> tuple[Path, cm.CheckModel, int]:
    """Fit the desk's model from TSV files and/or its decisions and store it; suggestions use it from then on.

    The desk's decisions are few at first, so they are added to the shipped examples (counted
    ``DESK_WEIGHT`` times); files alone are trained on as they are.
    """
    examples: list[ex.Example] = []
    for path in paths:
        examples.extend(ex.read_path(path, language))
    sources = [p.name for p in map(Path, paths)]
    if from_desk:
        desk = desk_examples(language)
        examples.extend(e for e in shipped_examples() if language is None or e.language == language)
        examples.extend(desk * DESK_WEIGHT)
        sources.append(f"desk decisions ({len(desk)}) + shipped data")
    model = fit_examples(examples, encoder, {"trained_on": ", ".join(sources), "language": language or "both"})
    return cm.save(model, desk_model_path()), model, len(examples)


def evaluate(paths: Iterable[Path], language: str | None = None,
             model: cm.CheckModel | None = None) -> dict[str, dict[str, float]]:
    """AUC, F1, precision and recall of a model (the one in use by default) per language and overall."""
    model = model or active_model()
    if model is None:
        raise ValueError("No model to evaluate: train one or restore the default file.")
    examples = [e for p in paths for e in ex.read_path(p, language)]
    if not examples:
        raise ValueError("No examples in the given files.")
    p = model.score([e.text for e in examples], [e.language for e in examples])
    y = np.array([e.label for e in examples])
    out = {}
    for lang in sorted({e.language for e in examples}):
        rows = np.array([e.language == lang for e in examples])
        out[lang] = cm.metrics(y[rows], p[rows], model.head(lang).threshold)
    if len(out) > 1:
        out["all"] = cm.metrics(y, p)
    return out


# --- sentence vectors and scores --------------------------------------------------------------------


def stored_vectors(encoder: str, hashes: Sequence[str]) -> dict[str, np.ndarray]:
    """Vectors already kept in the database for these text hashes."""
    out: dict[str, np.ndarray] = {}
    wanted = sorted(set(hashes))
    for k in range(0, len(wanted), _CHUNK):
        rows = db.session.execute(sa.select(SentenceVector.text_hash, SentenceVector.vector).where(
            SentenceVector.encoder == encoder, SentenceVector.text_hash.in_(wanted[k:k + _CHUNK])))
        for h, blob in rows:
            out[h] = np.frombuffer(blob, dtype=np.float32)
    return out


def stored_count(encoder: str, hashes: Sequence[str]) -> int:
    """How many of these text hashes have a kept vector (one statement: the keys only, no vectors read)."""
    wanted = sorted(set(hashes))
    if db.session.get_bind().dialect.name == "postgresql":  # one array parameter: a third of 200 bound ones
        return db.session.scalar(_COUNT_ANY, {"encoder": encoder, "hashes": wanted}) or 0
    total = 0
    for k in range(0, len(wanted), _CHUNK):
        total += db.session.scalar(sa.select(sa.func.count()).select_from(SentenceVector).where(
            SentenceVector.encoder == encoder, SentenceVector.text_hash.in_(wanted[k:k + _CHUNK]))) or 0
    return total


_COUNT_ANY = sa.select(sa.func.count()).select_from(SentenceVector).where(
    SentenceVector.encoder == sa.bindparam("encoder"),
    SentenceVector.text_hash == sa.any_(sa.bindparam("hashes", type_=sa.ARRAY(sa.String()))))


def _keep_vectors(encoder: str, fresh: dict[str, np.ndarray]) -> int:
    known = set(stored_vectors(encoder, list(fresh)))
    new = [SentenceVector(encoder=encoder, text_hash=h, vector=v.astype(np.float32).tobytes())
           for h, v in fresh.items() if h not in known]
    db.session.add_all(new)
    db.session.flush()
    return len(new)


def _vectors_for(model: cm.CheckModel, sentences: Sequence[str], encode_limit: int | None,
                 keep: bool) -> list[np.ndarray | None]:
    hashes = [cm.text_hash(s) for s in sentences]
    found: dict[str, np.ndarray] = {}
    for h in hashes:
        v = cm.CACHE.get((model.encoder, h))
        if v is not None:
            found[h] = v
    rest = [h for h in hashes if h not in found]
    if rest:
        for h, v in stored_vectors(model.encoder, rest).items():
            found[h] = v
            cm.CACHE.put((model.encoder, h), v)
    # What this process holds in memory only (encoded on a request, which keeps nothing; or read from another
    # database by the same process) is kept too when asked: "kept" means in the database, for every process.
    from_db = set(rest)
    unkept = {h: v for h, v in found.items() if h not in from_db} if keep else {}
    missing = sorted({h for h in hashes if h not in found})
    if missing and (encode_limit is None or len(missing) <= encode_limit):
        first = {h: s for h, s in zip(hashes, sentences, strict=True) if h in set(missing)}
        vecs = cm.vectors(model.encoder, list(first.values()))
        fresh = dict(zip(first, vecs, strict=True))
        found.update(fresh)
        unkept.update(fresh)
    if keep and unkept:
        _keep_vectors(model.encoder, unkept)
    return [found.get(h) for h in hashes]


def sentence_scorer(encode_limit: int | None = None) -> Scorer | None:
    """Learned scores for the sentences of a text, from kept vectors; the encoder runs on the request
    only for a few unscored sentences (``encode_limit``, default from the settings); None when off."""
    if not SETTINGS.enabled:
        return None
    model = active_model()
    if model is None:
        return None
    limit = SETTINGS.inline_sentences if encode_limit is None else encode_limit

    def score(sentences: Sequence[str], languages: Sequence[str]) -> list[float | None]:
        vecs = _vectors_for(model, sentences, limit, keep=False)
        out: list[float | None] = [None] * len(sentences)
        rows = [i for i, v in enumerate(vecs) if v is not None]
        if rows:
            probs = model.score_vectors(np.vstack([vecs[i] for i in rows]), [languages[i] for i in rows])
            for i, p in zip(rows, probs, strict=True):
                out[i] = float(p)
        return out

    return score


def score_article(article_id: int, progress=None) -> dict:
    """Encode every sentence of an article not yet kept (the whole-article job); flushes, never commits."""
    article = db.session.get(Article, article_id)
    model = active_model()
    if article is None or model is None or not SETTINGS.enabled:
        return {"sentences": 0, "encoded": 0}
    spans = engine.sentence_spans(article.body)
    sentences = [article.body[s:e] for s, e in spans]
    before = len(stored_vectors(model.encoder, [cm.text_hash(s) for s in sentences]))
    step = 64
    for k in range(0, len(sentences), step):
        _vectors_for(model, sentences[k:k + step], None, keep=True)
        if progress is not None:
            progress(min(len(sentences), k + step), len(sentences))
    from app.services import claim_vectors  # the article's claims, for similar claims by meaning

    claim_vectors.embed_claims([c.id for c in article.claims], model.encoder)
    return {"sentences": len(sentences), "encoded": len({cm.text_hash(s) for s in sentences}) - before}


def schedule_scoring(article: Article) -> None:
    """Have an article's sentences scored without holding up the request: a job where a queue exists;
    otherwise the request path scores only short texts and ``flask suggest score`` does the rest."""
    from app.jobs.core import enqueue, uses_queue

    if not SETTINGS.enabled or not uses_queue():
        return  # inline jobs would hold the request: the request path scores what it can itself

    enqueue("suggest.score_article", {"article_id": article.id})


# --- what the desk learns from ----------------------------------------------------------------------


def record(actor: User | None, article: Article, start: int, end: int, label: bool, action: str,
           claim: Claim | None = None) -> SuggestionExample | None:
    """Keep a decision on a span of an article as a labelled example (the span's text, its language)."""
    text = article.body[start:end].strip()
    if not text:
        return None
    language = sentence_language(text, article.language or detect_language(text))
    example = SuggestionExample(article_id=article.id, claim_id=claim.id if claim else None,
                                language=language, text=text[: ex.MAX_TEXT], label=label, action=action,
                                actor_id=actor.id if actor else None)
    db.session.add(example)
    return example
