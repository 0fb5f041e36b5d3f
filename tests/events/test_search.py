"""Events are found by the federated search, without diacritics too (#23)."""

import pytest

from search import database

pytestmark = pytest.mark.django_db


def test_an_opening_is_found_without_diacritics():
    results = database.search("khai giang tin hoc nguoi cao tuoi", filters={"kind": "su-kien"})
    titles = {hit.entry.title for hit in results.hits}
    assert titles == {"Khai giảng lớp tin học cho người cao tuổi"}
    assert results.facets["kind"]["su-kien"] == 8  # one opening per demo centre
