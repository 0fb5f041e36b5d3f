"""A declaration from start to recognition: scoring, evidence, submission, review, decision."""

from __future__ import annotations

import pytest

from recognition import workflow
from recognition.models import Declaration, ReviewStep

pytestmark = pytest.mark.django_db


def test_tree_paths(tree):
    assert tree["unit_a"].path.startswith(tree["branch_a"].path)
    assert tree["branch_a"].path.startswith(tree["province"].path)
    assert not tree["unit_b"].path.startswith(tree["branch_a"].path)


def test_start_creates_one_declaration_with_an_answer_per_criterion(cycle, tree, learner_a):
    declaration, created = workflow.start(learner_a, cycle, tree["unit_a"])
    assert created
    assert declaration.answers.count() == cycle.criteria_set.criteria.count() == 8
    again, created = workflow.start(learner_a, cycle, tree["unit_b"])
    assert (again.pk, again.unit_id, created) == (declaration.pk, tree["unit_a"].pk, False)
    assert Declaration.objects.filter(learner=learner_a).count() == 1
    assert not ReviewStep.objects.filter(declaration=declaration).exists()
