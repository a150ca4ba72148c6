"""One unit of work: what a view or a command changed is committed once, or not at all."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.orm import Session


@contextmanager
def unit_of_work(session: Session) -> Iterator[Session]:
    """Commit the block's changes when it ends; roll all of them back if it raises.

    Services add and flush and never commit; the view or command that called them ends its
    unit of work here, so a refusal half-way through leaves nothing half-written.
    """
    try:
        yield session
        session.commit()  # inside: a commit refused by the database rolls back too
    except BaseException:
        session.rollback()
        raise
