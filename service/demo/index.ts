/** The demo fleet on disk: writing generated fleets, and the simulator that keeps the demo live. */
export { writeFleet, createDemoFleet } from './writeFleet';
export { DemoSimulator, intervalScheduler, DEFAULT_SIMULATOR_INTERVAL_MS, type DemoSimulatorOptions, type Scheduler } from './demoSimulator';
