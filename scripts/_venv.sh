# Sourced by scripts/songbot and scripts/test: make .venv match a lock file.
# Usage: ensure_venv requirements/main.txt [requirements/dev.txt ...]
# Installs exactly the pinned, hash-checked versions of the first lock file, then songbot itself
# (editable), and skips all of it when the last install was of that lock file, or of one of
# the others named (a lock that covers it: dev.txt is resolved from the same pyproject.toml as
# main.txt plus the dev extra, so its install runs songbot too), and nothing has changed since.
# So scripts/test and scripts/songbot share one .venv without reinstalling in turn.
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
    if [ ! -x "$venv/bin/python" ]; then
        "$python" -m venv "$venv"
    fi
    installed="$(cat "$stamp" 2>/dev/null || true)"
    for accepted in "$@"; do
        if [ "$installed" = "$(_lock_stamp "$root" "$accepted")" ]; then
            VENV_BIN="$venv/bin"
            return 0
        fi
    done
    echo "Installing from $lock into $venv ..." >&2
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
        --require-hashes --only-binary=:all: -r "$root/$lock"
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
        --no-deps --no-build-isolation --editable "$root"
    _lock_stamp "$root" "$lock" > "$stamp"
    VENV_BIN="$venv/bin"
}

# What an install of a lock file is recorded as: the lock's and pyproject.toml's digest.
_lock_stamp() {
    echo "$(cd "$1" && cat "$2" pyproject.toml | sha256sum | cut -d' ' -f1) $2"
}
