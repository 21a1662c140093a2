"""Package the browser's half of tools_py as a pure-Python wheel, built with the standard library.

The wheel holds every module directly in ``tools_py/`` (the decision logic; standard library only)
and ``tools_py/policy.json`` (the compiled policy data the logic reads). ``compile/`` and ``site/``
are build-time code and stay out. pyodide-build is not used: it needs Python 3.12 or newer and a
cross-build environment downloaded from outside the package registries, and a pure-Python wheel
needs neither (see the README).
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import zipfile
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1]
NAME = "tools_py"
VERSION = "0.1.0"
WHEEL_NAME = f"{NAME}-{VERSION}-py3-none-any.whl"
# A fixed timestamp keeps the wheel byte-identical for identical inputs.
_STAMP = (2024, 8, 19, 0, 0, 0)


def runtime_files() -> list[Path]:
    return sorted(PACKAGE.glob("*.py"))


def browser_data(data: dict) -> dict:
    """The compiled data without the documents' full text, which the tools never read."""
    slim = dict(data)
    slim["documents"] = {
        doc_id: {key: value for key, value in document.items() if key != "sections"}
        for doc_id, document in data["documents"].items()
    }
    return slim


def _record_line(name: str, payload: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(payload).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(payload)}"


def wheel_bytes(data: dict) -> bytes:
    """The wheel itself: the build adds it to the site as it is, with no file written elsewhere."""
    entries: list[tuple[str, bytes]] = []
    for path in runtime_files():
        entries.append((f"{NAME}/{path.name}", path.read_bytes()))
    policy = json.dumps(browser_data(data), ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    entries.append((f"{NAME}/policy.json", policy.encode("utf-8")))
    info = f"{NAME}-{VERSION}.dist-info"
    entries.append((f"{info}/METADATA", f"Metadata-Version: 2.1\nName: {NAME}\nVersion: {VERSION}\n".encode()))
    entries.append((f"{info}/WHEEL", b"Wheel-Version: 1.0\nGenerator: attendance-handbook\n"
                                     b"Root-Is-Purelib: true\nTag: py3-none-any\n"))
    entries.append((f"{info}/top_level.txt", f"{NAME}\n".encode()))
    record = "\n".join([_record_line(name, payload) for name, payload in entries] + [f"{info}/RECORD,,", ""])
    entries.append((f"{info}/RECORD", record.encode()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, payload in entries:
            archive.writestr(zipfile.ZipInfo(name, date_time=_STAMP), payload, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def build_wheel(data: dict, out_dir: Path) -> Path:
    """Write the wheel into ``out_dir`` and return its path."""
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / WHEEL_NAME
    target.write_bytes(wheel_bytes(data))
    return target
