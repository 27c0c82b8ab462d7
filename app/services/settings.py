"""Limits the domain enforces, set from the app's configuration at start-up."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Limits:
    max_body_chars: int = 500_000
    max_title_chars: int = 500
    max_text_chars: int = 20_000


LIMITS = Limits()


def configure(config: dict) -> None:
    LIMITS.max_body_chars = int(config.get("MAX_BODY_CHARS", LIMITS.max_body_chars))
    LIMITS.max_title_chars = int(config.get("MAX_TITLE_CHARS", LIMITS.max_title_chars))
    LIMITS.max_text_chars = int(config.get("MAX_TEXT_CHARS", LIMITS.max_text_chars))
