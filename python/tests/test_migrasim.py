"""Tests of the migrasim Python package against the command line.

MIGRASIM_BIN names the command-line program (default: target/release/migrasim
of this repository). The scenario is the quickstart with fewer agents so the
tests stay quick.
"""

import json
import os
import subprocess
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

import migrasim

ROOT = Path(__file__).resolve().parents[2]
QUICKSTART = ROOT / "scenarios" / "quickstart.toml"
BIN = os.environ.get("MIGRASIM_BIN", str(ROOT / "target" / "release" / "migrasim"))
SMALL = {"simulation.agents": 20000, "simulation.months": 30}
SEED = 11


def cli(*args, check=True):
    p = subprocess.run([BIN, *map(str, args)], capture_output=True, text=True)
    if check and p.returncode != 0:
        raise AssertionError(f"{args} failed ({p.returncode}): {p.stderr}")
    return p


def cli_run(tmp_path, fmt, name=None, threads=2):
    out = tmp_path / (name or f"cli-{fmt}")
    sets = [a for k, v in SMALL.items() for a in ("--set", f"{k}={v}")]
    cli("run", QUICKSTART, *sets, "--seed", SEED, "--threads", threads, "--no-plots",
        "--quiet", "--format", fmt, "--out", out)
    return out


@pytest.fixture(scope="module")
def result():
    return migrasim.run(QUICKSTART, set=SMALL, seed=SEED, threads=1)


def test_same_numbers_as_the_command_line_in_both_formats(result, tmp_path):
    # pairs.csv in every run; policy.csv because the quickstart has entry rules
    assert set(result.tables) == {
        "countries", "timeseries", "flows", "stocks", "pairs", "policy"
    }
    for fmt in ["csv", "parquet"]:
        files = migrasim.read_run(cli_run(tmp_path, fmt))
        assert set(files) == set(result.tables)
        for name, frame in result.tables.items():
            # Same columns, same values; the command line ran with 2 threads,
            # the package with 1.
            pd.testing.assert_frame_equal(
                frame.reset_index(drop=True),
                files[name].reset_index(drop=True),
                check_dtype=False,
                obj=f"{fmt} {name}",
            )
    ts = result.timeseries
    assert len(ts) == 30 * len(result.countries)
    assert ts["emigrants_abroad"].sum() > 0, "nobody moved: the comparison would prove little"


def test_tables_are_typed_from_the_codebook(result):
    for name, table in result.arrow.items():
        fields = result.fields(name)
        assert [f.name for f in table.schema] == list(fields)
        for f in table.schema:
            want = {"integer": "int64", "number": "double", "string": "string",
                    "yearmonth": "string"}[fields[f.name]["type"]]
            assert str(f.type) == want, (name, f.name)
            meta = {k.decode(): v.decode() for k, v in (f.metadata or {}).items()}
            assert meta.get("unit", "") == fields[f.name].get("unit", ""), (name, f.name)
            assert meta["description"] == fields[f.name]["description"]
    assert result.units("timeseries")["wage_low"] == "US$ a month"
    assert result.units("timeseries")["population"] == "people"
    assert result.units("countries")["unemployment"] == "share"


def test_the_manifest_is_a_dict_of_the_run(result):
    m = result.manifest
    assert m["engine"] == "migrasim"
    assert m["seed"] == SEED
    assert m["run"]["threads"] == 1
    assert m["parameters"]["simulation"]["scale"]["agents"] == SMALL["simulation.agents"]
    # The quickstart follows observed populations (demography), so the
    # agents at the end are those of the last month, not the number asked.
    ts = result.timeseries
    last = ts[ts["step"] == ts["step"].max()]
    assert m["run"]["agents"] == int(last["agents"].sum())
    assert m["overrides"][:2] == [f"{k}={v}" for k, v in SMALL.items()]
    assert "timeseries.csv" in m["files"] and "datapackage.json" in m["files"]


def test_threads_do_not_change_the_numbers(result):
    again = migrasim.run(QUICKSTART, set=SMALL, seed=SEED, threads=3)
    for name in result.tables:
        pd.testing.assert_frame_equal(result.tables[name], again.tables[name])
    other = migrasim.run(QUICKSTART, set=SMALL, seed=SEED + 1, threads=1)
    assert not result.flows.equals(other.flows), "the seed must matter"


def test_errors_carry_the_command_lines_message(tmp_path):
    bad = ["decision.home_bias=-1", "decision.no_such_key=1"]
    p = cli("run", QUICKSTART, *[a for s in bad for a in ("--set", s)], "--out",
            tmp_path / "never", check=False)
    assert p.returncode == 2
    with pytest.raises(migrasim.InputError) as e:
        migrasim.run(QUICKSTART, set=bad, out=tmp_path / "never")
    assert p.stderr.strip() == f"error: {e.value}"
    assert "--set:2:" in str(e.value)
    assert not (tmp_path / "never").exists()
    assert isinstance(e.value, migrasim.MigrasimError)

    broken = tmp_path / "broken.toml"
    broken.write_text('name = "b"\n[simulation]\nmonths = "x"\n')
    p = cli("validate", broken, check=False)
    with pytest.raises(migrasim.InputError) as e:
        migrasim.validate(broken)
    assert p.stderr.strip() == f"error: {e.value}"
    assert f"{broken}:3:" in str(e.value)

    with pytest.raises(migrasim.InputError, match="allowed: csv, parquet"):
        migrasim.run(QUICKSTART, set=SMALL, format="xlsx")
    with pytest.raises(migrasim.MigrasimError, match="no_such.toml"):
        migrasim.run(tmp_path / "no_such.toml")


def test_a_run_folder_written_from_python_is_the_command_lines(tmp_path):
    out = tmp_path / "py"
    migrasim.run(QUICKSTART, set=SMALL, seed=SEED, threads=2, out=out, format="parquet",
                 plots=False)
    ref = cli_run(tmp_path, "parquet")
    for f in sorted(os.listdir(ref)):
        if f.endswith(".parquet") or f == "datapackage.json":
            assert (out / f).read_bytes() == (ref / f).read_bytes(), f
    assert sorted(os.listdir(out)) == sorted(os.listdir(ref))


def frictionless_report(folder):
    import frictionless

    return frictionless.validate(str(folder / "datapackage.json"))


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_the_codebook_validates_and_matches_the_files(tmp_path, fmt):
    out = cli_run(tmp_path, fmt)
    package = json.loads((out / "datapackage.json").read_text())
    manifest = json.loads((out / "manifest.json").read_text())
    tables = {r["path"] for r in package["resources"]}
    on_disk = {f for f in os.listdir(out) if f.endswith("." + fmt)}
    assert tables == on_disk
    assert sorted(tables | {"datapackage.json"}) == sorted(manifest["files"])
    for r in package["resources"]:
        assert r["format"] == fmt
        path = out / r["path"]
        names = [f["name"] for f in r["schema"]["fields"]]
        if fmt == "csv":
            header = path.read_text().splitlines()[0].split(",")
        else:
            header = pq.read_schema(path).names
        # Every column written has a codebook entry, in order, and no other.
        assert header == names, r["name"]
        for f in r["schema"]["fields"]:
            assert f["description"].strip(), (r["name"], f["name"])
            assert f["type"] in {"integer", "number", "string", "yearmonth"}
    report = frictionless_report(out)
    assert report.valid, report.flatten(["resourcePath", "rowNumber", "fieldName", "type", "note"])
    assert len(report.tasks) == len(package["resources"])
    assert sum(t.stats["rows"] for t in report.tasks) > 100
    if fmt == "csv":
        # The check can fail: a value that breaks its declared type does.
        ts = out / "timeseries.csv"
        lines = ts.read_text().splitlines()
        cells = lines[1].split(",")
        cells[4] = "many"  # residents: integer
        lines[1] = ",".join(cells)
        ts.write_text("\n".join(lines) + "\n")
        report = frictionless_report(out)
        assert not report.valid
        assert "type-error" in str(report.flatten(["type"]))


def test_r_recipe_types_cover_the_codebook(tmp_path):
    """docs/python-r.md maps codebook types to readr column types (the recipe
    itself runs in R in scripts/ci/r.sh); check here that the mapping covers
    every type the codebook uses and that reading each CSV with it gives no
    missing values where the file has none."""
    recipe = (ROOT / "docs" / "python-r.md").read_text()
    mapping = {"integer": "d", "number": "d", "string": "c", "yearmonth": "c"}
    for t, letter in mapping.items():
        assert f'{t} = "{letter}"' in recipe, t
    out = cli_run(tmp_path, "csv")
    package = json.loads((out / "datapackage.json").read_text())
    pandas_of = {"d": "float64", "c": "string"}
    for r in package["resources"]:
        spec = "".join(mapping[f["type"]] for f in r["schema"]["fields"])
        assert len(spec) == len(r["schema"]["fields"])
        df = pd.read_csv(out / r["path"], keep_default_na=False, na_values=[""],
                         dtype={f["name"]: pandas_of[mapping[f["type"]]]
                                for f in r["schema"]["fields"]})
        ints = [f["name"] for f in r["schema"]["fields"] if f["type"] == "integer"]
        assert not df[ints].isna().any().any(), r["name"]
        # readr's "i" is 32-bit; "d" (double) holds every integer exactly
        # up to 2^53.
        assert (df[ints].abs() < 2**53).all().all(), r["name"]


def test_sweep_returns_the_collected_results(tmp_path):
    plan = tmp_path / "tiny.toml"
    plan.write_text(
        f'scenario = "{QUICKSTART}"\nseed = 5\nreplicates = 2\n'
        '[axes]\nsimulation.agents = 5000\nsimulation.months = 12\n'
        'decision.home_bias = [1.0, 3.0]\n'
        '[outputs]\ncorridors = ["POL->DEU"]\n'
    )
    out = tmp_path / "sweep"
    df = migrasim.sweep(plan, out=out, jobs=2, threads=1)
    assert len(df) == 4
    assert {"run_id", "seed", "decision.home_bias", "moves", "flow.POL->DEU"} <= set(df.columns)
    cli("sweep", "collect", out, "--no-plots")
    assert df.equals(pd.read_csv(out / "results.csv", dtype={"run_id": str}))
    # Higher home bias: fewer moves (same seeds on both points).
    by = df.groupby("decision.home_bias")["moves"].mean()
    assert by[3.0] < by[1.0]


def observed_from(folder, path):
    """Observations taken from a run folder's own tables and scaled by
    0.5-1.5 along the rows, so that the fit is neither perfect nor empty:
    the last stocks and the second year's flows."""
    tables = migrasim.read_run(folder)
    stocks, flows = tables["stocks"], tables["flows"]
    first = stocks[stocks["step"] == stocks["step"].max()]
    year = int(first["date"].iloc[0][:4])
    lines = ["kind,origin,dest,year,period_years,value"]
    for n, r in enumerate(first.itertuples()):
        lines.append(f"stock,{r.origin},{r.residence},{year},,{round(r.migrants * (0.5 + (n % 11) / 10))}")
    start = int(tables["timeseries"]["date"].iloc[0][:4])
    second = flows[flows["date"].str.startswith(str(start + 1))]
    summed = second.groupby(["origin", "destination"])["movers"].sum()
    for n, ((a, b), m) in enumerate(summed.items()):
        lines.append(f"flow,{a},{b},{start + 1},1,{round(m * (0.7 + (n % 5) / 10))}")
    path.write_text("\n".join(lines) + "\n")
    return len(first), len(summed)


def test_compare_gives_the_command_lines_figures(result, tmp_path):
    folder = cli_run(tmp_path, "csv")
    obs = tmp_path / "obs.csv"
    stocks, flows = observed_from(folder, obs)
    assert stocks >= 5 and flows >= 5
    cli("compare", folder, obs, "--no-plots", "--quiet")
    want = pd.read_csv(folder / "compare" / "compare.csv", keep_default_na=False, na_values=[""])
    want_cells = pd.read_csv(folder / "compare" / "compare_cells.csv", keep_default_na=False,
                             na_values=[""], dtype={"origin": str, "dest": str})
    parquet = cli_run(tmp_path, "parquet")
    # A CSV folder, a Parquet folder, and a run held in memory.
    for run in [folder, parquet, result]:
        c = migrasim.compare(run, obs)
        pd.testing.assert_frame_equal(c.figures, want, obj=str(run)[:40])
        pd.testing.assert_frame_equal(c.cells, want_cells, obj=str(run)[:40])
    row = c.figures.query("kind == 'stock' and set == 'all' and predictor == 'model'").iloc[0]
    assert row["cells"] == stocks
    assert 0.0 < row["spearman"] < 1.0, "the scaled stocks must not fit exactly"
    assert list(c.coverage["kind"]) == ["stock", "flow"]
    assert list(c.coverage["matched"]) == [stocks, flows]
    assert c.text.startswith(f"stock: {stocks} of {stocks} observations matched")
    # write=True writes what the command line writes.
    migrasim.compare(parquet, obs, write=True)
    for f in ["compare.csv", "compare_cells.csv"]:
        assert (parquet / "compare" / f).read_bytes() == (folder / "compare" / f).read_bytes()


def test_compare_errors_carry_the_command_lines_message(result, tmp_path):
    folder = cli_run(tmp_path, "csv")
    obs = tmp_path / "obs.csv"
    obs.write_text("kind,origin,dest,year,value\nstock,POL,DEU,1990,12\nstok,POL,DEU,1991,1\n")
    p = cli("compare", folder, obs, check=False)
    assert p.returncode == 2
    with pytest.raises(migrasim.InputError) as e:
        migrasim.compare(folder, obs)
    assert p.stderr.strip() == f"error: {e.value}"
    assert f"{obs}:3:1" in str(e.value)
    with pytest.raises(ValueError, match="needs a run folder"):
        migrasim.compare(result, obs, write=True)


def test_facts_give_the_command_lines_tables(result, tmp_path):
    folder = cli_run(tmp_path, "csv")
    cli("facts", folder)
    for run in [folder, cli_run(tmp_path, "parquet"), result]:
        f = migrasim.facts(run)
        for name in ["facts", "gravity", "origins", "hump"]:
            want = pd.read_csv(folder / "facts" / f"{name}.csv", keep_default_na=False,
                               na_values=[""], dtype={"origin": str})
            pd.testing.assert_frame_equal(getattr(f, name), want, obj=name)
    assert "gross moves per 5 years" in f.text
    assert len(f.origins) == len(result.countries)
