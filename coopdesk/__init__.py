"""coopdesk: bookkeeping, member register and product labels for village cooperatives.

The package root holds the shared core (a book and its unit of work, money, translations, the PDF
kit, access and audit); the domain packages `members`, `ledger` and `products` sit on it, and the
command line (`cli`) and the desktop app (`ui`, the only place Qt lives) sit on those.
"""

__version__ = "0.1.0"
