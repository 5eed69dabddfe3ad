"""Every file in deploy/ is exercised: nginx's site passes ``nginx -t`` (and serves the app in
tests/browser/test_deploy.py), the systemd unit passes ``systemd-analyze verify`` and its ExecStart
really starts the app with a working /healthz, and the example environment file is what they read."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import time
import tomllib
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from appraisal import public_url
from appraisal.formats.yaml_file import MAX_CASE_BYTES
from tests.conftest import ROOT
from tests.deploy_files import DEPLOY, ENV_EXAMPLE, SITE, UNIT, env_file, exec_start, generate_certificate, unit_fields, write_nginx

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
PREFIX = "appraisal"


def _need(tool: str, how: str) -> str:
    path = shutil.which(tool) or (tool if Path(tool).exists() else None)
    if not path:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{tool} is missing in CI ({how})")
        pytest.skip(f"{tool} not installed ({how})")
    return path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_every_file_in_deploy_is_tested_here() -> None:
    assert sorted(p.name for p in DEPLOY.iterdir()) == sorted([SITE.name, UNIT.name, ENV_EXAMPLE.name])


def test_nginx_accepts_the_site(tmp_path) -> None:
    nginx = _need(NGINX, "apt-get install -y nginx")
    cert, key = generate_certificate(tmp_path, "appraisal.test")
    conf = write_nginx(tmp_path, https_port=_free_port(), http_port=_free_port(), upstreams=(_free_port(), _free_port()),
                       cert=cert, key=key, server_name="appraisal.test")
    result = subprocess.run([nginx, "-t", "-p", str(tmp_path), "-e", str(tmp_path / "error.log"), "-c", str(conf)],
                            capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr
    assert "test is successful" in result.stderr


def test_the_site_matches_the_app() -> None:
    site = SITE.read_text(encoding="utf-8")
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    limit_mb = config["server"]["maxUploadSize"]
    assert re.search(rf"^\s*client_max_body_size {limit_mb}m;", site, re.M), "nginx's upload limit is the app's"
    assert limit_mb * 1024 * 1024 >= MAX_CASE_BYTES
    upstream = site[site.index("upstream appraisal_app"):site.index("}", site.index("upstream appraisal_app"))]
    assert re.search(r"^\s*(ip_hash;|hash \S+ consistent;)", upstream, re.M), "sticky sessions"
    assert len(re.findall(r"^\s*server 127\.0\.0\.1:\d+", upstream, re.M)) == 2, "two app servers"
    assert "proxy_set_header Upgrade $http_upgrade;" in site and "proxy_set_header Connection $appraisal_connection;" in site
    assert f"location /{PREFIX}/ {{" in site and "proxy_http_version 1.1;" in site
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in site and "proxy_set_header X-Forwarded-Host $http_host;" in site
    assert f"location = /{PREFIX}/healthz" in site and "proxy_pass http://appraisal_app/healthz;" in site
    for header in ("Strict-Transport-Security", "X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy",
                   "Content-Security-Policy", "Permissions-Policy"):
        assert re.search(rf'add_header {header} ".+" always;', site), header
    assert "ssl_protocols TLSv1.2 TLSv1.3;" in site


def test_the_unit_runs_one_app_server_from_the_environment_file() -> None:
    fields = unit_fields()
    assert fields["Restart"] == ["on-failure"]
    assert fields["EnvironmentFile"] == ["/etc/appraisal/appraisal.env"]
    assert fields["WorkingDirectory"] == ["/opt/appraisal"]
    argv = exec_start(8501)
    assert argv[1:5] == ["-m", "streamlit", "run", "serve.py"]
    assert f"--server.baseUrlPath={PREFIX}" in argv and "--server.port=8501" in argv
    assert "--server.headless=true" in argv
    assert fields["ReadWritePaths"] == ["/opt/appraisal/var"], "the SQLite store's folder stays writable"


def test_systemd_accepts_the_unit(tmp_path) -> None:
    tool = shutil.which("systemd-analyze")
    if not tool:
        pytest.skip("systemd-analyze not installed; the unit's command line is still run below")
    text = UNIT.read_text(encoding="utf-8").replace("/opt/appraisal", str(ROOT))
    text = text.replace("/etc/appraisal/appraisal.env", str(tmp_path / "appraisal.env"))
    (tmp_path / "appraisal.env").write_text(ENV_EXAMPLE.read_text(encoding="utf-8"))
    (tmp_path / "appraisal@.service").write_text(text)
    (tmp_path / "appraisal@8501.service").symlink_to(tmp_path / "appraisal@.service")
    result = subprocess.run([tool, "verify", "--man=no", str(tmp_path / "appraisal@8501.service")], capture_output=True,
                            text=True, timeout=120, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "appraisal@" not in result.stderr, result.stderr
    # …and verify does notice a broken unit (so the pass above means something).
    (tmp_path / "broken@.service").write_text(text.replace(f"{ROOT}/.venv/bin/python", "/nonexistent/python"))
    (tmp_path / "broken@8501.service").symlink_to(tmp_path / "broken@.service")
    broken = subprocess.run([tool, "verify", "--man=no", str(tmp_path / "broken@8501.service")], capture_output=True,
                            text=True, timeout=120, cwd=tmp_path)
    assert broken.returncode != 0 and "/nonexistent/python" in broken.stderr


def test_the_example_environment_file() -> None:
    env = env_file()
    assert make_url(env["APPRAISAL_STORE_URL"]).get_backend_name() == "postgresql"
    public = public_url.clean_public_url(env["APPRAISAL_PUBLIC_URL"])
    assert public and public.startswith("https://") and public.endswith(f"/{PREFIX}")
    assert env["STREAMLIT_SERVER_ADDRESS"] == "127.0.0.1"
    assert env["STREAMLIT_SERVER_COOKIE_SECRET"]
    assert env["STREAMLIT_BROWSER_GATHER_USAGE_STATS"] == "false"


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


def _start_unit(port: int, store: str, log: Path) -> subprocess.Popen:
    """The unit's ExecStart as systemd would run it: environment from the example file, in the project."""
    env = {**os.environ, **env_file(), "APPRAISAL_STORE_URL": store, "APPRAISAL_PUBLIC_URL": "https://appraisal.test/appraisal/"}
    proc = subprocess.Popen(exec_start(port), cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert proc.poll() is None, log.read_text()
        try:
            if _get(f"http://127.0.0.1:{port}/{PREFIX}/_stcore/health") == (200, "ok"):
                return proc
        except OSError:
            pass
        time.sleep(0.3)
    proc.kill()
    raise AssertionError(f"the unit's command did not start the app:\n{log.read_text()}")


def test_the_units_command_starts_the_app_with_a_health_check_of_the_store(tmp_path) -> None:
    good, bad = _free_port(), _free_port()
    gone = f"postgresql+psycopg://u:p@127.0.0.1:{_free_port()}/gone"
    a = _start_unit(good, f"sqlite:///{tmp_path / 'appraisal.sqlite3'}", tmp_path / "good.log")
    try:
        b = _start_unit(bad, gone, tmp_path / "bad.log")
        try:
            status, body = _get(f"http://127.0.0.1:{good}/healthz")
            assert (status, body.split(":")[0]) == (200, "ok"), body
            assert "SQLite file appraisal.sqlite3 writable" in body
            status, page = _get(f"http://127.0.0.1:{good}/{PREFIX}/join?code=ABC123")
            assert status == 200 and "<div id=\"root\">" in page.replace("'", '"')
            # The process is up, the store is not: Streamlit's own check says ok, ours does not.
            assert _get(f"http://127.0.0.1:{bad}/{PREFIX}/_stcore/health") == (200, "ok")
            status, body = _get(f"http://127.0.0.1:{bad}/healthz")
            assert status == 503 and body.startswith("store not writable: PostgreSQL database gone"), body
        finally:
            b.terminate()
            b.wait(20)
    finally:
        a.terminate()
        a.wait(20)
