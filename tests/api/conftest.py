"""Fixtures: live uvicorn servers over temporary DuckDB stores (see api_support.py)."""
from __future__ import annotations

from collections.abc import Callable, Iterator

import httpx
import pytest
from api_support import TOKEN, LiveServer, fill_store

from frontwatch.api.app import create_app


@pytest.fixture(scope="session", autouse=True)
def _control_without_geoparser():
    """The control view finds place names with the geoparser, whose first load can take a
    minute on a cold gazetteer cache: the tests' stores name only known places, so the
    view's own fallback finder (names of stored places) does."""
    try:
        from frontwatch.views import control
    except ImportError:
        yield
        return
    with pytest.MonkeyPatch.context() as mp:
        # the real one stays reachable for tests run later in the session that need it (tests/store)
        mp.setattr(control, "_before_api_tests", control.default_finder, raising=False)
        mp.setattr(control, "default_finder", control.known_place_finder)
        yield


@pytest.fixture(scope="session")
def make_server(tmp_path_factory) -> Iterator[Callable[..., LiveServer]]:
    """make_server(name, **create_app kwargs) -> a started LiveServer over a filled store."""
    servers: list[LiveServer] = []

    def make(name: str, fill: bool = True, **kwargs) -> LiveServer:
        path = str(tmp_path_factory.mktemp(name) / "store.duckdb")
        if fill:
            fill_store(path)
        srv = LiveServer(create_app(path, **kwargs)).__enter__()
        servers.append(srv)
        return srv

    yield make
    for srv in servers:
        srv.__exit__()


@pytest.fixture(scope="session")
def server(make_server) -> LiveServer:
    return make_server("main", token=TOKEN)


@pytest.fixture
def client(server) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, timeout=30) as c:
        yield c
