import sys

from pipespec.cli import console_main

sys.exit(console_main())
