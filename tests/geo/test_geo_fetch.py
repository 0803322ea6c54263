"""`frontwatch gazetteer fetch`: against a local HTTP server serving small GeoNames-format files."""
import http.server
import threading
import zipfile
from functools import partial

import pytest
from click.testing import CliRunner

from frontwatch.geo.cli import gazetteer
from frontwatch.geo.fetch import FetchError, download, downloads_dir, fetch_country

# geonameid name asciiname alternatenames lat lon fclass fcode cc cc2 admin1 admin2 admin3 admin4
# population elevation dem timezone modified: one town, one stream, one hill, one road (all classes)
ROWS = [
    [9800001, "Qaryat al Fahs", "Qaryat al Fahs", "Qaryat el Fahs,Kariet Fahs", 35.61, 36.55, "P", "PPL",
     "SY", "", "13", "", "", "", 1200, "", 400, "Asia/Damascus", "2024-01-01"],
    [9800002, "Wadi al Fahs", "Wadi al Fahs", "", 35.62, 36.56, "H", "STM", "SY", "", "13", "", "", "", 0,
     "", 380, "Asia/Damascus", "2024-01-01"],
    [9800003, "Tall al Fahs", "Tall al Fahs", "", 35.63, 36.57, "T", "HLL", "SY", "", "13", "", "", "", 0,
     "", 450, "Asia/Damascus", "2024-01-01"],
    [9800004, "Tariq al Fahs", "Tariq al Fahs", "", 35.64, 36.58, "R", "RD", "SY", "", "13", "", "", "", 0,
     "", 420, "Asia/Damascus", "2024-01-01"],
    # the country itself, at a point of the dump's own (GeoNames' point replaces the packaged one)
    [163843, "Syria", "Syria", "Syrian Arab Republic", 34.9, 38.6, "A", "PCLI", "SY", "", "00", "", "", "",
     22933531, "", 400, "Asia/Damascus", "2024-01-01"],
]


def _dump(path, cc="SY", rows=ROWS):
    body = "".join("\t".join(str(x) for x in r) + "\n" for r in rows)
    body += "".join(f"{9700000 + i}\tFiller {i}\tFiller {i}\t\t35.0\t36.0\tP\tPPL\t{cc}\t\t13\t\t\t\t0\t\t0\t"
                    f"Asia/Damascus\t2024-01-01\n" for i in range(400))        # big enough to resume
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr(f"{cc}.txt", body)
    return path


class RangeHandler(http.server.SimpleHTTPRequestHandler):
    """SimpleHTTPRequestHandler with `Range: bytes=N-` (as download.geonames.org has), logging
    the ranges asked for on the server object."""

    def log_message(self, *args):
        pass

    def do_GET(self):  # noqa: N802 - http.server's naming
        self.server.requests.append((self.path, self.headers.get("Range")))
        rng = self.headers.get("Range")
        if not rng or not self.server.ranges:
            return super().do_GET()
        path = self.translate_path(self.path)
        try:
            data = open(path, "rb").read()
        except OSError:
            return self.send_error(404)
        start = int(rng.split("=")[1].split("-")[0])
        if start >= len(data):
            return self.send_error(416)
        self.send_response(206)
        self.send_header("Content-Range", f"bytes {start}-{len(data) - 1}/{len(data)}")
        self.send_header("Content-Length", str(len(data) - start))
        self.end_headers()
        self.wfile.write(data[start:])


@pytest.fixture()
def server(tmp_path):
    root = tmp_path / "www"
    root.mkdir()
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(RangeHandler, directory=str(root)))
    httpd.requests, httpd.ranges = [], True
    t = threading.Thread(target=httpd.serve_forever, daemon=True)
    t.start()
    httpd.root = root
    httpd.base = f"http://127.0.0.1:{httpd.server_address[1]}/dump"
    (root / "dump").mkdir()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


def test_fetch_adds_every_feature_class(fresh_home, server):
    _dump(server.root / "dump" / "SY.zip")
    r = CliRunner().invoke(gazetteer, ["fetch", "SY", "--url", server.base])
    assert r.exit_code == 0, r.output
    assert "added 405 place(s)" in r.output and "GeoNames" in r.stderr and "CC BY" in r.stderr
    from frontwatch.geo import get_geoparser

    gp = get_geoparser()
    assert gp.lookup("Kariet Fahs").geonameid == 9800001          # an alternate name
    assert gp.lookup("Wadi al Fahs").feature == "H.STM"
    assert gp.lookup("Tall al Fahs").feature == "T.HLL"
    assert gp.lookup("Tariq al Fahs").feature == "R.RD"
    syria = gp.lookup("Syria")
    assert (syria.feature, syria.latitude, syria.longitude) == ("A.PCLI", 34.9, 38.6)
    # a second run finds the valid file and does not download it again
    n = len(server.requests)
    assert CliRunner().invoke(gazetteer, ["fetch", "sy", "--url", server.base]).exit_code == 0
    assert len(server.requests) == n


def test_download_resumes_a_partial_file(fresh_home, server, tmp_path):
    src = _dump(server.root / "dump" / "SY.zip")
    data = src.read_bytes()
    dest = downloads_dir() / "SY.zip"
    (dest.parent / "SY.zip.part").write_bytes(data[:5000])
    seen = []
    download(f"{server.base}/SY.zip", dest, progress=lambda name, done, total: seen.append((done, total)))
    assert dest.read_bytes() == data
    assert server.requests[-1] == ("/dump/SY.zip", "bytes=5000-")
    assert seen[-1] == (len(data), len(data))                   # progress counted from the resume point
    assert not (dest.parent / "SY.zip.part").exists()


def test_download_restarts_when_the_server_ignores_ranges(fresh_home, server):
    src = _dump(server.root / "dump" / "SY.zip")
    server.ranges = False
    dest = downloads_dir() / "SY.zip"
    (dest.parent / "SY.zip.part").write_bytes(b"garbage that is not the start of the file")
    download(f"{server.base}/SY.zip", dest)
    assert dest.read_bytes() == src.read_bytes()


def test_fetch_rejects_bad_files_and_names_them(fresh_home, server):
    (server.root / "dump" / "XX.zip").write_bytes(b"PK\x03\x04 this is not a zip")
    _dump(server.root / "dump" / "YY.zip", cc="ZZ")                  # wrong table inside
    r = CliRunner().invoke(gazetteer, ["fetch", "XX", "YY", "QQ", "--url", server.base])
    assert r.exit_code != 0
    err = r.stderr
    assert "XX.zip: not a valid zip file" in err and "no YY.txt table" in err and "HTTP 404" in err
    assert not any(downloads_dir().glob("*.zip"))                     # deleted, to be fetched afresh
    with pytest.raises(FetchError, match="alpha-2"):
        fetch_country("Syria", server.base)
    with pytest.raises(FetchError, match="http"):
        fetch_country("SY", "file:///etc")
