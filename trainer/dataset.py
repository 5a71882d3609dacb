"""The imported CultureCare data in the data dir: import, fetch, stats, load.

Each culture is stored as one JSON file `<data dir>/culturecare/<culture>.json`
holding its scenarios and exemplars; writing only when the content changed makes
re-import idempotent."""
from __future__ import annotations

import json
import shutil
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from .culturecare import CultureData, NotJsonl, read_file, slug, source_files
from .models import Exemplar, Scenario

UPSTREAM_CULTURES = ("Arabic", "Chinese", "German", "Jewish")
FORMAT = 1


class DataError(Exception):
    """Import or fetch failed; the message says what to do."""


@dataclass
class ImportResult:
    data: CultureData
    changed: bool
    path: Path


@dataclass
class ImportReport:
    """What an import did: the files imported, and one line per file that was not (why)."""
    imported: list[ImportResult] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


def _store_path(out_dir: Path, culture: str) -> Path:
    return out_dir / f"{slug(culture)}.json"


def _serialise(d: CultureData) -> str:
    doc = {"format": FORMAT, "culture": d.culture, "source_file": Path(d.source_file).name,
           "summary": d.summary(),
           "scenarios": [s.model_dump(mode="json", exclude_defaults=True) for s in d.scenarios],
           "exemplars": [e.model_dump(mode="json", exclude_none=True) for e in d.exemplars]}
    return json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def import_dir(src: Path, out_dir: Path) -> ImportReport:
    """Import every `*_data.jsonl` in src into out_dir. A file that cannot be read as JSONL is
    reported in the result and the others are imported; no folder or no files raise DataError."""
    if not src.is_dir():
        raise DataError(f"{src}: no such directory; give the folder holding the *_data.jsonl files")
    files = source_files(src)
    if not files:
        raise DataError(f"{src}: no *_data.jsonl files found; expected e.g. Arabic_data.jsonl")
    return import_files(files, out_dir)


def import_files(files: list[Path], out_dir: Path) -> ImportReport:
    out_dir.mkdir(parents=True, exist_ok=True)
    report = ImportReport()
    for f in files:
        try:
            data = read_file(f)
        except NotJsonl as e:
            report.failed.append(str(e))
            continue
        except OSError as e:
            report.failed.append(f"{f}: cannot read ({e.strerror or e})")
            continue
        path = _store_path(out_dir, data.culture)
        text = _serialise(data)
        changed = not path.exists() or path.read_text(encoding="utf-8") != text
        if changed:
            tmp = path.with_suffix(".json.tmp")
            tmp.write_text(text, encoding="utf-8")
            tmp.replace(path)
        report.imported.append(ImportResult(data, changed, path))
    return report


def fetch(source: str, raw_dir: Path, timeout: float = 20.0) -> list[Path]:
    """Get the upstream `<Culture>_data.jsonl` files from a URL base or a directory."""
    raw_dir.mkdir(parents=True, exist_ok=True)
    got = []
    for culture in UPSTREAM_CULTURES:
        name = f"{culture}_data.jsonl"
        dest = raw_dir / name
        if "://" not in source:
            src = Path(source) / name
            if not src.is_file():
                raise DataError(f"{src}: not found; give a folder holding the upstream files")
            shutil.copyfile(src, dest)
        else:
            url = source.rstrip("/") + "/" + name
            try:
                with urllib.request.urlopen(url, timeout=timeout) as r:
                    body = r.read()
            except (urllib.error.URLError, TimeoutError, OSError) as e:
                reason = getattr(e, "reason", None) or e
                raise DataError(f"could not download {url} ({reason}); without network, import "
                                "local files instead: python -m trainer data import DIR") from e
            tmp = dest.with_suffix(".tmp")
            tmp.write_bytes(body)
            tmp.replace(dest)
        got.append(dest)
    return got


def _read_store(path: Path) -> dict:
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as e:
        raise DataError(f"{path}: unreadable ({e}); re-import with python -m trainer data import DIR") from e
    if doc.get("format") != FORMAT:
        raise DataError(f"{path}: written by another version; re-import with python -m trainer data import DIR")
    return doc


def stored_files(out_dir: Path) -> list[Path]:
    return sorted(out_dir.glob("*.json")) if out_dir.is_dir() else []


def stats(out_dir: Path) -> dict[str, dict[str, int]]:
    return {doc["culture"]: doc["summary"] for doc in map(_read_store, stored_files(out_dir))}


def load(out_dir: Path) -> tuple[list[Scenario], list[Exemplar], list[str]]:
    """All imported scenarios and exemplars; unreadable files are reported, not fatal."""
    scenarios, exemplars, errors = [], [], []
    for path in stored_files(out_dir):
        try:
            doc = _read_store(path)
            scenarios += [Scenario.model_validate(s) for s in doc["scenarios"]]
            exemplars += [Exemplar.model_validate(e) for e in doc["exemplars"]]
        except (DataError, ValueError, KeyError) as e:
            errors.append(str(e) if isinstance(e, DataError) else f"{path}: {e}")
    return scenarios, exemplars, errors
