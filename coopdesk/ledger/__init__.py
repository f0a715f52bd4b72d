"""The books: chart of accounts, the double-entry journal, periods, savings, loans, statements."""
