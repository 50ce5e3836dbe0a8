"""The bundle's entry point: the same `peerreview` command as the console script (no command opens the app;
`peerreview selftest` checks the installation)."""

import os
import sys

if not any(os.environ.get(v) for v in ("LC_ALL", "LC_CTYPE", "LANG")):
    os.environ["LC_CTYPE"] = "C.UTF-8"  # Qt wants a UTF-8 locale; a bare environment (a service, env -i) has none

from peerreview_desktop.__main__ import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
