/**
 * `invitesim serve`: serves a built-in policy over HTTP (the protocol of docs/http.md) on
 * loopback, as the reference service and for tests. Prints the URL on stdout once it
 * listens; runs until SIGINT or SIGTERM.
 */
import { PolicyServer, SERVER_DEFAULTS, type PolicyServerOptions } from '../policies/http/server';
import { formatDurationMs, parseDurationMs } from '../runner/run-timeout';
import { resolveServedPolicy } from '../policies/http/served-policy';
import { createPolicy } from '../policies/registry';
import type { PolicySpec } from '../sim/config';
import { InputError } from '../sim/errors';
import { parseSet } from '../scenarios/load';
import { EXIT_OK } from './exit-codes';
import { positiveInt } from './options';
import { DEFAULT_PORT } from './defaults';

export interface ServeFlags {
  policy: string;
  set: string[];
  port?: string;
  host?: string;
  maxBody?: string;
  maxRunBody?: string;
  uploadMemory?: string;
  headersTimeout?: string;
  requestTimeout?: string;
  keepAliveTimeout?: string;
  maxConnections?: string;
  quiet?: boolean;
}

const LOOPBACK = ['127.0.0.1', '::1', 'localhost'];

export async function serveCommand(flags: ServeFlags): Promise<number> {
  const policy = servedPolicy(flags.policy, flags.set);
  const port = parsePort(flags.port);
  const host = flags.host ?? '127.0.0.1';
  const limits = serverLimits(flags);
  const server = new PolicyServer({ policy, resolvePolicy: resolveServedPolicy, createPolicy, ...limits });
  let url: string;
  try {
    ({ url } = await server.listen(port, host));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(`cannot listen on ${host}:${port}: ${code === 'EADDRINUSE' ? 'the port is in use; pick another with --port (0: any free port)' : (e as Error).message}`);
  }
  process.stdout.write(`${url}\n`);
  if (!flags.quiet) {
    const shown = policy.name + (Object.keys(policy.params).length > 0 ? ` ${JSON.stringify(policy.params)}` : '');
    process.stderr.write(`invitesim: serving policy ${shown} on ${url} (Ctrl-C stops)\n`);
    if (!LOOPBACK.includes(host)) process.stderr.write(`invitesim: warning: ${host} is not loopback; anyone who reaches it can open runs\n`);
  }
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await server.close();
  if (!flags.quiet) process.stderr.write(`invitesim: stopped by ${signal}\n`);
  return EXIT_OK;
}

/** The limits given as flags (the rest keep PolicyServer's defaults). */
function serverLimits(flags: ServeFlags): Partial<PolicyServerOptions> {
  const out: Partial<PolicyServerOptions> = {};
  const set = <K extends keyof PolicyServerOptions>(k: K, v: PolicyServerOptions[K] | undefined) => {
    if (v !== undefined) out[k] = v;
  };
  set('maxBodyBytes', positiveInt('--max-body', flags.maxBody));
  set('maxRunBodyBytes', positiveInt('--max-run-body', flags.maxRunBody));
  set('uploadBudgetBytes', positiveInt('--upload-memory', flags.uploadMemory));
  set('maxConnections', positiveInt('--max-connections', flags.maxConnections));
  set('headersTimeoutMs', duration('--headers-timeout', flags.headersTimeout));
  set('requestTimeoutMs', duration('--request-timeout', flags.requestTimeout));
  set('keepAliveTimeoutMs', duration('--keep-alive-timeout', flags.keepAliveTimeout));
  const headers = out.headersTimeoutMs ?? SERVER_DEFAULTS.headersTimeoutMs;
  const request = out.requestTimeoutMs ?? SERVER_DEFAULTS.requestTimeoutMs;
  if (headers > request) throw new InputError(`--headers-timeout (${formatDurationMs(headers)}) must not be longer than --request-timeout (${formatDurationMs(request)})`);
  return out;
}

function duration(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const ms = parseDurationMs(text);
  if (ms === null) throw new InputError(`${flag} must be a duration like 500ms, 10s or 2m (a plain number is seconds), got "${text}"`);
  return ms;
}

/** `--policy weekly-cap` or a JSON spec (`--policy '{"name":"any-of",...}'`), with `--set param=value` overrides. */
function servedPolicy(text: string, sets: string[]): PolicySpec {
  let raw: Record<string, unknown>;
  if (text.trim().startsWith('{')) {
    try {
      raw = JSON.parse(text);
    } catch (e) {
      throw new InputError(`--policy is not a policy name nor valid JSON: ${(e as Error).message}`);
    }
  } else raw = { name: text };
  const params = { ...((raw.params as Record<string, unknown> | undefined) ?? {}) };
  for (const s of sets) {
    const [key, value] = parseSet(s);
    params[key.replace(/^(policy\.)?params\./, '')] = value;
  }
  return resolveServedPolicy({ ...raw, params }, '--policy');
}

function parsePort(text: string | undefined): number {
  if (text === undefined) return DEFAULT_PORT;
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || n > 65535) throw new InputError(`--port must be an integer from 0 to 65535 (got "${text}"); 0 picks a free port`);
  return n;
}
