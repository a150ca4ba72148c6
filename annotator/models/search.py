"""Search-side structures that are real tables: near-duplicate signatures."""

from __future__ import annotations

from sqlalchemy import BigInteger, ForeignKey, SmallInteger
from sqlalchemy.orm import Mapped, mapped_column

from annotator.models.base import Base


class PassageSignature(Base):
    """One MinHash band of a passage: passages sharing a band key are near-duplicate candidates."""

    __tablename__ = "passage_signatures"

    passage_id: Mapped[int] = mapped_column(
        ForeignKey("passages.id", ondelete="CASCADE"), primary_key=True
    )
    band: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    # A hash of (band number, the band's MinHash values): equal keys mean an identical band.
    key: Mapped[int] = mapped_column(BigInteger, index=True)
