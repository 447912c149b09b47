"""Who may sign in to a shared deployment: USER:PASSWORD pairs from flags, a file, or the environment."""

from __future__ import annotations

from pathlib import Path


class UsersError(ValueError):
    """A user entry that cannot be used; the message names where it is and why."""


def parse_user(entry: str, where: str) -> tuple[str, str]:
    """ "minh:mật-khẩu" → ("minh", "mật-khẩu"); the password may hold colons, the name may not be empty."""
    name, sep, password = entry.strip().partition(":")
    if not sep or not name.strip() or not password:
        raise UsersError(f"{where}: expected USER:PASSWORD, got {entry.strip()!r}")
    return name.strip(), password


def read_users(flags: list[str], file: str | None = None, env: str | None = None) -> list[tuple[str, str]]:
    """Every user from --auth flags, an --auth-file (one a line, # comments) and $VANBAN_AUTH
    (comma-separated); a name given twice keeps its last password."""
    users: dict[str, str] = {}
    for entry in flags:
        name, password = parse_user(entry, "--auth")
        users[name] = password
    if file:
        try:
            lines = Path(file).read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            raise UsersError(f"{file}: cannot be read ({exc.strerror or exc})") from exc
        for n, line in enumerate(lines, start=1):
            if line.strip() and not line.lstrip().startswith("#"):
                name, password = parse_user(line, f"{file}:{n}")
                users[name] = password
    for entry in (env or "").split(","):
        if entry.strip():
            name, password = parse_user(entry, "VANBAN_AUTH")
            users[name] = password
    return list(users.items())
