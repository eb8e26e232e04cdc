"""Editor-side settings sent by the client, parsed defensively.

They arrive as loose JSON from initializationOptions ({settings: {...},
debounce: ms}) and workspace/didChangeConfiguration ({gklint: {...}}); a
typo there must produce a warning in the log, never a dead server.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

RUN_ON_TYPE = "onType"
RUN_ON_SAVE = "onSave"
DEFAULT_DEBOUNCE_MS = 300
SECTION = "gklint"


@dataclass(frozen=True)
class ClientOptions:
    enable: bool = True
    run: str = RUN_ON_TYPE
    select: tuple[str, ...] = ()  # empty: keep what the config file selects
    ignore: tuple[str, ...] = ()
    debounce_ms: int = DEFAULT_DEBOUNCE_MS

    @property
    def debounce_seconds(self) -> float:
        return self.debounce_ms / 1000


@dataclass
class Parsed:
    options: ClientOptions
    warnings: list[str] = field(default_factory=list)


MAX_DEBOUNCE_MS = 60_000
_MAX_ENVELOPES = 8  # {"settings": {"settings": …}} nests no deeper in any real client


def _unwrap(raw: object) -> Mapping[str, Any]:
    """Find the gklint settings object whichever envelope the client used."""
    for _ in range(_MAX_ENVELOPES):
        if not isinstance(raw, Mapping):
            return {}
        if isinstance(raw.get(SECTION), Mapping):
            return raw[SECTION]
        if not isinstance(raw.get("settings"), Mapping):
            return raw
        raw = raw["settings"]
    return {}


def _show(value: object) -> str:
    # A garbage setting can be a megabyte of JSON; the warning quotes its start.
    text = repr(value)
    return text if len(text) <= 80 else f"{text[:80]}…"


def _strings(value: object, key: str, warnings: list[str]) -> tuple[str, ...] | None:
    if isinstance(value, str):
        value = [value]
    if isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
        return tuple(v.strip() for v in value if v.strip())
    warnings.append(f"设置 gklint.{key} 应为字符串列表，已忽略：{_show(value)}")
    return None


def parse_options(raw: object, base: ClientOptions | None = None) -> Parsed:
    """Overlay the keys present in `raw` on `base`; absent keys keep their value."""
    options = base or ClientOptions()
    warnings: list[str] = []
    debounce = raw.get("debounce") if isinstance(raw, Mapping) else None
    data = _unwrap(raw)
    if debounce is None:
        debounce = data.get("debounce")
    changes: dict[str, Any] = {}
    if "enable" in data:
        if isinstance(data["enable"], bool):
            changes["enable"] = data["enable"]
        else:
            warnings.append(f"设置 gklint.enable 应为 true 或 false，已忽略：{_show(data['enable'])}")
    if "run" in data:
        if data["run"] in (RUN_ON_TYPE, RUN_ON_SAVE):
            changes["run"] = data["run"]
        else:
            warnings.append(f"设置 gklint.run 应为 onType 或 onSave，已忽略：{_show(data['run'])}")
    for key in ("select", "ignore"):
        if key in data and data[key] is not None:
            values = _strings(data[key], key, warnings)
            if values is not None:
                changes[key] = values
    if debounce is not None:
        if (
            isinstance(debounce, int | float)
            and not isinstance(debounce, bool)
            and 0 <= debounce <= MAX_DEBOUNCE_MS
        ):
            changes["debounce_ms"] = int(debounce)
        else:
            warnings.append(f"debounce 应为 0 到 {MAX_DEBOUNCE_MS} 之间的毫秒数，已忽略：{_show(debounce)}")
    return Parsed(replace(options, **changes) if changes else options, warnings)
