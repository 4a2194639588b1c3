from aftersales.settlement.generation import settlements_generate
from aftersales.settlement.models import Statement
from aftersales.settlement.statements import statement_approve, statement_confirm
from tests.settlement.helpers import approved_claim, month


def test_flow(world):
    claim = approved_claim(world)
    u = world.users
    result = settlements_generate(manufacturer=world.appliance, period=month(), actor=u["finance"])
    assert result.claims == 1
    child = Statement.objects.get(payee=world.station_sh)
    parent = Statement.objects.get(payee=world.network)
    print(child.__dict__, parent.__dict__)
    assert child.balances() and parent.balances()
    statement_confirm(statement=child, actor=u["manager"])
    statement_approve(statement=child, actor=u["network_finance"])
    statement_confirm(statement=parent, actor=u["network_finance"])
    statement_approve(statement=parent, actor=u["finance"])
    claim.refresh_from_db()
    assert claim.status == "settled"
