"""The ``newslint`` command (its console script) and ``python -m newslint``.

Apart from :mod:`newslint.cli`, and importing nothing first, so that ``check`` forks its corpus
process (:mod:`newslint.corpus_process`) about 30 ms into the run, before the command line's own
modules load: that process imports NumPy on a second core while this one starts up (forked after
them, at ~70 ms, it still had most of the import to do once the workers ran). Then
:func:`newslint.cli.main`, and out: the exit handlers run and the output is flushed as at any
exit, but the interpreter's teardown is skipped (freeing every module and object one by one took
45-50 ms after a 600-article check with NumPy loaded, 20 ms without: a twentieth of the run, for
nothing a user sees). ``main`` itself returns normally: the tests and the desk call it.
"""

from __future__ import annotations

import os
import sys


def console() -> None:
    argv = sys.argv[1:]
    corpus = None
    if next((a for a in argv if not a.startswith("-")), None) == "check":
        from newslint import corpus_process

        if corpus_process.worth_starting(argv):
            corpus = corpus_process.CorpusProcess.start()
    from newslint.cli import main

    code = main(corpus_process=corpus)
    import atexit

    atexit._run_exitfuncs()  # what registered itself to run at exit still does (a Spark context's stop)
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (BrokenPipeError, ValueError):  # the reader is gone, or the stream was closed: nothing to show
            pass
        except OSError:  # a full disk under a redirection: the output is incomplete, say so as Python would
            code = code or 120
    os._exit(code)
