#!/usr/bin/env python3
"""Build the open-data release bundle into dist/ and print its SHA-256.

    python scripts/release.py [PACKAGE] [--dist DIR] [--force]

A thin wrapper over ``civic-accountability export --to zip`` (which validates the
package first and refuses invalid data): the bundle is
``dist/civic-accountability-<version>.zip``, byte-identical for the same data, so
anyone can rebuild it from the tagged commit and compare the checksum printed here.
"""

from __future__ import annotations

import argparse
import hashlib
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    from civic_accountability import __version__

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "package", nargs="?", type=Path, default=ROOT, help="package directory (default: this checkout)"
    )
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="output directory (default: dist/)")
    parser.add_argument("--force", action="store_true", help="replace an existing bundle of this version")
    args = parser.parse_args()

    bundle = args.dist / f"civic-accountability-{__version__}.zip"
    command = [
        sys.executable,
        "-m",
        "civic_accountability",
        "export",
        "--to",
        "zip",
        str(args.package),
        "-o",
        str(bundle),
    ] + (["--force"] if args.force else [])
    done = subprocess.run(command)
    if done.returncode:
        return done.returncode
    digest = hashlib.sha256(bundle.read_bytes()).hexdigest()
    print(f"{digest}  {bundle.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
