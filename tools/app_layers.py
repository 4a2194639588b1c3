"""How the apps stand on each other (../shared/STYLE.md), declared once and enforced by ruff.

Each app gets a `ruff.toml` that extends the project's configuration and bans, through
flake8-tidy-imports (TID251), every app above it, so `make lint` fails on an upward import,
inside a function too; relative imports from a parent package are banned project-wide (TID252).

    python tools/app_layers.py          # write the apps' ruff.toml files
    python tools/app_layers.py --check  # exit 1 if one is missing or stale
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = ROOT / "src" / "aftersales"

# Lowest first. Apps on one layer may not import each other either unless listed as a
# dependency below (a capability built on another, e.g. claims on warranty).
LAYERS: list[list[str]] = [
    ["core"],
    ["catalog"],
    ["customers"],
    ["workorders"],
    [
        "dispatch",
        "stations",
        "inventory",
        "warranty",
        "claims",
        "settlement",
        "care",
        "returns",
        "contracts",
        "telemetry",
    ],
    ["reports"],
    ["portal"],
    ["demo"],
]
SAME_LAYER_DEPENDENCIES: dict[str, set[str]] = {
    "claims": {"warranty"},
    "settlement": {"claims", "warranty"},
}


def banned_for(app: str) -> list[str]:
    layer = next(i for i, apps in enumerate(LAYERS) if app in apps)
    above = [a for apps in LAYERS[layer + 1 :] for a in apps]
    peers = [
        a for a in LAYERS[layer] if a != app and a not in SAME_LAYER_DEPENDENCIES.get(app, set())
    ]
    return sorted(above + peers)


def config_for(app: str) -> str:
    lines = [
        "# Written by tools/app_layers.py: the apps this one may not import (../shared/STYLE.md,",
        '# "How the apps stand on each other"). Use a hook on a lower app instead.',
        'extend = "../../../pyproject.toml"',
        "",
        "[lint.flake8-tidy-imports.banned-api]",
    ]
    for other in banned_for(app):
        lines.append(
            f'"aftersales.{other}".msg = "{app} stands below {other}: register a hook in '
            f"{other}'s AppConfig.ready() instead\""
        )
    return "\n".join(lines) + "\n"


def existing_apps() -> list[str]:
    return sorted(p.parent.name for p in APPS.glob("*/apps.py"))


def main(argv: list[str]) -> int:
    check = "--check" in argv
    declared = {a for apps in LAYERS for a in apps}
    stale = []
    for app in existing_apps():
        if app not in declared:
            print(f"app {app!r} has no layer in tools/app_layers.py")
            return 1
        path = APPS / app / "ruff.toml"
        wanted = config_for(app)
        if path.exists() and path.read_text() == wanted:
            continue
        if check:
            stale.append(str(path.relative_to(ROOT)))
        else:
            path.write_text(wanted)
    if stale:
        print("stale or missing (run python tools/app_layers.py):", ", ".join(stale))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
