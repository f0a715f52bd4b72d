"""Loans to members: products, exact schedules, the life cycle from application to closing,
repayments, arrears and loan quality (kolektibilitas), the allowance, and their printed pages.

`schedule` is pure (no book needed); the services take the session first and post one journal
entry per money event (disbursement, repayment, payoff, write-off, recovery).
"""
