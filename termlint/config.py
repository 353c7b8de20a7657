"""Configuration: discovery, validation, and the compiled engine it implies.

For each checked file termlint looks in the file's directory and then each
parent for, in this order, ``termlint.yaml``, ``.termlint.yaml``, or a
``pyproject.toml`` with a ``[tool.termlint]`` table; the first found wins.
``--config PATH`` skips discovery. Without any configuration the packaged
``default`` pack is used.

A configuration file is a rule pack (it may define ``rules``, ``names``,
``overrides``...) plus the settings below. ``extends`` defaults to ``[default]``.
"""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .engine import Engine
from .errors import ConfigError, Location, did_you_mean
from .findings import SEVERITIES
from .language import LANGUAGES
from .ruleset import PACK_KEYS, Loader, Rule, RuleSet, with_severity
from .walk import resolved
from .yamlpos import YList, YMap

SETTING_KEYS = (
    "select",
    "ignore",
    "severity",
    "exclude",
    "fail-on",
    "quotations",
    "locale",
    "consistency",
    "front-matter",
    "language",
)
CONSISTENCY = ("document", "project")
FRONT_MATTER = ("headline", "skip", "values")
LOCALES = ("en-US", "en-GB", "en-GB-oxendict", "en-AU", "en-CA")
CONFIG_KEYS = tuple(dict.fromkeys((*PACK_KEYS, *SETTING_KEYS)))
CONFIG_FILES = ("termlint.yaml", ".termlint.yaml")
FAIL_ON = (*SEVERITIES, "never")


@dataclass
class Config:
    """A loaded configuration: the rule set and the settings."""

    path: str | None
    ruleset: RuleSet
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    fail_on: str = "warning"
    exclude: tuple[str, ...] = ()
    quotations: str | None = None
    locale: str | None = None
    #: "project": acronym and spelling rules look across all files of a run.
    consistency: str = "document"
    #: Markdown front-matter values checked (keys never): "headline" (title,
    #: subtitle, description, summary), "values" (all) or "skip" (none).
    front_matter: str = "headline"
    #: Which language's packs apply where: "auto" (each paragraph's language
    #: identified, see termlint.language) or an ISO 639-1 code (everywhere).
    language: str = "auto"
    root: Path = field(default_factory=Path.cwd)
    _engine: Engine | None = field(default=None, repr=False)

    def active_rules(self) -> list[Rule]:
        """The rules left after ``select`` and ``ignore`` (prefix matches)."""
        out = []
        for rule in self.ruleset.rules.values():
            if self.select is not None and not any(rule.id.startswith(p) for p in self.select):
                continue
            if any(rule.id.startswith(p) for p in self.ignore):
                continue
            out.append(rule)
        return out

    def engine(self) -> Engine:
        if self._engine is None:
            self._engine = Engine(
                self.active_rules(),
                self.ruleset.names,
                self.ruleset.exemptions,
                quotations=self.quotations,
                acronyms=self.ruleset.acronyms,
                child_referent=self.ruleset.child_referent,
                locale=self.locale,
                language=self.language,
            )
        return self._engine

    def with_packs(self, refs: Iterable[str]) -> Config:
        """A copy that also extends the packs ``refs`` (``--with``): packaged
        names or local files; packs it already extends are left as they are."""
        from .ruleset import merge_into

        loader = Loader()
        merged = RuleSet(files=[])
        merge_into(merged, self.ruleset, None)  # a copy: the cached ruleset stays as it is
        for ref in refs:
            path = loader.resolve(ref, Path.cwd(), None)
            if str(path) in merged.files:
                continue
            merge_into(merged, loader.load_file(path), None)
        return dataclasses.replace(self, ruleset=merged, _engine=None)

    def with_options(
        self,
        *,
        select: Iterable[str] | None = None,
        ignore: Iterable[str] = (),
        fail_on: str | None = None,
        language: str | None = None,
    ) -> Config:
        """A copy with command-line options applied: ``select`` replaces the
        configured selection, ``ignore`` adds to it, ``fail_on`` and
        ``language`` replace theirs."""
        new_select = tuple(select) if select else self.select
        new_ignore = (*self.ignore, *ignore)
        check_rule_prefixes(self.ruleset, new_select or (), "--select", None)
        check_rule_prefixes(self.ruleset, tuple(ignore), "--ignore", None)
        if fail_on is not None and fail_on not in FAIL_ON:
            raise ConfigError(
                f"unknown --fail-on value '{fail_on}'{did_you_mean(fail_on, FAIL_ON)}"
            )
        if language is not None:
            check_language(language, "--language", None)
        new_language = language or self.language
        engine = self._engine if (new_select, new_ignore) == (self.select, self.ignore) else None
        if engine is not None and new_language != self.language:
            engine = engine.with_language(new_language)  # the same compiled rules
        return Config(
            path=self.path,
            ruleset=self.ruleset,
            select=new_select,
            ignore=new_ignore,
            fail_on=fail_on or self.fail_on,
            exclude=self.exclude,
            quotations=self.quotations,
            locale=self.locale,
            consistency=self.consistency,
            front_matter=self.front_matter,
            language=new_language,
            root=self.root,
            # the same rules: the compiled engine (perhaps from the cache) still fits
            _engine=engine,
        )


def check_rule_prefixes(
    ruleset: RuleSet, prefixes: Iterable[str], what: str, locs: list[Location] | None
) -> None:
    ids = [*ruleset.rules, "termlint.suppression"]  # the built-in check of directives
    for i, prefix in enumerate(prefixes):
        if not any(rid.startswith(prefix) for rid in ids):
            loc = locs[i] if locs else None
            raise ConfigError(f"{what}: unknown rule id '{prefix}'{did_you_mean(prefix, ids)}", loc)


def check_language(value: object, what: str, loc: Location | None) -> str:
    """A ``language`` setting: ``auto`` or an ISO 639-1 code."""
    from .language import AUTO
    from .ruleset import ISO_639_1

    if not isinstance(value, str) or (value != AUTO and value not in ISO_639_1):
        raise ConfigError(
            f"{what} must be '{AUTO}' or an ISO 639-1 code such as 'en' or 'fr', not {value!r}"
            f"{did_you_mean(str(value), (AUTO, *LANGUAGES))}",
            loc,
        )
    return value


def _settings_list(mapping: YMap, key: str) -> tuple[list[str], list[Location]]:
    value = mapping[key]
    loc = mapping.value_loc(key)
    if isinstance(value, str):
        return [value], [loc]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"'{key}' must be a list of strings", loc)
    locs = value.item_locs if isinstance(value, YList) else [loc] * len(value)
    return list(value), list(locs)


def _choice(data: YMap, key: str, choices: tuple[str, ...]) -> str:
    value = data[key]
    if value not in choices:
        raise ConfigError(
            f"'{key}' must be one of {', '.join(choices)}, not {value!r}"
            f"{did_you_mean(str(value), choices)}",
            data.value_loc(key),
        )
    return str(value)


def config_from_mapping(data: Any, path: Path) -> Config:
    """Build a :class:`Config` from a parsed configuration file."""
    shown = str(path)
    if data is None:
        raise ConfigError(
            "empty configuration file: expected a mapping (for the default rules alone, "
            "write 'extends: [default]')",
            Location(shown, 1, 1),
        )
    if not isinstance(data, dict):
        raise ConfigError("a configuration must be a mapping", Location(shown, 1, 1))
    for key in data:
        if key not in CONFIG_KEYS:
            loc = data.key_loc(key) if isinstance(data, YMap) else Location(shown, 1, 1)
            raise ConfigError(
                f"unknown configuration key '{key}'{did_you_mean(key, CONFIG_KEYS)}", loc
            )
    # a configuration's ``language`` is the setting, not its own rules' language
    pack = YMap({k: v for k, v in data.items() if k in PACK_KEYS and k != "language"})
    pack.loc = data.loc
    pack.key_locs, pack.value_locs = data.key_locs, data.value_locs
    if "extends" not in pack:
        pack["extends"] = "default"
    ruleset = Loader().load_mapping(pack, path, PACK_KEYS, "the configuration")

    config = Config(path=shown, ruleset=ruleset, root=path.parent)
    if "select" in data:
        items, locs = _settings_list(data, "select")
        check_rule_prefixes(ruleset, items, "select", locs)
        config.select = tuple(items)
    if "ignore" in data:
        items, locs = _settings_list(data, "ignore")
        check_rule_prefixes(ruleset, items, "ignore", locs)
        config.ignore = tuple(items)
    if "exclude" in data:
        config.exclude = tuple(_settings_list(data, "exclude")[0])
    from .engine.exemptions import EFFECTS

    for key, choices, attr in (
        ("fail-on", FAIL_ON, "fail_on"),
        ("quotations", EFFECTS, "quotations"),
        ("consistency", CONSISTENCY, "consistency"),
        ("locale", LOCALES, "locale"),
        ("front-matter", FRONT_MATTER, "front_matter"),
    ):
        if key in data:
            setattr(config, attr, _choice(data, key, choices))
    if "language" in data:
        config.language = check_language(data["language"], "'language'", data.value_loc("language"))
    if "severity" in data:
        sev = data["severity"]
        sloc = data.value_loc("severity")
        if not isinstance(sev, dict):
            raise ConfigError("'severity' must map rule ids to severities", sloc)
        # A key is a rule id or an id prefix ("proselint" for all proselint.*
        # rules); longer keys are applied last, so the most specific one wins.
        for rid in sorted(sev, key=len):
            level = sev[rid]
            kloc = sev.key_loc(rid) if isinstance(sev, YMap) else sloc
            matched = [r for r in ruleset.rules if r == rid or r.startswith(rid + ".")]
            if not matched:
                raise ConfigError(
                    f"severity: unknown rule id '{rid}'{did_you_mean(rid, ruleset.rules)}", kloc
                )
            if level not in SEVERITIES:
                raise ConfigError(
                    f"severity of '{rid}' must be one of {', '.join(SEVERITIES)}, not {level!r}"
                    f"{did_you_mean(str(level), SEVERITIES)}",
                    sev.value_loc(rid) if isinstance(sev, YMap) else sloc,
                )
            for r in matched:
                ruleset.rules[r] = with_severity(ruleset.rules[r], level)
    return config


def _toml_locations(text: str, path: str, table: dict[str, Any]) -> YMap:
    """Wrap ``[tool.termlint]`` in a YMap with the line of each key (best effort)."""
    lines = text.splitlines()
    header = next(
        (i for i, ln in enumerate(lines) if re.match(r"\s*\[\s*tool\.termlint\s*\]", ln)), 0
    )
    out = YMap(table)
    out.loc = Location(path, header + 1, 1)
    out.key_locs, out.value_locs = {}, {}
    for key in table:
        pattern = re.compile(rf'^\s*"?{re.escape(key)}"?\s*=')
        for i in range(header, len(lines)):
            if pattern.match(lines[i]):
                col = len(lines[i]) - len(lines[i].lstrip()) + 1
                out.key_locs[key] = Location(path, i + 1, col)
                out.value_locs[key] = Location(path, i + 1, lines[i].index("=") + 2)
                break
    return out


def load_config_file(path: str | Path) -> Config:
    """Load one configuration file (YAML, or ``pyproject.toml``); from the
    cache of compiled configurations while none of its files changed."""
    from .cache import cached_config

    path = Path(path)
    if not path.is_file():
        raise ConfigError(f"configuration file '{path}' not found")
    return cached_config(str(path.resolve()), lambda: _load_config_file(path))


def _load_config_file(path: Path) -> Config:
    from .ruleset import read_yaml_file

    if path.name == "pyproject.toml":
        import tomllib  # only for pyproject.toml: not at every start-up

        text = path.read_text(encoding="utf-8")
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            m = re.search(r"line (\d+), column (\d+)", str(exc))
            loc = Location(str(path), int(m.group(1)), int(m.group(2))) if m else None
            raise ConfigError(f"TOML syntax error: {exc}", loc) from None
        table = data.get("tool", {}).get("termlint", {})
        return config_from_mapping(_toml_locations(text, str(path), table), path.resolve())
    return config_from_mapping(read_yaml_file(path), path.resolve())


def find_config_file(start: Path) -> Path | None:
    """The nearest configuration file at or above directory ``start``."""
    for directory in (start, *start.parents):
        for name in CONFIG_FILES:
            candidate = directory / name
            if candidate.is_file():
                return candidate
        pyproject = directory / "pyproject.toml"
        if pyproject.is_file() and _has_tool_table(pyproject):
            return pyproject
    return None


def _has_tool_table(path: Path) -> bool:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    return re.search(r"^\s*\[\s*tool\.termlint\s*\]", text, re.MULTILINE) is not None


def default_config() -> Config:
    """The configuration used when no file is found: the ``default`` pack."""
    from .cache import cached_config

    return cached_config("default", _default_config)


def _default_config() -> Config:
    loader = Loader()
    ruleset = loader.load_file(loader.resolve("default", None, None))
    return Config(path=None, ruleset=ruleset)


class ConfigFinder:
    """Discovers (and caches) the configuration for each checked file."""

    def __init__(self, explicit: str | Path | None = None) -> None:
        self._explicit = load_config_file(explicit) if explicit is not None else None
        self._by_dir: dict[Path, Config] = {}
        self._by_file: dict[Path | None, Config] = {}
        self._by_path: dict[str, Config] = {}
        self._resolved_dirs: dict[str, Path] = {}

    def for_path(self, path: Path) -> Config:
        if self._explicit is not None:
            return self._explicit
        key = str(path)
        found = self._by_path.get(key)
        if found is None:
            found = self._by_path[key] = self._find(path)
        return found

    def _find(self, path: Path) -> Config:
        if os.path.islink(path):  # its configuration is where it points
            directory = resolved(path).parent
        else:  # resolving each directory once, not each file
            parent = os.path.dirname(os.path.abspath(path))
            if parent not in self._resolved_dirs:
                self._resolved_dirs[parent] = resolved(parent)
            directory = self._resolved_dirs[parent]
        if directory not in self._by_dir:
            found = find_config_file(directory)
            if found not in self._by_file:
                self._by_file[found] = (
                    load_config_file(found) if found is not None else default_config()
                )
            self._by_dir[directory] = self._by_file[found]
        return self._by_dir[directory]


def load_config(path: str | Path | None = None, *, start: str | Path | None = None) -> Config:
    """Load a configuration for use with :func:`termlint.lint_text`.

    With ``path``, load that file. Otherwise discover the configuration that
    applies in directory ``start`` (default: the current directory); without
    one, use the packaged ``default`` pack.
    """
    if path is not None:
        return load_config_file(path)
    directory = Path(start) if start is not None else Path.cwd()
    found = find_config_file(directory.resolve())
    return load_config_file(found) if found is not None else default_config()
