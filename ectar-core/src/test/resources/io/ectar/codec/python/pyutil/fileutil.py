import os


def remove_if_possible(f):
    try:
        os.remove(f)
    except OSError:
        pass
