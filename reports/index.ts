/**
 * reports/: from RunRecords to the output folder. buildResults aggregates (mean, 95% CI per
 * point), checks gates and a baseline; writeReports writes results.json, the CSVs,
 * report.html, junit.xml and summary.md; exitCode turns the checks into the CLI's exit code.
 */
export { aggregatePoints, RECALL_GRID, type HoursSummary, type PointSummary, type ScoreCurveSummary } from './aggregate';
export { compareBaseline, type BaselineComparison, type Regression } from './baseline';
export { exitCode } from './exit-code';
export { BOUNDS, checkGates, parseExpect, type Bound, type Gate, type GateResult } from './gates';
export { loadReportHtml, reportHtml } from './html';
export { loadJunitXml, loadSummaryMarkdown, loadTestsuite, withLoadTestsuite } from './load-ci-files';
export { ARCHETYPE_METRICS, HEADLINE_METRICS, METRICS, TIMELINE_FIELDS, metricInfo, type MetricInfo, type MetricName } from './metrics';
export { SCHEMA_VERSION, buildResults, readResults, type BuildOptions, type ResultsFile, type RunMeta } from './results';
export { estimate, tQuantile975, type Estimate } from './stats';
export { REPORT_FILES, rebuildReports, writeReports } from './write';
