"""Small helpers shared by the blueprints' forms."""

from __future__ import annotations

from collections.abc import Iterable

from wtforms.fields.choices import SelectChoice


def choices(values: Iterable, labels: dict | None = None) -> list[SelectChoice]:
    """Select options from values (and optional labels), in the form WTForms 3.3 expects."""
    labels = labels or {}
    return [SelectChoice(str(v), str(labels.get(v, v))) for v in values]
