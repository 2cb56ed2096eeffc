"""A good lesson file and the helpers the parser's tests share (test_course_parse*.py)."""

from __future__ import annotations

from pathlib import Path

from tui_tutor.course import check_pack

GOOD = """+++
id = "demo"
title = "Demo lesson"
order = 3

[lab]
dataset = "moons"
m = 200
noise = 0.2
flip = 0.05
layers = [8, 3]
lambd = 0.0
lr = 0.3
epochs = 300
controls = ["lambd", "layers", "lr"]
views = ["curves", "boundary", "cost"]
+++

Intro text with a [link](lesson:demo#2).

::: step Underfitting

Text of step two. W[l] := (1 - αλ/m) W[l] - α dW[l]

```lab
layers = []
view = "boundary"
claims = [
  { metric = "train_error", op = ">", value = 0.1 },
  { metric = "w_norm_sq", op = "<", step = 3, margin = 1.5 },
]
```

```quiz
id = "q-single"
kind = "single"
prompt = "Which?"
choices = ["a", "b", "c"]
answer = 2
hint = "think"
explain = "because"
```

::: step

```python
::: step inside code is not a step
```

```quiz
id = "q-multi"
kind = "multiple"
prompt = "Which ones?"
choices = ["a", "b", "c"]
answer = [3, 1]
hint = "h"
explain = "e"
```

```quiz
id = "q-num"
kind = "numeric"
prompt = "Decay factor?"
answer = 0.9979
tolerance = 0.0001
hint = "h"
explain = "e"
```

```quiz
id = "q-predict"
kind = "predict"
prompt = "What happens with λ = 10?"
choices = ["train error rises", "nothing"]
answer = 1
run = { lambd = 10 }
expect = [{ metric = "train_error", op = ">", value = 0.1 }]
hint = "h"
explain = "e"
```

```quiz
id = "q-challenge"
kind = "challenge"
prompt = "Get the dev error under 12%."
goal = [
  { metric = "dev_error", op = "<", value = 0.12 },
  { metric = "gap", op = "<=", value = 0.02 },
]
solution = { lambd = 0.1 }
hint = "h"
explain = "e"
```
"""


def write(folder: Path, name: str, text: str | bytes) -> Path:
    path = folder / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def line_of(text: str, needle: str, nth: int = 1) -> int:
    """1-based line number of the nth line containing ``needle``."""
    hits = [i + 1 for i, line in enumerate(text.split("\n")) if needle in line]
    return hits[nth - 1]


def problems_of(text: str | bytes, tmp_path: Path) -> list[tuple[int, str]]:
    write(tmp_path, "01-demo.md", text)
    return [(p.line, p.message) for p in check_pack(tmp_path)]


def only_problem(text: str | bytes, tmp_path: Path) -> tuple[int, str]:
    found = problems_of(text, tmp_path)
    assert len(found) == 1, found
    return found[0]
