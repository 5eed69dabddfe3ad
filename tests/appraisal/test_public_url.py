"""The join address (appraisal.public_url): configured, forwarded by a proxy, the LAN's, or local with a warning.

No test sends anything to a network address: the LAN address is always passed in (or monkeypatched).
"""

from __future__ import annotations

import socket

import pytest

from appraisal import public_url as pu

COUNCIL = "https://apps.council.gov.uk/appraisal"


# 1. A configured public address wins over everything. -------------------------------------------
@pytest.mark.parametrize(("setting", "expected"), [
    ("https://apps.council.gov.uk/appraisal/", COUNCIL),
    ("https://apps.council.gov.uk/appraisal", COUNCIL),
    ("  HTTPS://Apps.Council.gov.uk/appraisal//  ", COUNCIL),
    ("http://10.20.30.40:8501", "http://10.20.30.40:8501"),
    ("http://[2001:db8::5]:8080/x", "http://[2001:db8::5]:8080/x"),
    ("https://appraisal.test:8443/appraisal/", "https://appraisal.test:8443/appraisal"),
])
def test_a_configured_public_address_is_used_as_it_is(setting, expected) -> None:
    headers = {"Host": "localhost:8501", "X-Forwarded-Host": "proxy.example"}
    assert pu.join_base(setting, headers, "other", "10.0.0.9") == (expected, None)


@pytest.mark.parametrize("setting", [
    "javascript:alert(1)",
    "JavaScript://apps.council.gov.uk/%0aalert(1)",
    "ftp://apps.council.gov.uk/",
    "data:text/html,<script>alert(1)</script>",
    "https://apps.council.gov.uk/appraisal?x=1",
    "https://apps.council.gov.uk/#frag",
    "https://user:pass@apps.council.gov.uk/",
    "https://apps council.gov.uk/",
    "https://apps.council.gov.uk/app raisal",
    "https://apps.council.gov.uk\r\nSet-Cookie: a=b",
    "https://apps.council.gov.uk/\x00",
    "https://-bad-.example/",
    "https://apps.council.gov.uk:99999/",
    "https://apps.council.gov.uk:80x/",
    "https://999.1.1.1/",
    "https://[not-ipv6]/",
    "https://apps.council.gov.uk/../etc",
    "https://<script>/",
    "//apps.council.gov.uk/",
    "apps.council.gov.uk",
])
def test_a_hostile_or_malformed_setting_is_ignored_with_a_warning(setting) -> None:
    url, warning = pu.join_base(setting, {"Host": "chamber-pc:8501"}, "", None)
    assert url == "http://chamber-pc:8501", "falls back to the next source"
    assert warning and "ignored" in warning and pu.ENV_VAR in warning
    assert pu.clean_public_url(setting) is None


def test_a_blank_setting_is_no_setting() -> None:
    assert pu.join_base("   ", {"Host": "chamber-pc:8501"}, "", None) == ("http://chamber-pc:8501", None)


# 2. Behind a proxy: the forwarded scheme and host plus the path prefix. --------------------------
def test_behind_a_proxy_the_forwarded_scheme_host_and_base_path_are_used() -> None:
    headers = {"host": "127.0.0.1:8501", "x-forwarded-proto": "https", "x-forwarded-host": "apps.council.gov.uk"}
    assert pu.join_base(None, headers, "appraisal", None) == (COUNCIL, None)
    assert pu.join_base(None, headers, "/appraisal/", None) == (COUNCIL, None)
    headers["X-Forwarded-Host"] = "appraisal.test:8443"  # header names are case-insensitive; last wins
    del headers["x-forwarded-host"]
    assert pu.join_base(None, headers, "appraisal", "10.0.0.9") == ("https://appraisal.test:8443/appraisal", None)


def test_a_proxy_chain_gives_the_first_value() -> None:
    headers = {"X-Forwarded-Proto": "https, http", "X-Forwarded-Host": "apps.council.gov.uk, internal:8080"}
    assert pu.join_base(None, headers, "appraisal", None) == (COUNCIL, None)


def test_without_forwarded_headers_the_host_header_is_used() -> None:
    assert pu.join_base(None, {"Host": "chamber-pc.council.local:8501"}, "", None) == ("http://chamber-pc.council.local:8501", None)
    assert pu.join_base(None, {"Host": "192.168.1.20:8501"}, "", "10.0.0.9") == ("http://192.168.1.20:8501", None)


@pytest.mark.parametrize("proto", ["javascript", "JAVASCRIPT:", "ftp", "https\r\nX: y", "file", "", "h ttps"])
def test_a_hostile_forwarded_scheme_falls_back_to_http(proto) -> None:
    url, warning = pu.join_base(None, {"X-Forwarded-Proto": proto, "Host": "chamber-pc:8501"}, "", None)
    assert (url, warning) == ("http://chamber-pc:8501", None)


@pytest.mark.parametrize("host", [
    "evil.example\r\nSet-Cookie: x=1",
    "evil.example/phish",
    "evil example",
    "user@evil.example",
    "javascript:alert(1)",
    "<script>alert(1)</script>",
    "evil.example:0",
    "evil.example:70000",
    "evil.example:8501:1",
    "[::1",
    "-evil.example",
    "a" * 64 + ".example",
    "ex%61mple.com",
    "",
])
def test_a_hostile_forwarded_host_is_ignored(host) -> None:
    url, _ = pu.join_base(None, {"X-Forwarded-Proto": "https", "X-Forwarded-Host": host, "Host": "chamber-pc:8501"}, "", None)
    assert url == "https://chamber-pc:8501", "the Host header is used instead"
    url, warning = pu.join_base(None, {"Host": host}, "", None, default_port=8502)
    assert url == "http://localhost:8502" and warning, "no plausible host at all: local, with the warning"


@pytest.mark.parametrize(("base", "expected"), [
    ("", ""), ("/", ""), ("appraisal", "/appraisal"), ("/a/b/", "/a/b"),
    ("../x", ""), ("a b", ""), ("<script>", ""), ("a\r\nb", ""), (None, ""),
])
def test_the_base_path_is_cleaned(base, expected) -> None:
    assert pu.clean_base_path(base) == expected


# 3. On localhost: the machine's LAN address, same port and prefix. -------------------------------
@pytest.mark.parametrize("host", ["localhost:8501", "127.0.0.1:8501", "127.1.2.3:8501", "[::1]:8501", "0.0.0.0:8501",
                                  "LOCALHOST:8501", "app.localhost:8501"])
def test_on_localhost_the_lan_address_is_used(host) -> None:
    assert pu.join_base(None, {"Host": host}, "appraisal", "192.168.1.20") == ("http://192.168.1.20:8501/appraisal", None)


def test_the_lan_address_keeps_the_scheme_and_drops_a_default_port() -> None:
    headers = {"Host": "localhost", "X-Forwarded-Proto": "https"}
    assert pu.join_base(None, headers, "", "10.0.0.9") == ("https://10.0.0.9", None)
    assert pu.join_base(None, {"Host": "localhost:80"}, "", "10.0.0.9") == ("http://10.0.0.9", None)
    assert pu.join_base(None, {"Host": "[::1]:8501"}, "", "2001:db8::7") == ("http://[2001:db8::7]:8501", None)


# 4. Only a local address known: say so, and how to fix it. --------------------------------------
@pytest.mark.parametrize("lan", [None, "", "127.0.1.1", "::1", "0.0.0.0", "169.254.3.4", "not an address", "224.0.0.1"])
def test_only_a_local_address_warns(lan) -> None:
    url, warning = pu.join_base(None, {"Host": "localhost:8501"}, "", lan)
    assert url == "http://localhost:8501"
    assert warning is not None
    assert "Phones cannot reach http://localhost:8501" in warning
    assert pu.ENV_VAR in warning and "public_url" in warning and "secrets.toml" in warning


def test_no_headers_at_all_uses_the_default_port() -> None:
    assert pu.join_base(None, None, None, None, default_port=8600)[0] == "http://localhost:8600"
    assert pu.join_base(None, {}, "", "10.0.0.9", default_port=8600) == ("http://10.0.0.9:8600", None)


def test_a_bad_setting_and_only_a_local_address_give_both_warnings() -> None:
    url, warning = pu.join_base("javascript:alert(1)", {"Host": "localhost:8501"}, "", None)
    assert url == "http://localhost:8501"
    assert "ignored" in warning and "Phones cannot reach" in warning


@pytest.mark.parametrize(("host", "local"), [
    ("localhost", True), ("127.0.0.1", True), ("127.9.9.9", True), ("[::1]", True), ("0.0.0.0", True),
    ("10.0.0.1", False), ("apps.council.gov.uk", False), ("[2001:db8::1]", False), ("localhost.council.gov.uk", False),
])
def test_is_local_host(host, local) -> None:
    assert pu.is_local_host(host) is local


# The LAN lookup itself: a UDP "connect" (which sends nothing), checked without any network. ----------
class _FakeSocket:
    def __init__(self, address: str, fail: bool = False):
        self.address, self.fail, self.connected = address, fail, None
        self.sent = []

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def connect(self, target):
        if self.fail:
            raise OSError("Network is unreachable")
        self.connected = target

    def getsockname(self):
        return (self.address, 40000)

    def send(self, data):  # pragma: no cover - must never be called
        self.sent.append(data)


@pytest.mark.parametrize(("address", "fail", "expected"), [
    ("192.168.1.20", False, "192.168.1.20"),
    ("127.0.0.1", False, None),          # no route: only loopback
    ("0.0.0.0", False, None),
    ("192.168.1.20", True, None),        # no network at all
])
def test_lan_address_asks_the_routing_table_without_sending(monkeypatch, address, fail, expected) -> None:
    made = []

    def fake_socket(family, kind):
        assert (family, kind) == (socket.AF_INET, socket.SOCK_DGRAM), "a UDP socket: connect sends no packet"
        made.append(_FakeSocket(address, fail))
        return made[-1]

    monkeypatch.setattr(pu.socket, "socket", fake_socket)
    assert pu.lan_address() == expected
    assert made and not made[0].sent
    if not fail:
        assert made[0].connected == ("192.0.2.1", 9), "a documentation address (RFC 5737), never a real host"
