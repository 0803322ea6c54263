"""`gazetteer fetch CC [CC ...]`: download GeoNames country dumps and add them.

GeoNames (https://www.geonames.org/), CC BY 4.0: the dumps are `BASE/CC.zip` (one tab-separated
table `CC.txt` of every feature class: populated places, admin areas, water, terrain, spots,
roads) beside `admin1CodesASCII.txt`. Downloads go to `home()/gazetteer/downloads/`; an
interrupted download is resumed with an HTTP Range request (a server that ignores it sends the
whole file again); a finished file is validated (size, zip integrity, the `CC.txt` table, its
first row's columns) before it is added, and a file that fails is deleted so that the next run
fetches it afresh. Nothing is downloaded anywhere else in frontwatch.
"""
from __future__ import annotations

import os
import re
import urllib.error
import urllib.request
import zipfile
from collections.abc import Callable
from pathlib import Path

from .additions import GEONAMES_COLUMNS, AdditionError, add_geonames

DEFAULT_BASE = "https://download.geonames.org/export/dump/"
CREDIT = "GeoNames (https://www.geonames.org/), CC BY 4.0"
CHUNK = 1 << 16
_CC = re.compile(r"^[A-Z]{2}$")

Progress = Callable[[str, int, int | None], None]     # (file name, bytes so far, total or None)


class FetchError(Exception):
    """A download that failed or did not validate: the message names the URL or file."""


def downloads_dir(home: Path | None = None) -> Path:
    from .gazetteer import gazetteer_dir

    d = gazetteer_dir(home) / "downloads"
    d.mkdir(parents=True, exist_ok=True)
    return d


def _url(base: str, name: str) -> str:
    if not base.startswith(("http://", "https://")):
        raise FetchError(f"{base}: only http:// and https:// URLs are fetched")
    return base.rstrip("/") + "/" + name


def download(url: str, dest: Path, progress: Progress | None = None, timeout: float = 60.0) -> Path:
    """Fetch `url` to `dest`, resuming `dest.part` left by an interrupted run."""
    part = dest.with_name(dest.name + ".part")
    have = part.stat().st_size if part.exists() else 0
    req = urllib.request.Request(url, headers={"User-Agent": "frontwatch-gazetteer-fetch"})
    if have:
        req.add_header("Range", f"bytes={have}-")
    try:
        resp = urllib.request.urlopen(req, timeout=timeout)  # noqa: S310 - scheme checked in _url
    except urllib.error.HTTPError as e:
        if e.code == 416 and have:          # nothing left to send: the part is whole
            os.replace(part, dest)
            return dest
        raise FetchError(f"{url}: HTTP {e.code} {e.reason}") from None
    except (urllib.error.URLError, OSError) as e:
        raise FetchError(f"{url}: {getattr(e, 'reason', e)}") from None
    with resp:
        status = getattr(resp, "status", 200)
        rng = resp.headers.get("Content-Range", "")
        if status == 206 and rng.startswith(f"bytes {have}-"):
            mode = "ab"
        else:                               # the server ignored the range: start again
            mode, have = "wb", 0
        length = resp.headers.get("Content-Length")
        total = have + int(length) if length and length.isdigit() else None
        try:
            with open(part, mode) as f:
                while True:
                    chunk = resp.read(CHUNK)
                    if not chunk:
                        break
                    f.write(chunk)
                    have += len(chunk)
                    if progress:
                        progress(dest.name, have, total)
        except (OSError, urllib.error.URLError) as e:
            raise FetchError(f"{url}: interrupted after {have} bytes ({e}); run again to resume") from None
    if total is not None and have != total:
        raise FetchError(f"{url}: incomplete ({have} of {total} bytes); run again to resume")
    os.replace(part, dest)
    return dest


def validate_dump(path: Path, cc: str) -> None:
    """A whole GeoNames country zip: readable, CRCs right, `CC.txt` inside with GeoNames rows."""
    try:
        with zipfile.ZipFile(path) as zf:
            bad = zf.testzip()
            if bad is not None:
                raise FetchError(f"{path}: corrupt member {bad}")
            if f"{cc}.txt" not in zf.namelist():
                raise FetchError(f"{path}: no {cc}.txt table inside")
            with zf.open(f"{cc}.txt") as f:
                first = f.readline().decode("utf-8", errors="replace").rstrip("\r\n")
    except (zipfile.BadZipFile, OSError, EOFError) as e:
        raise FetchError(f"{path}: not a valid zip file ({e})") from None
    if first and len(first.split("\t")) != GEONAMES_COLUMNS:
        raise FetchError(f"{path}: {cc}.txt is not a GeoNames table "
                         f"({len(first.split(chr(9)))} columns, expected {GEONAMES_COLUMNS})")


def fetch_country(cc: str, base: str = DEFAULT_BASE, home: Path | None = None,
                  progress: Progress | None = None, force: bool = False) -> tuple[Path, int]:
    """Download (or resume, or reuse) `CC.zip`, validate it and add it. Returns (file, places)."""
    cc = cc.strip().upper()
    if not _CC.match(cc):
        raise FetchError(f"{cc!r}: expected an ISO 3166-1 alpha-2 country code such as SY")
    dest = downloads_dir(home) / f"{cc}.zip"
    if force and dest.exists():
        dest.unlink()
    if dest.exists():
        try:
            validate_dump(dest, cc)
        except FetchError:
            dest.unlink()
    if not dest.exists():
        download(_url(base, f"{cc}.zip"), dest, progress)
        try:
            validate_dump(dest, cc)
        except FetchError as e:
            dest.unlink(missing_ok=True)
            raise FetchError(f"{e}; deleted, run again to fetch it afresh") from None
    try:
        return dest, add_geonames(dest, home)
    except AdditionError as e:
        raise FetchError(str(e)) from None
