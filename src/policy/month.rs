//! The policy in force in one month ([`PolicyMonth`]), resolved once per
//! step by the kernel and handed to everything that reads policy: entry
//! lanes and rules, enforcement, return programmes, equal treatment, and
//! the month's free-movement pairs ([`free_movement`]).

use super::{CountryPolicy, Instrument, Lane, MAX_IRREGULAR_DISCOUNT, Scope};
use crate::model::{EntryRule, Scenario, YearMonth};
use crate::world::Square;

/// The policy in force in one month: what every part of a step reads.
#[derive(Debug, Clone, PartialEq)]
pub struct PolicyMonth {
    /// The month.
    pub date: YearMonth,
    /// Each country's instruments.
    pub countries: Vec<CountryPolicy>,
    /// Lanes: the general lane of country j at index j, then every scoped
    /// lane of the scenario (active or not yet), in order of first
    /// appearance; ids are the same in every month of a run.
    pub lanes: Vec<Lane>,
    /// Active scoped lanes of each destination, most specific first.
    scoped: Vec<Vec<usize>>,
    /// Which pairs of countries are inside one active free-movement bloc
    /// this month, by (from, to) ([`free_pairs`]).
    pub free: Square<bool>,
}

impl PolicyMonth {
    /// The policy of `scenario` in force in `date`: the starting values of
    /// `[legality]`, `[[entry]]` (its `one_window` month included),
    /// `[returns]` (the programme from `programme_start`) and the
    /// migrant wage discounts, then every `[[policy]]` change dated no
    /// later than `date`, in date order.
    pub fn at(scenario: &Scenario, date: YearMonth) -> PolicyMonth {
        let k = scenario.num_countries();
        let l = &scenario.legality;
        let r = &scenario.returns;
        let payment = if r.programme_on(date) {
            r.programme_payment
        } else {
            0.0
        };
        let mut countries: Vec<CountryPolicy> = (0..k)
            .map(|j| CountryPolicy {
                one_window: false,
                detection: l.detection,
                shares: [l.legalised_share, l.leave_share, l.expelled_share],
                fine: l.fine,
                ban_months: l.ban_months,
                c143: l.c143,
                c97: true,
                return_payment: payment,
                equal_treatment: scenario.migrant_wage_discount(j) == 0.0,
                inspection: l.inspection,
                employer_fine: l.employer_fine,
            })
            .collect();
        let mut lanes: Vec<Lane> = (0..k)
            .map(|j| Lane {
                country: j,
                scope: Scope::default(),
                rule: Some(EntryRule::Open),
                quota: None,
                active: true,
            })
            .collect();
        for e in &scenario.entries {
            let lane = &mut lanes[e.country];
            lane.rule = Some(e.rule);
            lane.quota = e.quota;
            let c = &mut countries[e.country];
            c.detection = e.detection.unwrap_or(l.detection);
            c.one_window = e.one_window.is_some_and(|m| m <= date);
        }
        for ch in scenario.policy.changes.iter() {
            if !ch.set.scoped() || ch.scope.is_all() {
                continue;
            }
            if !lanes
                .iter()
                .any(|x| x.country == ch.country && x.scope == ch.scope)
            {
                lanes.push(Lane {
                    country: ch.country,
                    scope: ch.scope.clone(),
                    rule: None,
                    quota: None,
                    active: false,
                });
            }
        }
        for ch in scenario.policy.changes.iter().filter(|c| c.date <= date) {
            let j = ch.country;
            let lane = if ch.scope.is_all() {
                j
            } else {
                lanes
                    .iter()
                    .position(|x| x.country == j && x.scope == ch.scope)
                    .unwrap_or(j)
            };
            let c = &mut countries[j];
            match ch.set {
                Instrument::Rule(x) => {
                    lanes[lane].rule = Some(x);
                    lanes[lane].active = true;
                }
                Instrument::Quota(x) => {
                    lanes[lane].quota = Some(x);
                    lanes[lane].active = true;
                }
                Instrument::OneWindow(x) => c.one_window = x,
                Instrument::Detection(x) => c.detection = x,
                Instrument::LegalisedShare(x) => c.shares[0] = x,
                Instrument::LeaveShare(x) => c.shares[1] = x,
                Instrument::ExpelledShare(x) => c.shares[2] = x,
                Instrument::Fine(x) => c.fine = x,
                Instrument::BanMonths(x) => c.ban_months = x,
                Instrument::C143(x) => c.c143 = x,
                Instrument::C97(x) => c.c97 = x,
                Instrument::ReturnPayment(x) => c.return_payment = x,
                Instrument::EqualTreatment(x) => c.equal_treatment = x,
                Instrument::Inspection(x) => c.inspection = x,
                Instrument::EmployerFine(x) => c.employer_fine = x,
            }
        }
        let mut scoped = vec![Vec::new(); k];
        for (id, lane) in lanes.iter().enumerate().skip(k) {
            if lane.active {
                scoped[lane.country].push(id);
            }
        }
        for ids in &mut scoped {
            // Most specific first; among equals, the first declared.
            ids.sort_by_key(|&id| std::cmp::Reverse(lanes[id].scope.specificity()));
        }
        PolicyMonth {
            date,
            countries,
            lanes,
            scoped,
            free: free_pairs(scenario, date),
        }
    }

    /// Number of lanes (the same in every month of a run).
    pub fn num_lanes(&self) -> usize {
        self.lanes.len()
    }

    /// The lane a native of `o` with skill level `s` enters `j` by.
    #[inline]
    pub fn lane(&self, o: usize, s: u8, j: usize) -> usize {
        self.scoped[j]
            .iter()
            .copied()
            .find(|&id| self.lanes[id].scope.matches(o, s))
            .unwrap_or(j)
    }

    /// Whether destination `j` has active scoped lanes this month.
    #[inline]
    pub fn has_scoped(&self, j: usize) -> bool {
        !self.scoped[j].is_empty()
    }

    /// The entry rule of lane `id`.
    #[inline]
    pub fn rule(&self, id: usize) -> EntryRule {
        let lane = &self.lanes[id];
        match lane.rule {
            Some(r) => r,
            None => self.lanes[lane.country].rule.unwrap_or(EntryRule::Open),
        }
    }

    /// The general entry rule of destination `j` (the one the decision
    /// weighs: see docs/policy.md).
    #[inline]
    pub fn general_rule(&self, j: usize) -> EntryRule {
        self.rule(j)
    }

    /// Share of the wage an irregular worker in `j` loses: the
    /// `[legality] irregular_discount` raised by employer sanctions, whose
    /// expected fine per irregular worker and month (inspection chance ×
    /// employer fine) employers pass on to the wage they pay, relative to
    /// `j`'s base low-skill wage; at most [`MAX_IRREGULAR_DISCOUNT`].
    pub fn irregular_discount(&self, scenario: &Scenario, j: usize) -> f64 {
        let base = scenario.legality.irregular_discount;
        let c = &self.countries[j];
        let expected = c.inspection * c.employer_fine;
        if expected == 0.0 {
            return base;
        }
        let wage = scenario.countries[j].wage_low.max(1e-9);
        (base + expected / wage).min(MAX_IRREGULAR_DISCOUNT.max(base))
    }

    /// The expected cost of staying irregularly in `j` in utility (issue 15
    /// item 2), as a person weighing irregular entry sees it: with
    /// P = 1 − (1 − detection)^12 the chance of being detected within a
    /// year and the outcome shares s_L (legalised with a fine) and s_E
    /// (expelled with a ban),
    /// deterrence · β_w · [ln(1 + P·s_L·fine / Y) + ln(1 + P·s_E·ban / 12)],
    /// Y = 12 · wage_low · (1 − irregular discount) a year's irregular
    /// earnings in `j` (base wage), ban in months. 0 when nothing is at
    /// stake.
    pub fn irregular_risk(&self, scenario: &Scenario, j: usize) -> f64 {
        let l = &scenario.legality;
        if l.deterrence == 0.0 {
            return 0.0;
        }
        let c = &self.countries[j];
        let p = 1.0 - libm::pow(1.0 - c.detection, 12.0);
        let [legalised, _, expelled] = c.outcome_shares();
        let year = 12.0
            * scenario.countries[j].wage_low
            * (1.0 - self.irregular_discount(scenario, j)).max(1e-9);
        let fine = libm::log1p(p * legalised * c.fine / year.max(1e-9));
        let ban = libm::log1p(p * expelled * f64::from(c.ban_months) / 12.0);
        l.deterrence * scenario.decision.wage_weight * (fine + ban)
    }

    /// How much less likely than `[legality] irregular_share` a refused
    /// permit applicant for `j` is to go irregularly: e^(−(risk + S)),
    /// with the expected risk ([`PolicyMonth::irregular_risk`]) and S the
    /// extra wage loss from employer sanctions,
    /// β_w · [ln(1 − δ) − ln(1 − δ')], in the same utility units.
    pub fn irregular_deterrence(&self, scenario: &Scenario, j: usize) -> f64 {
        let base = scenario.legality.irregular_discount;
        let now = self.irregular_discount(scenario, j);
        let sanctions = scenario.decision.wage_weight * (libm::log1p(-base) - libm::log1p(-now));
        libm::exp(-(self.irregular_risk(scenario, j) + sanctions))
    }

    /// Entry cost of every destination in utility, added to the border
    /// barrier of moves that are not free (see [`Scenario::entry_costs`]):
    /// by the destination's general rule, a permit's cost (lowered by a
    /// one-window procedure) or, for a closed country, the cost of
    /// irregular entry, the expected wage loss −β_w ln(1 − δ'), and the
    /// expected fine and ban ([`PolicyMonth::irregular_risk`]).
    pub fn entry_costs(&self, scenario: &Scenario) -> Vec<f64> {
        let l = &scenario.legality;
        let k = scenario.num_countries();
        (0..k)
            .map(|j| match self.general_rule(j) {
                EntryRule::Open => 0.0,
                EntryRule::Permit if self.countries[j].one_window => {
                    l.permit_cost * l.one_window_factor
                }
                EntryRule::Permit => l.permit_cost,
                EntryRule::Closed => {
                    l.irregular_cost
                        - scenario.decision.wage_weight
                            * libm::log1p(-self.irregular_discount(scenario, j))
                        + self.irregular_risk(scenario, j)
                }
            })
            .collect()
    }

    /// The utility bonus of going home for a native of each country abroad
    /// (see [`Scenario::return_bonus`]): wage_weight · ln(1 + payment /
    /// (12 · wage_low of the origin)) where the origin's programme pays.
    pub fn return_bonus(&self, scenario: &Scenario) -> Vec<f64> {
        scenario
            .countries
            .iter()
            .zip(&self.countries)
            .map(|(c, p)| {
                if p.return_payment > 0.0 {
                    scenario.decision.wage_weight
                        * libm::log1p(p.return_payment / (12.0 * c.wage_low))
                } else {
                    0.0
                }
            })
            .collect()
    }
}

/// [`free_pairs`] as a row-major vector, [from·K + to].
pub fn free_movement(scenario: &Scenario, date: YearMonth) -> Vec<bool> {
    free_pairs(scenario, date).into_vec()
}

/// Which pairs of countries are inside one active free-movement bloc at a
/// date, by (from, to), true on the diagonal. Members
/// count from their accession to their leaving; a transitional arrangement
/// closes a member to workers from the listed newcomers until its date.
pub fn free_pairs(scenario: &Scenario, date: YearMonth) -> Square<bool> {
    let k = scenario.num_countries();
    let mut free = Square::from_fn(k, |a, b| a == b);
    for bloc in &scenario.blocs {
        if !bloc.free_movement || !bloc.in_force(date) {
            continue;
        }
        let members: Vec<usize> = if bloc.accession.is_empty() && bloc.leave.is_empty() {
            bloc.members.clone()
        } else {
            let now = |&m: &usize| bloc.member_at(m, date);
            bloc.members.iter().copied().filter(now).collect()
        };
        for &a in &members {
            for &b in &members {
                if bloc.transitions.is_empty() || !bloc.closed(a, b, date) {
                    free[(a, b)] = true;
                }
            }
        }
    }
    free
}

/// The utility bonus of going home for a native of each country abroad
/// at `date` (0 everywhere unless a return programme pays):
/// wage_weight · ln(1 + payment / (12 · wage_low of the origin)), the
/// payment weighed against a year's low-skill wage at home.
pub fn return_bonus(scenario: &Scenario, date: YearMonth) -> Vec<f64> {
    PolicyMonth::at(scenario, date).return_bonus(scenario)
}

/// Entry cost of every destination at `date`, in utility, added to the
/// border barrier of moves that are not free (see
/// [`PolicyMonth::entry_costs`]): a permit's cost (lowered by a one-window
/// procedure) where a permit is needed; the cost and risk of irregular
/// entry, the expected wage loss and the expected fine and ban where the
/// country is closed.
pub fn entry_costs(scenario: &Scenario, date: YearMonth) -> Vec<f64> {
    PolicyMonth::at(scenario, date).entry_costs(scenario)
}
