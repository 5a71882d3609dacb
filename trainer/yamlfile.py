"""Load a YAML file into a model; errors name the file, the line and the field. A key given
twice in one mapping is an error."""
from __future__ import annotations

from pathlib import Path
from typing import TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from .textfile import NotUtf8, read_utf8

M = TypeVar("M", bound=BaseModel)


class FileError(Exception):
    """A content file is broken. str() is one line: file:line: field: what is wrong."""

    def __init__(self, path: Path | str, line: int | None, field: str | None, msg: str):
        self.path, self.line, self.field, self.msg = str(path), line, field, msg
        where = f"{self.path}:{line}" if line else self.path
        super().__init__(f"{where}: {field + ': ' if field else ''}{msg}")


class _DuplicateKey(yaml.YAMLError):
    def __init__(self, key: object, line: int, first: int):
        self.key, self.line, self.first = key, line, first
        super().__init__(f"duplicate key {key!r}")


class _Loader(yaml.SafeLoader):
    """PyYAML's safe loader, except that a key given twice in one mapping is an error (PyYAML
    keeps the last silently). Keys brought in by a merge (`<<: *anchor`) may be overridden."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        first: dict[object, int] = {}
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue
            key = self.construct_object(key_node, deep=True)
            line = key_node.start_mark.line + 1
            try:
                if key in first:
                    raise _DuplicateKey(key, line, first[key])
                first[key] = line
            except TypeError:  # unhashable: the base class says so
                pass
        return super().construct_mapping(node, deep)


def _parse(text: str) -> tuple[yaml.Node | None, object]:
    """The node tree (for line numbers) and the data, from one parse."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        return node, loader.construct_document(node) if node is not None else None
    finally:
        loader.dispose()


def _line_of(node: yaml.Node | None, loc: tuple) -> int | None:
    """1-based line of the deepest node of loc that exists in the YAML tree."""
    line = node.start_mark.line + 1 if node is not None else None
    for key in loc:
        if isinstance(node, yaml.MappingNode):
            nxt = next((v for k, v in node.value if k.value == str(key)), None)
            if nxt is None:  # an unknown key: point at the key itself
                nxt = next((k for k, _ in node.value if k.value == str(key)), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            nxt = node.value[key]
        else:
            nxt = None
        if nxt is None:
            break
        node, line = nxt, nxt.start_mark.line + 1
    return line


def _field(loc: tuple) -> str:
    out = ""
    for p in loc:
        if isinstance(p, int):
            out += f"[{p}]"
        elif not str(p).startswith("function-"):
            out += f".{p}" if out else str(p)
    return out


def load_model(path: Path, model: type[M]) -> M:
    try:
        text = read_utf8(path)
    except NotUtf8 as e:
        raise FileError(path, e.line, None, f"not UTF-8 text ({e.reason}); save the file as UTF-8") from e
    except OSError as e:
        raise FileError(path, None, None, f"cannot read ({e})") from e
    try:
        node, data = _parse(text)
    except _DuplicateKey as e:
        raise FileError(path, e.line, None, f"{e} (first on line {e.first}); keep one of them") from e
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        problem = getattr(e, "problem", None) or str(e)
        raise FileError(path, mark.line + 1 if mark else None, None,
                        f"not valid YAML ({problem}); check indentation and quoting") from e
    if not isinstance(data, dict):
        raise FileError(path, 1, None, "expected a mapping of fields (key: value) at the top")
    try:
        return model.model_validate(data)
    except ValidationError as e:
        err = e.errors()[0]
        loc = tuple(err["loc"])
        more = f" (+{e.error_count() - 1} more)" if e.error_count() > 1 else ""
        msg = err["msg"].removeprefix("Value error, ")
        if err["type"] == "extra_forbidden":
            msg = "unknown field; remove it or check its spelling against schema.json"
        raise FileError(path, _line_of(node, loc), _field(loc) or None, msg + more) from e
