"""The ``songbot`` command's exit codes."""

EXIT_OK = 0
EXIT_API_ERROR = 1  # the song API refused or failed
EXIT_USAGE = 2  # bad input or configuration
