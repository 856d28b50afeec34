"""The parts of the qemu power-cut test (../vm-powercut.py): guest image, virtual machine, disk check, pool."""


class Failure(Exception):
    """A broken invariant or a broken test setup; the message says which."""


def say(line):
    print(line, flush=True)
