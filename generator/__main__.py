"""`python -m modelgen` runs the same command line as the `modelgen` script."""

import sys

from .cli import main

sys.exit(main())
