"""The demo loader: run again (e.g. `make run PORT=8101` after a first run) it adds nothing and
moves the hub and every demo centre to the new port, and no other site."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import Page, Site

from home.demo import load_demo_network
from hub.models import Centre
from hub.provisioning import HUB_STAFF_GROUP

pytestmark = pytest.mark.django_db


def test_loading_again_on_another_port_moves_the_demo_sites_and_adds_nothing():
    from home.factories import CentreFactory

    own = CentreFactory(hostname="rieng.example.vn", port=8000)  # not one of the demo's
    before = (Page.objects.count(), Centre.objects.count(), Group.objects.count())
    assert Site.objects.exclude(pk=own.site_id).filter(port=80).count() == 9
    result = load_demo_network(port=8101, log=lambda _message: None)
    assert result["hub_url"] == "http://localhost:8101/"
    assert set(Site.objects.exclude(pk=own.site_id).values_list("port", flat=True)) == {8101}
    assert Site.objects.get(pk=own.site_id).port == 8000
    assert (Page.objects.count(), Centre.objects.count(), Group.objects.count()) == before
    assert Group.objects.filter(name=HUB_STAFF_GROUP).count() == 1
