"""`python -m coopdesk` is the same as the `coopdesk` command."""

from coopdesk.cli import main

raise SystemExit(main())
