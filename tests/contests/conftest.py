import datetime

import pytest
from django.utils import timezone

from contests.factories import add_contest, add_entry, contest_index
from home.factories import UserFactory


@pytest.fixture
def index(hub_home):
    return contest_index(hub_home)


@pytest.fixture
def judges(centre_a):
    return [UserFactory(username="gk-doc-lap"), UserFactory(username="gk-lam-ha")]


@pytest.fixture
def open_contest(index, judges, centre_a):
    return add_contest(
        index, judges=[(judges[0], None), (judges[1], centre_a)], title="Hội thi đang mở"
    )


@pytest.fixture
def judging_contest(index, judges, centre_a, centre_b):
    now = timezone.now()
    contest = add_contest(
        index,
        judges=[(judges[0], None), (judges[1], centre_a)],
        title="Hội thi đang chấm",
        submissions_open=now - datetime.timedelta(days=20),
        submissions_close=now - datetime.timedelta(days=10),
        judging_start=now - datetime.timedelta(days=9),
        judging_end=now + datetime.timedelta(days=5),
        engagement_cutoff=now - datetime.timedelta(days=1),
    )
    add_entry(contest, centre_a, title="Bài Lam Hạ")
    add_entry(contest, centre_b, title="Bài Phù Vân")
    return contest
