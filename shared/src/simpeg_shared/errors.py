"""Domain errors: a stable code and a message in plain language; mapped once to problem+json."""

from __future__ import annotations


class DomainError(Exception):
    """Base of business-rule errors. ``status`` is the HTTP status the API layer answers with."""

    status: int = 422
    code: str = "domain-error"
    title: str = "The request breaks a rule"

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class NotFound(DomainError):
    status = 404
    code = "not-found"
    title = "Not found"


class Conflict(DomainError):
    status = 409
    code = "conflict"
    title = "Conflict with the current state"


class Forbidden(DomainError):
    status = 403
    code = "forbidden"
    title = "Not allowed"
