/** The demo fleet on disk: writing generated fleets, and the simulator that keeps the demo live. */
export { writeFleet, createDemoFleet, createTempDemoFleet } from './writeFleet';
export { makeDemoFolder, sweepStaleDemoFolders, DEMO_FOLDER_PREFIX, DEMO_MARKER, type DemoFolder, type DemoFolderOptions } from './demoFolder';
export { DemoSimulator, intervalScheduler, DEFAULT_SIMULATOR_INTERVAL_MS, type DemoSimulatorOptions, type Scheduler } from './demoSimulator';
