"""The README and the command line agree: every command `plans --help` lists is in the README, and
every `plans ...` line of the README's bash blocks runs (in order, in a scratch folder that holds
the corpus, as a new user would from the repository root) and exits 0."""
from __future__ import annotations

import re
import shlex

import click
from click.testing import CliRunner

from conftest import REPO

from extractor.cli import main

README = (REPO / "README.md").read_text(encoding="utf-8")


def readme_commands() -> list[str]:
    """The `plans ...` commands of the README's bash blocks, in order (comments dropped, `&&` split)."""
    out = []
    for block in re.findall(r"```bash\n(.*?)```", README, re.S):
        for line in block.splitlines():
            for part in line.split("&&"):
                part = part.split("  #")[0].strip()
                if part.startswith("plans "):
                    out.append(part)
    return out


def help_commands() -> list[str]:
    """The command names `plans --help` lists."""
    text = CliRunner().invoke(main, ["--help"]).output
    listed = text.split("Commands:")[1]
    return [line.split()[0] for line in listed.splitlines() if line.strip()]


def test_help_lists_every_command_and_the_readme_documents_each():
    names = help_commands()
    assert sorted(names) == main.list_commands(click.Context(main))
    documented = {c.split()[1] for c in readme_commands()}
    assert [n for n in names if n not in documented] == []


def test_every_readme_command_runs(tmp_path, monkeypatch):
    (tmp_path / "corpus").symlink_to(REPO / "corpus")
    (tmp_path / "tests").symlink_to(REPO / "tests")
    monkeypatch.chdir(tmp_path)
    commands = readme_commands()
    assert commands[0].startswith("plans ingest"), "the README's first command must build the database"
    ran = []
    for cmd in commands:
        args = shlex.split(cmd)[1:]
        if args[:2] == ["train", "--ship"]:
            args = ["train", "--out", str(tmp_path / "shipped")]  # the shipped copy is checked in tests/model
        result = CliRunner().invoke(main, args, catch_exceptions=False)
        assert result.exit_code == 0, f"{cmd}\n{result.output}"
        ran.append(args[0])
    assert {"ingest", "list", "show", "warnings", "sql", "eval", "audit", "compare", "report", "train"} <= set(ran)
    assert (tmp_path / "outputs" / "report.html").exists() and (tmp_path / "outputs" / "model" / "tier").is_dir()
