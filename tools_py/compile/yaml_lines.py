"""Load YAML keeping the line of every value, so an editor is told where a mistake is.

Dates are kept as the strings the editor typed (``2026-04`` and ``2026-04-01`` alike); the schema
and the date check decide whether they are valid, so a bad date is reported, never silently parsed.
"""

from __future__ import annotations

import yaml


class LineDict(dict):
    """A mapping that remembers the line of each key (1-based)."""

    line: int = 0
    key_lines: dict

    def line_of(self, key) -> int:
        return self.key_lines.get(key, self.line)


class LineList(list):
    """A sequence that remembers the line of each item (1-based)."""

    line: int = 0
    item_lines: list

    def line_of(self, index) -> int:
        try:
            return self.item_lines[index]
        except (IndexError, TypeError):
            return self.line


# PyYAML's C parser when it is built in (about 15x faster on large trees); same constructors.
class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    pass


# No implicit timestamps: a date stays the text the editor wrote.
_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _construct_mapping(loader, node):
    loader.flatten_mapping(node)
    result = LineDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in result:
            raise yaml.constructor.ConstructorError(
                None, None, f"the key '{key}' appears twice", key_node.start_mark
            )
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = key_node.start_mark.line + 1
    return result


def _construct_sequence(loader, node):
    result = LineList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.item_lines = [child.start_mark.line + 1 for child in node.value]
    return result


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


class YamlSyntaxError(Exception):
    """The file is not YAML at all; carries the line the parser stopped at."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


def load(text: str):
    """Parse YAML text into LineDict / LineList / scalars."""
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 0
        what = error.problem or error.context or "not valid YAML"
        return_text = f"{what}"
        if error.context and error.problem:
            return_text = f"{error.problem} ({error.context})"
        if "tab" in what or "'\\t'" in what:
            return_text = "a tab character is used to indent; indent with spaces"
        raise YamlSyntaxError(line, return_text) from None


def line_at(tree, path) -> int:
    """The line of the deepest value on ``path`` (a sequence of keys and indexes) in ``tree``."""
    line = getattr(tree, "line", 0) or 1
    node = tree
    for step in path:
        if isinstance(node, LineDict) and step in node:
            line = node.line_of(step)
            node = node[step]
        elif isinstance(node, LineList) and isinstance(step, int) and step < len(node):
            line = node.line_of(step)
            node = node[step]
        else:
            break
    return line


def plain(value):
    """The same data as plain dicts and lists (for JSON and for the tools)."""
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    return value
