"""Placeholder for the 'report' command."""
from __future__ import annotations

import click

from .cli_common import fail


@click.command(name="report")
def command():
    """Not implemented yet."""
    fail("'report' is not implemented yet")
