/**
 * Shard: which slice of a plan one machine runs. `--shard I/N` takes every task whose index
 * ≡ I (mod N), so shards interleave and each sees every sweep point; I may come from
 * JOB_COMPLETION_INDEX, which Kubernetes Indexed Jobs (and CI matrices, by hand) set.
 */
import { InputError } from '../errors';
import type { Task } from '../result';

export interface Shard {
  /** 0-based: the tasks with index % count === index. */
  index: number;
  count: number;
}

const FORMAT = 'expected I/N with 0 ≤ I < N (e.g. --shard 0/4), or /N to take I from JOB_COMPLETION_INDEX';

/** Parses `--shard I/N` or `--shard /N` (I from `env.JOB_COMPLETION_INDEX`). */
export function parseShard(text: string, env: NodeJS.ProcessEnv = process.env): Shard {
  const m = /^\s*(\d*)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!m) throw new InputError(`--shard "${text}": ${FORMAT}`);
  const count = Number(m[2]);
  if (!Number.isSafeInteger(count) || count < 1) throw new InputError(`--shard "${text}": N must be a positive integer`);
  let given = m[1];
  if (given === '') {
    given = (env.JOB_COMPLETION_INDEX ?? '').trim();
    if (given === '') throw new InputError(`--shard "${text}": I is missing and JOB_COMPLETION_INDEX is not set; ${FORMAT}`);
    if (!/^\d+$/.test(given)) throw new InputError(`--shard "${text}": JOB_COMPLETION_INDEX "${given}" is not a non-negative integer`);
  }
  const index = Number(given);
  if (index >= count) throw new InputError(`--shard "${text}": I = ${index} must be < N = ${count} (shards are numbered from 0)`);
  return { index, count };
}

/** Whether a folder holding `shards` (null: every task) is responsible for the task. */
export function inShards(taskIndex: number, shards: readonly Shard[] | null): boolean {
  return shards === null || shards.some((s) => taskIndex % s.count === s.index);
}

export function shardTasks(tasks: readonly Task[], shards: readonly Shard[] | null): Task[] {
  return tasks.filter((t) => inShards(t.index, shards));
}

export function formatShards(shards: readonly Shard[] | null): string {
  return shards === null ? 'every task' : shards.map((s) => `shard ${s.index}/${s.count}`).join(', ');
}
