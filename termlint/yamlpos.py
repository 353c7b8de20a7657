"""Safe YAML loading that remembers where every key and value came from.

Rule packs and configuration files are composed with PyYAML's *safe* loader
into a node tree and turned into plain Python values by hand. Only the standard
scalar, sequence and mapping tags are accepted (``!!python/object`` and other
tags are rejected), duplicate keys are an error, and alias expansion is bounded
so that a YAML "billion laughs" file cannot exhaust memory.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .errors import Location, RuleError

if TYPE_CHECKING:
    import yaml

#: Upper bound on the number of nodes produced, counting alias expansions.
MAX_NODES = 200_000
#: Upper bound on nesting (also stops recursive aliases).
MAX_DEPTH = 64

_SCALAR_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
}
_SEQ_TAG = "tag:yaml.org,2002:seq"
_MAP_TAG = "tag:yaml.org,2002:map"


class YMap(dict):
    """A mapping that knows the location of itself, its keys and its values."""

    loc: Location
    key_locs: dict[str, Location]
    value_locs: dict[str, Location]

    def key_loc(self, key: str) -> Location:
        return self.key_locs.get(key, self.loc)

    def value_loc(self, key: str) -> Location:
        return self.value_locs.get(key, self.loc)


class YList(list):
    """A sequence that knows the location of itself and of each item."""

    loc: Location
    item_locs: list[Location]

    def item_loc(self, index: int) -> Location:
        return self.item_locs[index] if index < len(self.item_locs) else self.loc


def loc_of(value: Any, default: Location) -> Location:
    """The location of a loaded mapping or sequence, else ``default``."""
    return getattr(value, "loc", default)


def _mark(path: str, node: yaml.Node) -> Location:
    # A quoted scalar's content starts after its opening quote.
    quoted = getattr(node, "style", None) in ("'", '"')
    return Location(path, node.start_mark.line + 1, node.start_mark.column + 1 + quoted)


class _Builder:
    def __init__(self, path: str) -> None:
        import yaml  # imported when a file is parsed, not on a cached run

        self.yaml = yaml
        self.path = path
        self.count = 0
        self.constructor = yaml.SafeLoader("")  # only used for scalar resolution

    def build(self, node: yaml.Node, depth: int = 0) -> Any:
        self.count += 1
        if depth > MAX_DEPTH:
            raise RuleError(f"nesting deeper than {MAX_DEPTH} levels", _mark(self.path, node))
        if self.count > MAX_NODES:
            raise RuleError(
                f"document expands to more than {MAX_NODES} nodes (alias bomb?)",
                _mark(self.path, node),
            )
        yaml = self.yaml
        if isinstance(node, yaml.ScalarNode):
            if node.tag not in _SCALAR_TAGS:
                raise RuleError(f"unsupported YAML tag {node.tag!r}", _mark(self.path, node))
            return self.constructor.construct_object(node, deep=True)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _SEQ_TAG:
                raise RuleError(f"unsupported YAML tag {node.tag!r}", _mark(self.path, node))
            out = YList()
            out.loc = _mark(self.path, node)
            out.item_locs = []
            for item in node.value:
                out.item_locs.append(_mark(self.path, item))
                out.append(self.build(item, depth + 1))
            return out
        if isinstance(node, yaml.MappingNode):
            if node.tag != _MAP_TAG:
                raise RuleError(f"unsupported YAML tag {node.tag!r}", _mark(self.path, node))
            out_map = YMap()
            out_map.loc = _mark(self.path, node)
            out_map.key_locs = {}
            out_map.value_locs = {}
            for key_node, value_node in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    raise RuleError(
                        "YAML merge keys ('<<') are not supported", _mark(self.path, key_node)
                    )
                key = self.build(key_node, depth + 1)
                if not isinstance(key, str):
                    raise RuleError(
                        f"mapping keys must be strings, not {type(key).__name__}",
                        _mark(self.path, key_node),
                    )
                if key in out_map:
                    raise RuleError(f"duplicate key '{key}'", _mark(self.path, key_node))
                out_map.key_locs[key] = _mark(self.path, key_node)
                out_map.value_locs[key] = _mark(self.path, value_node)
                out_map[key] = self.build(value_node, depth + 1)
            return out_map
        raise RuleError("unsupported YAML node", _mark(self.path, node))  # pragma: no cover


def load_yaml(text: str, path: str) -> Any:
    """Parse ``text`` (the contents of ``path``) into plain values with locations."""
    import yaml

    # libyaml's safe loader when PyYAML was built with it (much faster), else PyYAML's.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        node = yaml.compose(text, Loader=loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        loc = Location(path, mark.line + 1, mark.column + 1) if mark else Location(path, 1, 1)
        problem = exc.problem or exc.context or "invalid YAML"
        raise RuleError(f"YAML syntax error: {problem}", loc) from None
    except yaml.YAMLError as exc:  # pragma: no cover - non-marked errors are rare
        raise RuleError(f"YAML error: {exc}", Location(path, 1, 1)) from None
    if node is None:
        return None
    return _Builder(path).build(node)
