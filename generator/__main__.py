"""`python -m generator` runs the same command line as the `modelgen` script."""

import sys

from generator.cli import main

sys.exit(main())
