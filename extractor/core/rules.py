"""Load and validate the YAML rule files in rules/ (one pydantic model per file)."""
from __future__ import annotations

import functools
import hashlib
import os
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from .cache import Store

M = TypeVar("M", bound=BaseModel)

# libyaml's safe loader when PyYAML was built with it (10x faster than the pure-Python one, same data:
# tests/test_startup.py compares both on every rule file).
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class RuleFileError(ValueError):
    """A rule file is missing or does not have the expected shape."""


PACKAGE = Path(__file__).resolve().parents[1]
SHIPPED_RULES = PACKAGE / "_rules"  # the copy of rules/ a wheel carries (setup.py)
REPO_RULES = PACKAGE.parent / "rules"  # the client's rules/ in a source checkout or editable install


def rules_dir() -> Path:
    """The rules folder: $PLANS_RULES_DIR, else the copy installed with the package, else the repository's rules/."""
    if os.environ.get("PLANS_RULES_DIR"):
        return Path(os.environ["PLANS_RULES_DIR"])
    return SHIPPED_RULES if SHIPPED_RULES.is_dir() else REPO_RULES


# Parsed rule files by their bytes' hash: no YAML parse at start-up. A few versions of the ~17
# files are kept (a whole parsed file is large: thousands of them made every start-up read 1.3 MB).
_parsed = Store("rules-yaml", max_kept=100)


@functools.lru_cache(maxsize=None)
def load_yaml(name: str) -> Any:
    """Parsed content of rules/<name>, cached (in the process, and on the machine by the file's bytes)."""
    path = rules_dir() / name
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise RuleFileError(f"{path}: rule file not found") from None
    key = hashlib.sha256(raw).hexdigest()
    data = _parsed.get(key)
    if data is None:
        try:
            data = yaml.load(raw.decode("utf-8"), Loader=SAFE_LOADER)
        except (yaml.YAMLError, UnicodeDecodeError) as exc:
            raise RuleFileError(f"{path}: invalid YAML: {exc}") from None
        _parsed.put(key, data)
    return data


@functools.lru_cache(maxsize=None)
def load_rules(name: str, model: type[M]) -> M:
    """rules/<name> validated against `model`; errors name the file and the key."""
    data = load_yaml(name)
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        key = ".".join(str(p) for p in first["loc"])
        raise RuleFileError(f"{rules_dir() / name}: key '{key}': {first['msg']}") from None


def rules_fingerprint() -> str:
    """Hash of every rule file, so a store knows when extraction must be re-run."""
    h = hashlib.sha256()
    for path in sorted(rules_dir().glob("*.yaml")):
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:16]
