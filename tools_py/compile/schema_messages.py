"""Turn jsonschema's findings into sentences an attendance lead can act on."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources

from jsonschema import Draft202012Validator, ValidationError, validators

_TYPE_WORDS = {
    "string": "text",
    "number": "a number (e.g. 90)",
    "integer": "a whole number (e.g. 10)",
    "boolean": "true or false",
    "array": "a list (lines starting with '- ')",
    "object": "a set of 'name: value' lines",
}


@lru_cache(maxsize=None)
def _whole(pattern: str) -> re.Pattern:
    """A schema pattern whose final ``$`` means the end of the text.

    Python's ``$`` also matches before a final line break, so ``^[a-z0-9.-]+$`` accepted the clause
    id ``dms-4.4`` followed by a newline (a ``|`` block or a stray quote gives one): its anchor then
    broke. ``\\Z`` matches only at the very end."""
    if pattern.endswith("$") and not pattern.endswith("\\$"):
        pattern = pattern[:-1] + "\\Z"
    return re.compile(pattern)


def _pattern(validator, pattern, instance, schema):
    if validator.is_type(instance, "string") and not _whole(pattern).search(instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


_Validator = validators.extend(Draft202012Validator, {"pattern": _pattern})


@lru_cache(maxsize=None)
def validator(name: str) -> Draft202012Validator:
    text = resources.files(__package__).joinpath("schemas", f"{name}.schema.json").read_text()
    return _Validator(json.loads(text))


def _show(value) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    if len(text) > 60:
        text = text[:57] + "..."
    return repr(text) if isinstance(value, str) else text


def explain(error) -> str:
    """One sentence for one jsonschema ValidationError."""
    kind = error.validator
    schema = error.schema
    hint = schema.get("x-hint") if isinstance(schema, dict) else None
    if kind == "type":
        wanted = error.validator_value
        wanted = wanted if isinstance(wanted, list) else [wanted]
        words = " or ".join(_TYPE_WORDS.get(w, w) for w in wanted)
        return f"{_show(error.instance)} is not {words}"
    if kind == "required":
        missing = error.message.split("'")[1] if "'" in error.message else error.message
        return f"'{missing}' is missing"
    if kind == "additionalProperties":
        allowed = sorted(schema.get("properties", {}))
        extra = sorted(set(error.instance) - set(allowed))
        named = ", ".join(repr(e) for e in extra[:5]) + (f" … ({len(extra)} in all)" if len(extra) > 5 else "")
        return f"unknown field {named} (allowed here: {', '.join(allowed)})"
    if kind == "enum":
        return f"{_show(error.instance)} is not one of: {', '.join(map(str, error.validator_value))}"
    if kind == "pattern":
        stray = (isinstance(error.instance, str) and error.instance != error.instance.strip()
                 and _whole(error.validator_value).search(error.instance.strip()))
        ending = "; it ends with a line break or a space: delete it" if stray else ""
        return f"{_show(error.instance)} is not {hint or 'in the expected form'}{ending}"
    if kind == "minLength":
        return "is empty"
    if kind == "maxLength":
        return f"is {len(error.instance):,} characters long; at most {error.validator_value:,} here" + (
            f" ({hint})" if hint else "")
    if kind == "minItems":
        return "needs at least one item"
    if kind in ("anyOf", "oneOf"):
        if hint:
            return hint
        context = sorted(error.context or [], key=lambda e: len(list(e.absolute_path)), reverse=True)
        if context:
            return explain(context[0])
        return f"{_show(error.instance)} does not have an accepted form"
    return error.message


def schema_errors(name: str, tree):
    """Yield (path, sentence) for every schema violation in ``tree``."""
    for error in validator(name).iter_errors(tree):
        path = list(error.absolute_path)
        if error.validator in ("anyOf", "oneOf") and error.context and not (
            isinstance(error.schema, dict) and error.schema.get("x-hint")
        ):
            deepest = max(error.context, key=lambda e: len(list(e.absolute_path)))
            path = path + [p for p in list(deepest.relative_path)]
            yield path, explain(deepest)
            continue
        yield path, explain(error)
