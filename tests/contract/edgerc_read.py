"""Reads .edgerc text with edgegrid-python's own EdgeRc (tests/acc_functions.rs).

Usage: edgerc_read.py FILE SECTION HOST CLIENT_TOKEN ACCESS_TOKEN CLIENT_SECRET (a test's
made-up values).
"""

import sys

from akamai.edgegrid import EdgeRc

path, section, host, client_token, access_token, client_secret = sys.argv[1:7]
rc = EdgeRc(path)
checks = [
    ("host", rc.get(section, "host"), host),
    ("client_token", rc.get(section, "client_token"), client_token),
    ("access_token", rc.get(section, "access_token"), access_token),
    ("client_secret", rc.get(section, "client_secret"), client_secret),
]
failed = 0
for name, got, want in checks:
    ok = got == want
    failed += 0 if ok else 1
    print(f"{'ok' if ok else 'FAILED'}: edgegrid-python EdgeRc reads {name}")
print(f"checks: {len(checks) - failed} passed, {failed} failed")
