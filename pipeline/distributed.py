"""The Dask engine: chunks of articles analysed on the workers of a Dask cluster.

Each worker process keeps its pipelines after the first chunk (``pipeline.analyse.analyse_articles``
holds them per process), so a model is loaded once per worker, not once per chunk. Workers must run
the same code and see the same models at the same path as the client (a shared folder, or the same
image); a worker that does not refuses with the fingerprints it found. Results come back in corpus
order and are cached by the client, so the outputs are the local engine's, byte for byte.

With no scheduler address a local cluster is started with ``n_workers`` single-threaded processes.
"""

from __future__ import annotations

from typing import Any, Sequence

from pipeline.analyse import ResultSettings, analyse_articles
from pipeline.model import Article
from pipeline.params import ConfigError


class DaskEngine:
    def __init__(self, settings: ResultSettings, *, fingerprint: str, scheduler: str | None = None, n_workers: int = 1) -> None:
        try:
            from distributed import Client, LocalCluster
        except ImportError as error:
            raise ConfigError("the dask engine needs the dask extra: pip install 'pipeline[dask]'") from error
        self.settings = settings
        self.fingerprint = fingerprint
        if scheduler:
            self._cluster = None
            try:
                self._client = Client(scheduler)
            except OSError as error:
                raise ConfigError(f"cannot reach the Dask scheduler at {scheduler}: {error}") from error
        else:
            self._cluster = LocalCluster(n_workers=n_workers, threads_per_worker=1, processes=True, dashboard_address=None)
            self._client = Client(self._cluster)
        workers = max(1, sum(w.get("nthreads", 1) for w in self._client.scheduler_info()["workers"].values()))
        self.window = 2 * workers

    def submit(self, articles: Sequence[Article]) -> Any:
        return self._client.submit(analyse_articles, list(articles), self.settings, self.fingerprint, pure=False)

    def close(self) -> None:
        self._client.close()
        if self._cluster is not None:
            self._cluster.close()
