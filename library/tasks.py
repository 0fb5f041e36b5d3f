from django_tasks import task

from .analysis import analyse_document
from .importer import check_job, run_job


@task()
def analyse_document_task(document_id: int) -> str:
    """Background job: thin wrapper over library.analysis.analyse_document."""
    return analyse_document(document_id)


@task()
def check_import_task(job_id: str) -> str:
    """Background job: read and validate an admin import (library.importer.check_job)."""
    return check_job(job_id)


@task()
def run_import_task(job_id: str) -> str:
    """Background job: import a confirmed admin import (library.importer.run_job)."""
    return run_job(job_id)
