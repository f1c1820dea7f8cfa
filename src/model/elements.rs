//! The model's elements filled from the schema: `[simulation]`,
//! `[world.synthetic]`, `[ties]` and the elements of the arrays of tables
//! (`[[country]]`, `[[tie]]`, `[[shock]]`, …) are [`Keyed`] like the
//! settings tables of [`super::defaults`]: the loader fills each with one
//! call and adds what only it can work out (country codes, lists, values
//! checked against other keys).

use super::country::{Country, DevGroup, PopulationScale, Simulation, SyntheticWorld};
use super::data::{Stock, StockSkill};
use super::dated::{
    BarrierChange, Bloc, CapitalFlow, Flight, Phase, PhaseKind, Region, Shock, ShockKind, Tie,
    TieKind, TieStrengths, Transition,
};
use super::keys::{Fill, Keyed, Section, Slot, keyed, schema_default};
use super::schema;
use super::settings::{Entry, EntryRule, Pair, Season};

keyed!(Simulation, schema::SIMULATION, {
    start,
    months,
    seed,
    // `agents` and `people_per_agent` exclude each other: the loader
    // chooses; without either, the schema's default number of agents.
    scale = PopulationScale::Agents(schema::DEFAULT_AGENTS),
});
keyed!(SyntheticWorld, schema::SYNTHETIC, { countries, bloc });
keyed!(Country, schema::COUNTRY, {
    code,
    name,
    continent,
    group = DevGroup::Developing,
    population,
    wage_low,
    wage_high,
    unemployment,
    high_skilled_share,
    location,
    cycle,
    recognition,
    skill_premium_growth,
    migrant_wage_discount,
});
keyed!(TieStrengths, schema::TIES, {
    language,
    history,
    ethnic
});
keyed!(Tie, schema::TIE, {
    a,
    b,
    kind = TieKind::Language,
    strength
});
keyed!(Pair, schema::PAIR, {
    from,
    to,
    utility,
    both_ways,
    contiguous
});
keyed!(Bloc, schema::BLOC, {
    name,
    members,
    free_movement,
    start,
    recognition,
    accession,
    leave,
    transitions,
});
keyed!(Transition, schema::BLOC_TRANSITION, {
    member,
    newcomers,
    until
});
keyed!(Phase, schema::PHASE, {
    country,
    kind = PhaseKind::Boom,
    start,
    end,
    depth
});
keyed!(BarrierChange, schema::BARRIER_CHANGE, {
    country,
    date,
    entry,
    exit
});
keyed!(Shock, schema::SHOCK, {
    kind = ShockKind::Conflict,
    country,
    region,
    start,
    end,
    intensity,
    refugees,
    idps,
    return_rate,
    distance_km,
    flight,
});
keyed!(Flight, schema::SHOCK, {
    origins,
    shares,
    settle_share,
    contiguity,
    neighbour_km,
    size_weight,
    tie_weight,
});
keyed!(CapitalFlow, schema::CAPITAL_FLOW, {
    from,
    to,
    amount,
    start,
    end,
    postings,
    posting_months,
});
keyed!(Region, schema::REGION, {
    country,
    name,
    population_share,
    wage_factor,
    unemployment,
    location,
});
keyed!(Season, schema::SEASON, {
    country,
    start,
    end,
    share
});
keyed!(Entry, schema::ENTRY, {
    country,
    rule = EntryRule::Open,
    quota,
    one_window,
    detection,
    family,
});

keyed!(Stock, schema::STOCK, {
    origin,
    residence,
    people,
    skill = StockSkill::All,
    legal_share,
});

impl Default for Flight {
    /// Every key at its schema default: the country's own natives flee,
    /// by distance and ties (the settle share, by the shock's kind, blank).
    fn default() -> Flight {
        Keyed::from_defaults()
    }
}

schema_default!(TieStrengths);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Scenario;
    use crate::model::keys::{Default, GROUPS, Kind, Range};
    use crate::scenario::from_str;

    /// Two countries; `#` lines mark where the element goes.
    const WORLD: &str = include_str!("../../tests/fixtures/two-countries.toml");

    /// How an element is written: the file before it, its minimal lines
    /// (a header and its required keys), the keys whose other values
    /// would fail a check across keys, and where it lands in the scenario.
    struct Case<T> {
        before: &'static str,
        element: &'static [&'static str],
        skip: &'static [&'static str],
        get: fn(&Scenario) -> T,
    }

    /// Values of `kind` to try, as TOML.
    fn candidates(kind: Kind) -> Vec<String> {
        let range = |r: Range| {
            [0.25, 0.125, 0.75, 1.5, 2.5, 20.0, 250.0]
                .into_iter()
                .filter(|x| r.contains(*x))
                .map(|x| format!("{x}"))
                .collect()
        };
        match kind {
            Kind::Number(r) => range(r),
            Kind::Integer { min, max } => [30, 40, 1, 2, 5]
                .into_iter()
                .filter(|n| (min..=max).contains(n))
                .map(|n| n.to_string())
                .collect(),
            Kind::Bool => vec!["true".into(), "false".into()],
            Kind::Month => vec!["\"2001-03\"".into(), "\"2001-05\"".into()],
            Kind::Text | Kind::Name => vec!["\"other\"".into(), "\"other2\"".into()],
            k => panic!("no test value for {k:?}"),
        }
    }

    fn text<T>(case: &Case<T>, set: Option<(&str, &str)>) -> String {
        let mut lines: Vec<String> = case
            .element
            .iter()
            .filter(|l| set.is_none_or(|(k, _)| !l.starts_with(&format!("{k} = "))))
            .map(|l| l.to_string())
            .collect();
        if let Some((k, v)) = set {
            lines.push(format!("{k} = {v}"));
        }
        format!("{}\n{}\n", case.before, lines.join("\n"))
    }

    fn load(text: &str) -> Scenario {
        from_str(text, "elements.toml", &[]).unwrap_or_else(|e| panic!("{text}\n{e}"))
    }

    /// A minimal element loads to the schema defaults, and each key
    /// written lands in its own field and changes no other.
    fn check<T: Keyed + Clone>(case: Case<T>) {
        let path = T::SECTION.path;
        let keys: Vec<_> = T::keys().collect();
        assert!(!keys.is_empty(), "{path} fills nothing");
        let minimal = (case.get)(&load(&text(&case, None)));
        let shown = |v: &T| -> Vec<Option<String>> {
            keys.iter().map(|(_, s)| s.show(&mut v.clone())).collect()
        };
        let base = shown(&minimal);
        let defaults = shown(&T::from_defaults());
        for (n, (f, slot)) in keys.iter().enumerate() {
            assert!(
                slot.put_default(&mut T::blank(), f.default),
                "{path}.{}: default {:?} does not fit {slot:?}",
                f.name,
                f.default
            );
            if !matches!(f.default, Default::Required | Default::Derived(_)) {
                assert_eq!(base[n], defaults[n], "{path}.{}: not its default", f.name);
            }
        }
        for (n, (f, _)) in keys.iter().enumerate() {
            if base[n].is_none() || case.skip.contains(&f.name) {
                continue;
            }
            let value = candidates(f.kind)
                .into_iter()
                .find(|v| Some(v) != base[n].as_ref())
                .expect("another value");
            let got = shown(&(case.get)(&load(&text(&case, Some((f.name, &value))))));
            for (m, (g, _)) in keys.iter().enumerate() {
                if m == n {
                    assert_eq!(got[m].as_ref(), Some(&value), "{path}.{}", f.name);
                } else {
                    assert_eq!(got[m], base[m], "{path}.{} changed {}", f.name, g.name);
                }
            }
        }
    }

    #[test]
    fn every_keyed_element_round_trips_through_the_loader() {
        check(Case::<Simulation> {
            before: WORLD,
            element: &["[simulation]"],
            skip: &[],
            get: |s| s.simulation.clone(),
        });
        check(Case::<SyntheticWorld> {
            before: "",
            element: &["[world.synthetic]", "countries = 3"],
            skip: &[],
            get: |s| SyntheticWorld {
                countries: s.countries.len() as u32,
                bloc: !s.blocs.is_empty(),
            },
        });
        check(Case::<Country> {
            before: &WORLD[WORLD.find("\n[[country]]\ncode = \"POL\"").unwrap()..],
            element: &[
                "[[country]]",
                "code = \"DEU\"",
                "continent = \"Europe\"",
                "group = \"industrialised\"",
                "population = 5e7",
                "wage_low = 0.1",
                "wage_high = 4500",
                "unemployment = 0.08",
                "high_skilled_share = 0.5",
                "latitude = 51.0",
                "longitude = 10.0",
            ],
            skip: &[],
            get: |s| s.countries[1].clone(),
        });
        let ties = "[[tie]]\na = \"DEU\"\nb = \"POL\"\nkind = \"language\"\n\
                    [[tie]]\na = \"DEU\"\nb = \"POL\"\nkind = \"history\"\n\
                    [[tie]]\na = \"DEU\"\nb = \"POL\"\nkind = \"ethnic\"\n";
        check(Case::<TieStrengths> {
            before: Box::leak(format!("{WORLD}\n{ties}").into_boxed_str()),
            element: &["[ties]"],
            skip: &[],
            get: |s| TieStrengths {
                language: s.ties[0].strength,
                history: s.ties[1].strength,
                ethnic: s.ties[2].strength,
            },
        });
        check(Case::<Tie> {
            before: WORLD,
            element: &[
                "[[tie]]",
                "a = \"DEU\"",
                "b = \"POL\"",
                "kind = \"history\"",
            ],
            skip: &[],
            get: |s| s.ties[0].clone(),
        });
        check(Case::<Pair> {
            before: WORLD,
            element: &["[[pair]]", "from = \"DEU\"", "to = \"POL\""],
            skip: &[],
            get: |s| s.pairs[0].clone(),
        });
        check(Case::<Bloc> {
            before: WORLD,
            element: &["[[bloc]]", "name = \"B\"", "members = [\"DEU\", \"POL\"]"],
            skip: &[],
            get: |s| s.blocs[0].clone(),
        });
        check(Case::<Transition> {
            before: Box::leak(
                format!("{WORLD}\n[[bloc]]\nname = \"B\"\nmembers = [\"DEU\", \"POL\"]\n")
                    .into_boxed_str(),
            ),
            element: &[
                "[[bloc.transition]]",
                "member = \"DEU\"",
                "newcomers = [\"POL\"]",
                "until = \"2003-01\"",
            ],
            skip: &[],
            get: |s| s.blocs[0].transitions[0].clone(),
        });
        check(Case::<Phase> {
            before: WORLD,
            element: &[
                "[[phase]]",
                "kind = \"boom\"",
                "start = \"2000-02\"",
                "end = \"2002-01\"",
                "depth = 0.05",
            ],
            skip: &[],
            get: |s| s.phases[0].clone(),
        });
        check(Case::<BarrierChange> {
            before: WORLD,
            element: &[
                "[[barrier_change]]",
                "country = \"DEU\"",
                "date = \"2000-05\"",
                "entry_barrier = 0.5",
            ],
            skip: &[],
            get: |s| s.barrier_changes[0].clone(),
        });
        const SHOCK: &[&str] = &[
            "[[shock]]",
            "kind = \"conflict\"",
            "country = \"POL\"",
            "start = \"2000-02\"",
            "end = \"2002-01\"",
        ];
        check(Case::<Shock> {
            before: WORLD,
            element: SHOCK,
            skip: &[],
            get: |s| s.shocks[0].clone(),
        });
        check(Case::<Flight> {
            before: WORLD,
            element: SHOCK,
            skip: &[],
            get: |s| s.shocks[0].flight.clone(),
        });
        check(Case::<CapitalFlow> {
            before: WORLD,
            element: &[
                "[[capital_flow]]",
                "from = \"DEU\"",
                "to = \"POL\"",
                "amount = 1e6",
                "start = \"2000-02\"",
                "end = \"2002-01\"",
            ],
            skip: &[],
            get: |s| s.capital_flows[0].clone(),
        });
        check(Case::<Region> {
            before: Box::leak(
                format!(
                    "{WORLD}\n[[region]]\ncountry = \"POL\"\nname = \"east\"\npopulation_share = 0.5\n"
                )
                .into_boxed_str(),
            ),
            element: &[
                "[[region]]",
                "country = \"POL\"",
                "name = \"west\"",
                "population_share = 0.5",
            ],
            // The shares of a country's regions add up to 1.
            skip: &["population_share"],
            get: |s| s.regions[1].clone(),
        });
        check(Case::<Season> {
            before: WORLD,
            element: &["[[season]]", "country = \"DEU\"", "start = 4", "end = 9"],
            skip: &[],
            get: |s| s.seasons[0],
        });
        check(Case::<Stock> {
            before: WORLD,
            element: &[
                "[[stock]]",
                "origin = \"POL\"",
                "residence = \"DEU\"",
                "people = 1000",
            ],
            skip: &[],
            get: |s| s.data.stocks[0],
        });
        check(Case::<Entry> {
            before: WORLD,
            element: &["[[entry]]", "country = \"DEU\"", "rule = \"permit\""],
            skip: &[],
            get: |s| s.entries[0],
        });
    }

    #[test]
    fn the_loader_works_out_the_derived_values() {
        let s = load(&format!(
            "{WORLD}\n[ties]\nhistory = 0.75\n[[tie]]\na = \"DEU\"\nb = \"POL\"\nkind = \"history\"\n\
             [[shock]]\nkind = \"disaster\"\ncountry = \"POL\"\nstart = \"2000-02\"\nend = \"2000-04\"\n"
        ));
        assert_eq!(s.ties[0].strength, 0.75);
        let d = ShockKind::Disaster.defaults();
        assert_eq!(s.shocks[0].return_rate, d.return_rate);
        assert_eq!(s.shocks[0].distance_km, d.distance_km);
        assert_eq!(s.shocks[0].flight.settle_share, d.settle_share);
        assert_eq!(s.countries[0].name, "DEU");
        assert_eq!(s.countries[0].recognition, None);
    }

    #[test]
    fn every_word_of_a_choice_maps_to_its_own_value() {
        for w in GROUPS {
            assert_eq!(DevGroup::from_word(w).as_str(), *w);
        }
        for w in schema::PHASE_KINDS {
            assert_eq!(PhaseKind::from_word(w).as_str(), *w);
        }
        for w in schema::TIE_KINDS {
            assert_eq!(TieKind::from_word(w).as_str(), *w);
        }
        for w in schema::SHOCK_KINDS {
            assert_eq!(ShockKind::from_word(w).as_str(), *w);
        }
        for w in crate::model::data::STOCK_SKILLS {
            let skill = StockSkill::from_word(w);
            let again = crate::model::data::STOCK_SKILLS
                .iter()
                .filter(|x| StockSkill::from_word(x) == skill)
                .count();
            assert_eq!(again, 1, "{w}");
        }
        let rules: Vec<EntryRule> = schema::ENTRY_RULES
            .iter()
            .map(|w| EntryRule::from_word(w))
            .collect();
        assert_eq!(
            rules,
            [EntryRule::Open, EntryRule::Permit, EntryRule::Closed]
        );
    }
}
