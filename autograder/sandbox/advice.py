"""What to tell someone who needs bubblewrap, for the machine they are on, and how to say which isolation ran."""

from __future__ import annotations

import platform
from pathlib import Path

# The package manager command that installs bubblewrap, by /etc/os-release ID (or ID_LIKE).
INSTALL_COMMANDS = {
    "debian": "sudo apt-get install bubblewrap",
    "ubuntu": "sudo apt-get install bubblewrap",
    "fedora": "sudo dnf install bubblewrap",
    "rhel": "sudo dnf install bubblewrap",
    "arch": "sudo pacman -S bubblewrap",
    "alpine": "sudo apk add bubblewrap",
    "opensuse": "sudo zypper install bubblewrap",
    "suse": "sudo zypper install bubblewrap",
}

DESCRIPTIONS = {
    "bwrap": "bubblewrap (own filesystem view, no network, an unprivileged uid when run as root, resource limits)",
    "process": "process only (resource limits, timeouts and a scrubbed environment; no filesystem or network "
    "isolation)",
    "none": "none (the code runs as you, with timeouts and resource limits; right for your own code)",
}


def distribution_ids(os_release: Path = Path("/etc/os-release")) -> list[str]:
    """This Linux distribution's ID and the IDs it is like, from os-release (empty when unknown)."""
    try:
        fields = dict(
            line.split("=", 1) for line in os_release.read_text().splitlines() if "=" in line and line[:1] != "#"
        )
    except OSError:
        return []
    ids = [fields.get("ID", ""), *fields.get("ID_LIKE", "").split()]
    return [value.strip().strip('"') for value in ids if value.strip().strip('"')]


def how_to_get_bubblewrap(system: str | None = None, os_release: Path = Path("/etc/os-release")) -> str:
    """One sentence: how to get a sandbox for untrusted code on this machine."""
    system = system or platform.system()
    trusted = "or, for submissions you trust (your own, a colleague's), pass --no-sandbox"
    if system != "Linux":
        return (
            f"grading untrusted code needs Linux with bubblewrap, which {system} does not have: grade in a Linux "
            f"VM or container (e.g. Debian: apt-get install bubblewrap), {trusted}"
        )
    for distribution in distribution_ids(os_release):
        if distribution in INSTALL_COMMANDS:
            return f"install bubblewrap: {INSTALL_COMMANDS[distribution]}, {trusted}"
    return f"install bubblewrap (the 'bwrap' command) with your distribution's package manager, {trusted}"


def isolation_line(mode: str) -> str:
    """The one line a command prints to say which isolation it used."""
    return f"isolation: {DESCRIPTIONS.get(mode, mode)}"
