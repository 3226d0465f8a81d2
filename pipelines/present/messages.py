"""Errors that carry their words as a glossary key and parameters, so each reader gets them in their language.

`raise said(FileError, "ferr_empty", name=name)` raises `FileError` whose text (`str(exc)`) is the label in the
language being spoken (`with speaking(lang):`, Indonesian by default, as the terminal prints it); the exception
keeps `key` and `params`, and a page shows `message(exc, lang)` in the session's language. The error classes
stay their owners'; this module adds only the words.
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TypeVar

from pipelines.present.glossary import LANGS, text

E = TypeVar("E", bound=BaseException)


class Words:
    """A part of a message that is itself a glossary label (a kind of geometry, a hint): rendered in the
    language of the message around it."""

    def __init__(self, key: str, **params) -> None:
        self.key, self.params = key, params

    def __repr__(self) -> str:
        return f"Words({self.key!r})"


def _render(key: str, lang: str, params: dict) -> str:
    def value(v):
        if isinstance(v, Words):
            return _render(v.key, lang, v.params)
        if isinstance(v, (list, tuple)) and any(isinstance(x, Words) for x in v):
            return "".join(str(value(x)) for x in v)
        return v

    return text(key, lang, **{k: value(v) for k, v in params.items()})
_SPOKEN: ContextVar[str] = ContextVar("spoken_language", default="id")


@contextmanager
def speaking(lang: str) -> Iterator[None]:
    """Errors raised inside the block (and texts kept from them, such as a preview's list) are in `lang`."""
    token = _SPOKEN.set(lang if lang in LANGS else "id")
    try:
        yield
    finally:
        _SPOKEN.reset(token)


def spoken(key: str, **params) -> str:
    """The glossary's `key` with `params` in the language being spoken (a report line kept as text)."""
    return _render(key, _SPOKEN.get(), params)


def said(error: type[E], key: str, **params) -> E:
    """An `error` whose message is the glossary's `key` with `params` (a `Words` among them rendered in the same
    language; a list of them and strings is joined), in the language being spoken."""
    exc = error(_render(key, _SPOKEN.get(), params))
    exc.key, exc.params = key, params
    return exc


def message(exc: BaseException, lang: str = "id") -> str:
    """What to show a person for `exc`: its glossary key in `lang` when it has one, else its own text."""
    key = getattr(exc, "key", None)
    return _render(key, lang, getattr(exc, "params", {})) if key else str(exc)
