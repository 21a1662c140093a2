"""The one shape every data mistake takes: ``file:line: field: what is wrong``."""

from __future__ import annotations

from dataclasses import dataclass, field as _field

# How far a mistake is from its cause: a file that cannot be read at all, then a value the file's
# own schema refuses, then a value that disagrees with another file (a citation of a clause renamed
# elsewhere). The report lists files by the nearest stage, so the first line is a real cause.
UNREADABLE, IN_FILE, ACROSS_FILES = 0, 1, 2

# At most this many lines a file: the first ones are the causes; the rest usually follow from them.
SHOWN_PER_FILE = 5


@dataclass(frozen=True, order=True)
class DataError:
    file: str
    line: int
    field: str
    message: str
    stage: int = _field(default=ACROSS_FILES, compare=False)

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}"
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


class PolicyDataInvalid(Exception):
    """Raised with every error found, so an editor fixes them all in one go."""

    def __init__(self, errors: list[DataError]):
        self.errors = sorted(set(errors))
        super().__init__(self.report())

    def report(self) -> str:
        """Every file's mistakes, the files with the nearest causes first, at most a few lines a file."""
        by_file: dict[str, list[DataError]] = {}
        for error in self.errors:
            by_file.setdefault(error.file, []).append(error)
        order = sorted(by_file, key=lambda name: (min(e.stage for e in by_file[name]), name))
        lines = []
        for name in order:
            mistakes = sorted(by_file[name], key=lambda e: (e.stage, e.line, e.field, e.message))
            lines += [str(error) for error in mistakes[:SHOWN_PER_FILE]]
            if len(mistakes) > SHOWN_PER_FILE:
                more = len(mistakes) - SHOWN_PER_FILE
                lines.append(f"{name}: … and {more} more mistake{'s' if more != 1 else ''} in this file "
                             "(fix those above first: the rest often follow from them)")
        count = len(self.errors)
        lines.append(f"{count} error{'s' if count != 1 else ''} in policy_data; nothing was built.")
        return "\n".join(lines)


def field_path(path) -> str:
    """``['sections', 3, 'blocks', 2, 'text']`` -> ``sections[3].blocks[2].text``."""
    out = ""
    for step in path:
        if isinstance(step, int):
            out += f"[{step}]"
        else:
            out += ("." if out else "") + str(step)
    return out
