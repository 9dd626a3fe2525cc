"""Where the current unit of work came from: request, task or command.

Set once at the edge (middleware, task wrapper, management command) and read by
``audit_record`` so that services need not pass the route around.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field

from audit.constants import Client


@dataclass(frozen=True)
class Origin:
    client: str = Client.COMMAND
    route: str = ""
    ip_address: str | None = None
    request_id: str = field(default_factory=lambda: str(uuid.uuid4()))


_current: ContextVar[Origin | None] = ContextVar("audit_origin", default=None)


def current_origin() -> Origin:
    return _current.get() or Origin()


@contextlib.contextmanager
def origin(
    *, client: str, route: str = "", ip_address: str | None = None
) -> Iterator[Origin]:
    value = Origin(client=client, route=route[:200], ip_address=ip_address or None)
    token = _current.set(value)
    try:
        yield value
    finally:
        _current.reset(token)
