"""Who may open the reports: the role sets, declared once.

Fault statistics are the manufacturer's analysis (its 审核员, 保修鉴定员 and 财务 read them for
their own products), and every side that files or watches claims reads the same figures over
its own claims: the station's office, the network's and the regional centre's desks, a
supplier's people over its own parts. Which claims each of them counts is the access layer's
(`access.py`); a technician on their own and a customer have no reports.
"""

from aftersales.core.access import declare_action, roles
from aftersales.core.roles import Role

ANALYSTS = roles(
    Role.AGENT,
    Role.DISPATCHER,
    Role.ADVISOR,
    Role.MANAGER,
    Role.WARRANTY_ASSESSOR,
    Role.QC_INSPECTOR,
    Role.PARTS_CLERK,
    Role.AUDITOR,
    Role.FINANCE,
    Role.ADMIN,
)

declare_action("report:fault_statistics", roles=ANALYSTS)
