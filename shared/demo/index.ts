/** Generated fleets: the built-in live demo and big synthetic fleets. Pure. */
export { generateDemoFleet, DEFAULT_DEMO_SEED, DEMO_LIVE, type DemoFleetOptions } from './demoFleet';
export { generateLargeFleet, TEAM_SIZE, type LargeFleetOptions } from './largeFleet';
export { DEMO_FLEET_NAME, DRAFTS, draftReply, draftForward, clientNamedIn, type Draft } from './demoCast';
export { refreshStateContent } from './stateRefresh';
export { createRng, type Rng } from './prng';
export { isoTime, jsonLine, DAY, HOUR, type GeneratedFile, type GeneratedFleet, type MessageLine, type AckLine, type ActivityLine } from './fleetFiles';
