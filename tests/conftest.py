import pytest
from wagtail.models import Site

from home.factories import CentreFactory, UserFactory
from home.models import HubHomePage


@pytest.fixture
def hub_home(db):
    return HubHomePage.objects.get()


@pytest.fixture
def hub_site(hub_home):
    return Site.objects.get(root_page=hub_home)


@pytest.fixture
def centre_a(db):
    return CentreFactory(name="Phường Lam Hạ", hostname="lam-ha.localhost")


@pytest.fixture
def centre_b(db):
    return CentreFactory(name="Xã Phù Vân", hostname="phu-van.localhost")


@pytest.fixture
def editor_a(centre_a):
    return UserFactory(username="bientap.lamha", groups=[centre_a.editors_group])


@pytest.fixture
def contributor_a(centre_a):
    return UserFactory(username="congtac.lamha", groups=[centre_a.contributors_group])


@pytest.fixture
def superuser(db):
    return UserFactory(username="quantri", is_superuser=True, is_staff=True)


def host_of(centre) -> dict:
    """Client kwargs that send a request to a centre's own hostname."""
    return {"HTTP_HOST": centre.site.hostname}
