/**
 * Shard: which slice of a plan one machine runs. `--shard I/N` counts I from 1 to N, as
 * Playwright's `--shard` does (the convention CI matrices copy), and takes every task whose
 * index ≡ I − 1 (mod N), so shards interleave and each sees every sweep point. `--shard /N`
 * takes the 0-based JOB_COMPLETION_INDEX that Kubernetes Indexed Jobs set, as it is.
 */
import { InputError } from '../sim/errors';
import type { Task } from '../sim/result';

export interface Shard {
  /** 0-based inside (the tasks with index % count === index); written 1-based for people (formatShards). */
  index: number;
  count: number;
}

const FORMAT = 'expected I/N with 1 ≤ I ≤ N (e.g. --shard 1/4 … 4/4, as Playwright counts), or /N to take the 0-based JOB_COMPLETION_INDEX';

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
  if (m[1] === '') {
    const index = Number(given);
    if (index >= count) throw new InputError(`--shard "${text}": JOB_COMPLETION_INDEX = ${index} must be < N = ${count} (it counts from 0)`);
    return { index, count };
  }
  const i = Number(given);
  if (i === 0) throw new InputError(`--shard "${text}": shards count from 1, as Playwright's do: use --shard 1/${count} … ${count}/${count}`);
  if (i > count) throw new InputError(`--shard "${text}": I = ${i} must be ≤ N = ${count} (shards count from 1)`);
  return { index: i - 1, count };
}

/** Whether a folder holding `shards` (null: every task) is responsible for the task. */
export function inShards(taskIndex: number, shards: readonly Shard[] | null): boolean {
  return shards === null || shards.some((s) => taskIndex % s.count === s.index);
}

export function shardTasks(tasks: readonly Task[], shards: readonly Shard[] | null): Task[] {
  return tasks.filter((t) => inShards(t.index, shards));
}

export function formatShards(shards: readonly Shard[] | null): string {
  return shards === null ? 'every task' : shards.map((s) => `shard ${s.index + 1}/${s.count}`).join(', ');
}
