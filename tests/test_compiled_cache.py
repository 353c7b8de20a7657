"""The cache of compiled patterns (termlint.engine.compiled): a hit gives the
same pattern as compiling afresh, a changed pattern never hits, and a damaged
or foreign cache file is ignored."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from termlint.engine import compiled

BIG = "|".join(f"word{i}(?:s|es)?" for i in range(400))  # over MIN_SOURCE


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("TERMLINT_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("TERMLINT_NO_CACHE", raising=False)
    return tmp_path


def _entries(cache: Path) -> list[Path]:
    return sorted(cache.glob("patterns-*/*.bin"))


def _fresh_process(source: str, text: str, cache: Path) -> str:
    """Compile ``source`` with the cache in a new interpreter; report whether it
    hit and what the pattern finds in ``text``."""
    code = (
        "import sys; from termlint.engine import compiled as c;"
        "hit = c._read(c._entries_dir() / (c._key(sys.argv[1], 0) + '.bin')) is not None;"
        "p = c.compile_cached(sys.argv[1]);"
        "print(hit, p.findall(sys.argv[2]))"
    )
    env = {"TERMLINT_CACHE_DIR": str(cache), "PATH": ""}
    proc = subprocess.run(
        [sys.executable, "-c", code, source, text],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    return proc.stdout.strip()


def test_a_hit_behaves_like_a_fresh_compile(cache: Path) -> None:
    text = "word1 words7 word399es word400 xword3"
    assert _fresh_process(BIG, text, cache).startswith("False")
    assert len(_entries(cache)) == 1
    import re

    expected = re.compile(BIG).findall(text)
    assert _fresh_process(BIG, text, cache) == f"True {expected}"


def test_a_changed_pattern_misses(cache: Path) -> None:
    _fresh_process(BIG, "", cache)
    changed = BIG.replace("word7", "term7")
    assert _fresh_process(changed, "term7 word7", cache) == "False ['term7']"
    assert len(_entries(cache)) == 2


def test_a_damaged_cache_file_is_ignored(cache: Path) -> None:
    _fresh_process(BIG, "", cache)
    (cached_file,) = _entries(cache)
    data = bytearray(cached_file.read_bytes())
    cached_file.write_bytes(bytes(data[: len(data) // 2]))  # truncated
    assert _fresh_process(BIG, "word5", cache) == "False ['word5']"
    cached_file.write_bytes(b"\x00garbage")
    assert _fresh_process(BIG, "word5", cache) == "False ['word5']"
    assert _fresh_process(BIG, "word5", cache) == "True ['word5']"  # rewritten


def test_a_program_that_fails_validation_is_compiled_afresh(cache: Path) -> None:
    from array import array

    compiled.compile_cached(BIG)
    (entry,) = _entries(cache)
    flags, code, *rest = compiled.marshal.loads(entry.read_bytes())
    units = array("I", code)
    units[0] = 9999  # not an _sre opcode
    entry.write_bytes(compiled.marshal.dumps((flags, units.tobytes(), *rest)))
    assert compiled._read(entry) is not None  # well-formed data, invalid program
    again = compiled.compile_cached(BIG)
    assert again.findall("word2 word3s") == ["word2", "word3s"]
    assert compiled._read(entry)[1][0] != 9999  # type: ignore[index]  # rewritten


def test_the_file_name_carries_the_versions(cache: Path) -> None:
    import termlint

    path = compiled._entries_dir()
    assert path is not None and path.parent == cache
    assert termlint.__version__ in path.name
    assert "py" + "-".join(str(v) for v in sys.version_info[:3]) in path.name


def test_caching_can_be_turned_off(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TERMLINT_NO_CACHE", "1")
    assert compiled.compile_cached(BIG).findall("word1") == ["word1"]
    assert list(cache.iterdir()) == []


def test_old_entries_are_dropped(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(compiled, "MAX_ENTRIES", 3)
    for i in range(5):
        compiled.compile_cached(BIG + f"|extra{i}")
    assert len(_entries(cache)) == 3
