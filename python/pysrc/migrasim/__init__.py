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

import json
import os
from dataclasses import dataclass, field
from typing import Any, Dict, Iterable, Mapping, Optional, Union

import pyarrow as pa
import pyarrow.ipc

from . import _native
from ._native import InputError, MigrasimError

__all__ = ["run", "sweep", "validate", "Result", "MigrasimError", "InputError", "__version__"]
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
