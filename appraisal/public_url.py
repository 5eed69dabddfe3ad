"""The address phones use to join a workshop: a configured public address, the proxy's, or the LAN's.

Opened as ``http://localhost:8501`` the app would otherwise put ``http://localhost:8501/join?code=…`` on
the projector, which no phone can reach. :func:`join_base` decides, in this order:

1. a configured public address (``APPRAISAL_PUBLIC_URL``, or ``public_url`` in Streamlit secrets), e.g.
   ``https://apps.council.gov.uk/appraisal/`` — used as it is;
2. the address the browser used, as a reverse proxy forwards it (``X-Forwarded-Proto``,
   ``X-Forwarded-Host``, else ``Host``) plus Streamlit's ``server.baseUrlPath``;
3. when that address is this computer's own (localhost, 127.x, ::1), the machine's LAN address with
   the same port — phones on the same network can reach it;
4. otherwise the local address, with a warning that phones cannot reach it and how to fix that.

Only ``http``/``https`` and a plausible host name or IP address (with an optional port) are accepted
from a setting or a header: anything else (a ``javascript:`` scheme, spaces, line breaks, user-info,
paths smuggled into a host) is ignored. :func:`join_base` is pure; :func:`lan_address` asks the
operating system which local address it would route from, without sending anything.
"""

from __future__ import annotations

import ipaddress
import re
import socket
from collections.abc import Mapping
from urllib.parse import urlsplit

ENV_VAR = "APPRAISAL_PUBLIC_URL"
SECRET_KEY = "public_url"
DEFAULT_PORT = 8501
SCHEMES = ("http", "https")
# A DNS name: labels of letters, digits and hyphens (not at either end), dot-separated, 253 at most.
_LABEL = r"(?!-)[A-Za-z0-9-]{1,63}(?<!-)"
_HOSTNAME = re.compile(rf"{_LABEL}(?:\.{_LABEL})*\.?")
_PATH_SEGMENT = re.compile(r"[A-Za-z0-9._~-]+")
_PORT = re.compile(r"[0-9]{1,5}")
# An address only for documentation (RFC 5737): "connecting" a UDP socket to it sends nothing.
_ROUTE_PROBE = ("192.0.2.1", 9)

HOW_TO_FIX = (f"Set the address phones should use in the environment variable {ENV_VAR} "
              f"(e.g. https://apps.council.gov.uk/appraisal/) or as {SECRET_KEY} in .streamlit/secrets.toml, "
              "or open this page by the computer's network address instead of localhost.")


def _host_port(netloc: str) -> tuple[str, int | None] | None:
    """``host[:port]`` split and checked (IPv6 in brackets), or None if it is not plausible."""
    if not netloc or len(netloc) > 300:
        return None
    if netloc.startswith("["):
        end = netloc.find("]")
        if end < 0:
            return None
        host, rest = netloc[: end + 1], netloc[end + 1:]
        try:
            ipaddress.IPv6Address(host[1:-1])
        except ValueError:
            return None
    else:
        host, sep, port_text = netloc.partition(":")
        rest = f":{port_text}" if sep else ""
        if len(host) > 253 or not _HOSTNAME.fullmatch(host):
            return None
        if host.replace(".", "").isdigit():  # all digits: must then be a real IPv4 address
            try:
                ipaddress.IPv4Address(host)
            except ValueError:
                return None
    if not rest:
        return host.lower(), None
    if not rest.startswith(":") or not _PORT.fullmatch(rest[1:]) or not 0 < int(rest[1:]) < 65536:
        return None
    return host.lower(), int(rest[1:])


def _netloc(host: str, port: int | None) -> str:
    return host if port is None else f"{host}:{port}"


def clean_base_path(base_path: str | None) -> str:
    """Streamlit's ``server.baseUrlPath`` as ``/appraisal`` (or ``""``); anything odd is dropped."""
    segments = [s for s in str(base_path or "").split("/") if s]
    if not all(_PATH_SEGMENT.fullmatch(s) and s not in {".", ".."} for s in segments):
        return ""
    return "".join(f"/{s}" for s in segments)


def clean_public_url(url: str | None) -> str | None:
    """A configured public address as ``scheme://host[:port][/path]`` (no trailing slash), or None."""
    text = str(url or "").strip()
    if not text or any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in text):
        return None
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    if parts.scheme.lower() not in SCHEMES or parts.query or parts.fragment or "@" in parts.netloc:
        return None
    host_port = _host_port(parts.netloc)
    if host_port is None:
        return None
    segments = [s for s in parts.path.split("/") if s]
    if not all(_PATH_SEGMENT.fullmatch(s) and s not in {".", ".."} for s in segments):
        return None
    return f"{parts.scheme.lower()}://{_netloc(*host_port)}{''.join(f'/{s}' for s in segments)}"


def is_local_host(host: str) -> bool:
    """localhost, 127.x, ::1 or 0.0.0.0: an address only this computer can use."""
    name = host.strip("[]").lower().rstrip(".")
    if name == "localhost" or name.endswith(".localhost"):
        return True
    try:
        ip = ipaddress.ip_address(name)
    except ValueError:
        return False
    return ip.is_loopback or ip.is_unspecified


def _usable_lan(lan: str | None) -> str | None:
    """A LAN address phones could use: an IP that is not loopback, link-local, unspecified or multicast."""
    try:
        ip = ipaddress.ip_address(str(lan or "").strip())
    except ValueError:
        return None
    if ip.is_loopback or ip.is_unspecified or ip.is_link_local or ip.is_multicast:
        return None
    return f"[{ip}]" if ip.version == 6 else str(ip)


def _first(headers: Mapping[str, str], name: str) -> str:
    """A header's first value (a proxy chain lists several, comma-separated), case-insensitively."""
    value = None
    for key, v in headers.items():
        if key.lower() == name.lower():
            value = v
    return str(value or "").split(",")[0].strip()


def join_base(
    configured: str | None,
    headers: Mapping[str, str] | None,
    base_path: str | None,
    lan: str | None,
    default_port: int = DEFAULT_PORT,
) -> tuple[str, str | None]:
    """The app's address for the join link (no page, no trailing slash) and a warning, or None.

    ``configured`` is the public address setting, ``headers`` the request's headers, ``base_path``
    Streamlit's ``server.baseUrlPath`` and ``lan`` this machine's LAN address (or None).
    """
    warning_bad_setting = None
    if configured and str(configured).strip():
        public = clean_public_url(configured)
        if public:
            return public, None
        warning_bad_setting = (f"The public address setting ({ENV_VAR} or {SECRET_KEY}) is not an http(s) address with "
                               "a plausible host name, so it was ignored.")
    headers = headers or {}
    path = clean_base_path(base_path)
    proto = _first(headers, "X-Forwarded-Proto").lower()
    scheme = proto if proto in SCHEMES else "http"
    host_port = None
    for name in ("X-Forwarded-Host", "Host"):
        host_port = _host_port(_first(headers, name))
        if host_port:
            break
    if host_port and not is_local_host(host_port[0]):
        return f"{scheme}://{_netloc(*host_port)}{path}", warning_bad_setting
    port = host_port[1] if host_port else default_port
    if host_port and port is None:
        port = 443 if scheme == "https" else 80
    lan_host = _usable_lan(lan)
    if lan_host:
        default = 443 if scheme == "https" else 80
        return f"{scheme}://{_netloc(lan_host, None if port == default else port)}{path}", warning_bad_setting
    local = f"{scheme}://{_netloc(host_port[0] if host_port else 'localhost', port)}{path}"
    warning = (f"Phones cannot reach {local}: it is this computer's own address, and no network address was found. "
               + HOW_TO_FIX)
    if warning_bad_setting:
        warning = f"{warning_bad_setting} {warning}"
    return local, warning


def lan_address() -> str | None:
    """This machine's address on its network, or None. Nothing is sent: ``connect`` on a UDP socket
    only asks the operating system which local address it would route from."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.connect(_ROUTE_PROBE)
            address = s.getsockname()[0]
    except OSError:
        return None
    return _usable_lan(address)
