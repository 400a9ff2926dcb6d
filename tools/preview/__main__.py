import sys

from tools.preview.cli import main

sys.exit(main())
