"""Which text encoding a CSV file uses, and a UTF-8 copy for DuckDB when it is not UTF-8.

Windows exports arrive in several encodings: UTF-8 with or without a BOM (Excel's "CSV UTF-8"),
Windows-1252 (Excel's plain "CSV" on an Indonesian or English Windows: `’` `–` `é` are single bytes
0x80-0xFF), Latin-1, and UTF-16 with a BOM (Excel's "Unicode Text", tab-separated). DuckDB reads UTF-8 only
(its Latin-1 reader rejects the bytes 0x80-0x9F that Windows-1252 uses for `’` and `–`), so every other
encoding is transcoded to a temporary UTF-8 copy first, block by block (memory stays flat whatever the size).

Detection, in order: a byte-order mark; UTF-16 without one (NUL bytes at every other position); strict UTF-8;
else `charset-normalizer` chooses among the single-byte Windows encodings, and Windows-1252 wins over Latin-1
whenever a byte 0x80-0x9F is a character in Windows-1252 (in Latin-1 those are invisible control codes that
no export means).
"""
from __future__ import annotations

import codecs
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

SAMPLE_BYTES = 256 * 1024
BLOCK_BYTES = 8 * 1024 * 1024
#: bytes 0x80-0x9F that Windows-1252 leaves undefined (a file holding them is not Windows-1252)
_CP1252_UNDEFINED = frozenset(b"\x81\x8d\x8f\x90\x9d")


@dataclass(frozen=True)
class Encoding:
    """A text encoding as read: Python codec, the name users see, and whether DuckDB reads it directly."""

    codec: str       # utf-8, utf-8-sig, cp1252, latin-1, utf-16-le, utf-16-be
    label: str       # "UTF-8", "UTF-8 BOM", "Windows-1252", "Latin-1", "UTF-16 LE", "UTF-16 BE"
    bom: bytes = b""

    @property
    def direct(self) -> bool:
        """True when DuckDB reads the file as it is (UTF-8, a BOM is skipped by DuckDB)."""
        return self.codec in ("utf-8", "utf-8-sig")


UTF8 = Encoding("utf-8", "UTF-8")
UTF8_BOM = Encoding("utf-8-sig", "UTF-8 BOM", codecs.BOM_UTF8)
UTF16_LE = Encoding("utf-16-le", "UTF-16 LE", codecs.BOM_UTF16_LE)
UTF16_BE = Encoding("utf-16-be", "UTF-16 BE", codecs.BOM_UTF16_BE)
CP1252 = Encoding("cp1252", "Windows-1252")
LATIN1 = Encoding("latin-1", "Latin-1")


def sniff(raw: bytes) -> Encoding | None:
    """The encoding of a byte sample (the start of a file); None when it is no text at all (binary)."""
    if raw.startswith(codecs.BOM_UTF8):
        return UTF8_BOM
    if raw.startswith(codecs.BOM_UTF16_LE):
        return UTF16_LE
    if raw.startswith(codecs.BOM_UTF16_BE):
        return UTF16_BE
    head = raw[:4096]
    if head and b"\x00" in head:
        even, odd = head[0::2].count(0), head[1::2].count(0)
        half = len(head) // 2
        for codec, label, zeros, others in (("utf-16-le", "UTF-16 LE", odd, even), ("utf-16-be", "UTF-16 BE", even, odd)):
            # ASCII text as UTF-16 without a BOM: a zero in every other byte, and readable once decoded
            if zeros > 0.4 * half and others < 0.05 * half and _readable(head[: len(head) // 2 * 2].decode(codec, "replace")):
                return Encoding(codec, label)
        return None
    if _is_utf8(raw):
        return UTF8
    return single_byte(raw)


def _readable(text: str) -> bool:
    """Mostly printable characters, tabs and line breaks (what a CSV holds)."""
    good = sum(ch.isprintable() or ch in "\t\r\n" for ch in text)
    return bool(text) and good >= 0.95 * len(text)


def _is_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
        return True
    except UnicodeDecodeError as exc:
        return exc.start > len(raw) - 4 and exc.reason == "unexpected end of data"  # a character cut by the sample


def single_byte(raw: bytes) -> Encoding:
    """Windows-1252 or Latin-1 for bytes that are not UTF-8 (charset-normalizer between the candidates)."""
    high_controls = {b for b in raw if 0x80 <= b <= 0x9F}
    if high_controls & _CP1252_UNDEFINED:
        return LATIN1
    if high_controls:
        return CP1252  # ’ – “ ” … : characters in Windows-1252, invisible control codes in Latin-1
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(raw, cp_isolation=["cp1252", "latin_1"]).best()
    except Exception:  # noqa: BLE001 - detection is advice; the rule below decides without it
        best = None
    if best is not None and best.encoding == "latin_1":
        return LATIN1
    return CP1252  # bytes 0xA0-0xFF read the same in both; Windows is where exports come from


def detect(path: Path) -> Encoding | None:
    """The encoding of a file from its first `SAMPLE_BYTES`; None when it is binary."""
    with open(path, "rb") as handle:
        raw = handle.read(SAMPLE_BYTES)
    return sniff(raw)


def first_bad_utf8(path: Path) -> tuple[int, bytes] | None:
    """(line number, bytes around it) of the first byte sequence that is not UTF-8, or None when all is."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    line = 1
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(BLOCK_BYTES), b""):
            try:
                decoder.decode(block)
            except UnicodeDecodeError as exc:
                return line + block.count(b"\n", 0, exc.start), block[max(exc.start - 4096, 0): exc.start + 4096]
            line += block.count(b"\n")
    return None


class TranscodeError(ValueError):
    """Bytes that the chosen encoding cannot read; `line` is the file's line (1-based)."""

    def __init__(self, line: int):
        self.line = line
        super().__init__(f"line {line}")


def to_utf8_copy(path: Path, encoding: Encoding, folder: Path | None = None) -> Path:
    """A UTF-8 copy of `path` (written block by block into a new temporary file); the caller deletes it.

    Windows-1252 falls back to Latin-1 for the five bytes it leaves undefined; UTF-16 raises TranscodeError
    on a broken byte pair.
    """
    handle, name = tempfile.mkstemp(prefix=".peta-stunting-", suffix=".csv", dir=folder)
    target = Path(name)
    decoder = codecs.getincrementaldecoder(encoding.codec)(errors="strict")
    line = 1
    try:
        with os.fdopen(handle, "wb") as out, open(path, "rb") as source:
            first = True
            for block in iter(lambda: source.read(BLOCK_BYTES), b""):
                if first and encoding.bom and block.startswith(encoding.bom):
                    block = block[len(encoding.bom):]
                first = False
                try:
                    text = decoder.decode(block)
                except UnicodeDecodeError as exc:
                    if encoding.codec != "cp1252":
                        raise TranscodeError(line + _newlines(block[: exc.start], encoding)) from exc
                    text = _cp1252_lenient(block)
                line += _newlines(block, encoding)
                out.write(text.encode("utf-8"))
            try:
                out.write(decoder.decode(b"", final=True).encode("utf-8"))
            except UnicodeDecodeError as exc:
                raise TranscodeError(line) from exc
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    return target


def _cp1252_lenient(block: bytes) -> str:
    """Windows-1252 with its five undefined bytes read as Latin-1 (never fails: single-byte)."""
    return "".join(bytes([b]).decode("cp1252", errors="strict") if b not in _CP1252_UNDEFINED else chr(b)
                   for b in block) if any(b in _CP1252_UNDEFINED for b in block) else block.decode("cp1252")


def _newlines(block: bytes, encoding: Encoding) -> int:
    if encoding.codec.startswith("utf-16"):
        return block.count(b"\n\x00" if encoding.codec.endswith("le") else b"\x00\n")
    return block.count(b"\n")
