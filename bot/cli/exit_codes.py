"""The ``songbot`` command's exit codes, and the lines each command's help gives them."""

EXIT_OK = 0
EXIT_API_ERROR = 1  # the song API (or Discord) refused, failed or could not be reached
EXIT_USAGE = 2  # bad input or configuration
EXIT_INTERRUPTED = 130  # stopped with Ctrl-C, as a shell reports SIGINT


def exit_codes(done: str, *, failed: str | None, interrupted: str | None = None) -> str:
    """The exit codes a command's help lists; ``None`` leaves a code out."""
    codes = [
        (EXIT_OK, done),
        (EXIT_API_ERROR, failed),
        (EXIT_USAGE, "bad input or configuration (one line on stderr says which)"),
        (EXIT_INTERRUPTED, interrupted),
    ]
    return "exit codes:\n" + "\n".join(f"  {code:<4} {what}" for code, what in codes if what)
