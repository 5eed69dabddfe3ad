"""The shipped deploy/ files, made runnable on loopback for tests: nginx's site with test ports, names
and paths substituted (each substitution must find its text, so the shipped file is the one tested), a
small nginx.conf around it, the systemd unit's command line, and the example environment file."""

from __future__ import annotations

import shlex
import subprocess
from pathlib import Path

from tests.conftest import ROOT

DEPLOY = ROOT / "deploy"
SITE = DEPLOY / "nginx-appraisal.conf"
UNIT = DEPLOY / "appraisal@.service"
ENV_EXAMPLE = DEPLOY / "appraisal.env.example"
SERVER_NAME = "appraisal.council.example"
INSTALL_DIR = "/opt/appraisal"


def substitute(text: str, replacements: dict[str, str]) -> str:
    for old, new in replacements.items():
        assert old in text, f"the shipped file no longer contains {old!r}; update the test's substitutions"
        text = text.replace(old, new)
    return text


def nginx_site(*, https_port: int, http_port: int, upstreams: tuple[int, int], cert: Path, key: Path,
               server_name: str, logs: Path) -> str:
    """deploy/nginx-appraisal.conf with loopback ports, the test's certificate and log folder."""
    return substitute(SITE.read_text(encoding="utf-8"), {
        "server 127.0.0.1:8501 ": f"server 127.0.0.1:{upstreams[0]} ",
        "server 127.0.0.1:8502 ": f"server 127.0.0.1:{upstreams[1]} ",
        "listen 80;": f"listen 127.0.0.1:{http_port};",
        "listen 443 ssl http2;": f"listen 127.0.0.1:{https_port} ssl http2;",
        f"server_name {SERVER_NAME};": f"server_name {server_name};",
        f"/etc/ssl/certs/{SERVER_NAME}.pem": str(cert),
        f"/etc/ssl/private/{SERVER_NAME}.key": str(key),
        "/var/log/nginx/": f"{logs}/",
    })


def nginx_conf(prefix: Path, site: Path) -> str:
    """A whole nginx.conf for an unprivileged nginx under ``prefix`` that includes the site file."""
    return f"""
daemon off;
worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log info;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    access_log {prefix}/access.log;
    client_body_temp_path {prefix}/client_body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    include {site};
}}
"""


def write_nginx(prefix: Path, **site_args) -> Path:
    """Write the site and the wrapper under ``prefix``; the wrapper's path."""
    for sub in ("logs", "client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (prefix / sub).mkdir(parents=True, exist_ok=True)
    site = prefix / "appraisal-site.conf"
    site.write_text(nginx_site(logs=prefix / "logs", **site_args), encoding="utf-8")
    conf = prefix / "nginx.conf"
    conf.write_text(nginx_conf(prefix, site), encoding="utf-8")
    return conf


def nginx_test(nginx: str, conf: Path, prefix: Path) -> subprocess.CompletedProcess:
    return subprocess.run([nginx, "-t", "-p", str(prefix), "-e", str(prefix / "error.log"), "-c", str(conf)],
                          capture_output=True, text=True, timeout=30)


def generate_certificate(folder: Path, host: str) -> tuple[Path, Path]:
    """A self-signed certificate for ``host`` (with the name in subjectAltName), via Python's cryptography."""
    import datetime as dt

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, host)])
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(minutes=5))
            .not_valid_after(now + dt.timedelta(days=2))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName(host)]), critical=False)
            .sign(key, hashes.SHA256()))
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path


def unit_fields(text: str | None = None) -> dict[str, list[str]]:
    """``Key=value`` lines of the unit (a key may repeat), sections flattened."""
    out: dict[str, list[str]] = {}
    for line in (text if text is not None else UNIT.read_text(encoding="utf-8")).splitlines():
        line = line.strip()
        if not line or line.startswith(("#", ";", "[")):
            continue
        key, _, value = line.partition("=")
        out.setdefault(key.strip(), []).append(value.strip())
    return out


def exec_start(port: int, root: Path = ROOT, python: str | None = None) -> list[str]:
    """The unit's ExecStart for ``appraisal@PORT``, with the install folder replaced by ``root``."""
    line = unit_fields()["ExecStart"][0].replace("%i", str(port))
    argv = shlex.split(line)
    assert argv[0] == f"{INSTALL_DIR}/.venv/bin/python", argv[0]
    argv[0] = python or str(root / ".venv" / "bin" / "python")
    return [a.replace(INSTALL_DIR, str(root)) for a in argv]


def env_file(path: Path = ENV_EXAMPLE) -> dict[str, str]:
    """The example environment file as systemd reads it (KEY=value lines, # comments)."""
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        key, sep, value = line.partition("=")
        assert sep and key.isidentifier(), f"not KEY=value: {line!r}"
        out[key] = value
    return out
