"""The bytes of the documents a spec is made of: files, and documents over HTTP(S) when allowed.

Kept free of heavy imports: the no-op fast path hashes sources through it.
"""

from __future__ import annotations

from pathlib import Path

# A remote document is input from a server we do not control: bound what it may cost.
REMOTE_TIMEOUT = 30  # seconds
REMOTE_MAX_BYTES = 64 * 1024 * 1024


def is_remote(name: str) -> bool:
    return name.startswith(("http://", "https://"))


def fetch(url: str) -> bytes:
    """The body of ``url`` (HTTP or HTTPS only); ``OSError`` with a readable message on failure."""
    import urllib.error
    import urllib.request

    if not is_remote(url):
        raise OSError(f"not an http(s) address: {url}")
    request = urllib.request.Request(url, headers={"User-Agent": "modelgen"})
    try:
        with urllib.request.urlopen(request, timeout=REMOTE_TIMEOUT) as response:
            body: bytes = response.read(REMOTE_MAX_BYTES + 1)
    except urllib.error.HTTPError as exc:
        raise OSError(f"HTTP {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        raise OSError(str(exc.reason)) from None
    except TimeoutError:
        raise OSError(f"no answer within {REMOTE_TIMEOUT} s") from None
    if len(body) > REMOTE_MAX_BYTES:
        raise OSError(f"the document is larger than {REMOTE_MAX_BYTES:,} bytes")
    return body


def read_source(spec: Path, name: str) -> bytes:
    """The bytes of a document the spec refers to, by the name recorded for it."""
    return fetch(name) if is_remote(name) else (spec.parent / name).read_bytes()
