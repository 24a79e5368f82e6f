from delprojekt.models import Beslut, Handelse, Status
from tests.conftest import register
from tests.workflow_helpers import walk_to


def test_the_main_path_runs_from_forslag_to_avslutad(org, kansli, lg_members):
    dp = register(kansli, titel="Godartad njurkirurgi")
    dp = walk_to(dp, Status.AVSLUTAD, org=org, kansli=kansli, lg_members=lg_members)
    dp.refresh_from_db()
    assert dp.status == Status.AVSLUTAD
    assert dp.referens.startswith("SFBV-")
    overgangar = Handelse.objects.filter(delprojekt=dp, typ=Handelse.Typ.OVERGANG).count()
    assert overgangar == 16
    assert Beslut.objects.filter(delprojekt=dp).count() == 4
    assert dp.uppfoljningsomgangar.count() == 1
    assert dp.history.first().history_user == kansli
