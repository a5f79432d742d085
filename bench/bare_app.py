"""P1's floor: a bare FastAPI endpoint that accepts the same multipart body on the same server
stack (uvicorn with uvloop and httptools) and answers 201 without doing anything with it.

    python bench/bare_app.py PORT
"""

from __future__ import annotations

import sys

import uvicorn
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

app = FastAPI()


@app.post("/api/attendance/v1/presensi")
async def presensi(request: Request) -> JSONResponse:
    body = await request.body()
    return JSONResponse({"diterima": len(body)}, status_code=201)


if __name__ == "__main__":
    uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), loop="uvloop", http="httptools",
                access_log=False, log_level="warning")
