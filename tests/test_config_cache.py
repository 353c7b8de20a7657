"""The cache of compiled configurations (termlint.cache), through the
installed CLI: a cached run gives the same findings, a changed configuration
or pack is picked up at once, and a cache that is damaged or that others could
write is never trusted."""

from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path

import pytest

TEXT = "They shared child pornography and a widget.\n"
PACK = """\
rules:
  - id: house.widget
    kind: avoid
    severity: warning
    terms: [{term}]
    rationale: House style.
"""


@pytest.fixture
def cache(tmp_path: Path) -> Path:
    path = tmp_path / "cache"
    return path


def _entries(cache: Path) -> list[Path]:
    return sorted(cache.glob("configs-*/*.pickle"))


def _rules(result) -> list[str]:  # type: ignore[no-untyped-def]
    return [
        line.split("[", 1)[1].split("]", 1)[0] for line in result.out.splitlines() if "[" in line
    ]


def test_a_cached_run_gives_the_same_findings(run, write, cache: Path) -> None:
    env = {"TERMLINT_CACHE_DIR": str(cache)}
    doc = write("doc.md", TEXT)
    first = run("check", str(doc), env=env)
    assert len(_entries(cache)) == 1  # the default configuration, compiled
    second = run("check", str(doc), env=env)
    assert first.out == second.out and "child-pornography" in first.out
    uncached = run("check", str(doc), env={"TERMLINT_NO_CACHE": "1"})
    assert uncached.out == first.out


def test_changed_packs_are_picked_up_at_once(run, write, cache: Path) -> None:
    env = {"TERMLINT_CACHE_DIR": str(cache)}
    write(".termlint.yaml", "extends: [default, house.yaml]\n")
    house = write("house.yaml", PACK.format(term="widget"))
    doc = write("doc.md", TEXT)
    assert "house.widget" in _rules(run("check", str(doc), env=env))
    house.write_text(PACK.format(term="gadget"), encoding="utf-8")  # same size
    os.utime(house, (0, 0))  # and an old time: only the content tells
    assert "house.widget" not in _rules(run("check", str(doc), env=env))
    write(".termlint.yaml", "extends: [house.yaml]\n")
    assert _rules(run("check", str(doc), env=env)) == []  # default pack gone too


def test_a_damaged_entry_is_rebuilt(run, write, cache: Path) -> None:
    env = {"TERMLINT_CACHE_DIR": str(cache)}
    doc = write("doc.md", TEXT)
    expected = run("check", str(doc), env=env).out
    (entry,) = _entries(cache)
    entry.write_bytes(entry.read_bytes()[:1000])
    assert run("check", str(doc), env=env).out == expected
    assert len(entry.read_bytes()) > 1000  # written again


class _Planted:
    """A pickle that, if loaded, would create a file."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (os.system, (f"touch {self.marker}",))


def test_a_cache_others_can_write_is_not_trusted(run, write, cache: Path, tmp_path: Path) -> None:
    env = {"TERMLINT_CACHE_DIR": str(cache)}
    doc = write("doc.md", TEXT)
    run("check", str(doc), env=env)
    (entry,) = _entries(cache)
    marker = tmp_path / "planted-code-ran"
    entry.write_bytes(pickle.dumps(_Planted(marker)))
    cache.chmod(0o777)  # anyone could have written that entry
    try:
        result = run("check", str(doc), env=env)
    finally:
        cache.chmod(0o700)
    assert "child-pornography" in result.out
    assert not marker.exists()


def test_no_cache_writes_nothing(run, write, cache: Path) -> None:
    doc = write("doc.md", TEXT)
    run("check", str(doc), env={"TERMLINT_CACHE_DIR": str(cache), "TERMLINT_NO_CACHE": "1"})
    assert not cache.exists()


def test_entries_are_keyed_by_configuration_file(run, write, cache: Path, tmp_path: Path) -> None:
    env = {"TERMLINT_CACHE_DIR": str(cache)}
    write("a/.termlint.yaml", "extends: [default]\n")
    write("b/.termlint.yaml", "extends: [default]\nignore: [child-pornography]\n")
    out_a = run("check", str(write("a/doc.md", TEXT)), env=env).out
    out_b = run("check", str(write("b/doc.md", TEXT)), env=env).out
    assert "child-pornography" in out_a and "child-pornography" not in out_b
    names = {e.stem for e in _entries(cache)}
    for sub in ("a", "b"):
        key = str((tmp_path / sub / ".termlint.yaml").resolve())
        assert hashlib.sha256(key.encode()).hexdigest() in names


def test_entries_of_other_termlint_code_are_removed_when_stale(run, write, cache: Path) -> None:
    import time

    stale = cache / "configs-0123456789abcdef01234567"
    recent = cache / "configs-76543210fedcba9876543210"
    for directory in (stale, recent):
        directory.mkdir(parents=True, mode=0o700)
        (directory / "old.pickle").write_bytes(b"from another installation")
    week_ago = time.time() - 8 * 24 * 3600
    os.utime(stale, (week_ago, week_ago))
    run("check", str(write("doc.md", TEXT)), env={"TERMLINT_CACHE_DIR": str(cache)})
    assert not stale.exists()
    assert recent.exists()  # another installation in use: kept


LOAD_AND_CHECK = """
import sys
from termlint.config import default_config
from termlint.formats import to_document

engine = default_config().engine()
print("after load:", "regex" in sys.modules)
plain = engine.check(to_document("a.txt", sys.argv[1], "text"))
print("after a text without pattern words:", "regex" in sys.modules, [f.rule for f in plain])
found = engine.check(to_document("b.txt", sys.argv[2], "text"))
print("after a pattern's word:", "regex" in sys.modules, [f.rule for f in found])
"""


def test_a_cached_configuration_compiles_its_patterns_on_first_use(tmp_path, cache: Path) -> None:
    """Loading a cached configuration neither imports ``regex`` nor compiles
    the rules' patterns (10 to 15 ms of every start-up); the first document
    that needs one does both, and finds what it should."""
    import subprocess
    import sys

    env = {**os.environ, "TERMLINT_CACHE_DIR": str(cache)}
    env.pop("TERMLINT_NO_CACHE", None)
    args = [
        sys.executable,
        "-c",
        LOAD_AND_CHECK,
        # (a rule that asks no pattern: the statutory term would ask the
        # legal-category frames, slang its replacements in context)
        "Reports of sextortion rose.",
        "He kept pornographic images of children.",
    ]
    subprocess.run(args, env=env, check=True, capture_output=True)  # builds the cache entry
    out = subprocess.run(args, env=env, check=True, capture_output=True, text=True).stdout
    assert out.splitlines() == [
        "after load: False",
        "after a text without pattern words: False ['sextortion']",
        "after a pattern's word: True ['pornographic-images-of-children']",
    ]


def test_user_patterns_pickle_as_their_source() -> None:
    import regex

    from termlint.engine.userpattern import UserPattern

    pattern = UserPattern.compile(r"porn\w+ images?", regex.IGNORECASE)
    data = pickle.dumps(pattern)
    assert b"RegexFlag" not in data and b"_regex" not in data
    loaded = pickle.loads(data)
    assert (loaded.pattern, loaded.flags, loaded._compiled) == (pattern.pattern, 2, None)
    text = "Pornographic IMAGES and pornography image"
    assert [m.span() for m in loaded.finditer(text)] == [
        m.span() for m in regex.finditer(r"porn\w+ images?", text, regex.IGNORECASE)
    ]
    assert loaded.match(text, 0, timeout=1.0) is not None
