"""Password hashes for newsroom-mode staff accounts: argon2id (argon2-cffi), a memory-hard KDF.

Hashes written before argon2 arrived are scrypt ("scrypt$N$r$p$salt$digest", from the standard library):
they still verify, and `needs_rehash` tells the sign-in service to replace them with argon2id.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from argon2 import PasswordHasher

_N, _R, _P = 2**14, 8, 1
MIN_LENGTH = 8


@lru_cache(maxsize=1)
def _argon2() -> PasswordHasher:
    from argon2 import PasswordHasher

    return PasswordHasher()  # the library's RFC 9106 "low memory" profile: 64 MiB, 3 passes


def hash_password(password: str) -> str:
    """An argon2id hash of `password` (salted; the parameters are part of the string)."""
    return _argon2().hash(password)


def scrypt_hash(password: str) -> str:
    """A hash in the older scrypt form (kept so that tests can make one as the app once did)."""
    salt = os.urandom(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=_N, r=_R, p=_P, dklen=32)
    return f"scrypt${_N}${_R}${_P}${base64.b64encode(salt).decode()}${base64.b64encode(digest).decode()}"


def _verify_scrypt(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt_b64, digest_b64 = stored.split("$")
        if scheme != "scrypt":
            return False
        digest = hashlib.scrypt(password.encode(), salt=base64.b64decode(salt_b64), n=int(n), r=int(r),
                                p=int(p), dklen=32)
        return hmac.compare_digest(digest, base64.b64decode(digest_b64))
    except (ValueError, binascii.Error):
        return False


def verify_password(password: str, stored: str) -> bool:
    """True when `password` matches `stored` (argon2id or the older scrypt form); False for anything
    unreadable."""
    if stored.startswith("$argon2"):
        from argon2.exceptions import InvalidHashError, VerificationError

        try:
            return bool(_argon2().verify(stored, password))
        except (VerificationError, InvalidHashError):
            return False
    return _verify_scrypt(password, stored)


def needs_rehash(stored: str) -> bool:
    """True when `stored` is not an argon2id hash with today's parameters."""
    if not stored.startswith("$argon2id$"):
        return True
    from argon2.exceptions import InvalidHashError

    try:
        return bool(_argon2().check_needs_rehash(stored))
    except InvalidHashError:
        return True


def waste_time(password: str) -> None:
    """Spend as long as a real check would, for an unknown account (so timing does not tell who exists)."""
    verify_password(password, _dummy_hash())


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return hash_password("not anybody's password")
