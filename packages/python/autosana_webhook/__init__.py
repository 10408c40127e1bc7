"""Verify Autosana's webhook signatures (X-Autosana-Signature-256: sha256=<hex>, an HMAC-SHA256
of the raw body) the way the autosana-webhook CLI does, and keep a failed request for
`autosana-webhook verify --explain --request FILE`. Standard library only."""
from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import logging
import os
import secrets as _random
import string
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Iterable, Optional, Sequence, Tuple, Union

__all__ = ["HEADER", "Verification", "verify", "capture", "format_request"]
__version__ = "0.1.0"

HEADER = "X-Autosana-Signature-256"
_PREFIX = "sha256="
_WHITESPACE = " \t\r\n\v\f"
_HEX = set(string.hexdigits)
_log = logging.getLogger("autosana_webhook")
_captured = itertools.count(1)  # in the file names: captures of one millisecond still sort in order

Secret = Union[str, bytes]


@dataclass(frozen=True)
class Verification:
    """valid: the signature matches (and the payload is fresh, when max_age was given).
    reason: "ok", "missing_signature", "malformed_signature", "mismatch", "no_secret",
    "empty_secret", "no_timestamp", "stale" or "future" (the same words as the CLI's vectors).
    secret_index: which of the secrets matched. message: one line for a log; never a secret."""

    valid: bool
    reason: str
    secret_index: Optional[int] = None
    message: str = ""

    def __bool__(self) -> bool:
        return self.valid


def _parse_header(value: str) -> Optional[bytes]:
    """The 32 bytes a header value names, read as the CLI reads it: surrounding whitespace,
    the prefix in any case or left out, hex in either case; None when it is not a signature."""
    text = value.strip(_WHITESPACE)
    if text[: len(_PREFIX)].lower() == _PREFIX:
        text = text[len(_PREFIX):]
    if len(text) != 64 or not set(text) <= _HEX:
        return None
    return bytes.fromhex(text)


def _timestamp(raw_body: bytes) -> Optional[datetime]:
    try:
        payload = json.loads(raw_body)
        value = payload["timestamp"]
        if not isinstance(value, str):
            return None
        when = datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00"))
    except (ValueError, KeyError, TypeError, RecursionError):
        return None
    return when if when.tzinfo is not None else None


def _as_bytes(secret: Secret) -> bytes:
    return secret.encode("utf-8") if isinstance(secret, str) else bytes(secret)


def verify(raw_body: bytes, header: Optional[str], secrets: Union[Secret, Iterable[Secret]], *,
           max_age: Optional[float] = None,
           now: Optional[Union[datetime, float]] = None) -> Verification:
    """Checks raw_body (the bytes as received, before any JSON parsing) against the header's
    value with each secret (several during a rotation); with max_age (seconds), also that the
    payload's own timestamp is within max_age of now, in either direction."""
    keys = [_as_bytes(secrets)] if isinstance(secrets, (str, bytes)) else [_as_bytes(s) for s in secrets]
    if not keys:
        return Verification(False, "no_secret", message="no secret was given")
    if any(not key for key in keys):
        return Verification(False, "empty_secret", message="a secret is empty")
    if header is None:
        return Verification(False, "missing_signature", message=f"no {HEADER} header")
    expected = _parse_header(header)
    if expected is None:
        return Verification(False, "malformed_signature",
                            message=f"the {HEADER} value is not sha256= and 64 hex digits")
    matched = None
    for index, key in enumerate(keys):  # every secret, so the time says nothing of which matched
        if hmac.compare_digest(hmac.new(key, raw_body, hashlib.sha256).digest(), expected) and matched is None:
            matched = index
    if matched is None:
        return Verification(False, "mismatch", message=f"the signature does not match ({len(keys)} secret(s) tried)")
    if max_age is None:
        return Verification(True, "ok", matched, f"signature matches (secret {matched})")
    when = _timestamp(raw_body)
    if when is None:
        return Verification(False, "no_timestamp", None, "the payload has no timestamp to check its age")
    if now is None:
        now_seconds = datetime.now(timezone.utc).timestamp()
    elif isinstance(now, datetime):
        now_seconds = now.timestamp()
    else:
        now_seconds = float(now)
    age = now_seconds - when.timestamp()
    if age > max_age:
        return Verification(False, "stale", None, f"the timestamp is {age:.0f} s old (limit {max_age:g} s)")
    if -age > max_age:
        return Verification(False, "future", None, f"the timestamp is {-age:.0f} s in the future (limit {max_age:g} s)")
    return Verification(True, "ok", matched, f"signature matches (secret {matched}); {age:.0f} s old")


def format_request(method: str, target: str, headers: Sequence[Tuple[str, str]], body: bytes) -> bytes:
    """The request as `autosana-webhook listen --save` writes it: request line, fields in order,
    a blank line, the body."""
    head = f"{method} {target} HTTP/1.1\r\n" + "".join(f"{name}: {value}\r\n" for name, value in headers)
    return head.encode("latin-1", "replace") + b"\r\n" + body


def capture(directory: str, method: str, target: str, headers: Sequence[Tuple[str, str]], body: bytes, *,
            max_files: int = 100, max_bytes: int = 10 << 20) -> Optional[str]:
    """Keeps a failed request for `autosana-webhook verify --explain --request FILE` (opt-in: call
    it when verify fails). Give the body you verified, as your framework gave it to you. The
    file is mode 600; at most max_files are kept (the oldest go) and a request larger than
    max_bytes is not kept. Logs the file and the command; returns the path, or None."""
    raw = format_request(method, target, headers, body)
    if len(raw) > max_bytes:
        _log.warning("autosana-webhook: a failed request of %d bytes was not captured (limit %d)", len(raw), max_bytes)
        return None
    os.makedirs(directory, mode=0o700, exist_ok=True)
    kept = sorted(name for name in os.listdir(directory) if name.endswith("-failed.http"))
    for name in kept[: max(len(kept) - max_files + 1, 0)]:
        try:
            os.unlink(os.path.join(directory, name))
        except FileNotFoundError:
            pass
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S.%f")[:-3] + "Z"
    path = os.path.join(directory, f"{stamp}-{next(_captured):06}-{_random.token_hex(3)}-failed.http")
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o600)
    with os.fdopen(descriptor, "wb") as file:
        file.write(raw)
    _log.warning("autosana-webhook: captured the failed request in %s; run: "
                 "autosana-webhook verify --explain --request %s", path, path)
    return path
