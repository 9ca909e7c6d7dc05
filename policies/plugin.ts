/**
 * Plugins: a user's own policy module, loaded at runtime (JS via require, TypeScript through
 * jiti, which strips types without checking them), in the CLI process to validate it and
 * again in each worker.
 * A plugin exports a factory (`create`, a default export, or module.exports itself) and
 * optionally `params` (a zod-like schema with safeParse) or `defaults` (a plain object whose
 * keys are the only params and whose values give each param's type and default).
 * guardPlugin wraps the plugin's policy so a throw names the plugin, the call, the member and
 * the minute: the runner fails that run with it (exit code 3) and keeps the others.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import type { createJiti } from 'jiti';
import type { Policy, PolicyFactory } from './policy';

/** A plugin threw (or broke the Policy contract) during a run. */
export class PluginError extends Error {
  constructor(
    message: string,
    readonly module: string,
    readonly method: string,
    /** Member the call was about (-1: none), and the minute (-1: none). */
    readonly member: number,
    readonly minute: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'PluginError';
  }
}

export const PLUGIN_EXTENSIONS = ['.js', '.cjs', '.ts', '.cts'] as const;

/** Why a module path cannot be a plugin, or null if it can. */
export function pluginPathProblem(absPath: string): string | null {
  if (!existsSync(absPath)) return `does not exist (looked for ${absPath})`;
  if (!statSync(absPath).isFile()) return `is not a file (${absPath})`;
  const ext = extname(absPath);
  if (!(PLUGIN_EXTENSIONS as readonly string[]).includes(ext)) {
    return `must be a ${PLUGIN_EXTENSIONS.join(', ')} file (got "${ext || 'no extension'}")`;
  }
  return null;
}

/**
 * Requires the module: JavaScript natively, TypeScript through jiti (types stripped, no type
 * check), one loader per thread made on first need.
 */
export function loadPluginModule(absPath: string): unknown {
  if (absPath.endsWith('.ts') || absPath.endsWith('.cts')) return typeScriptLoader()(absPath);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(absPath);
}

type Jiti = ReturnType<typeof createJiti>;
let loader: Jiti | null = null;

/**
 * jiti's synchronous require, since plugins load where the runner cannot wait (validation,
 * worker set-up). No file-system cache (it would write under node_modules or the temp
 * folder); Node's own module cache keeps each plugin loaded once per thread. jiti reads no
 * tsconfig, so a plugin loads the same from any folder.
 */
function typeScriptLoader(): Jiti {
  if (!loader) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const jiti = require('jiti') as typeof import('jiti');
    loader = jiti.createJiti(__filename, { fsCache: false, moduleCache: true, interopDefault: false });
  }
  return loader;
}

/** The module's factory, or null if it exports none. */
export function pluginFactory(mod: unknown): PolicyFactory | null {
  if (typeof mod === 'function') return mod as PolicyFactory;
  if (mod === null || typeof mod !== 'object') return null;
  const m = mod as Record<string, unknown>;
  if (typeof m.create === 'function') return m.create as PolicyFactory;
  if (typeof m.default === 'function') return m.default as PolicyFactory;
  const d = m.default as Record<string, unknown> | undefined;
  if (d && typeof d === 'object' && typeof d.create === 'function') return d.create as PolicyFactory;
  return null;
}

/** The names of required Policy methods the object lacks (empty: it is a Policy). */
export function missingPolicyMethods(p: unknown): string[] {
  if (p === null || typeof p !== 'object') return ['onInvite', 'onResponse', 'suspicious'];
  const o = p as Record<string, unknown>;
  return ['onInvite', 'onResponse', 'suspicious'].filter((k) => typeof o[k] !== 'function');
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** For a plugin written against the old context: it read ctx.graph or ctx.truth, which policies no longer get. */
export function migrationHint(file: string): string {
  let source = '';
  try {
    source = readFileSync(file, 'utf8');
  } catch {
    return '';
  }
  return /\bctx\.(graph|truth)\b/.test(source)
    ? '; it reads ctx.graph or ctx.truth, which a policy no longer gets: read ctx.view, the platform view (see policies/examples/README.md, "Migrating from ctx.graph")'
    : '';
}

/** Wraps a plugin's policy: every throw becomes a PluginError with the call's context. */
export function guardPlugin(inner: Policy, module: string): Policy {
  const fail = (method: string, e: unknown, member: number, minute: number, detail: string) =>
    new PluginError(`policy module ${module} threw in ${method}(${detail}): ${messageOf(e)}${migrationHint(module)}`, module, method, member, minute, {
      cause: e,
    });
  const guarded: Policy = {
    onInvite(sender, recipient, now, channel, note) {
      let v: number;
      try {
        v = inner.onInvite(sender, recipient, now, channel, note);
      } catch (e) {
        throw fail('onInvite', e, sender, now, `sender ${sender}, recipient ${recipient}, minute ${now}`);
      }
      if (v !== 0 && v !== 1 && v !== 2) {
        throw new PluginError(
          `policy module ${module}: onInvite(sender ${sender}, recipient ${recipient}, minute ${now}) returned ${String(v)}; expected ALLOW (0), REQUIRE_EMAIL (1) or BLOCK (2)`,
          module,
          'onInvite',
          sender,
          now,
        );
      }
      return v;
    },
    onResponse(sender, recipient, kind, now) {
      try {
        inner.onResponse(sender, recipient, kind, now);
      } catch (e) {
        throw fail('onResponse', e, sender, now, `sender ${sender}, recipient ${recipient}, kind ${kind}, minute ${now}`);
      }
    },
    suspicious(member, now) {
      try {
        return inner.suspicious(member, now);
      } catch (e) {
        throw fail('suspicious', e, member, now, `member ${member}, minute ${now}`);
      }
    },
  };
  if (typeof inner.review === 'function') {
    guarded.review = (now) => {
      try {
        inner.review!(now);
      } catch (e) {
        throw fail('review', e, -1, now, `minute ${now}`);
      }
    };
  }
  // score and warm: a member in, a number out, no minute.
  for (const method of ['score', 'warm'] as const) {
    const call = inner[method];
    if (typeof call !== 'function') continue;
    guarded[method] = (member) => {
      try {
        return call.call(inner, member);
      } catch (e) {
        throw fail(method, e, member, -1, `member ${member}`);
      }
    };
  }
  if (typeof inner.onBlocked === 'function') {
    guarded.onBlocked = (sender, recipient, now) => {
      try {
        inner.onBlocked!(sender, recipient, now);
      } catch (e) {
        throw fail('onBlocked', e, sender, now, `sender ${sender}, recipient ${recipient}, minute ${now}`);
      }
    };
  }
  if (typeof inner.onInmail === 'function') {
    guarded.onInmail = (sender, recipient, now) => {
      try {
        inner.onInmail!(sender, recipient, now);
      } catch (e) {
        throw fail('onInmail', e, sender, now, `sender ${sender}, recipient ${recipient}, minute ${now}`);
      }
    };
  }
  return guarded;
}
