#!/usr/bin/env python3
"""Bulk seed data for the benchmark, written as CSV for psql's \\copy (never through the API).

  seed.py users  FIRST COUNT            -> users rows (ids are the counter in hex, 24 chars)
  seed.py identities FIRST COUNT        -> identities rows for those users
  seed.py keys FIRST_USER USERS PER_USER KEYFILE [POOL]
                                        -> api_keys rows, PER_USER keys for each user; the first POOL
                                           key values (clear text) go to KEYFILE for the load generator
  seed.py sessions FIRST_USER USERS TOKENFILE
                                        -> sessions rows, one per user, with refresh tokens written to TOKENFILE
                                           (JWTs signed with BENCH_JWT_SECRET, the KEYPORT_JWT_SECRET Keyport runs with)

Key values use Keyport's format: kpk_ + 43 base62 chars (256 random bits) + 6 base62 chars of CRC32.
"""
import base64
import csv
import hashlib
import hmac
import json
import os
import sys
import zlib

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
NOW = "2026-01-01 00:00:00+00"
LATER = "2099-01-01 00:00:00+00"


def base62(value: int, width: int) -> str:
    out = []
    while value:
        value, rem = divmod(value, 62)
        out.append(ALPHABET[rem])
    return "".join(reversed(out)).rjust(width, "0")


def key_value() -> str:
    head = "kpk_" + base62(int.from_bytes(os.urandom(32), "big"), 43)
    return head + base62(zlib.crc32(head.encode("ascii")), 6)


def hex_id(prefix: str, n: int) -> str:
    return prefix + format(n, "x").rjust(24 - len(prefix), "0")


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def refresh_jwt(user: str, session: str, secret: str) -> str:
    """A stored session's refresh token, as SignedTokens issues it: HS256 over typ, sub, sid, rts, iat, exp, with
    the kid of the token key Keyport made from BENCH_JWT_SECRET (BENCH_JWT_KID, read from its start log by run.sh:
    since the token key set, ADR 0015, a token without a kid verifies only under a legacy key)."""
    key = base64.b64decode(os.environ["BENCH_JWT_SECRET"])
    header = b64url(json.dumps({"kid": os.environ["BENCH_JWT_KID"], "alg": "HS256"}).encode())
    payload = b64url(json.dumps({"sub": user, "sid": session, "rts": secret, "typ": "refresh",
                                 "iat": 1767225600, "exp": 4070908800}).encode())
    signature = hmac.new(key, f"{header}.{payload}".encode(), hashlib.sha256).digest()
    return f"{header}.{payload}.{b64url(signature)}"


def main() -> None:
    kind = sys.argv[1]
    out = csv.writer(sys.stdout, lineterminator="\n")
    if kind == "users":
        first, count = int(sys.argv[2]), int(sys.argv[3])
        for n in range(first, first + count):
            out.writerow([hex_id("a", n), "normal", NOW])
    elif kind == "identities":
        first, count = int(sys.argv[2]), int(sys.argv[3])
        for n in range(first, first + count):
            out.writerow([hex_id("c", n), hex_id("a", n), 0, "local-userpass", f"bench-{n}@example.org"])
    elif kind == "keys":
        first, users, per_user, keyfile = int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
        pool = int(sys.argv[6]) if len(sys.argv) > 6 else 10_000
        written = 0
        with open(keyfile, "w") as keys:
            for u in range(first, first + users):
                for k in range(per_user):
                    n = u * 32 + k
                    value = key_value()
                    if written < pool:
                        keys.write(f"{value} {hex_id('b', n)} {hex_id('a', u)}\n")
                        written += 1
                    digest = hashlib.sha256(value.encode("ascii")).hexdigest()
                    out.writerow([hex_id("b", n), hex_id("a", u), f"key-{k}", digest, "f", NOW])
    elif kind == "sessions":
        first, users, tokenfile = int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
        with open(tokenfile, "w") as tokens:
            for u in range(first, first + users):
                secret = b64url(os.urandom(32))
                token = refresh_jwt(hex_id("a", u), hex_id("d", u), secret)
                tokens.write(f"{token} {hex_id('a', u)}\n")
                digest = hashlib.sha256(secret.encode("ascii")).hexdigest()
                out.writerow([hex_id("d", u), hex_id("a", u), hex_id("e", u), digest, NOW, LATER])
    else:
        sys.exit(f"unknown kind {kind}")


if __name__ == "__main__":
    main()
