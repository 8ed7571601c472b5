"""Placeholder for the 'audit' command."""
from __future__ import annotations

import click

from .cli_common import fail


@click.command(name="audit")
def command():
    """Not implemented yet."""
    fail("'audit' is not implemented yet")
