"""The demo loader: run again (e.g. `make run PORT=8101` after a first run) it adds nothing and
moves every site of the network to the new port."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import Page, Site

from home.demo import load_demo_network
from hub.models import Centre
from hub.provisioning import HUB_STAFF_GROUP

pytestmark = pytest.mark.django_db


def test_loading_again_on_another_port_moves_every_site_and_adds_nothing():
    before = (Page.objects.count(), Centre.objects.count(), Group.objects.count())
    assert set(Site.objects.values_list("port", flat=True)) == {80}
    result = load_demo_network(port=8101, log=lambda _message: None)
    assert result["hub_url"] == "http://localhost:8101/"
    assert set(Site.objects.values_list("port", flat=True)) == {8101}
    assert (Page.objects.count(), Centre.objects.count(), Group.objects.count()) == before
    assert Group.objects.filter(name=HUB_STAFF_GROUP).count() == 1
