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


_KIND_OF_KEY = {int: "number", float: "number", bool: "yes/no value", type(None): "empty value"}


def _construct_mapping(loader, node):
    loader.flatten_mapping(node)
    result = LineDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            raise yaml.constructor.ConstructorError(
                None, None, "a name before ':' must be a plain word, not a list or a mapping", key_node.start_mark)
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, str):
            raise yaml.constructor.ConstructorError(
                None, None, f"the name {key_node.value!r} is read as a {_KIND_OF_KEY.get(type(key), 'value')}, "
                f"not text; put it in quotes: '{key_node.value}':", key_node.start_mark)
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
    """The file is not YAML at all, or not YAML this handbook reads; carries the line the reader stopped at."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


# Limits no real file comes near (the largest is 67 KB and holds about 2,300 values, 10 levels deep,
# its longest text 1,004 characters). They stop a file of aliases that expands to billions of values
# or gigabytes of text, thousands of nested brackets, or a megabyte pasted into one value, with a
# message instead of an hour's work, a MemoryError or a RecursionError: with them, reading and
# checking every file takes seconds whatever the files hold (see CONTRIBUTING, "Limits").
MAX_FILE_BYTES = 1024 * 1024
MAX_DEPTH = 50
MAX_VALUES = 100_000
MAX_TEXT = 10_000              # characters in one value
MAX_EXPANDED_BYTES = 10 * 1024 * 1024  # characters of text in the whole file, aliases expanded

# The only explicit tags read: plain text, numbers, true/false, empty, lists and mappings. Any other
# (!!binary, !!timestamp, !!set, a custom !tag) would give the tools a value no JSON and no page can
# hold, or one the checks do not expect.
_PLAIN_TAGS = {"!"} | {f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "seq", "map")}

_OPENS = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
_CLOSES = (yaml.MappingEndEvent, yaml.SequenceEndEvent)


def _shown_tag(tag: str) -> str:
    return "!!" + tag.split(":", 2)[2] if tag.startswith("tag:yaml.org,2002:") else tag


def _check_size(text: str):
    """Walk the parser's events once (no tree is built): reject deep nesting, alias bombs, huge texts
    and tags other than plain ones.

    Each open list or mapping counts the values and the characters inside it, an alias counting as
    many as its anchor expands to, so the totals are what a reader of the file would have to walk."""
    if len(text) > MAX_FILE_BYTES:
        raise YamlSyntaxError(1, f"the file holds {len(text):,} characters; a policy file may hold at most "
                                 f"{MAX_FILE_BYTES:,} (split it)")
    sizes: dict[str, tuple[int, int]] = {}
    open_ones: list[list] = []  # [anchor, values so far, characters so far]
    total = total_bytes = 0
    for event in yaml.parse(text, Loader=_Loader):
        tag = getattr(event, "tag", None)
        if tag is not None and tag not in _PLAIN_TAGS and not isinstance(event, yaml.AliasEvent):
            raise YamlSyntaxError(event.start_mark.line + 1,
                                  f"the tag '{_shown_tag(tag)}' is not read here: write plain text, numbers, "
                                  "true or false, lists and 'name: value' lines (a date is text: 2026-10-01)")
        if isinstance(event, _OPENS):
            if len(open_ones) >= MAX_DEPTH:
                raise YamlSyntaxError(event.start_mark.line + 1,
                                      f"lists and mappings are nested more than {MAX_DEPTH} deep")
            open_ones.append([event.anchor, 1, 0])
            continue
        if isinstance(event, _CLOSES):
            anchor, count, size = open_ones.pop()
        elif isinstance(event, yaml.ScalarEvent):
            anchor, count, size = event.anchor, 1, len(event.value)
            if size > MAX_TEXT:
                raise YamlSyntaxError(event.start_mark.line + 1,
                                      f"a value of {size:,} characters; the longest allowed is {MAX_TEXT:,} "
                                      "(split the text into paragraphs)")
        elif isinstance(event, yaml.AliasEvent):
            anchor, (count, size) = None, sizes.get(event.anchor, (1, 0))
        else:
            continue
        if anchor:
            sizes[anchor] = (count, size)
        if open_ones:
            open_ones[-1][1] += count
            open_ones[-1][2] += size
        if isinstance(event, yaml.AliasEvent):  # the whole anchor again
            total, total_bytes = total + count, total_bytes + size
        elif isinstance(event, _CLOSES):  # its contents were counted one by one
            total += 1
        else:
            total, total_bytes = total + 1, total_bytes + size
        if total > MAX_VALUES or count > MAX_VALUES:
            raise YamlSyntaxError(event.start_mark.line + 1, (
                f"the file expands to more than {MAX_VALUES:,} values (an alias '*' repeats too much); write the "
                "values out") if sizes else f"the file holds more than {MAX_VALUES:,} values; split it")
        if total_bytes > MAX_EXPANDED_BYTES or size > MAX_EXPANDED_BYTES:
            raise YamlSyntaxError(event.start_mark.line + 1,
                                  f"the file expands to more than {MAX_EXPANDED_BYTES:,} characters of text (an "
                                  "alias '*' repeats too much); write the values out")


def _first_tab_indent(text: str) -> int | None:
    """The line of the first tab in a line's indentation, if any."""
    for number, line in enumerate(text.splitlines(), start=1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            return number
    return None


def load(text: str):
    """Parse YAML text into LineDict / LineList / scalars."""
    try:
        _check_size(text)
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 0
        what = error.problem or error.context or "not valid YAML"
        return_text = f"{what}"
        if error.context and error.problem:
            return_text = f"{error.problem} ({error.context})"
        tab_line = _first_tab_indent(text)
        if tab_line is not None and tab_line <= line + 1:
            line, return_text = tab_line, "a tab character is used to indent; indent with spaces"
        raise YamlSyntaxError(line, return_text) from None
    except yaml.reader.ReaderError as error:
        line = text[: error.position].count("\n") + 1
        code = error.character if isinstance(error.character, int) else ord(str(error.character)[:1] or "?")
        raise YamlSyntaxError(line, f"the text holds an invisible control character (U+{code:04X}); "
                                    "delete it (it often comes from copying and pasting)") from None
    except yaml.YAMLError as error:
        raise YamlSyntaxError(1, str(error).splitlines()[0] if str(error) else "not valid YAML") from None


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


def leaves(tree, path=()):
    """(path, value) for every scalar below ``tree``; a path is the keys and indexes leading to it."""
    if isinstance(tree, dict):
        for key, value in tree.items():
            yield from leaves(value, path + (key,))
    elif isinstance(tree, list):
        for index, value in enumerate(tree):
            yield from leaves(value, path + (index,))
    else:
        yield path, tree


def strings(tree, path=()):
    """(path, text) for every string below ``tree``."""
    return ((where, value) for where, value in leaves(tree, path) if isinstance(value, str))
