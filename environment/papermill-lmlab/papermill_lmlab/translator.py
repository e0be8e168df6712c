"""Python values (from papermill's ``-p``, ``-r``, ``-y``, ``-f``) as typed Java declarations.

Types follow the values, as papermill's other translators do: ``7`` -> ``int``, ``0.1`` ->
``double``, ``"x"`` -> ``String``, ``True`` -> ``boolean``, ``[1, 2]`` -> ``List<Integer>``,
``{"a": 1}`` -> ``Map<String, Integer>`` (a ``TreeMap``: its order does not change between runs),
``None`` -> ``Object``.
"""
from __future__ import annotations

import math
import re

from papermill.models import Parameter
from papermill.translators import Translator

INT_MIN, INT_MAX = -(2**31), 2**31 - 1
LONG_MIN, LONG_MAX = -(2**63), 2**63 - 1

_BOXED = {"int": "Integer", "long": "Long", "double": "Double", "boolean": "Boolean"}
# A one-line parameters-cell declaration: [final] TYPE NAME = VALUE; [// help]
_DECLARATION = re.compile(
    r"^\s*(?:final\s+)?(?P<type>[A-Za-z_][\w.]*(?:\s*<[^=;]*>)?(?:\s*\[\s*\])*)\s+(?P<name>[A-Za-z_]\w*)"
    r"\s*=\s*(?P<value>.*?)\s*;\s*(?://\s*(?P<help>.*))?$"
)


def java_string(text: str) -> str:
    """A Java string literal; octal escapes for control characters (a \\u escape would end it early)."""
    out = []
    for c in text:
        if c in "\\\"":
            out.append("\\" + c)
        elif c == "\n":
            out.append("\\n")
        elif c == "\r":
            out.append("\\r")
        elif c == "\t":
            out.append("\\t")
        elif ord(c) < 0x20 or ord(c) == 0x7F:
            out.append(f"\\{ord(c):03o}")
        else:
            out.append(c)
    return '"' + "".join(out) + '"'


def java_type(value) -> str:
    """The declared Java type of a value."""
    if value is None:
        return "Object"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        if INT_MIN <= value <= INT_MAX:
            return "int"
        if LONG_MIN <= value <= LONG_MAX:
            return "long"
        raise ValueError(f"{value} is outside Java's long range; pass it as a string")
    if isinstance(value, float):
        return "double"
    if isinstance(value, str):
        return "String"
    if isinstance(value, list):
        return f"List<{_element_type(value)}>"
    if isinstance(value, dict):
        keys = _element_type(list(value.keys()))
        return f"Map<{keys}, {_element_type(list(value.values()))}>"
    return "String"


def _element_type(values: list) -> str:
    """The boxed type every element fits: ints widen to Long or Double, anything else mixed is Object."""
    types = {_BOXED.get(java_type(v), java_type(v)) for v in values if v is not None}
    if len(types) == 1:
        return types.pop()
    if types and types <= {"Integer", "Long"}:
        return "Long"
    if types and types <= {"Integer", "Long", "Double"}:
        return "Double"
    return "Object"


def java_literal(value, target: str | None = None) -> str:
    """A Java expression for ``value``, widened to ``target`` (a boxed element type) when given."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int) and target == "Double":
        value = float(value)
    if isinstance(value, int):
        java_type(value)  # range check
        return f"{value}L" if target == "Long" or not INT_MIN <= value <= INT_MAX else str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "Double.NaN"
        if math.isinf(value):
            return "Double.POSITIVE_INFINITY" if value > 0 else "Double.NEGATIVE_INFINITY"
        return repr(value)
    if isinstance(value, str):
        return java_string(value)
    if isinstance(value, list):
        element = _element_type(value)
        items = ", ".join(java_literal(v, element) for v in value)
        # List.of refuses null elements
        return f"Arrays.asList({items})" if any(v is None for v in value) else f"List.of({items})"
    if isinstance(value, dict):
        if any(v is None for v in value.values()):
            raise ValueError(f"a map parameter cannot hold null values (Java's Map.of refuses them): {value!r}")
        if not value:
            return "new TreeMap<>()"
        key_type = _element_type(list(value.keys()))
        value_type = _element_type(list(value.values()))
        if key_type == "Object":
            raise ValueError(f"a map parameter needs keys of one type, to keep them in a fixed order: {value!r}")
        entries = ", ".join(
            f"Map.entry({java_literal(k, key_type)}, {java_literal(v, value_type)})" for k, v in value.items()
        )
        return f"new TreeMap<{key_type}, {value_type}>(Map.ofEntries({entries}))"
    return java_string(str(value))


class JavaTranslator(Translator):
    """papermill translator writing one typed declaration per parameter, e.g. ``int seed = 7;``."""

    @classmethod
    def translate(cls, val):
        return java_literal(val)

    @classmethod
    def comment(cls, cmt_str):
        return f"// {cmt_str}".strip()

    @classmethod
    def codify(cls, parameters, comment="Parameters"):
        lines = [cls.comment(comment)]
        for name, value in parameters.items():
            lines.append(f"{java_type(value)} {name} = {java_literal(value)};")
        return "\n".join(lines) + "\n"

    @classmethod
    def inspect(cls, parameters_cell):
        """The parameters cell's ``TYPE NAME = VALUE; // help`` lines, for ``papermill --help-notebook``."""
        found = []
        for line in parameters_cell.source.splitlines():
            m = _DECLARATION.match(line)
            if m and m.group("type") != "return":
                found.append(Parameter(name=m.group("name"), inferred_type_name=re.sub(r"\s+", "", m.group("type")),
                                       default=m.group("value"), help=m.group("help") or ""))
        return found
