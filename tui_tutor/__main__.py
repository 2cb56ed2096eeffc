"""``python -m tui_tutor``: the same as the ``tui-tutor`` command."""

from tui_tutor.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
