"""One base class for "your file (or your entry) is wrong": every error a user can fix by changing what they
gave derives from `InputError`, so the command line, the input store and the Impor/Riwayat pages catch one
class and show its message (never a stack trace, never a choice made by matching the message's text).

The message names the file, and the column and row where it can; a message that comes from the glossary
carries its key and parameters (`key`, `params`), so a page can show it in its own language (`text(lang)`).
This module imports nothing of the project at load time: every layer, geo/ included, may raise it.
"""
from __future__ import annotations

from collections.abc import Sequence


class InputError(Exception):
    """A file or an entry the product refuses. `str(exc)` is the message (Indonesian, as it was raised);
    `messages` one message per refused file; `key`/`params` the glossary key and its parameters when the
    message is the glossary's."""

    def __init__(self, message: str | Sequence[str] | None = None, *, key: str | None = None,
                 lang: str = "id", **params):
        self.key = key
        self.params = params
        if message is None:
            message = self._glossary(lang) if key else ""
        self.messages = [message] if isinstance(message, str) else list(message)
        super().__init__("\n".join(self.messages))

    def _glossary(self, lang: str) -> str:
        from pipelines.present.glossary import text

        return text(self.key, lang, **self.params)

    def text(self, lang: str = "id") -> str:
        """The message in `lang` when it comes from the glossary (`pipelines.present.messages.message`), else as
        it was raised."""
        from pipelines.present.messages import message

        return message(self, lang)
