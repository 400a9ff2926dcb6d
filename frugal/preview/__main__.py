import sys

from frugal.preview.cli import exit_on_termination, main

exit_on_termination()
sys.exit(main())
