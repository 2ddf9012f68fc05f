"""Batch checking of a whole corpus (``refcheck batch``), on one machine or on a Dask cluster.

* :mod:`refcheck.batch.inputs` - files, directories, list files, JSON-lines manifests -> items;
* :mod:`refcheck.batch.task` - one manuscript: check, write its schema-1 report, summary row;
* :mod:`refcheck.batch.runner` - resume, the summary table (JSON-lines + CSV), progress;
* :mod:`refcheck.batch.local` - in-process or N worker processes;
* :mod:`refcheck.batch.cluster` - Dask distributed (optional extra ``[dask]``);
* :mod:`refcheck.batch.rate` - one registry rate budget shared by every worker.
"""

from refcheck.batch.inputs import collect
from refcheck.batch.runner import BatchResult, run_batch
from refcheck.batch.task import Item, JobSpec, check_one

__all__ = ["BatchResult", "Item", "JobSpec", "check_one", "collect", "run_batch"]
