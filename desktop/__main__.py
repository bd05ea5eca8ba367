"""`python -m desktop`: the same entry point as the `tiepdan` command."""

import sys

from desktop.cli import main

sys.exit(main())
