"""Run settings: one dataclass, filled from defaults < config file < environment < CLI flags.

The config-file layer (``[tool.refcheck]`` in pyproject.toml or ``.refcheck.toml``, found by
walking up from the checked file) lives in :func:`load_settings`; the CLI applies its flags
on top with :func:`dataclasses.replace`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

CROSSREF_URL = "https://api.crossref.org"
EUTILS_URL = "https://eutils.ncbi.nlm.nih.gov/entrez/eutils"
TOOL_NAME = "refcheck"


@dataclass(slots=True)
class Settings:
    """Everything a run needs to know besides the input file."""

    mailto: str | None = None  # Crossref polite pool + NCBI `email`
    crossref_url: str = CROSSREF_URL
    eutils_url: str = EUTILS_URL
    ncbi_api_key: str | None = None
    sources: tuple[str, ...] = ("crossref", "pubmed")  # which registries to consult
    cache_dir: Path | None = None  # None: resolved by refcheck.paths.default_cache_dir
    mirror_path: Path | None = None  # None: <cache_dir>/mirror.sqlite if it exists, else the per-user mirror
    offline: bool = False  # cache (and mirror) only
    refresh: bool = False  # ignore cached answers, re-ask the registries
    timeout: float = 10.0  # seconds per request (read); connecting gets at most 3 s
    deadline: float | None = None  # seconds of registry time per file (`--timeout`); 0 = no limit; None = auto
    max_retries: int = 4
    fail_on: str = "error"  # error | warning | info | never
    strict: bool = False  # exit 3 when some references could not be checked
    allow_unchecked: bool = False  # pre-commit hook (`--hook`): unchecked references do not fail it
    et_al_after: int | None = None  # N: list N then et al.; None: by each reference's style (Vancouver 6, AMA 3)
    journal_abbrev_policy: str = "info"  # off | info | warning
    severity: dict[str, str] = field(default_factory=dict)  # per-rule override: {"RC101": "warning"}
    ignore: list[str] = field(default_factory=list)  # rule codes ignored everywhere
    ignore_refs: dict[int, list[str]] = field(default_factory=dict)  # reference number -> codes
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)  # glob -> codes
    library_keep: list[str] = field(default_factory=list)  # fields `refcheck sync` never overwrites
    config_file: Path | None = None  # where the file layer came from (for messages)


def env_overrides() -> dict[str, object]:
    """Settings taken from the environment (secrets and per-machine choices)."""
    out: dict[str, object] = {}
    if v := os.environ.get("REFCHECK_MAILTO") or os.environ.get("CROSSREF_MAILTO"):
        out["mailto"] = v
    if v := os.environ.get("NCBI_API_KEY"):
        out["ncbi_api_key"] = v
    if v := os.environ.get("REFCHECK_CROSSREF_URL"):
        out["crossref_url"] = v
    if v := os.environ.get("REFCHECK_EUTILS_URL"):
        out["eutils_url"] = v
    if v := os.environ.get("REFCHECK_CACHE_DIR"):
        out["cache_dir"] = Path(v)
    if v := os.environ.get("REFCHECK_MIRROR"):
        out["mirror_path"] = Path(v)
    if v := os.environ.get("REFCHECK_TIMEOUT"):
        try:
            out["deadline"] = float(v)
        except ValueError:
            from refcheck.errors import ConfigError

            raise ConfigError(f"REFCHECK_TIMEOUT must be a number of seconds, not {v!r}") from None
    if os.environ.get("REFCHECK_OFFLINE", "").lower() in {"1", "true", "yes"}:
        out["offline"] = True
    # CI knobs: a workflow can tighten or relax the gate without editing the project's config.
    if v := os.environ.get("REFCHECK_FAIL_ON"):
        out["fail_on"] = v.strip().lower()
    if v := os.environ.get("REFCHECK_STRICT"):
        out["strict"] = v.strip().lower() in {"1", "true", "yes"}
    if v := os.environ.get("REFCHECK_SOURCES"):
        out["sources"] = tuple(s.strip() for s in v.split(",") if s.strip())
    return out


def _read_toml(path: Path) -> dict:
    try:
        import tomllib  # Python >= 3.11
    except ModuleNotFoundError:  # pragma: no cover - Python 3.10
        import tomli as tomllib  # type: ignore[no-redef,import-not-found,unused-ignore]
    from refcheck.errors import ConfigError

    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read configuration: {exc}") from exc


def find_config(start: Path) -> tuple[Path, dict] | None:
    """The nearest ``.refcheck.toml`` or ``pyproject.toml`` with ``[tool.refcheck]``, walking up."""
    start = start.resolve()
    for folder in [start, *start.parents] if start.is_dir() else [start.parent, *start.parent.parents]:
        dotfile = folder / ".refcheck.toml"
        if dotfile.is_file():
            data = _read_toml(dotfile)
            return dotfile, data.get("tool", {}).get("refcheck", data)
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file():
            data = _read_toml(pyproject)
            if "refcheck" in data.get("tool", {}):
                return pyproject, data["tool"]["refcheck"]
    return None


_KEYS = {
    "mailto": str, "crossref-url": str, "eutils-url": str, "fail-on": str, "strict": bool,
    "et-al-after": int, "journal-abbrev-policy": str, "offline": bool, "timeout": float,
    "max-retries": int, "deadline": float, "allow-unchecked": bool,
}


def settings_from_mapping(data: dict, base: Path | None = None) -> dict[str, object]:
    """Translate a ``[tool.refcheck]`` table into Settings keyword arguments (validated)."""
    from refcheck.errors import ConfigError

    out: dict[str, object] = {}
    for key, value in data.items():
        attr = key.replace("-", "_")
        if key in _KEYS:
            if not isinstance(value, _KEYS[key]) and not (_KEYS[key] is float and isinstance(value, int)):
                raise ConfigError(f"config key '{key}' must be {_KEYS[key].__name__}, got {value!r}")
            out[attr] = value
        elif key == "sources":
            out["sources"] = tuple(_str_list(key, value))
        elif key in ("cache-dir", "mirror"):
            path = Path(value).expanduser()
            out["cache_dir" if key == "cache-dir" else "mirror_path"] = (
                path if path.is_absolute() or base is None else base / path
            )
        elif key == "severity":
            out["severity"] = {str(k): str(v) for k, v in _table(key, value).items()}
        elif key == "ignore":
            out["ignore"] = _str_list(key, value)
        elif key == "ignore-refs":
            out["ignore_refs"] = {_ref_number(k): _str_list(f"{key}.{k}", v) for k, v in _table(key, value).items()}
        elif key == "library-keep":
            out["library_keep"] = [v.lower() for v in _str_list(key, value)]
        elif key == "per-file-ignores":
            out["per_file_ignores"] = {str(k): _str_list(f"{key}.{k}", v) for k, v in _table(key, value).items()}
        else:
            raise ConfigError(f"unknown config key '{key}' in [tool.refcheck]{_did_you_mean(key)}")
    return out


#: Every key a ``[tool.refcheck]`` table may hold.
CONFIG_KEYS = frozenset(_KEYS) | {"sources", "cache-dir", "mirror", "severity", "ignore", "ignore-refs",
                                  "library-keep", "per-file-ignores"}


def _did_you_mean(key: str) -> str:
    """``; did you mean 'ignore-refs'?`` for a misspelt key (``ignore_refs``, ``fail_on``, ``ingore``)."""
    import difflib

    wanted = str(key).lower().replace("_", "-")
    if wanted in CONFIG_KEYS:
        return f"; did you mean '{wanted}'?"
    close = difflib.get_close_matches(wanted, sorted(CONFIG_KEYS), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


def _str_list(key: str, value: object) -> list[str]:
    """A list of strings; a bare string is a one-item list ('ignore = "RC302"' is a common slip)."""
    from refcheck.errors import ConfigError

    if isinstance(value, str):
        return [value]
    if not isinstance(value, list) or not all(isinstance(v, (str, int)) for v in value):
        raise ConfigError(f"config key '{key}' must be a list of strings, got {value!r}")
    return [str(v) for v in value]


def _table(key: str, value: object) -> dict:
    from refcheck.errors import ConfigError

    if not isinstance(value, dict):
        raise ConfigError(f"config key '{key}' must be a table, got {value!r}")
    return value


def _ref_number(value: object) -> int:
    from refcheck.errors import ConfigError

    try:
        number = int(str(value))
    except ValueError:
        raise ConfigError(f"ignore-refs keys must be reference numbers, not {value!r}") from None
    if number < 1:
        raise ConfigError(f"ignore-refs keys must be reference numbers, not {value!r}")
    return number


def load_settings(start: Path | None = None, **overrides: object) -> Settings:
    """Defaults < nearest config file < environment < explicit overrides (CLI flags)."""
    values: dict[str, object] = {}
    found = find_config(start or Path.cwd())
    if found:
        path, table = found
        values.update(settings_from_mapping(table, base=path.parent))
        values["config_file"] = path
    values.update(env_overrides())
    values.update({k: v for k, v in overrides.items() if v is not None})
    from refcheck.errors import ConfigError

    settings = Settings(**values)  # type: ignore[arg-type]
    if settings.fail_on not in {"error", "warning", "info", "never"}:
        raise ConfigError(f"fail-on must be error, warning, info or never, not {settings.fail_on!r}")
    if settings.deadline is not None and settings.deadline < 0:
        raise ConfigError("deadline (--timeout) must be a number of seconds >= 0 (0: no limit)")
    if settings.et_al_after is not None and settings.et_al_after < 1:
        raise ConfigError("et-al-after must be a positive number of authors")
    unknown = [s for s in settings.sources if s not in {"crossref", "pubmed", "mirror"}]
    if unknown:
        raise ConfigError(f"unknown source {unknown[0]!r} (choose from crossref, pubmed, mirror)")
    return settings
