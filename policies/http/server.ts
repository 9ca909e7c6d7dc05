/**
 * PolicyServer: the reference policy service (node:http, JSON, loopback by default). It
 * holds one RunSession per simulation run and answers the protocol of docs/http.md.
 * Every request ends in a JSON answer: a bad one is a 400 naming what is wrong, a failing
 * policy a 409 for its run; nothing a client sends can stop the server. Nor can a client hold
 * it: headers, whole requests and idle kept-alive sockets have time limits, connections past
 * `maxConnections` get a 503 (and /health still answers), and uploads of run graphs, which are
 * buffered whole, share a memory budget.
 */
import { randomUUID } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { PolicySpec } from '../definition';
import type { Policy, PolicyContext } from '../policy';
import type { GroundTruth } from '../truth';
import { deferrableTypes } from './deferrable';
import { PROTOCOL_VERSION, ProtocolError, decodePlatform, decodeTruth, type CreateRunResponse } from './protocol';
import { RunSession, SessionBroken } from './session';

export interface PolicyServerOptions {
  /** The policy of runs that name none (resolved). */
  policy: PolicySpec;
  /** Validates a run's own `policy` field (throws with a message on a bad one). */
  resolvePolicy(spec: unknown): PolicySpec;
  createPolicy(spec: PolicySpec, ctx: PolicyContext, truth?: GroundTruth): Policy;
  /** Largest events body accepted (default 1 MiB). */
  maxBodyBytes?: number;
  /** Largest `POST /runs` body, which carries the platform snapshot (default 64 MiB). */
  maxRunBodyBytes?: number;
  /** Bytes of `POST /runs` bodies buffered at once (default 96 MiB); an upload that would pass it gets a 503. */
  uploadBudgetBytes?: number;
  /** A request's headers must be in within this (default 10 s). */
  headersTimeoutMs?: number;
  /** A whole request, body included, must be in within this (default 120 s). */
  requestTimeoutMs?: number;
  /** A kept-alive socket idle this long is closed (default 5 s). */
  keepAliveTimeoutMs?: number;
  /** Connections served at once (default 256); past it requests get a 503, except /health. */
  maxConnections?: number;
  /** Runs held at once (default 64); a new run first drops runs idle for `idleMs`. */
  maxRuns?: number;
  /** Default 10 minutes. */
  idleMs?: number;
}

const MIB = 1024 * 1024;
export const SERVER_DEFAULTS = {
  maxBodyBytes: MIB,
  maxRunBodyBytes: 64 * MIB,
  uploadBudgetBytes: 96 * MIB,
  maxRuns: 64,
  idleMs: 10 * 60_000,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 120_000,
  keepAliveTimeoutMs: 5000,
  maxConnections: 256,
};
const LIMITS = Object.keys(SERVER_DEFAULTS) as Array<keyof typeof SERVER_DEFAULTS>;
/** A connection past maxConnections idle this long is closed (it was answered 503, or never asked). */
const OVER_LIMIT_IDLE_MS = 1000;
/** Past this many times maxConnections, new connections are dropped without an answer (file descriptors are finite). */
const HARD_CAP_FACTOR = 8;

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export class PolicyServer {
  private readonly server: http.Server;
  private readonly runs = new Map<string, RunSession>();
  private readonly options: Required<PolicyServerOptions>;
  /** Sockets beyond maxConnections: answered 503 (but /health), then closed. */
  private readonly overLimit = new WeakSet<Socket>();
  private connections = 0;
  /** Bytes reserved by POST /runs bodies being read. */
  private uploading = 0;

  constructor(options: PolicyServerOptions) {
    this.options = { ...SERVER_DEFAULTS, ...options };
    for (const k of LIMITS) {
      const v = this.options[k];
      if (!Number.isSafeInteger(v) || v < 1) throw new Error(`PolicyServer: options.${k} must be a positive integer (got ${v})`);
    }
    const o = this.options;
    if (o.headersTimeoutMs > o.requestTimeoutMs) throw new Error(`PolicyServer: options.headersTimeoutMs (${o.headersTimeoutMs}) must not exceed options.requestTimeoutMs (${o.requestTimeoutMs})`);
    this.server = http.createServer(
      {
        headersTimeout: o.headersTimeoutMs,
        requestTimeout: o.requestTimeoutMs,
        keepAliveTimeout: o.keepAliveTimeoutMs,
        // Node checks the two request timeouts this often (default 30 s, which let slow clients linger).
        connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(o.headersTimeoutMs / 4))),
      },
      (req, res) => this.handle(req, res),
    );
    this.server.maxConnections = o.maxConnections * HARD_CAP_FACTOR;
    this.server.on('connection', (socket: Socket) => this.admit(socket));
    this.server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
      const status = err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? '408 Request Timeout' : '400 Bad Request';
      // Destroyed once the answer is out: a client that never reads must not keep the socket half open.
      if (socket.writable) socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`, () => socket.destroy());
      else socket.destroy();
    });
  }

  /**
   * Counts a connection; one past maxConnections is marked, and closed soon if it idles. Node's
   * headersTimeout starts with a request's first byte, so a socket that sends nothing at all is
   * given the same time to start one.
   */
  private admit(socket: Socket): void {
    this.connections++;
    socket.once('close', () => this.connections--);
    const over = this.connections > this.options.maxConnections;
    if (over) this.overLimit.add(socket);
    socket.setTimeout(over ? OVER_LIMIT_IDLE_MS : this.options.headersTimeoutMs, () => socket.destroy());
    if (!over) socket.once('data', () => socket.setTimeout(0));
  }

  /** Starts listening; resolves with the port (0 picks a free one). */
  listen(port: number, host = '127.0.0.1'): Promise<{ port: number; url: string }> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        const addr = this.server.address() as AddressInfo;
        const shown = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
        resolve({ port: addr.port, url: `http://${shown}:${addr.port}` });
      });
    });
  }

  /** Stops accepting, drops open connections and every run. */
  close(): Promise<void> {
    this.runs.clear();
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    res.on('error', () => {});
    req.on('error', () => {});
    try {
      if (this.overLimit.has(req.socket)) {
        res.setHeader('Connection', 'close');
        if (!(req.url ?? '').startsWith('/health')) {
          req.resume();
          throw new HttpError(503, `${this.connections} connections are open, more than this server serves at once (${this.options.maxConnections}, serve --max-connections); retry later`);
        }
      }
      this.route(req, res);
    } catch (e) {
      this.fail(res, e);
    }
  }

  private route(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    const method = req.method ?? 'GET';
    if (path === '/health') {
      allow(method, 'GET');
      return send(res, 200, { status: 'ok', protocol: PROTOCOL_VERSION, policy: this.options.policy, runs: this.runs.size, connections: this.connections });
    }
    if (path === '/runs') {
      allow(method, 'POST');
      return this.readUpload(req, res);
    }
    const m = /^\/runs\/([A-Za-z0-9-]{1,64})(\/events)?$/.exec(path);
    if (!m) throw new HttpError(404, `no such resource ${path}; the protocol has /health, /runs, /runs/{id}/events`);
    const run = this.runs.get(m[1]);
    if (m[2]) {
      allow(method, 'POST');
      if (!run) throw new HttpError(404, `no run ${m[1]} (finished, never created, or dropped after idling)`);
      return this.readJson(req, res, this.options.maxBodyBytes, (body) => {
        run.lastUsed = Date.now();
        send(res, 200, run.apply(body));
      });
    }
    allow(method, 'DELETE');
    if (!run) throw new HttpError(404, `no run ${m[1]}`);
    this.runs.delete(m[1]);
    res.writeHead(204).end();
  }

  private createRun(body: unknown): CreateRunResponse {
    if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new ProtocolError('body must be an object {protocol, members, horizon, ladder, platform}');
    const b = body as Record<string, unknown>;
    if (b.protocol !== PROTOCOL_VERSION) throw new ProtocolError(`protocol must be ${PROTOCOL_VERSION} (got ${JSON.stringify(b.protocol)})`);
    const members = b.members;
    if (!Number.isInteger(members) || (members as number) < 1 || (members as number) > 2 ** 31 - 1) throw new ProtocolError('members must be a positive integer');
    if (!Number.isInteger(b.horizon) || (b.horizon as number) < 1) throw new ProtocolError('horizon must be a positive integer (minutes)');
    const ladder = b.ladder as Record<string, unknown> | null;
    const okNumber = (v: unknown, min: number) => typeof v === 'number' && Number.isFinite(v) && v >= min;
    if (!ladder || typeof ladder !== 'object' || !okNumber(ladder.coolDownHours, 0) || !okNumber(ladder.recheckHours, 0) || !Number.isInteger(ladder.strikesToPermanent) || (ladder.strikesToPermanent as number) < 1) {
      throw new ProtocolError('ladder must be {coolDownHours >= 0, recheckHours >= 0, strikesToPermanent >= 1}');
    }
    const n = members as number;
    const platform = decodePlatform(b.platform, n);
    const truth = decodeTruth(b.truth, n);
    let spec = this.options.policy;
    if (b.policy !== undefined) {
      try {
        spec = this.options.resolvePolicy(b.policy);
      } catch (e) {
        throw new ProtocolError(`policy: ${(e as Error).message}`);
      }
    }
    this.makeRoom();
    const world = {
      members: n,
      horizon: b.horizon as number,
      ladder: { coolDownHours: ladder.coolDownHours as number, recheckHours: ladder.recheckHours as number, strikesToPermanent: ladder.strikesToPermanent as number },
      platform,
      truth,
    };
    let run: RunSession;
    try {
      run = new RunSession(randomUUID(), spec, world, this.options.createPolicy, deferrableTypes(spec), Date.now());
    } catch (e) {
      throw new ProtocolError(`the policy could not be created for this run: ${(e as Error).message}`);
    }
    this.runs.set(run.id, run);
    return { id: run.id, policy: spec, hooks: run.hooks, deferrable: run.deferrable };
  }

  private makeRoom(): void {
    if (this.runs.size < this.options.maxRuns) return;
    const idleSince = Date.now() - this.options.idleMs;
    for (const [id, run] of this.runs) if (run.lastUsed < idleSince) this.runs.delete(id);
    if (this.runs.size >= this.options.maxRuns) {
      throw new HttpError(503, `${this.runs.size} runs are open, the most this server holds; finish runs with DELETE /runs/{id}`);
    }
  }

  /**
   * POST /runs: its body is buffered whole, so it first reserves its size (declared, else the
   * limit) in the upload budget; one that would pass the budget gets a 503 before any is read.
   */
  private readUpload(req: http.IncomingMessage, res: http.ServerResponse): void {
    const limit = this.options.maxRunBodyBytes;
    const declared = Number(req.headers['content-length']);
    const reserve = Number.isSafeInteger(declared) && declared >= 0 && declared <= limit ? declared : limit;
    if (this.uploading > 0 && this.uploading + reserve > this.options.uploadBudgetBytes) {
      req.resume();
      res.setHeader('Connection', 'close');
      res.setHeader('Retry-After', '1');
      throw new HttpError(503, `other uploads hold ${this.uploading} of this server's ${this.options.uploadBudgetBytes} bytes for run graphs (serve --upload-memory); retry when they are done`);
    }
    this.uploading += reserve;
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      this.uploading -= reserve;
    };
    // Held until the run is created from the parsed body, or the request ends otherwise.
    req.once('close', release);
    this.readJson(req, res, limit, (body) => {
      release();
      send(res, 201, this.createRun(body));
    });
  }

  /** Reads a JSON body of at most `limit` bytes; too long or not JSON is a 400. */
  private readJson(req: http.IncomingMessage, res: http.ServerResponse, limit: number, then: (body: unknown) => void): void {
    const declared = Number(req.headers['content-length']);
    if (declared > limit) return this.tooLarge(req, res, limit);
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      if (over) return;
      size += chunk.length;
      if (size > limit) {
        over = true;
        chunks.length = 0;
        return this.tooLarge(req, res, limit);
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (over) return;
      let body: unknown;
      try {
        const text = chunks.length === 1 ? chunks[0].toString('utf8') : Buffer.concat(chunks).toString('utf8');
        body = JSON.parse(text);
      } catch (e) {
        return this.fail(res, new ProtocolError(`body is not valid JSON: ${(e as Error).message}`));
      }
      try {
        then(body);
      } catch (e) {
        this.fail(res, e);
      }
    });
  }

  /** Answers at once and closes the connection; the rest of the body is read and dropped. */
  private tooLarge(req: http.IncomingMessage, res: http.ServerResponse, limit: number): void {
    req.removeAllListeners('data');
    req.resume();
    res.setHeader('Connection', 'close');
    this.fail(res, new ProtocolError(`body exceeds this server's limit of ${limit} bytes`));
  }

  private fail(res: http.ServerResponse, e: unknown): void {
    if (res.headersSent) return void res.destroy();
    if (e instanceof ProtocolError) return send(res, 400, { error: e.message });
    if (e instanceof HttpError) return send(res, e.status, { error: e.message });
    if (e instanceof SessionBroken) return send(res, 409, { error: e.message });
    send(res, 500, { error: `internal error: ${e instanceof Error ? e.message : String(e)}` });
  }
}

function allow(method: string, expected: string): void {
  if (method !== expected) throw new HttpError(405, `method ${method} not allowed here; use ${expected}`);
}

function send(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}
