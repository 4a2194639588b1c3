"""A plain-text progress bar for the terminal: redrawn in place on a TTY, a line every tenth of
the way otherwise (a log file, CI, `make run` piped through tee)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TextIO, cast

WIDTH = 30


def _duration(seconds: float) -> str:
    seconds = int(seconds)
    return f"{seconds // 60}m{seconds % 60:02d}s" if seconds >= 60 else f"{seconds}s"


class _Lines:
    """A stream that hands each written line to a callable (a caller's logger)."""

    def __init__(self, log: Callable[[str], None]) -> None:
        self.log = log

    def write(self, text: str) -> int:
        for line in text.splitlines():
            self.log(line)
        return len(text)

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False


class Progress:
    def __init__(self, stream: TextIO, *, tty: bool | None = None) -> None:
        self.stream = stream
        self.tty = stream.isatty() if tty is None else tty
        self.started = time.monotonic()
        self._last_tenth: dict[str, int] = {}

    @classmethod
    def to(cls, log: Callable[[str], None]) -> Progress:
        """Progress as lines through `log` (no redrawing)."""
        return cls(cast(TextIO, _Lines(log)), tty=False)

    def line(self, text: str) -> None:
        self.stream.write(text + "\n")
        self.stream.flush()

    def update(self, label: str, done: int, total: int) -> None:
        fraction = 1.0 if total <= 0 else min(done / total, 1.0)
        tenth = int(fraction * 10)
        if not self.tty and self._last_tenth.get(label) == tenth:
            return
        self._last_tenth[label] = tenth
        filled = int(fraction * WIDTH)
        elapsed = time.monotonic() - self.started
        text = (
            f"{label:<12} [{'#' * filled}{'.' * (WIDTH - filled)}] {fraction:4.0%} "
            f"{done}/{total} · {_duration(elapsed)}"
        )
        if self.tty:
            self.stream.write("\r" + text + ("\n" if done >= total else ""))
        else:
            self.stream.write(text + "\n")
        self.stream.flush()
