"""The member register: members, the village register of migrant workers, households.

Knows nothing of money: the ledger refers to members, never the other way round.
"""
