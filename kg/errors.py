"""The one exception type the CLI turns into a one-line message and a non-zero exit."""


class KgError(Exception):
    """A problem the user can fix: bad input, a missing file, a malformed query."""
