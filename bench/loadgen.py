"""Load generator for the check-in path (a process of its own, so it does not share the server's
cores' scheduling with the harness): ``concurrency`` connections post multipart check-ins with a
JPEG photo for ``seconds``, round-robin over the pegawai tokens, each photo made unique by a JPEG
comment segment (the same photo twice is a fraud signal, not what we measure).

    python bench/loadgen.py URL TOKENS.json PHOTO.jpg --concurrency 64 --seconds 20 --out OUT.json

Writes every request's start, end and status (for the latency percentiles and the projection-lag
measurement of P2).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import itertools
import json
import os
import time
import uuid

import httpx

BOUNDARY = "simpegbench7f3a"


def unique(photo: bytes) -> bytes:
    comment = b"simpeg-bench " + uuid.uuid4().hex.encode()
    return photo[:2] + b"\xff\xfe" + (len(comment) + 2).to_bytes(2, "big") + comment + photo[2:]


def body(fields: dict[str, str], photo: bytes) -> bytes:
    parts = [f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
             for k, v in fields.items()]
    parts.append(f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="foto"; filename="f.jpg"\r\n'
                 f"Content-Type: image/jpeg\r\n\r\n".encode() + photo + b"\r\n")
    parts.append(f"--{BOUNDARY}--\r\n".encode())
    return b"".join(parts)


async def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("url")
    ap.add_argument("tokens")
    ap.add_argument("photo")
    ap.add_argument("--concurrency", type=int, default=64)
    ap.add_argument("--seconds", type=float, default=20)
    ap.add_argument("--lat", type=float, default=-6.9147)
    ap.add_argument("--lon", type=float, default=107.6098)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    tokens = json.loads(open(args.tokens).read())
    photo = open(args.photo, "rb").read()
    order = itertools.cycle(range(len(tokens)))
    results: list[tuple[float, float, int]] = []
    stop_at = time.perf_counter() + args.seconds
    limits = httpx.Limits(max_connections=args.concurrency, max_keepalive_connections=args.concurrency)

    async with httpx.AsyncClient(limits=limits, timeout=30) as client:
        async def worker() -> None:
            while time.perf_counter() < stop_at:
                i = next(order)
                payload = body({"jenis": "MASUK", "lat": str(args.lat), "lon": str(args.lon),
                                "akurasi_m": "8", "perangkat_id": f"bench-{i}", "lokasi_palsu": "false",
                                "waktu_ponsel": dt.datetime.now(dt.UTC).isoformat()}, unique(photo))
                started = time.time()
                try:
                    r = await client.post(args.url, content=payload, headers={
                        "Authorization": f"Bearer {tokens[i]}",
                        "Content-Type": f"multipart/form-data; boundary={BOUNDARY}"})
                    status = r.status_code
                except httpx.HTTPError:
                    status = 0
                results.append((started, time.time(), status))

        await asyncio.gather(*(worker() for _ in range(args.concurrency)))
    with open(args.out, "w") as f:
        json.dump({"pid": os.getpid(), "requests": results}, f)


if __name__ == "__main__":
    asyncio.run(main())
