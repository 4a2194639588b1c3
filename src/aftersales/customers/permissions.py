"""Who may record customers and assets: role sets and actions, declared once."""

from aftersales.core.access import declare_action, roles
from aftersales.core.roles import Role

# The office roles that take requests from customers (客服, 调度, 服务顾问, 服务经理).
INTAKE = roles(Role.AGENT, Role.DISPATCHER, Role.ADVISOR, Role.MANAGER, Role.ADMIN)

declare_action("customer:create", roles=INTAKE)
# A manufacturer's auditor records its own products (serials) as well.
declare_action("asset:create", roles=INTAKE | {Role.AUDITOR})
# Personal data masked for a viewer who does not act on the customer (`customers/privacy.py`)
# may be revealed, one customer at a time and audited, by these roles.
REVEAL = roles(Role.AUDITOR, Role.AGENT, Role.MANAGER, Role.ADMIN)
declare_action("customer:reveal", roles=REVEAL)
