"""The README stays true: its engine example runs and its two set-up commands lead it."""

import re
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"


def test_readme_opens_with_the_two_set_up_commands():
    text = README.read_text(encoding="utf-8")
    first_block = re.search(r"```\n(.*?)```", text, re.S).group(1).strip().splitlines()
    assert first_block == ["pip install . && tui-tutor", "pip install '.[test]' && pytest"]


def test_readme_engine_example_runs(capsys):
    text = README.read_text(encoding="utf-8")
    code = re.search(r"```python\n(.*?)```", text, re.S).group(1)
    namespace: dict = {}
    exec(compile(code, "README.md", "exec"), namespace)
    printed = capsys.readouterr().out.splitlines()
    assert len(printed) == 21  # epochs 0, 100, ..., 2000
    assert printed[-1].endswith("done")
