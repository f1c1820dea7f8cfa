# %% [markdown]
# # migrasim from Python: the quickstart world
#
# A notebook-style walk through one run (cells marked `# %%`: open it in
# VS Code or Jupyter with jupytext, or run `python examples/python_quickstart.py`
# from the repository root). Needs the `migrasim` wheel (docs/python-r.md)
# and, for the chart, matplotlib.

# %%
import migrasim

run = migrasim.run(
    "scenarios/quickstart.toml",
    set={"simulation.agents": 100_000},  # fewer agents than the file's: quicker
    seed=2004,
)
print(run.manifest["summary"])

# %% [markdown]
# Every table is a pandas DataFrame with typed columns; the codebook says
# what each column means and its unit.

# %%
ts = run.timeseries
print(ts.dtypes.head(8))
for name in ["emigrants_abroad", "wage_low", "brain_drain_rate"]:
    f = run.fields("timeseries")[name]
    print(f"{name}: {f['description']} [{f.get('unit', '')}]")

# %% [markdown]
# Emigrants abroad by country of birth at the end of the run, largest first.

# %%
last = ts[ts.step == ts.step.max()]
print(last.set_index("country")["emigrants_abroad"].sort_values(ascending=False).head(6))

# %% [markdown]
# The main corridors over the whole run (flows.csv: movers by month, origin
# and destination).

# %%
corridors = (
    run.flows.groupby(["origin", "destination"])["movers"].sum().sort_values(ascending=False)
)
print(corridors.head(8))

# %% [markdown]
# A lever: a stronger home bias (people weigh staying at home more) should
# mean fewer moves, for the same seed.

# %%
for bias in [1.0, 2.0, 3.0]:
    r = migrasim.run(
        "scenarios/quickstart.toml",
        set={"simulation.agents": 100_000, "decision.home_bias": bias},
        seed=2004,
    )
    print(f"home_bias {bias}: {r.flows.movers.sum():,} moves")

# %% [markdown]
# Poland's emigrant stock over time (needs matplotlib).

# %%
try:
    import matplotlib.pyplot as plt

    pol = ts[ts.country == "POL"]
    ax = pol.plot(x="date", y="emigrants_abroad", legend=False)
    ax.set_ylabel(f"emigrants abroad ({run.units('timeseries')['emigrants_abroad']})")
    plt.savefig("output/python_quickstart_pol.png")
    print("wrote output/python_quickstart_pol.png")
except ImportError:
    print("matplotlib is not installed: no chart")
