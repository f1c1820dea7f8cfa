//! Observers: hooks called by the simulation loop at the start, after every
//! step, and at the end. Metrics and recorded series are observers; the
//! kernel never calls them itself.

pub mod forms;
pub mod recorder;
pub mod refugees;
pub mod summary;

pub use recorder::{CountryMonth, FlowForms, FlowRow, Recorded, Recorder, RegionRow, StockRow};
pub use summary::Summary;

use crate::economy::CountryState;
use crate::kernel::StepOutcome;
use crate::model::{Scenario, YearMonth};
use crate::world::World;

/// What an observer sees after a step.
#[derive(Debug, Clone, Copy)]
pub struct StepView<'a> {
    /// Step index t (0-based).
    pub t: u32,
    /// The month of the step.
    pub date: YearMonth,
    /// The scenario being run.
    pub scenario: &'a Scenario,
    /// The world after the step's moves.
    pub world: &'a World,
    /// The country state the step used (start-of-step aggregates).
    pub state: &'a CountryState,
    /// What happened in the step.
    pub outcome: &'a StepOutcome,
}

/// Something that watches a run.
pub trait Observer {
    /// Called once before the first step, with the initial world.
    fn init(&mut self, _scenario: &Scenario, _world: &World) {}
    /// Called after each step.
    fn step(&mut self, view: &StepView<'_>);
    /// Called once after the last step (also after a cancelled run).
    fn finish(&mut self, _scenario: &Scenario, _world: &World) {}
}

/// No observer at all.
impl Observer for () {
    fn step(&mut self, _: &StepView<'_>) {}
}

/// Two observers, called in order.
impl<A: Observer + ?Sized, B: Observer + ?Sized> Observer for (&mut A, &mut B) {
    fn init(&mut self, scenario: &Scenario, world: &World) {
        self.0.init(scenario, world);
        self.1.init(scenario, world);
    }
    fn step(&mut self, view: &StepView<'_>) {
        self.0.step(view);
        self.1.step(view);
    }
    fn finish(&mut self, scenario: &Scenario, world: &World) {
        self.0.finish(scenario, world);
        self.1.finish(scenario, world);
    }
}
