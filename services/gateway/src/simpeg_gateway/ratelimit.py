"""Per-user and per-IP rate limits (token buckets) for ``/api/`` and the dev login ``/auth/``.

A bucket holds ``burst`` requests and refills at ``rate`` per second; an empty bucket answers 429
with ``Retry-After`` (whole seconds until one request is allowed again). Buckets live in the
gateway process: with N replicas the effective limit is N times the setting (see ADR 0022).
The user is the token's ``sub`` (read without verifying: only for counting; the token is still
verified before forwarding), so one user cannot escape the limit by changing IP, and many users
behind one NAT are limited by the larger per-IP budget.
"""

from __future__ import annotations

import base64
import json
import math
import time
from dataclasses import dataclass, field

from starlette.types import ASGIApp, Receive, Scope, Send

from simpeg_shared.http import problem


@dataclass
class Bucket:
    tokens: float
    stamp: float


@dataclass
class Limiter:
    rate: float
    burst: int
    buckets: dict[str, Bucket] = field(default_factory=dict)

    def take(self, key: str, now: float) -> float:
        """0 when allowed, else the seconds until a request would be."""
        b = self.buckets.get(key)
        if b is None:
            if len(self.buckets) > 100_000:  # forget idle keys rather than grow without end
                self.buckets = {k: v for k, v in self.buckets.items() if now - v.stamp < 60}
            b = self.buckets[key] = Bucket(float(self.burst), now)
        b.tokens = min(self.burst, b.tokens + (now - b.stamp) * self.rate)
        b.stamp = now
        if b.tokens >= 1:
            b.tokens -= 1
            return 0.0
        return (1 - b.tokens) / self.rate


def subject_of(authorization: str | None) -> str | None:
    if not authorization or not authorization.lower().startswith("bearer "):
        return None
    try:
        payload = authorization.split(None, 1)[1].split(".")[1]
        claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
        sub = claims.get("sub")
        return sub if isinstance(sub, str) and len(sub) <= 200 else None
    except (IndexError, ValueError):
        return None


class RateLimitMiddleware:
    def __init__(self, app: ASGIApp, *, per_user: Limiter, per_ip: Limiter) -> None:
        self.app = app
        self.per_user = per_user
        self.per_ip = per_ip

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(("/api/", "/auth/")):
            await self.app(scope, receive, send)
            return
        now = time.monotonic()
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope.get("headers", [])}
        ip = scope.get("client", ("?", 0))[0] if scope.get("client") else "?"
        wait = self.per_ip.take(f"ip:{ip}", now)
        sub = subject_of(headers.get("authorization"))
        if not wait and sub is not None:
            wait = self.per_user.take(f"sub:{sub}", now)
        if wait:
            response = problem(429, "Too many requests",
                               f"slow down: try again in {math.ceil(wait)} s", code="rate-limited",
                               headers={"Retry-After": str(max(1, math.ceil(wait)))})
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)
