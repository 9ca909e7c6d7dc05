/**
 * load: open-loop load tests of a policy service: recorded simulation traffic
 * (recordTraffic), a constant-arrival-rate driver with HDR latency histograms (runOpenLoop),
 * replay through runs on the service (loadTest), gates, output files and the report's data.
 * It imports nothing from reports/, which renders its files (reports/load-ci-files.ts, load-html.ts).
 */
export { recordTraffic, recordedOf, trafficOf, type RecordedTraffic, type Traffic } from './traffic';
export { runOpenLoop, type OpenLoopOptions, type OpenLoopResult } from './driver';
export { LatencyRecorder, type LatencyQuantile, type LatencySummary, type SecondRow } from './latency';
export { httpCall } from './http-call';
export { loadTest, LoadSetupError, type LoadTestOptions, type LoadTestResult } from './replay';
export { DEFAULT_LOAD_GATES, LOAD_METRICS, checkLoadGates, loadGatesOf, isLoadMetric, loadMetric, parseLoadExpect, type LoadGate, type LoadGateResult, type LoadMetric } from './gates';
export { LOAD_CSV, LOAD_JSON, LOAD_SCHEMA_VERSION, perSecondCsv, readLoadFile, writeLoadFiles, type LoadFile } from './output';
export { buildLoadSection, type LoadHeadline, type LoadSection } from './report-data';
