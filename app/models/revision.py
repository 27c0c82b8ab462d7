"""The desk's revision: one row whose value every committed write replaces (app/revision.py keeps it)."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base


class DeskRevision(Base):
    """A single row (id 1). Its value is a fresh random number after every transaction that wrote anything,
    set inside that transaction, so a reader that sees a value sees the data of that value or newer."""

    __tablename__ = "desk_revision"

    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True, autoincrement=False)
    value: Mapped[int] = mapped_column(sa.BigInteger)
