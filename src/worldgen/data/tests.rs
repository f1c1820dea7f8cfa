//! Tests of `data.rs`.

use super::*;

#[test]
fn the_embedded_tables_parse_and_cover_150_countries_1990_to_2010() {
    let d = DataSet::embedded().unwrap();
    assert!(d.countries.len() >= 150, "{}", d.countries.len());
    let (lo, hi) = d.years();
    assert!(lo <= 1990 && hi >= 2010, "{lo}-{hi}");
    // every country has a row for every year, and the wages are ordered
    for c in &d.countries {
        let s = &d.series[&c.code];
        assert_eq!(s.len() as i32, hi - lo + 1, "{}", c.code);
        for r in s.values() {
            assert!(r.wage_high > r.wage_low, "{} {}", c.code, r.year);
            assert!(r.population < r.total_population, "{} {}", c.code, r.year);
        }
    }
    let well = d
        .countries
        .iter()
        .filter(|c| {
            let r = &d.series[&c.code][&1990];
            !r.is_filled("total_population")
                && !r.is_filled("gdp")
                && !r.is_filled("working_age_share")
        })
        .count();
    assert!(well >= 150, "{well} countries observed in 1990");
    // the stocks and pairs name only countries of the table
    assert!(
        d.stocks
            .iter()
            .all(|s| d.country(&s.origin).is_some() && d.country(&s.residence).is_some())
    );
    assert!(
        d.pairs
            .keys()
            .all(|(a, b)| a < b && d.country(a).is_some() && d.country(b).is_some())
    );
    let mex_usa = d
        .stocks
        .iter()
        .find(|s| s.year == 1990 && s.origin == "MEX" && s.residence == "USA")
        .unwrap();
    assert_eq!(mex_usa.people_all_ages, 4_298_014.0);
    assert!(mex_usa.people < mex_usa.people_all_ages);
}

#[test]
fn a_bad_value_is_reported_with_file_line_column_and_what_is_allowed() {
    let read = |i: usize| {
        Ok(if i == 0 {
            "code,name,continent,group,region,latitude,longitude\nPOL,Poland,Europe,transition,Eastern Europe,52.1,19.6\nDEU,Germany,Europe,rich,Western Europe,51.1,10.6\n".to_string()
        } else {
            EMBEDDED[i].to_string()
        })
    };
    let e = DataSet::parse("mydata", read).unwrap_err().to_string();
    assert_eq!(
        e,
        "mydata/countries.csv:3:20: group: \"rich\" is not allowed; allowed: industrialised, developing, transition"
    );
}

#[test]
fn a_missing_column_is_reported() {
    let read = |i: usize| {
        Ok(if i == 6 {
            "country,year\nAFG,1990\n".to_string()
        } else {
            EMBEDDED[i].to_string()
        })
    };
    let e = DataSet::parse("d", read).unwrap_err().to_string();
    assert_eq!(
        e,
        "d/conflicts.csv:1:1: header: the column \"deaths\" is missing; allowed: a header with country, year, deaths"
    );
}
