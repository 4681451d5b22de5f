"""Fetching web pages safely into a content-addressed cache, so that a rerun is offline and identical.

Only ``http``/``https``; a time-out, a maximum response size (also after decompression, against gzip
bombs) and a maximum number of redirects; no connection to loopback, private, link-local or other
non-public addresses unless the caller opts in. The address is checked on the connected socket, for every
redirect hop, so a host name that resolves to a private address (DNS rebinding) is caught as well.

Cache layout: ``urls/<sha256 of the URL>.json`` records the outcome of fetching a URL (the response's
metadata and the SHA-256 of its body, or the error), ``bodies/<sha256 of the body>`` holds each body once.
Failures are cached too, so a rerun reports the same rejects without touching the network.
"""

from __future__ import annotations

import hashlib
import ipaddress
import json
import re
import socket
import time
import zlib
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import urllib3
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

from pipeline.model import write_atomic

ACCEPTED_CONTENT_TYPES = frozenset({"text/html", "application/xhtml+xml", "text/plain"})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
CHUNK_BYTES = 64 * 1024
GZIP_WBITS = 16 + zlib.MAX_WBITS


@dataclass(frozen=True, kw_only=True)
class FetchSettings:
    timeout: float = 10.0
    max_bytes: int = 5_000_000
    max_redirects: int = 5
    allow_private: bool = False
    retry_failed: bool = False
    user_agent: str = "pipeline-ingest/0.1 (German news extraction)"


@dataclass(frozen=True)
class Fetched:
    url: str
    final_url: str
    status: int
    content_type: str
    body: bytes


class FetchError(Exception):
    """A URL that could not be fetched; ``reason`` is the HTTP status or the error, for the reject."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class BlockedAddress(urllib3.exceptions.NewConnectionError):
    pass


def _is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    return (getattr(ip, "ipv4_mapped", None) or ip).is_global


def _vetted(connection_class: type) -> type:
    class VettedConnection(connection_class):  # type: ignore[misc, valid-type]
        """Refuses non-public peers: before connecting (so closed ports are not probed) and on the
        connected socket (so a name that resolves differently the second time is caught too)."""

        def _new_conn(self) -> socket.socket:
            try:
                resolved = {info[4][0] for info in socket.getaddrinfo(self._dns_host, self.port, type=socket.SOCK_STREAM)}
            except OSError:
                resolved = set()  # the connection attempt reports the resolution error
            for address in sorted(resolved):
                if not _is_public(address):
                    raise BlockedAddress(self, f"blocked non-public address {address}")
            sock = super()._new_conn()
            peer = sock.getpeername()[0]
            if not _is_public(peer):
                sock.close()
                raise BlockedAddress(self, f"blocked non-public address {peer}")
            return sock

    return VettedConnection


class _VettedHTTPPool(HTTPConnectionPool):
    ConnectionCls = _vetted(HTTPConnection)


class _VettedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _vetted(HTTPSConnection)


def _pool(allow_private: bool) -> urllib3.PoolManager:
    manager = urllib3.PoolManager(num_pools=8, retries=False)
    if not allow_private:
        manager.pool_classes_by_scheme = {"http": _VettedHTTPPool, "https": _VettedHTTPSPool}
    return manager


def check_url(url: str) -> str:
    """Raise FetchError unless ``url`` is an absolute http(s) URL with a host."""
    try:
        parts = urlsplit(url)
    except ValueError as error:
        raise FetchError(f"invalid URL: {error}") from error
    if parts.scheme.lower() not in ("http", "https"):
        raise FetchError(f"unsupported URL scheme {parts.scheme or '(none)'}" if parts.scheme else "not a URL")
    if not parts.hostname:
        raise FetchError("URL without host")
    return url


def fetch(url: str, *, settings: FetchSettings = FetchSettings()) -> Fetched:
    """GET ``url`` following at most ``max_redirects`` redirects; raise FetchError on any failure."""
    pool = _pool(settings.allow_private)
    headers = {"User-Agent": settings.user_agent, "Accept-Encoding": "gzip, deflate"}
    timeout = urllib3.Timeout(connect=settings.timeout, read=settings.timeout)
    current = check_url(url)
    for _ in range(settings.max_redirects + 1):
        response = _request(pool, current, headers, timeout, settings)
        try:
            location = response.headers.get("Location")
            if response.status in REDIRECT_STATUSES and location:
                current = check_url(urljoin(current, location))
                continue
            if not 200 <= response.status < 300:
                raise FetchError(f"HTTP {response.status} {response.reason or ''}".strip())
            content_type = (response.headers.get("Content-Type") or "text/html").split(";")[0].strip().lower()
            if content_type not in ACCEPTED_CONTENT_TYPES:
                raise FetchError(f"unsupported content type {content_type}")
            raw = _read_capped(response, settings)
            body = _decompress(raw, response.headers.get("Content-Encoding", ""), settings.max_bytes)
            return Fetched(url=url, final_url=current, status=response.status, content_type=content_type, body=body)
        finally:
            response.release_conn()
    raise FetchError(f"too many redirects (limit {settings.max_redirects})")


def _request(
    pool: urllib3.PoolManager, url: str, headers: dict, timeout: urllib3.Timeout, settings: FetchSettings
) -> urllib3.BaseHTTPResponse:
    try:
        return pool.request(
            "GET", url, headers=headers, timeout=timeout, redirect=False, retries=False,
            preload_content=False, decode_content=False,
        )
    except BlockedAddress as error:
        raise FetchError(str(error).split(": ", 1)[-1]) from error
    except urllib3.exceptions.NameResolutionError as error:
        raise FetchError(f"host not found: {urlsplit(url).hostname}") from error
    except (urllib3.exceptions.ConnectTimeoutError, urllib3.exceptions.ReadTimeoutError) as error:
        if isinstance(error, urllib3.exceptions.NewConnectionError):
            raise FetchError(f"connection failed: {_last_words(error)}") from error
        raise FetchError(f"timed out after {settings.timeout:g} s") from error
    except urllib3.exceptions.HTTPError as error:
        raise FetchError(f"connection failed: {_last_words(error)}") from error


def _last_words(error: Exception) -> str:
    """The innermost message of a urllib3 error, without its object reprs."""
    message = str(error)
    return re.sub(r"^.*?: ", "", message.rsplit("): ", 1)[-1]) if "): " in message else message


def _read_capped(response: urllib3.BaseHTTPResponse, settings: FetchSettings) -> bytes:
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > settings.max_bytes:
        raise FetchError(f"response too large (limit {settings.max_bytes} bytes)")
    deadline = time.monotonic() + settings.timeout
    chunks: list[bytes] = []
    size = 0
    try:
        while chunk := response.read(CHUNK_BYTES, decode_content=False):
            size += len(chunk)
            if size > settings.max_bytes:
                raise FetchError(f"response too large (limit {settings.max_bytes} bytes)")
            # a server dripping bytes resets the read time-out on every packet; the deadline bounds the total
            if time.monotonic() > deadline:
                raise FetchError(f"timed out after {settings.timeout:g} s")
            chunks.append(chunk)
    except urllib3.exceptions.ReadTimeoutError as error:
        raise FetchError(f"timed out after {settings.timeout:g} s") from error
    except urllib3.exceptions.ProtocolError as error:
        raise FetchError(f"connection broken: {_last_words(error)}") from error
    return b"".join(chunks)


def _decompress(raw: bytes, encoding: str, max_bytes: int) -> bytes:
    encoding = encoding.strip().lower()
    if encoding in ("", "identity"):
        return raw
    if encoding in ("gzip", "x-gzip"):
        wbits = GZIP_WBITS
    elif encoding == "deflate":
        # servers send deflate both with and without the zlib header
        wbits = zlib.MAX_WBITS if raw[:1] == b"\x78" else -zlib.MAX_WBITS
    else:
        raise FetchError(f"unsupported content encoding {encoding}")
    decompressor = zlib.decompressobj(wbits)
    out = bytearray()
    pending = raw
    try:
        while pending:
            out += decompressor.decompress(pending, max_bytes + 1 - len(out))
            if len(out) > max_bytes:
                raise FetchError(f"response too large after decompression (limit {max_bytes} bytes)")
            pending = decompressor.unconsumed_tail
        out += decompressor.flush()
    except zlib.error as error:
        raise FetchError(f"invalid {encoding} content: {error}") from error
    if len(out) > max_bytes:
        raise FetchError(f"response too large after decompression (limit {max_bytes} bytes)")
    return bytes(out)


def url_key(url: str) -> str:
    return hashlib.sha256(url.encode("utf-8")).hexdigest()


def fetch_cached(url: str, *, cache: Path, settings: FetchSettings = FetchSettings()) -> Fetched:
    """Fetch through the cache: a cached outcome (page or error) is returned without network access."""
    entry_path = Path(cache) / "urls" / f"{url_key(url)}.json"
    if entry_path.is_file():
        entry = json.loads(entry_path.read_text(encoding="utf-8"))
        if "error" not in entry:
            body = (Path(cache) / "bodies" / entry.pop("body_sha256")).read_bytes()
            return Fetched(body=body, **entry)
        if not settings.retry_failed:
            raise FetchError(entry["error"])
    try:
        fetched = fetch(url, settings=settings)
    except FetchError as error:
        _write_entry(entry_path, {"url": url, "error": error.reason})
        raise
    body_sha256 = hashlib.sha256(fetched.body).hexdigest()
    body_path = Path(cache) / "bodies" / body_sha256
    if not body_path.is_file():
        write_atomic(body_path, fetched.body)
    entry = asdict(fetched)
    del entry["body"]
    _write_entry(entry_path, {**entry, "body_sha256": body_sha256})
    return fetched


def _write_entry(path: Path, entry: dict) -> None:
    write_atomic(path, json.dumps(entry, ensure_ascii=False, sort_keys=True, indent=1) + "\n")
