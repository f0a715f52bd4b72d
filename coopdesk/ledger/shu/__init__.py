"""SHU (sisa hasil usaha): the statutes' rules for sharing it, the computation for a closed year,
the distribution entry and the payout to members. See `rules`, `compute` and `distribute`."""

from coopdesk.ledger.shu.compute import MemberShare, PartAmount, ShuResult, compare, compute
from coopdesk.ledger.shu.distribute import Distribution, Payout, PayTo, distribute, pay_out
from coopdesk.ledger.shu.rules import LeaversRule, Part, SavingsMethod, ShuRules

__all__ = [
    "Distribution",
    "LeaversRule",
    "MemberShare",
    "Part",
    "PartAmount",
    "PayTo",
    "Payout",
    "SavingsMethod",
    "ShuResult",
    "ShuRules",
    "compare",
    "compute",
    "distribute",
    "pay_out",
]
