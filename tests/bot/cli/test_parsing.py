"""Every command's help says what it does, the settings it reads and its exit codes; the
options every command shares work after its name too."""

from __future__ import annotations

import pytest

from bot.cli import build_parser, main

COMMANDS = [
    ["run"], ["sync-commands"], ["generate"], ["status"], ["mock-api"],
    ["db", "status"], ["db", "upgrade"], ["db", "copy"],
]  # fmt: skip


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_each_command_explains_itself(
    command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as done:
        main([*command, "--help"])
    assert done.value.code == 0
    shown = capsys.readouterr().out
    usage, description = shown.split("\n\n")[:2]
    assert usage.startswith(f"usage: songbot {' '.join(command)}")
    assert len(description.split()) >= 8, description  # a description, not the options
    assert "exit codes:\n  0 " in shown
    assert "  2    bad input or configuration" in shown
    if command not in (["mock-api"], ["db", "copy"]):  # these read no settings
        assert "settings (environment or --env-file" in shown


def test_the_job_id_and_the_simulator_s_options_say_what_they_are(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit):
        main(["status", "--help"])
    assert "job_id the job's id, as `generate` printed it" in " ".join(
        capsys.readouterr().out.split()
    )
    with pytest.raises(SystemExit):
        main(["mock-api", "--help"])
    shown = capsys.readouterr().out
    for default in ("(default: 127.0.0.1)", "(default: 8765)", "(default: 1.0)", "(default: 30.0)"):
        assert default in " ".join(shown.split())


@pytest.mark.parametrize(
    "argv",
    [
        ["--env-file", "a.env", "generate", "--prompt", "x"],
        ["generate", "--env-file", "a.env", "--prompt", "x"],
        ["generate", "--prompt", "x", "--env-file", "a.env"],
        ["db", "--env-file", "a.env", "status"],
        ["db", "status", "--env-file", "a.env"],
    ],
)
def test_env_file_before_or_after_the_command(argv: list[str]) -> None:
    assert build_parser().parse_args(argv).env_file == "a.env"


def test_no_env_file_is_none() -> None:
    assert build_parser().parse_args(["run"]).env_file is None


def test_a_job_id_that_is_not_one_is_bad_input(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["status", "bad id!"])
    assert done.value.code == 2
    assert "'bad id!' is not a Soundverse job id" in capsys.readouterr().err


def test_a_port_that_is_no_port_is_bad_input(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["mock-api", "--port", "99999"])
    assert done.value.code == 2
    assert "argument --port: 99999 is not a port: 0 (any free one) to 65535" in (
        capsys.readouterr().err
    )
