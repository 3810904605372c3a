"""Every command the docs name works as written, and every command there is, is documented.

The commands are read from the README, docs/*.md and claims/README.md: each line of a shell block, and each inline
code span, that starts with `make`, `python -m referrals` or `papermill`. Each is checked against the project
without running anything: a make target and its variables must exist, a notebook's parameters must be its own and
valid, and a `python -m referrals` command must parse with the module's own command line. The reverse holds too:
every make target, every variable `make help` names and every subcommand and option of `python -m referrals` is
in some documented command. The cheap ones (help, verify, validate, the ledger, a transcript of an error) are then
run as written, in a copy of the project, and a transcript's documented output must be what the command prints.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import inspect
import io
import re
import shlex
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from unittest import mock

import pytest
from conftest import ROOT, assert_environment_current, copy_project

from referrals import params
from referrals.errors import UserError
from referrals.runner import find_notebook, project_environment

DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md")), ROOT / "claims" / "README.md"]
PROGRAMS = ("make", "python", "papermill")
#: Commands run as written, by the start of their arguments: quick, and writing only inside the project's copy.
CHEAP = [
    ("make", ("help",)),
    ("make", ("verify",)),
    ("make", ("validate",)),
    ("referrals", ("--help",)),
    ("referrals", ("verify",)),
    ("referrals", ("validate",)),
    ("referrals", ("ledger",)),
    ("referrals", ("datapackage", "--check")),
    ("referrals.runner", ("--help",)),
    ("referrals.runner", ("--help-params",)),
]
#: Files a documented command names that the reader writes themselves, and where the test takes each one from.
SUPPLIED = {"claims/my-outlet.csv": ("claims/README.md", "## Example: a new outlet")}


@dataclass
class Command:
    doc: str
    line: int
    text: str  # as written, comments and all: what a reader pastes into a shell
    transcript: bool = False  # shown as `$ command` followed by what it prints
    output: list[str] = field(default_factory=list)
    inline: bool = False  # in a sentence's code span rather than a block of commands

    @property
    def words(self) -> list[str]:
        return shlex.split(self.text, comments=True)

    @property
    def program(self) -> str:
        """make, papermill, or the module that `python -m` runs (referrals, referrals.runner...)."""
        words = self.words
        if Path(words[0]).name == "python":
            assert words[1] == "-m", f"{self}: python is run as `python -m referrals ...`"
            return words[2]
        return words[0]

    @property
    def args(self) -> list[str]:
        """The arguments, up to the first placeholder (`...`, `FILE...`): what is there to check."""
        words = self.words[3:] if Path(self.words[0]).name == "python" else self.words[1:]
        for i, word in enumerate(words):
            if word.endswith("..."):
                return words[: i + (1 if "=" in word else 0)]
        return words

    @property
    def placeholder(self) -> bool:
        return any(word.endswith("...") for word in self.words)

    def __str__(self) -> str:
        return f"{self.doc}, line {self.line}: {self.text}"


def _is_command(text: str) -> bool:
    words = text.split()
    if not words or Path(words[0]).name not in PROGRAMS or len(words) < 2:
        return False
    return Path(words[0]).name != "python" or (words[1] == "-m" and words[2:3] and words[2].startswith("referrals"))


def documented_commands(docs=DOCS) -> list[Command]:
    found = []
    for doc in docs:
        name = doc.relative_to(ROOT).as_posix() if ROOT in doc.parents else doc.name
        text = doc.read_text()
        blocks = list(re.finditer(r"^```([a-z]*)\n(.*?)^```", text, re.M | re.S))
        for block in blocks:
            if block[1] not in ("", "sh", "bash", "console", "shell"):
                continue
            first = text.count("\n", 0, block.start(2)) + 1
            lines = block[2].splitlines()
            i = 0
            while i < len(lines):
                start, line = i, lines[i]
                while line.endswith("\\") and i + 1 < len(lines):
                    i += 1
                    line = line[:-1] + " " + lines[i].strip()
                i += 1
                if line.startswith("$ ") and _is_command(line[2:]):
                    output = []
                    while i < len(lines) and not lines[i].startswith("$ "):
                        output.append(lines[i])
                        i += 1
                    found.append(Command(name, first + start, line[2:], True, output))
                elif _is_command(line):
                    found.append(Command(name, first + start, line))
        prose = text
        for block in reversed(blocks):
            prose = prose[: block.start()] + "\n" * block.group().count("\n") + prose[block.end() :]
        for span in re.finditer(r"`([^`\n]+)`", prose):
            if _is_command(span[1]):
                found.append(Command(name, prose.count("\n", 0, span.start()) + 1, span[1], inline=True))
    return found


# --- what exists: make targets and variables, modules and their command lines --------------------------------


def make_targets() -> set[str]:
    return set(re.findall(r"^([a-z][a-z\-]*):", (ROOT / "Makefile").read_text(), re.M))


def make_help() -> str:
    result = subprocess.run(["make", "--no-print-directory", "help"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout


def make_variables() -> set[str]:
    """Variables a command line may set: those the Makefile reads as $(NAME)."""
    return set(re.findall(r"\$\(([A-Z_]+)\)", (ROOT / "Makefile").read_text()))


class _Parsed(BaseException):
    def __init__(self, parser, namespace):
        super().__init__()
        self.parser, self.namespace = parser, namespace


def parse(module: str, argv: list[str]):
    """Parse argv with the module's own command line and stop there: (parser, namespace), or the error's text."""
    try:
        mod = importlib.import_module("referrals.__main__" if module == "referrals" else module)
    except ImportError:
        return f"python -m {module}: no such module"
    assert '__name__ == "__main__"' in Path(mod.__file__).read_text(), f"{module} cannot be run with python -m"
    if not inspect.signature(mod.main).parameters:
        return (None, None) if not argv else f"python -m {module} takes no arguments"
    original = argparse.ArgumentParser.parse_args

    def stop(self, args=None, namespace=None):
        raise _Parsed(self, original(self, args, namespace))

    err = io.StringIO()
    with mock.patch.object(argparse.ArgumentParser, "parse_args", stop), contextlib.redirect_stderr(err):
        with contextlib.redirect_stdout(io.StringIO()):
            try:
                mod.main(argv)
            except _Parsed as parsed:
                return parsed.parser, parsed.namespace
            except SystemExit as exc:
                if exc.code == 0 and {"-h", "--help"} & set(argv):
                    return None, None
                return err.getvalue().strip() or f"exit {exc.code}"
    return f"python -m {module} did not parse its arguments"


def subcommands() -> dict[str, set[str]]:
    """python -m referrals: each subcommand and its options."""
    parser, _ = parse("referrals", ["verify"])
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return {
        name: {o for a in sub._actions for o in a.option_strings if o not in ("-h", "--help")}
        for name, sub in action.choices.items()
    }


def _parameters(notebook: str, pairs: list[tuple[str, str]]) -> str | None:
    """A notebook's parameters as the runner checks them (output_dir defaulting to output/runs/), or the error."""
    try:
        stem = find_notebook(ROOT, notebook).stem
        given = dict(pairs)
        given.setdefault("output_dir", f"output/runs/{stem}")
        params.validate(stem, given)
    except UserError as exc:
        return str(exc)
    return None


def _pairs(words: list[str]) -> list[tuple[str, str]]:
    """-p NAME VALUE pairs (papermill's and the runner's); anything else in between is not a parameter."""
    return [(words[i + 1], words[i + 2]) for i, w in enumerate(words) if w in ("-p", "--parameter")]


def _make_problems(command: Command) -> list[str]:
    out = []
    for word in command.args:
        name = word.split("=", 1)[0]
        if "=" in word and name not in make_variables():
            out.append(f"make variable {name} is not read by the Makefile")
        elif "=" not in word and word not in make_targets():
            out.append(f"make target {word!r} does not exist")
    values = dict(w.split("=", 1) for w in command.args if "=" in w)
    named_only = command.inline and "NB" not in values  # `make run` named in a sentence, not a command to paste
    if "run" in command.args and not (command.transcript or command.placeholder or named_only):
        out.append(_parameters(values.get("NB", ""), _pairs(shlex.split(values.get("PARAMS", "")))))
    return [problem for problem in out if problem]


def _module_problems(command: Command) -> list[str]:
    program, args = command.program, command.args
    parsed = parse(program, args) if args or not command.placeholder else parse(program, ["--help"])
    if isinstance(parsed, str):
        # a command named in a sentence, such as `python -m referrals load-foi`, may leave out what it requires
        named_only = command.inline and "error: the following arguments are required" in parsed
        return [] if named_only else [parsed]
    _, namespace = parsed
    if program != "referrals.runner" or namespace is None or command.transcript:
        return []
    if namespace.help_params:
        return [e for e in [_parameters(namespace.help_params, [])] if e]
    if namespace.only:
        return [e for e in [_parameters(namespace.only, [tuple(p) for p in namespace.parameter])] if e]
    return []


def problems(command: Command) -> list[str]:
    """What is wrong with a documented command, checked against the project without running it."""
    if command.program == "make":
        return _make_problems(command)
    if command.program == "papermill":
        notebook = Path(command.args[0])
        if not (ROOT / notebook).exists():
            return [f"no notebook {notebook}"]
        error = _parameters(notebook.stem, _pairs(command.args))
        return [error] if error and not command.transcript else []
    if not command.program.startswith("referrals"):
        return [f"{command.program} is not a module of the project"]
    return _module_problems(command)


COMMANDS = documented_commands()


def test_the_docs_document_commands():
    programs = {c.program for c in COMMANDS}
    assert len(COMMANDS) > 40 and {"make", "referrals", "referrals.runner", "papermill"} <= programs
    assert any(c.transcript for c in COMMANDS)


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: f"{c.doc}:{c.line}")
def test_each_documented_command_names_what_exists(command, copy, monkeypatch):
    """Checked in the project's copy, where the files a reader is asked to write exist."""
    monkeypatch.chdir(copy)
    monkeypatch.setenv("REFERRALS_ROOT", str(copy))
    assert problems(command) == [], str(command)


def test_every_make_target_and_variable_is_documented():
    documented = {w for c in COMMANDS if c.program == "make" for w in c.args if "=" not in w}
    assert len(make_targets()) > 15
    assert make_targets() - documented == set(), "make targets no page documents"
    variables = set(re.findall(r"\b([A-Z][A-Z_]+)=", make_help())) - {"VARIABLE"}
    set_in_docs = {w.split("=", 1)[0] for c in COMMANDS if c.program == "make" for w in c.args if "=" in w}
    assert len(variables) > 4 and variables - set_in_docs == set(), "make variables no page documents"


def test_every_subcommand_and_option_is_documented():
    used: dict[str, set[str]] = {}
    for command in COMMANDS:
        if command.program == "referrals" and command.args and not command.args[0].startswith("-"):
            used.setdefault(command.args[0], set()).update(w.split("=")[0] for w in command.args if w.startswith("-"))
    everything = subcommands()
    assert len(everything) > 8
    assert set(everything) - set(used) == set(), "subcommands no page documents"
    missing = {name: options - used.get(name, set()) for name, options in everything.items()}
    assert {name: options for name, options in missing.items() if options} == {}, "options no page documents"


# --- running the cheap ones as written ---------------------------------------------------------------------


def _cheap(command: Command) -> bool:
    if command.transcript:
        return True
    if command.placeholder:
        return False
    return any(command.program == program and tuple(command.args[: len(start)]) == start for program, start in CHEAP)


RUNS = list({shlex.join(c.words): c for c in COMMANDS if _cheap(c)}.values())


@pytest.fixture(scope="module")
def copy(tmp_path_factory) -> Path:
    """A copy of the project with the project's own environment, and the files the docs ask a reader to write."""
    root = copy_project(tmp_path_factory.mktemp("documented") / "project")
    (root / "datapackage.json").write_bytes((ROOT / "datapackage.json").read_bytes())
    (root / ".venv").symlink_to(Path(sys.prefix))  # this environment, wherever VENV put it
    for path, (doc, heading) in SUPPLIED.items():
        text = (ROOT / doc).read_text()
        (root / path).write_text(text[text.index(heading) :].split("```")[1].lstrip("\n"))
    assert_environment_current(root)
    return root


def test_some_documented_commands_are_run():
    ran = {(c.program, c.args[0]) for c in RUNS}
    assert {("make", "help"), ("referrals", "verify"), ("referrals", "ledger"), ("make", "run")} <= ran


@pytest.mark.parametrize("command", RUNS, ids=lambda c: f"{c.doc}:{c.line}")
def test_a_cheap_documented_command_works_as_written(copy, command):
    env = project_environment(copy)
    for name in ("MAKEFLAGS", "MAKELEVEL", "MFLAGS"):  # as a newcomer's shell has it, not as make test's
        env.pop(name, None)
    result = subprocess.run(
        ["bash", "-c", command.text], cwd=copy, env=env, capture_output=True, text=True, timeout=300
    )
    printed = (result.stdout + result.stderr).splitlines()
    if command.transcript:
        assert follows(command.output, printed), f"{command}\nprinted:\n" + "\n".join(printed)
    else:
        assert result.returncode == 0, f"{command}\n{result.stdout}{result.stderr}"
    assert not [line for line in printed if "Traceback" in line], str(command)


def follows(expected: list[str], printed: list[str]) -> bool:
    """The documented lines appear in what was printed, in order; a line ending in '...' is a beginning."""
    lines = iter(printed)
    for want in (w for w in expected if w.strip()):
        if want.endswith("..."):
            if not any(line.startswith(want[:-3]) for line in lines):
                return False
        elif want not in lines:
            return False
    return True


@pytest.mark.parametrize(
    "expected, printed, holds",
    [
        (["a", "b..."], ["a", "x", "bcd"], True),
        (["b...", "a"], ["a", "bcd"], False),
        (["a"], ["ab"], False),
    ],
)
def test_follows_reads_a_transcript(expected, printed, holds):
    assert follows(expected, printed) is holds


def test_a_command_the_project_does_not_have_is_named(tmp_path):
    """The checks above fail on what a stale page would say (one case each)."""
    page = tmp_path / "page.md"
    page.write_text(
        "```\nmake figurs\nmake run NB=04-forces PARAMS='-p top_force 3'\npython -m referrals ledgr\n"
        "python -m referrals ledger --output x\npython -m referrals.nothing\n"
        "papermill notebooks/04-forces.ipynb out.ipynb -p hightlight_force Met\n```\n"
        "Also `make figures FORCED=1` and `python -m referrals.runner --only 04-forces -p period_end 2022-13`.\n"
    )
    found = documented_commands([page])
    assert len(found) == 8
    assert all(problems(c) for c in found), [str(c) for c in found if not problems(c)]
