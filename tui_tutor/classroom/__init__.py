"""The class (issue 13): a class folder, its servers, the learners' live files and the
instructor's live view. asyncssh, pyte and textual-serve are imported only inside the
modules that need them, so the plain install never imports them."""
