"""FRONTWATCH_HOME set for a block of tests, and restored after."""
import os
from contextlib import contextmanager


@contextmanager
def frontwatch_home(path):
    old = os.environ.get("FRONTWATCH_HOME")
    os.environ["FRONTWATCH_HOME"] = str(path)
    try:
        yield path
    finally:
        if old is None:
            os.environ.pop("FRONTWATCH_HOME", None)
        else:
            os.environ["FRONTWATCH_HOME"] = old
