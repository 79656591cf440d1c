import sys

from localbedrock.cli import main

sys.exit(main())
