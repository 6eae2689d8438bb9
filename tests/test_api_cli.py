"""`dyadwatch serve`: options, a one-line error for a missing database, and a live server on localhost."""
from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
from typer.testing import CliRunner

from dyadwatch.cli import app
from serve_fixtures import build_hand_db

runner = CliRunner()


def test_help_lists_db_host_port():
    result = runner.invoke(app, ["serve", "--help"])
    assert result.exit_code == 0
    for option in ("--db", "--host", "--port"):
        assert option in result.output
    assert "127.0.0.1" in result.output


def test_missing_database_is_one_line_error(tmp_path: Path):
    missing = tmp_path / "nope.duckdb"
    result = runner.invoke(app, ["serve", "--db", str(missing)])
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1
    assert str(missing) in lines[0] and "no such database" in lines[0]
    assert not missing.exists()  # serving never creates a database


def test_bad_port_is_usage_error():
    result = runner.invoke(app, ["serve", "--port", "70000"])
    assert result.exit_code == 2


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_serves_read_only_on_localhost(tmp_path: Path):
    db = tmp_path / "hand.duckdb"
    build_hand_db(db)
    before = db.read_bytes()
    port = _free_port()
    exe = str(Path(sys.executable).with_name("dyadwatch"))
    proc = subprocess.Popen([exe, "serve", "--db", str(db), "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        for _ in range(200):
            try:
                res = httpx.get(f"http://127.0.0.1:{port}/api/stats", timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.05)
        else:
            raise AssertionError(f"server did not start: {proc.stderr.read() if proc.poll() is not None else ''}")
        assert res.json()["events"] == 8
        assert httpx.get(f"http://127.0.0.1:{port}/").status_code == 200
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    assert db.read_bytes() == before


def test_not_a_database_is_one_line_error(tmp_path: Path):
    junk = tmp_path / "junk.duckdb"
    junk.write_text("not a database\n")
    result = runner.invoke(app, ["serve", "--db", str(junk)])
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and str(junk) in lines[0] and "cannot open database" in lines[0]
    assert junk.read_text() == "not a database\n"


def test_every_api_route_is_documented(tmp_path: Path):
    from fastapi.testclient import TestClient  # noqa: PLC0415

    from dyadwatch.serve.app import create_app  # noqa: PLC0415

    db = tmp_path / "hand.duckdb"
    build_hand_db(db)
    doc = (Path(__file__).resolve().parents[1] / "docs" / "serve.md").read_text(encoding="utf-8")
    with TestClient(create_app(db)) as client:
        spec = client.get("/openapi.json").json()
    for path, methods in spec["paths"].items():
        assert f"`{path}`" in doc, f"{path} is not in docs/serve.md"
        for param in methods["get"].get("parameters", []):
            if param["in"] == "query":
                row = next(line for line in doc.splitlines() if f"`{path}`" in line)
                assert f"`{param['name']}`" in row, f"{path}?{param['name']} is not in docs/serve.md"
