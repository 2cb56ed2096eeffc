"""The class (issue 13): a class folder, the SSH and web servers, the instructor's view.

Modules import asyncssh, pyte and textual-serve only where they need them, so the plain
install never does.
"""
