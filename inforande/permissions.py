"""Who may do what with implementation plans and escalated problems. Every permission
takes the project (``Delprojekt``) as its object; the services check the region
(``inforande.services.plan.may_write``)."""

from __future__ import annotations

import rules

from delprojekt.permissions import is_kansli, is_open, is_samordnare

# A region's plan: its coordinator (the kansli may help any region), while the project runs.
rules.add_perm("inforande.write_plan", is_open & (is_kansli | is_samordnare))
# Raising an implementation problem to the samarbetsgrupp or the ledningsgrupp.
rules.add_perm("inforande.eskalera", is_open & (is_kansli | is_samordnare))
# The body's answer is recorded by the kansli.
rules.add_perm("inforande.besvara", is_kansli)
# The sjukvårdsregion's own row of the implementation matrix is the kansli's.
rules.add_perm("inforande.update_sjukvardsregion", is_open & is_kansli)
