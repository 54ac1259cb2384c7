# Sourced by scripts/songbot and scripts/test: make .venv match a lock file.
# Usage: ensure_venv requirements/main.txt
# Installs exactly the pinned, hash-checked versions, then songbot itself (editable),
# and skips all of it when the lock file has not changed since the last install.
ensure_venv() {
    lock="$1"
    root="$(cd "$(dirname "$0")/.." && pwd)"
    venv="${SONGBOT_VENV:-$root/.venv}"
    python="${PYTHON:-python3}"
    if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
        echo "songbot needs Python 3.11 or newer as '$python' (set PYTHON=/path/to/python3.11)." >&2
        exit 2
    fi
    stamp="$venv/.songbot-lock"
    want="$(cd "$root" && cat "$lock" pyproject.toml | sha256sum | cut -d' ' -f1) $lock"
    if [ ! -x "$venv/bin/python" ]; then
        "$python" -m venv "$venv"
    fi
    if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
        echo "Installing from $lock into $venv ..." >&2
        "$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
            --require-hashes --only-binary=:all: -r "$root/$lock"
        "$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
            --no-deps --no-build-isolation --editable "$root"
        echo "$want" > "$stamp"
    fi
    VENV_BIN="$venv/bin"
}
