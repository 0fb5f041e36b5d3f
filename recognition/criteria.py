"""Criteria sets as data: one plain shape (`SetData`) that the XLSX import reads into, the sample
sets are written in and `create_set` stores; a set in use is never edited, `new_version` copies it.

The official text of Decision 244/QĐ-KHVN is not available here: the sample sets below have the
decision's shape (groups of criteria, points out of 100, evidence, a pass threshold and a higher
grade) and are labelled as samples in their title, version and decision fields.
"""

from __future__ import annotations

import datetime
from typing import TypedDict

from django.db import transaction

from .models import CriteriaSet, Criterion, CriterionGroup, Grade, LearningModel


class CriterionData(TypedDict):
    code: str
    text: str
    guidance: str
    points: int
    kind: str  # Criterion.Kind value
    evidence_required: bool
    mandatory: bool


class GroupData(TypedDict):
    code: str
    title: str
    criteria: list[CriterionData]


class SetData(TypedDict):
    model: str
    title: str
    version: str
    decision: str
    valid_from: datetime.date
    valid_to: datetime.date | None
    approval: str
    is_sample: bool
    grades: list[tuple[str, int]]  # (name, min points)
    groups: list[GroupData]


@transaction.atomic
def create_set(data: SetData, previous: CriteriaSet | None = None) -> CriteriaSet:
    criteria_set = CriteriaSet.objects.create(
        model=data["model"],
        title=data["title"],
        version=data["version"],
        decision=data.get("decision", ""),
        valid_from=data["valid_from"],
        valid_to=data.get("valid_to"),
        approval=data.get("approval") or CriteriaSet.Approval.BRANCH,
        is_sample=data.get("is_sample", False),
        previous=previous,
    )
    order = 0
    for g_order, group in enumerate(data["groups"]):
        group_row = CriterionGroup.objects.create(
            criteria_set=criteria_set, code=group["code"], title=group["title"], order=g_order
        )
        rows = []
        for criterion in group["criteria"]:
            order += 1
            rows.append(
                Criterion(
                    criteria_set=criteria_set,
                    group=group_row,
                    code=criterion["code"],
                    text=criterion["text"],
                    guidance=criterion.get("guidance", ""),
                    points=criterion["points"],
                    kind=criterion.get("kind") or Criterion.Kind.CHECK,
                    evidence_required=criterion.get("evidence_required", False),
                    mandatory=criterion.get("mandatory", False),
                    order=order,
                )
            )
        Criterion.objects.bulk_create(rows)
    Grade.objects.bulk_create(
        Grade(criteria_set=criteria_set, name=name, min_points=points)
        for name, points in data["grades"]
    )
    return criteria_set


def as_data(criteria_set: CriteriaSet) -> SetData:
    """The set in the plain shape (export, new versions)."""
    groups: list[GroupData] = []
    by_group: dict[int, GroupData] = {}
    for group in criteria_set.groups.all():
        by_group[group.pk] = {"code": group.code, "title": group.title, "criteria": []}
        groups.append(by_group[group.pk])
    for criterion in criteria_set.criteria.all():
        by_group[criterion.group_id]["criteria"].append(
            {
                "code": criterion.code,
                "text": criterion.text,
                "guidance": criterion.guidance,
                "points": criterion.points,
                "kind": criterion.kind,
                "evidence_required": criterion.evidence_required,
                "mandatory": criterion.mandatory,
            }
        )
    return {
        "model": criteria_set.model,
        "title": criteria_set.title,
        "version": criteria_set.version,
        "decision": criteria_set.decision,
        "valid_from": criteria_set.valid_from,
        "valid_to": criteria_set.valid_to,
        "approval": criteria_set.approval,
        "is_sample": criteria_set.is_sample,
        "grades": [(g.name, g.min_points) for g in criteria_set.grades.all()],
        "groups": groups,
    }


def new_version(criteria_set: CriteriaSet, version: str, valid_from=None) -> CriteriaSet:
    """A copy to edit: the set in use stays as cycles used it."""
    data = as_data(criteria_set)
    data["version"] = version
    data["valid_from"] = valid_from or data["valid_from"]
    return create_set(data, previous=criteria_set)


def _c(code, text, points, guidance="", evidence=False, mandatory=False, kind="dat"):
    return {
        "code": code,
        "text": text,
        "guidance": guidance,
        "points": points,
        "kind": kind,
        "evidence_required": evidence,
        "mandatory": mandatory,
    }


SAMPLE_CITIZEN: SetData = {
    "model": LearningModel.CITIZEN,
    "title": "Bộ tiêu chí MẪU – Công dân học tập",
    "version": "MAU-2022",
    "decision": (
        "Bộ mẫu có cùng cấu trúc với Quyết định 244/QĐ-KHVN ngày 28/7/2022 — không phải văn bản "
        "chính thức; hội khuyến học nhập bộ chính thức bằng tệp XLSX mẫu."
    ),
    "valid_from": datetime.date(2022, 7, 28),
    "valid_to": None,
    "approval": CriteriaSet.Approval.BRANCH,
    "is_sample": True,
    "grades": [("Đạt", 70), ("Tiêu biểu", 90)],
    "groups": [
        {
            "code": "1",
            "title": "Học tập thường xuyên, suốt đời",
            "criteria": [
                _c(
                    "1.1",
                    "Có kế hoạch học tập của cá nhân trong năm và thực hiện kế hoạch đó.",
                    15,
                    "Bản kế hoạch tự viết, ảnh chụp sổ ghi chép.",
                    mandatory=True,
                ),
                _c(
                    "1.2",
                    "Tham gia ít nhất một khoá học, lớp học hoặc chuyên đề trong năm "
                    "(tại TTHTCĐ, trực tuyến hoặc nơi làm việc).",
                    20,
                    "Giấy chứng nhận, ảnh lớp học, hoặc khoá học đã hoàn thành trên hệ thống.",
                    evidence=True,
                    mandatory=True,
                ),
                _c(
                    "1.3",
                    "Đọc sách, báo, tài liệu hoặc học qua mạng thường xuyên (tự chấm 0–15 điểm).",
                    15,
                    "Bài đã học xong trên kho bài giảng, sách đã mượn ở thư viện.",
                    kind="diem",
                ),
            ],
        },
        {
            "code": "2",
            "title": "Vận dụng kiến thức vào cuộc sống và công việc",
            "criteria": [
                _c(
                    "2.1",
                    "Vận dụng điều đã học để nâng cao hiệu quả lao động, sản xuất, công việc.",
                    15,
                    "Ảnh, xác nhận của tổ dân phố hoặc cơ quan.",
                    evidence=True,
                ),
                _c(
                    "2.2",
                    "Sử dụng được điện thoại thông minh hoặc máy tính cho dịch vụ công, học tập.",
                    10,
                    "Ví dụ: dùng VNeID, nộp hồ sơ trực tuyến, học trên hệ thống.",
                ),
            ],
        },
        {
            "code": "3",
            "title": "Gương mẫu và lan toả việc học",
            "criteria": [
                _c(
                    "3.1",
                    "Gương mẫu chấp hành chủ trương, pháp luật và quy định nơi cư trú.",
                    10,
                    mandatory=True,
                ),
                _c(
                    "3.2",
                    "Tham gia hoạt động của Hội Khuyến học, TTHTCĐ, Tuần lễ hưởng ứng học tập "
                    "suốt đời.",
                    10,
                    "Sự kiện đã tham dự, ảnh hoạt động.",
                ),
                _c(
                    "3.3",
                    "Giúp đỡ người khác cùng học (con cháu, hàng xóm, đồng nghiệp).",
                    5,
                ),
            ],
        },
    ],
}

SAMPLE_FAMILY: SetData = {
    "model": LearningModel.FAMILY,
    "title": "Bộ tiêu chí MẪU – Gia đình học tập",
    "version": "MAU-2022",
    "decision": "Bộ mẫu để thử — không phải văn bản chính thức.",
    "valid_from": datetime.date(2022, 7, 28),
    "valid_to": None,
    "approval": CriteriaSet.Approval.BRANCH,
    "is_sample": True,
    "grades": [("Đạt", 70)],
    "groups": [
        {
            "code": "1",
            "title": "Các thành viên cùng học tập",
            "criteria": [
                _c(
                    "1.1",
                    "Trên 70% thành viên đạt danh hiệu Công dân học tập.",
                    40,
                    "Danh sách thành viên và giấy công nhận.",
                    evidence=True,
                    mandatory=True,
                ),
                _c("1.2", "Trẻ em trong độ tuổi đi học đều được đến trường.", 30, mandatory=True),
            ],
        },
        {
            "code": "2",
            "title": "Gia đình văn hoá, khuyến học",
            "criteria": [
                _c("2.1", "Có góc học tập, tủ sách gia đình.", 15, "Ảnh góc học tập."),
                _c("2.2", "Tham gia quỹ khuyến học, khuyến tài.", 15),
            ],
        },
    ],
}

SAMPLES = (SAMPLE_CITIZEN, SAMPLE_FAMILY)


def install_samples() -> list[CriteriaSet]:
    """The sample sets, once (idempotent)."""
    made = []
    for data in SAMPLES:
        existing = CriteriaSet.objects.filter(model=data["model"], version=data["version"]).first()
        made.append(existing or create_set(data))
    return made
