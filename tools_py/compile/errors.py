"""The one shape every data mistake takes: ``file:line: field: what is wrong``."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class DataError:
    file: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}"
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


class PolicyDataInvalid(Exception):
    """Raised with every error found, so an editor fixes them all in one go."""

    def __init__(self, errors: list[DataError]):
        self.errors = sorted(errors)
        super().__init__(self.report())

    def report(self) -> str:
        count = len(self.errors)
        lines = [str(error) for error in self.errors]
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
