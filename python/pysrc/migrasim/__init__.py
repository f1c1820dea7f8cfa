"""migrasim: agent-based simulation of international labour migration.

The engine is the same as the ``migrasim`` command line (same numbers for
the same seed). Tables come back as pandas DataFrames, converted from
Arrow record batches (no CSV in between); the manifest and the codebook
(``datapackage.json``) come back as dicts.

>>> import migrasim
>>> r = migrasim.run("scenarios/quickstart.toml", set={"decision.home_bias": 0.8}, seed=7)
>>> r.timeseries.query("country == 'POL'")[["date", "emigrants_abroad"]]
>>> r.manifest["summary"]
>>> r.units("timeseries")["emigrants_abroad"]
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from dataclasses import dataclass, field
from typing import Any, Dict, Iterable, Mapping, Optional, Union

import pyarrow as pa
import pyarrow.ipc

from . import _native
from ._native import InputError, MigrasimError

__all__ = [
    "run", "sweep", "validate", "compare", "facts", "read_run", "Result", "Comparison",
    "Facts", "MigrasimError", "InputError", "__version__",
]
__version__ = _native.__version__

PathLike = Union[str, "os.PathLike[str]"]


def _toml_value(v: Any) -> str:
    """A Python value as the text of a ``--set KEY=VALUE`` override."""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(_toml_value(x) if not isinstance(x, str) else json.dumps(x) for x in v) + "]"
    return str(v)


def _overrides(set: Optional[Union[Mapping[str, Any], Iterable[str]]]) -> list:
    if set is None:
        return []
    if isinstance(set, Mapping):
        return [f"{k}={_toml_value(v)}" for k, v in set.items()]
    if isinstance(set, str):
        return [set]
    return [str(x) for x in set]


def _table(stream: bytes) -> pa.Table:
    return pa.ipc.open_stream(pa.py_buffer(stream)).read_all()


@dataclass
class Result:
    """A finished run.

    ``tables`` maps table names (``timeseries``, ``flows``, ``stocks``,
    ``countries`` and, with regions, ``regions``) to pandas DataFrames;
    each is also an attribute (``result.flows``). ``arrow`` holds the same
    tables as pyarrow Tables (with each field's unit and description as
    metadata). ``manifest`` is manifest.json as a dict; ``datapackage`` the
    codebook (columns, types, units, descriptions).
    """

    arrow: Dict[str, pa.Table]
    manifest: Dict[str, Any]
    datapackage: Dict[str, Any]
    out: Optional[str] = None
    _frames: Dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def tables(self) -> Dict[str, Any]:
        """Every table as a pandas DataFrame."""
        for name in self.arrow:
            self._frame(name)
        return dict(self._frames)

    def _frame(self, name: str):
        if name not in self._frames:
            self._frames[name] = self.arrow[name].to_pandas()
        return self._frames[name]

    def __getattr__(self, name: str):
        arrow = self.__dict__.get("arrow", {})
        if name in arrow:
            return self._frame(name)
        raise AttributeError(name)

    def __dir__(self):
        return list(super().__dir__()) + list(self.arrow)

    def fields(self, table: str) -> Dict[str, Dict[str, Any]]:
        """The codebook entries of a table's columns: name → {type, unit, description}."""
        for r in self.datapackage["resources"]:
            if r["name"] == table:
                return {f["name"]: f for f in r["schema"]["fields"]}
        raise KeyError(f"no table {table!r}; the run has {', '.join(self.arrow)}")

    def units(self, table: str) -> Dict[str, str]:
        """Unit of each column of a table ('' for codes, labels and dates)."""
        return {n: f.get("unit", "") for n, f in self.fields(table).items()}


def run(
    scenario: PathLike,
    set: Optional[Union[Mapping[str, Any], Iterable[str]]] = None,
    seed: Optional[int] = None,
    threads: Optional[int] = None,
    out: Optional[PathLike] = None,
    format: str = "csv",
    plots: bool = True,
) -> Result:
    """Runs a scenario file and returns its tables, manifest and codebook.

    ``set`` overrides values like ``migrasim run --set``: a dict
    ``{"decision.home_bias": 0.8}`` or strings ``["decision.home_bias=0.8"]``.
    ``seed`` overrides ``simulation.seed``; ``threads`` defaults to every core
    (the numbers do not depend on it). With ``out`` the run folder is also
    written there (tables in ``format``: ``csv`` or ``parquet``; charts and
    report unless ``plots=False``). Bad input raises :class:`InputError`
    with the command line's message (file:line:column, key, hint).
    """
    raw = _native.run(
        os.fspath(scenario),
        _overrides(set),
        seed,
        threads,
        None if out is None else os.fspath(out),
        format,
        plots,
    )
    arrow = {name: _table(b) for name, b in raw["tables"].items()}
    return Result(
        arrow=arrow,
        manifest=json.loads(raw["manifest"]),
        datapackage=json.loads(raw["datapackage"]),
        out=None if out is None else os.fspath(out),
    )


def validate(scenario: PathLike, set=None) -> str:
    """Checks a scenario; returns the summary ``migrasim validate`` prints."""
    return _native.validate(os.fspath(scenario), _overrides(set))


def sweep(
    plan: PathLike,
    out: Optional[PathLike] = None,
    jobs: Optional[int] = None,
    threads: Optional[int] = None,
    plots: bool = False,
):
    """Runs a sweep file here (the runs not done yet), collects it and returns
    results.csv as a pandas DataFrame (one row per run: run_id, point,
    replicate, seed, each swept key, each metric)."""
    import pandas as pd

    path = _native.sweep(
        os.fspath(plan), None if out is None else os.fspath(out), jobs, threads, plots
    )
    return pd.read_csv(path, dtype={"run_id": str})


def read_run(folder: PathLike) -> Dict[str, Any]:
    """Reads a run folder written by ``migrasim run`` (CSV or Parquet) into
    pandas DataFrames typed from its ``datapackage.json``."""
    import pandas as pd

    folder = os.fspath(folder)
    with open(os.path.join(folder, "datapackage.json"), encoding="utf-8") as f:
        package = json.load(f)
    dtypes = {"integer": "Int64", "number": "float64", "string": "string", "yearmonth": "string"}
    frames = {}
    for r in package["resources"]:
        path = os.path.join(folder, r["path"])
        if r["format"] == "parquet":
            frames[r["name"]] = pd.read_parquet(path)
        else:
            types = {f["name"]: dtypes[f["type"]] for f in r["schema"]["fields"]}
            frames[r["name"]] = pd.read_csv(path, dtype=types, keep_default_na=False, na_values=[""])
    return frames


def _frame(text: str):
    import io

    import pandas as pd

    # Codes (e.g. "NAM") stay text; empty cells are missing values.
    return pd.read_csv(io.StringIO(text), keep_default_na=False, na_values=[""],
                       dtype={"origin": str, "dest": str})


@dataclass
class Comparison:
    """What ``migrasim compare`` computes, as DataFrames.

    ``figures`` is compare.csv: one row per kind, set (``all``, ``later``,
    ``change``) and predictor (``model``, ``persistence``,
    ``persistence_scaled``) with cells, scale, spearman, pearson,
    rmse_log10, rmse and ard. ``cells`` is compare_cells.csv: every matched
    observation with its simulated value. ``coverage`` counts, by kind, the
    observations and why some were not matched. ``text`` is what the
    command line prints.
    """

    figures: Any
    cells: Any
    coverage: Any
    text: str

    def __str__(self) -> str:
        return self.text


@contextlib.contextmanager
def _run_folder(run: Union["Result", PathLike], what: str):
    """A run folder for ``run``: the folder itself, the folder a Result was
    written to, or (a Result held only in memory) a temporary folder with
    its tables as Parquet and its manifest."""
    if isinstance(run, Result):
        if run.out is not None:
            yield run.out
            return
        import pyarrow.parquet as pq

        with tempfile.TemporaryDirectory(prefix="migrasim-") as tmp:
            for name, table in run.arrow.items():
                pq.write_table(table, os.path.join(tmp, name + ".parquet"))
            with open(os.path.join(tmp, "manifest.json"), "w", encoding="utf-8") as f:
                json.dump(run.manifest, f)
            yield tmp
        return
    yield os.fspath(run)


def compare(
    run: Union["Result", PathLike],
    observed: PathLike,
    write: bool = False,
    plots: bool = False,
) -> Comparison:
    """Compares a run with observed migration, as ``migrasim compare RUN_DIR
    OBSERVED.csv`` (same figures: the same code computes them).

    ``run`` is a run folder (CSV or Parquet) or a :class:`Result` of
    :func:`run`. ``observed`` is a CSV in the long format of
    docs/calibration.md (``kind, origin, dest, year[, period_years, skill],
    value``). With ``write=True`` (a run folder, or a Result run with
    ``out=``), compare/ is written into the folder as the command line does
    (charts too with ``plots=True``). Bad input raises :class:`InputError`.
    """
    if write and isinstance(run, Result) and run.out is None:
        raise ValueError("write=True needs a run folder: run with out=... or pass the folder")
    import pandas as pd

    with _run_folder(run, "compare") as folder:
        raw = _native.compare(folder, os.fspath(observed), write, plots)
    coverage = pd.DataFrame(
        raw["coverage"],
        columns=["kind", "observed", "matched", "no_country", "no_time", "no_skill"],
    )
    return Comparison(
        figures=_frame(raw["figures"]),
        cells=_frame(raw["cells"]),
        coverage=coverage,
        text=raw["table"],
    )


@dataclass
class Facts:
    """What ``migrasim facts`` measures, as DataFrames: ``facts`` (fact,
    value, se, target, met), ``gravity`` (the regression's terms),
    ``origins`` (income and emigration rates by origin) and ``hump``
    (emigration by income band); ``text`` is what the command line prints."""

    facts: Any
    gravity: Any
    origins: Any
    hump: Any
    text: str

    def __str__(self) -> str:
        return self.text


def facts(run: Union["Result", PathLike], write: bool = False) -> Facts:
    """The stylised facts of migration of a run, as ``migrasim facts RUN_DIR``
    (docs/facts.md): a run folder (CSV or Parquet) or a :class:`Result`.
    With ``write=True`` the folder's facts/ is written as the command line does."""
    if write and isinstance(run, Result) and run.out is None:
        raise ValueError("write=True needs a run folder: run with out=... or pass the folder")
    with _run_folder(run, "facts") as folder:
        raw = _native.facts(folder, write)
    return Facts(
        facts=_frame(raw["facts"]),
        gravity=_frame(raw["gravity"]),
        origins=_frame(raw["origins"]),
        hump=_frame(raw["hump"]),
        text=raw["table"],
    )
