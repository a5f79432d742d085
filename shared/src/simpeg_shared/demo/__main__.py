"""``python -m simpeg_shared.demo [--kecil]``: what ``simpeg demo`` does, without importing the
command line of every service (``simpeg run --demo`` starts this in the background)."""

from __future__ import annotations

import sys
import time


def main(argv: list[str]) -> int:
    from simpeg_shared.demo import DemoError, muat
    from simpeg_shared.service import service
    from simpeg_shared.settings import CommonSettings

    unknown = [a for a in argv if a != "--kecil"]
    if unknown:
        print(f"usage: python -m simpeg_shared.demo [--kecil] (unknown: {' '.join(unknown)})",
              file=sys.stderr)
        return 2
    common = CommonSettings()

    def log(line: str) -> None:
        print(f"{time.strftime('%H:%M:%S')} {line}", flush=True)

    try:
        muat(service("gateway").settings().base_url, common.var_dir.resolve(),
             kecil="--kecil" in argv, issuer=common.jwt_issuer, audience=common.jwt_audience,
             log=log)
    except DemoError as exc:
        print(f"demo data failed: {exc}", file=sys.stderr, flush=True)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
