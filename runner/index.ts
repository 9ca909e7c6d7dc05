/**
 * sim/runner: from a scenario to finished runs: plan (sweep points × replicates, derived
 * seeds), runTasks (a piscina pool of worker threads), the output folder's manifest and
 * journal (durable, resumable), shards and their merge, and progress on stderr.
 */
export { DEFAULT_MAX_RUNS, planSweep, planTasks, taskSeed, type PlanLimits, type SweepPlan } from './plan';
export { runTask } from './run-task';
export type { TaskTiming } from './worker';
export { defaultWorkerHeapMb, runTasks, workerFile, type RunTasksOptions, type RunTasksSummary } from './run-tasks';
export { formatShards, inShards, parseShard, shardTasks, type Shard } from './shard';
export { MANIFEST_FILE, planId, readManifest, writeManifest, type Manifest } from './manifest';
export { JOURNAL_FILE, Journal, readJournal, writeJournal, type DamagedLine, type JournalContents, type RecordCheck } from './journal';
export { checkRecords, checkResumable, describeDamage, journalRecord, readRunFolder, reopenRunFolder, startRunFolder, type RunFolder } from './run-folder';
export { mergeFolders, type MergedRun } from './merge';
export { Progress, formatDuration, type ProgressOptions, type ProgressStream } from './progress';
export { FolderLock, LOCK_FILE, type LockHolder } from './lock';
export { defaultRunTimeoutMs, formatDurationMs, parseDurationMs, runTimeouts } from './run-timeout';
export { largestRun, memoryProblem, type RunSize } from './memory-estimate';
export { AttackSearch, OBJECTIVES, breed, drawCandidates, runHarm, searchColumns, searchShape, type Candidate, type Objective, type RoundSummary, type SearchColumn, type SearchShape } from './attack-search';
