"""Who may use dispatch: actions declared once (the transitions are the work-order machine's)."""

from aftersales.core.access import declare_action, roles
from aftersales.core.roles import Role
from aftersales.workorders.permissions import DISPATCH

declare_action("dispatch:board", roles=DISPATCH)
# Batch dispatch reassigns a whole region at once: the regional dispatcher's tool.
declare_action("dispatch:batch", roles=roles(Role.DISPATCHER, Role.ADMIN))
# The technician's own day in route order (/staff/today/).
declare_action("dispatch:today", roles=roles(Role.TECHNICIAN))
