"""Mail about a transition is queued with the change, to the right people, never to the
actor, and delivered by the outbox's worker."""

import pytest

from delprojekt.models import Person, Utskick
from delprojekt.services.errors import Invalid
from delprojekt.services.workflow import delprojekt_transition
from tests.conftest import deliver_mail, person_of, valj_notiser
from tests.workflow_helpers import run


@pytest.fixture
def contact(project_a):
    person = Person.objects.create(namn="Karin Kontakt", epost="karin.kontakt@example.test")
    project_a.kontaktperson = person
    project_a.save(update_fields=["kontaktperson"])
    return person


def test_transition_queues_mail_to_contact_person_and_chair(
    kansli, project_a, contact, ordforande, mailoutbox
):
    run(project_a, "bered", kansli, kommentar="Vi börjar.")
    assert mailoutbox == []  # queued, not sent: the worker delivers
    queued = Utskick.objects.filter(status=Utskick.Status.KOAD)
    assert sorted(queued.values_list("adress", flat=True)) == sorted(
        [contact.epost, person_of(ordforande).epost]
    )
    assert deliver_mail() == 2
    to = sorted(m.to[0] for m in mailoutbox)
    assert to == sorted([contact.epost, person_of(ordforande).epost])
    message = mailoutbox[0]
    assert project_a.referens in message.subject
    assert "Under beredning" in message.subject
    assert "Förslag → Under beredning" in message.body
    assert "Vi börjar." in message.body
    assert message.alternatives and "text/html" in message.alternatives[0][1]


def test_the_actor_and_people_who_opted_out_get_no_mail(kansli, project_a, contact, mailoutbox):
    me = person_of(kansli)
    project_a.kontaktperson = me
    project_a.save(update_fields=["kontaktperson"])
    valj_notiser(contact, "av")
    run(project_a, "bered", kansli)
    assert not Utskick.objects.exists()
    deliver_mail()
    assert mailoutbox == []


def test_a_refused_transition_sends_nothing(kansli, project_a, contact, mailoutbox):
    with pytest.raises(Invalid):
        delprojekt_transition(delprojekt=project_a, name="avbryt", user=kansli, kommentar="")
    assert not Utskick.objects.exists()
    deliver_mail()
    assert mailoutbox == []
