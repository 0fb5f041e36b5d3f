from django_tasks import task

from .analysis import analyse_document


@task()
def analyse_document_task(document_id: int) -> str:
    """Background job: thin wrapper over library.analysis.analyse_document."""
    return analyse_document(document_id)
