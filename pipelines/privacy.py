"""Pseudonymisation: NIK and other personal ids become a keyed hash at import.

The key is 32 random bytes kept in a key file beside the database (`<db>.key`, never in the
database, an export or a log), or given by configuration. The same key links the same child across
rounds and files; without it the hash cannot be reversed by trying all NIKs.
"""
from __future__ import annotations

import hashlib
import os
import secrets
from pathlib import Path

KEY_ENV = "PETA_STUNTING_HASH_KEY"


def key_path_for(db_path: Path) -> Path:
    """Where the hash key of a database lives: `data/demo.duckdb` -> `data/demo.duckdb.key`."""
    return Path(str(db_path) + ".key")


def load_or_create_key(db_path: Path) -> str:
    """The hash key (64 hex characters): from $PETA_STUNTING_HASH_KEY, else the key file, else a new one."""
    from_env = os.environ.get(KEY_ENV)
    if from_env:
        return from_env
    path = key_path_for(db_path)
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    path.write_text(key + "\n")
    path.chmod(0o600)
    return key


def key_fingerprint(key: str) -> str:
    """A short public fingerprint of the key, so two databases can be seen to share a key."""
    return hashlib.sha256(("fingerprint:" + key).encode()).hexdigest()[:12]


def hash_id_sql(column: str) -> str:
    """SQL expression of the keyed hash of a text id column; the key is bound as parameter `$hash_key`.

    sha256(key || ':' || id) with a 256-bit secret key, first 32 hex characters kept.
    """
    return f"left(sha256($hash_key || ':' || {column}), 32)"


def hash_id(value: str, key: str) -> str:
    """The same keyed hash in Python (for tests and small lookups)."""
    return hashlib.sha256(f"{key}:{value}".encode()).hexdigest()[:32]
