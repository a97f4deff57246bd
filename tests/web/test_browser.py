"""`italruss serve`: a port in use is refused; in headless Chromium, the home page, an actor's page, a faceted table."""

from __future__ import annotations

import html
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

import italruss
from italruss._cli.main import main

BROWSERS = ("chromium", "chromium-browser", "google-chrome")
#: Flags for a quiet, self-contained headless run (root needs --no-sandbox).
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


def find_browser() -> str | None:
    """The path of an installed Chromium (or Chrome), if any."""
    return next((path for name in BROWSERS if (path := shutil.which(name))), None)


@pytest.fixture(scope="module")
def browser() -> str:
    """A headless-capable Chromium; the tests are skipped, saying why, where none is installed."""
    path = find_browser()
    if path is None:
        pytest.skip(
            "no Chromium to drive: install Debian's chromium package (apt-get install chromium), as .ci/run does"
        )
    return path


def free_port() -> int:
    """A loopback port nobody listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def wait_until_answering(url: str, server: subprocess.Popen[str], timeout: float = 90.0) -> None:
    """Return once `url` answers; fail with the server's output when it dies or never answers."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"italruss serve exited with {server.returncode}: {server.communicate()[1]}")
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.25)
    pytest.fail(f"italruss serve did not answer at {url} within {timeout:.0f} s")


@pytest.fixture(scope="module")
def site(browser: str) -> Iterator[str]:
    """`italruss serve` on a free loopback port, stopped after the tests (and checked to stop cleanly)."""
    port = free_port()
    command = [sys.executable, "-m", "italruss", "serve", "--port", str(port)]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_answering(base + "/", server)
        yield base
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    assert 0 == server.returncode, server.stderr.read() if server.stderr else ""  # stopped cleanly


@pytest.fixture(scope="module")
def profile() -> Iterator[Path]:
    """A throwaway browser profile folder."""
    with tempfile.TemporaryDirectory(prefix="italruss-chromium-") as folder:
        yield Path(folder)


def rendered(browser: str, profile: Path, url: str) -> str:
    """The page's DOM after the browser has loaded and run it."""
    command = [browser, *FLAGS, f"--user-data-dir={profile}", "--dump-dom", url]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, env={**os.environ, "LANG": "C.UTF-8"})
    assert 0 == done.returncode, done.stderr[-2000:]
    return done.stdout


@pytest.fixture(scope="module")
def ds() -> italruss.Dataset:
    """The shipped dataset, latest release: what the server shows."""
    return italruss.load()


def test_home_page_names_the_dataset_release_and_licence(
    ds: italruss.Dataset, browser: str, profile: Path, site: str
) -> None:
    """The home page shows the title with the release, the licence, and links to the pages people start from."""
    dom = rendered(browser, profile, site + "/")
    assert f"italruss {ds.version}: political actors" in dom
    assert "CC BY 4.0" in dom
    assert 'href="/italruss/actor?actor=matteo-salvini"' in dom


def test_actor_page_shows_records_with_source_links(
    ds: italruss.Dataset, browser: str, profile: Path, site: str
) -> None:
    """An actor's page shows the actor's name, a record's summary, a link to its source, and the release."""
    record = ds.records(actor="matteo-salvini")[0]
    url = ds.source(record.source).url
    assert url is not None
    dom = rendered(browser, profile, site + "/italruss/actor?actor=matteo-salvini")
    assert "Matteo Salvini" in dom
    assert html.escape(record.summary, quote=False) in dom
    assert f'href="{html.escape(url)}"' in dom
    assert f"release {ds.version}" in dom
    assert f"{ds.query(actor='matteo-salvini').height} rows" in dom


def test_faceted_table_counts_records(ds: italruss.Dataset, browser: str, profile: Path, site: str) -> None:
    """The readable table shows its facets with counts (an actor's records, a year's), and the release."""
    dom = rendered(browser, profile, site + "/italruss/stances_readable?_facet=actor&_facet=year")
    salvini = ds.query(actor="matteo-salvini").height
    in_2022 = ds.query(start="2022-01-01", end="2022-12-31").height
    assert 'class="facet-info' in dom
    assert f"Matteo Salvini</a> {salvini}" in dom
    assert f"2022</a> {in_2022}" in dom
    assert f"release {ds.version}" in dom


def test_serve_refuses_a_port_in_use(capsys: pytest.CaptureFixture[str]) -> None:
    """`serve` on a port something already listens on is a usage error naming the address."""
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        assert 2 == main(["serve", "--port", str(port)])
    assert f"cannot listen on 127.0.0.1:{port}" in capsys.readouterr().err
