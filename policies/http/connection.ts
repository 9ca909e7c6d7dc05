/**
 * Connection: one keep-alive HTTP/1.1 connection, one request at a time, for the load
 * driver and the closed loop's helper thread.
 * A lean client over net.Socket: the request is written as one string, the answer parsed
 * from the bytes (Content-Length or chunked bodies; `Connection: close` honoured). Node's
 * http client builds several objects and event listeners per request, which at tens of
 * thousands of requests a second cost the driver about a third of its rate. Imports only
 * node:net, so the helper thread starts fast.
 */
import * as net from 'node:net';

export type Outcome = { ok: true; status: number; body: string } | { ok: false; error: string };

const CRLF = Buffer.from('\r\n');
const HEADERS_END = Buffer.from('\r\n\r\n');
/** Headers larger than this are not an answer from a policy service. */
const MAX_HEADER_BYTES = 64 * 1024;

export class Connection {
  busy = false;
  private socket: net.Socket | null = null;
  private buf: Buffer | null = null;
  /** Answer being read: body start, then either its length or -1 for chunked; status. */
  private bodyAt = -1;
  private bodyLength = 0;
  private status = 0;
  private close = false;
  /** The request in flight, its bytes kept for one resend (see fail). */
  private pending = '';
  /** Whether the socket already carried an answer (a kept-alive socket the server may have closed meanwhile). */
  private reused = false;

  constructor(
    private readonly host: string,
    private readonly port: number,
    private readonly onDone: (c: Connection, outcome: Outcome) => void,
  ) {}

  /** The request text: head and body. */
  static request(method: string, path: string, host: string, body: string | null): string {
    if (body === null) return `${method} ${path} HTTP/1.1\r\nHost: ${host}\r\n\r\n`;
    return `${method} ${path} HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
  }

  /** Sends a whole request (see Connection.request); onDone reports its answer or failure. */
  send(request: string): void {
    this.busy = true;
    this.buf = null;
    this.bodyAt = -1;
    this.pending = request;
    (this.socket ?? this.connect()).write(request);
  }

  /** Drops the connection (a timeout): the request in flight is abandoned without a report. */
  abandon(): void {
    this.busy = false;
    this.socket?.destroy();
    this.socket = null;
  }

  private connect(): net.Socket {
    const s = net.connect({ host: this.host, port: this.port, noDelay: true });
    this.reused = false;
    s.on('data', (chunk: Buffer) => this.read(chunk));
    s.on('error', (e: NodeJS.ErrnoException) => this.fail(s, e.code ?? e.message));
    s.on('close', () => this.fail(s, 'connection closed mid-answer'));
    this.socket = s;
    return s;
  }

  /**
   * The socket failed. A server may close a kept-alive socket just as a request goes out on it;
   * if the socket had served before and nothing of the answer came back, the request is sent
   * once more, byte for byte, on a new socket. The server may have applied it before closing:
   * an events request carries its sequence number, so the resend has the same one and the
   * service answers it again without applying it twice (docs/http.md, "Resends").
   */
  private fail(s: net.Socket, error: string): void {
    if (this.socket !== s) return;
    const resend = this.busy && this.reused && this.buf === null;
    this.socket = null;
    s.destroy();
    if (resend) return void this.connect().write(this.pending);
    if (!this.busy) return;
    this.busy = false;
    this.onDone(this, { ok: false, error });
  }

  private read(chunk: Buffer): void {
    if (!this.busy) return;
    const buf = (this.buf = this.buf ? Buffer.concat([this.buf, chunk]) : chunk);
    if (this.bodyAt < 0 && !this.parseHead(buf)) return;
    const body = this.bodyLength >= 0 ? this.plainBody(buf) : this.chunkedBody(buf);
    if (body === null) return;
    this.busy = false;
    this.buf = null;
    this.reused = true;
    if (this.close) {
      const s = this.socket!;
      this.socket = null;
      s.destroy();
    }
    this.onDone(this, { ok: true, status: this.status, body });
  }

  /** Parses the status line and headers once they are all in; false until then. */
  private parseHead(buf: Buffer): boolean {
    const end = buf.indexOf(HEADERS_END);
    if (end < 0) {
      if (buf.length > MAX_HEADER_BYTES) this.fail(this.socket!, 'answer headers too large');
      return false;
    }
    const lines = buf.toString('latin1', 0, end).split('\r\n');
    const m = /^HTTP\/1\.[01] (\d{3})/.exec(lines[0]);
    if (!m) {
      this.fail(this.socket!, `not an HTTP answer: ${lines[0].slice(0, 40)}`);
      return false;
    }
    this.status = Number(m[1]);
    this.bodyLength = this.status === 204 || this.status === 304 ? 0 : -2;
    this.close = lines[0].startsWith('HTTP/1.0');
    for (let i = 1; i < lines.length; i++) {
      const colon = lines[i].indexOf(':');
      const name = lines[i].slice(0, colon).trim().toLowerCase();
      const value = lines[i].slice(colon + 1).trim().toLowerCase();
      if (name === 'content-length' && this.bodyLength === -2) this.bodyLength = Number(value);
      else if (name === 'transfer-encoding' && value.includes('chunked')) this.bodyLength = -1;
      else if (name === 'connection') this.close = value === 'close';
    }
    if (this.bodyLength === -2 || !Number.isSafeInteger(this.bodyLength)) {
      // Neither length nor chunks: the body runs to the connection's end, which a load test cannot time.
      this.fail(this.socket!, 'answer without Content-Length or chunked encoding');
      return false;
    }
    this.bodyAt = end + HEADERS_END.length;
    return true;
  }

  private plainBody(buf: Buffer): string | null {
    if (buf.length < this.bodyAt + this.bodyLength) return null;
    return buf.toString('utf8', this.bodyAt, this.bodyAt + this.bodyLength);
  }

  /** The decoded body once the last chunk is in, else null (re-parsed from the start as bytes arrive: answers are small). */
  private chunkedBody(buf: Buffer): string | null {
    const parts: Buffer[] = [];
    let at = this.bodyAt;
    for (;;) {
      const eol = buf.indexOf(CRLF, at);
      if (eol < 0) return null;
      const size = parseInt(buf.toString('latin1', at, eol), 16);
      if (!Number.isFinite(size)) {
        this.fail(this.socket!, 'malformed chunked encoding');
        return null;
      }
      at = eol + 2;
      if (size === 0) {
        // No trailers: CRLF at once; else they end with an empty line.
        if (buf.length < at + 2) return null;
        if (buf[at] !== 0x0d && buf.indexOf(HEADERS_END, at - 2) < 0) return null;
        return Buffer.concat(parts).toString('utf8');
      }
      if (buf.length < at + size + 2) return null;
      parts.push(buf.subarray(at, at + size));
      at += size + 2;
    }
  }
}
