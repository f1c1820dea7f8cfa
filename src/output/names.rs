//! Names of the files and folders of a run folder (a leaf: the writers,
//! the manifest and the folder guard all name files from here).

/// Names of the files every run folder holds.
pub const TIMESERIES: &str = "timeseries.csv";
/// Bilateral flows by month.
pub const FLOWS: &str = "flows.csv";
/// Bilateral stocks at each year's end.
pub const STOCKS: &str = "stocks.csv";
/// Countries of the run (code, name, group, continent, wages...).
pub const COUNTRIES: &str = "countries.csv";
/// Regions by month (only when a country is divided into regions).
pub const REGIONS: &str = "regions.csv";
/// Policy instruments by country and month (only when the scenario has
/// entry rules, `[[policy]]` or a return programme).
pub const POLICY: &str = "policy.csv";
/// Refugees by country fled and country of asylum (only when a shock
/// sends refugees abroad).
pub const REFUGEES: &str = "refugees.csv";
/// Folder of a run folder holding what `migrasim facts` measured.
pub const FACTS_DIR: &str = "facts";
/// Folder of a run folder holding what `migrasim compare` wrote.
pub const COMPARE_DIR: &str = "compare";
/// What produced the run.
pub const MANIFEST: &str = "manifest.json";
/// The codebook: every table, column, type, unit and description.
pub const DATAPACKAGE: &str = "datapackage.json";
