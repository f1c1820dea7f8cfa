//! The model's defaults, from the schema: each settings type is [`Keyed`]
//! (filled key by key from its section) and its `Default` puts every key at
//! its schema default, so no default is written twice.

use super::country::Cycle;
use super::keys::{Fill, Keyed, Section, Slot, keyed, schema_default};
use super::schema;
use super::settings::{
    Age, Costs, Decision, Economy, Forms, Gravity, Legality, Recognition, Returns, Technology,
};

keyed!(Costs, schema::COSTS, {
    transport_per_1000km,
    border_barrier,
    transport_decline,
});
keyed!(Decision, schema::DECISION, {
    reconsider_probability,
    wage_weight,
    network_weight,
    network_scale,
    home_bias,
    network_growth,
    internal_move_cost,
    gravity,
});
keyed!(Gravity, schema::DECISION, {
    size_weight,
    distance_elasticity,
    contiguity,
    jobs_weight,
    move_cost,
    return_cost_share,
    foreignness,
    afford_weight,
    move_cost_usd,
    move_cost_usd_per_1000km,
    savings_months,
    tenure_cost,
    tenure_cap_years,
});
keyed!(Economy, schema::ECONOMY, {
    wage_elasticity,
    okun,
    skill_elasticity,
    supply_unemployment,
    unemployment_min,
    unemployment_max,
    migrant_wage_discount,
    fdi_elasticity,
    fdi_depreciation,
    fdi_demand_max,
});
keyed!(Recognition, schema::RECOGNITION, { probability });
keyed!(Technology, schema::TECHNOLOGY, { skill_premium_growth });
keyed!(Cycle, schema::CYCLE, {
    amplitude,
    period,
    phase
});
keyed!(Forms, schema::FORMS, {
    temporary_share,
    contract_months,
    renewal_probability,
    commuting_km,
    commuting_share,
});
keyed!(Legality, schema::LEGALITY, {
    permit_cost,
    one_window_factor,
    irregular_share,
    irregular_cost,
    irregular_discount,
    detection,
    legalised_share,
    leave_share,
    expelled_share,
    fine,
    ban_months,
    c143,
    lapse_months,
    lapse_leave_share,
    permanent_after_months,
    deterrence,
    inspection,
    employer_fine,
});
keyed!(Returns, schema::RETURNS, {
    target_share,
    saving_rate,
    savings_target,
    programme_start,
    programme_payment,
});
keyed!(Age, schema::AGE, {
    working_from,
    retire_at,
    peak,
    decline,
    liable_from,
    reunification_after,
    reunification_share,
});

schema_default!(
    Recognition,
    Forms,
    Legality,
    Returns,
    Age,
    Costs,
    Gravity,
    Economy,
    Technology,
    Cycle,
);

impl Default for Decision {
    /// Every key at its schema default (the gravity rule, its terms at
    /// their defaults).
    fn default() -> Decision {
        let mut d: Decision = Keyed::from_defaults();
        if let Some(g) = d.gravity.as_mut() {
            *g = Gravity::default();
        }
        d
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::keys::{Default, Kind};
    use crate::model::{
        BarrierChange, Bloc, CapitalFlow, Country, Entry, Flight, Pair, Phase, Region, Scenario,
        Season, Shock, Simulation, Stock, SyntheticWorld, Tie, TieStrengths, Transition,
    };
    use crate::scenario::from_str;
    use crate::scenario::schema::SECTIONS;

    const WORLD: &str = r#"
[[country]]
code = "DEU"
continent = "Europe"
group = "industrialised"
population = 5e7
wage_low = 2500
wage_high = 4500
unemployment = 0.08
high_skilled_share = 0.5
latitude = 51.0
longitude = 10.0
cycle = {}

[[country]]
code = "POL"
continent = "Europe"
group = "transition"
population = 2.5e7
wage_low = 600
wage_high = 1300
unemployment = 0.15
high_skilled_share = 0.4
latitude = 52.0
longitude = 19.0
"#;

    fn load(extra: &str) -> Scenario {
        from_str(&format!("{extra}\n{WORLD}"), "keys.toml", &[])
            .unwrap_or_else(|e| panic!("{extra}: {e}"))
    }

    /// A value of `kind` other than `default`, as TOML.
    fn other_value(kind: Kind, default: Default) -> String {
        match (kind, default) {
            (Kind::Number(r), Default::Number(d)) => {
                let x = [0.25, 0.125, 0.75, 1.5, 2.5, 20.0, 250.0]
                    .into_iter()
                    .find(|x| r.contains(*x) && *x != d)
                    .expect("a value in range");
                format!("{x}")
            }
            (Kind::Integer { min, max }, Default::Integer(d)) => {
                let n = [30, 40, 1, 2]
                    .into_iter()
                    .find(|n| (min..=max).contains(n) && *n != d)
                    .expect("an integer in range");
                n.to_string()
            }
            (Kind::Bool, Default::Bool(b)) => (!b).to_string(),
            (Kind::Month, Default::Optional) => "\"2001-03\"".into(),
            (k, d) => panic!("no test value for {k:?} with default {d:?}"),
        }
    }

    /// Checks the keys of `T`: their defaults fit their slots, the loader
    /// gives `T::default()` for an empty table, and every key written in the
    /// file ends up in its own field.
    fn check<T: Keyed + std::default::Default + PartialEq + std::fmt::Debug>(
        table: &str,
        get: fn(&Scenario) -> T,
    ) {
        let keys: Vec<_> = T::keys().collect();
        assert!(!keys.is_empty(), "{table} fills nothing");
        for (f, slot) in &keys {
            let mut v = T::blank();
            assert!(
                slot.put_default(&mut v, f.default),
                "{table}.{}: default {:?} does not fit {slot:?}",
                f.name,
                f.default
            );
        }
        let empty = get(&load(&format!("[{table}]")));
        assert_eq!(empty, T::default(), "[{table}] empty");
        for (f, slot) in keys {
            let text = match slot {
                Slot::Choice(_) => continue,
                _ => other_value(f.kind, f.default),
            };
            let mut got = get(&load(&format!("[{table}]\n{} = {text}", f.name)));
            assert_ne!(
                got,
                T::default(),
                "{table}.{} = {text} changed nothing",
                f.name
            );
            let Some(read) = slot.show(&mut got) else {
                continue;
            };
            assert_eq!(read, text, "{table}.{} is not where its slot says", f.name);
            // Only that field changed: putting the default back gives the default.
            let mut back = got;
            slot.put_default(&mut back, f.default);
            assert_eq!(
                back,
                T::default(),
                "{table}.{} also changed another field",
                f.name
            );
        }
    }

    #[test]
    fn every_keyed_table_round_trips_through_the_loader() {
        check::<Costs>("costs", |s| s.costs);
        check::<Decision>("decision", |s| s.decision);
        check::<Gravity>("decision", |s| s.decision.gravity.expect("gravity"));
        check::<Economy>("economy", |s| s.economy);
        check::<Recognition>("recognition", |s| s.recognition);
        check::<Technology>("technology", |s| s.technology);
        check::<Forms>("forms", |s| s.forms);
        check::<Legality>("legality", |s| s.legality);
        check::<Returns>("returns", |s| s.returns);
        check::<Age>("age", |s| s.age.expect("[age]"));
        // A country's cycle is written inline: `cycle = {}` in WORLD.
        let c = load("").countries[0].cycle;
        assert_eq!(c, Cycle::default());
        let c = from_str(
            &WORLD.replace("cycle = {}", "cycle = { period = 48 }"),
            "keys.toml",
            &[],
        )
        .unwrap();
        assert_eq!(c.countries[0].cycle.period, 48.0);
    }

    #[test]
    fn the_rule_key_chooses_the_gravity_terms() {
        assert_eq!(load("").decision, Decision::default());
        assert!(Decision::default().gravity.is_some());
        let r = load("[decision]\nrule = \"reference\"\nsize_weight = 0.25");
        assert_eq!(r.decision.gravity, None);
        let g = load("[decision]\nsize_weight = 0.25");
        assert_eq!(g.decision.gravity.map(|g| g.size_weight), Some(0.25));
    }

    #[test]
    fn keys_fill_only_their_own_section() {
        // A slot of type T only appears in T's section: a key filling
        // [legality] cannot be written in [decision] by mistake.
        for s in SECTIONS {
            for f in s.fields {
                let owner = match f.fill {
                    Fill::Loader => continue,
                    Fill::Costs(_) => Costs::SECTION.path,
                    Fill::Decision(_) => Decision::SECTION.path,
                    Fill::Gravity(_) => Gravity::SECTION.path,
                    Fill::Economy(_) => Economy::SECTION.path,
                    Fill::Recognition(_) => Recognition::SECTION.path,
                    Fill::Technology(_) => Technology::SECTION.path,
                    Fill::Cycle(_) => Cycle::SECTION.path,
                    Fill::Forms(_) => Forms::SECTION.path,
                    Fill::Legality(_) => Legality::SECTION.path,
                    Fill::Returns(_) => Returns::SECTION.path,
                    Fill::Age(_) => Age::SECTION.path,
                    Fill::Simulation(_) => Simulation::SECTION.path,
                    Fill::SyntheticWorld(_) => SyntheticWorld::SECTION.path,
                    Fill::Country(_) => Country::SECTION.path,
                    Fill::TieStrengths(_) => TieStrengths::SECTION.path,
                    Fill::Tie(_) => Tie::SECTION.path,
                    Fill::Pair(_) => Pair::SECTION.path,
                    Fill::Bloc(_) => Bloc::SECTION.path,
                    Fill::Transition(_) => Transition::SECTION.path,
                    Fill::Phase(_) => Phase::SECTION.path,
                    Fill::BarrierChange(_) => BarrierChange::SECTION.path,
                    Fill::Shock(_) => Shock::SECTION.path,
                    Fill::Flight(_) => Flight::SECTION.path,
                    Fill::CapitalFlow(_) => CapitalFlow::SECTION.path,
                    Fill::Region(_) => Region::SECTION.path,
                    Fill::Season(_) => Season::SECTION.path,
                    Fill::Entry(_) => Entry::SECTION.path,
                    Fill::Stock(_) => Stock::SECTION.path,
                };
                assert_eq!(owner, s.path, "{}.{}", s.path, f.name);
            }
        }
    }
}
