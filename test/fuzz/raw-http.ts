import { connect } from 'node:net';

/** One HTTP response read off a socket. */
export interface RawResponse {
  readonly statusLine: string;
  readonly status: number;
  /** Lower-cased names; a repeated header keeps its last value. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** What came back for one request's bytes. */
export interface RawExchange {
  readonly responses: readonly RawResponse[];
  /** Bytes after the last complete response (a truncated or unparsable answer). */
  readonly trailing: string;
  /** The server neither answered nor closed within the timeout. */
  readonly hung: boolean;
  /** A socket error (ECONNRESET …): the server dropped the connection. */
  readonly socketError: string | null;
}

/**
 * Sends `bytes` on a fresh TCP connection and reads until the server closes it or `timeoutMs`
 * passes (then it is a hang). `expectResponses`: close as soon as that many complete responses
 * arrived (for keep-alive answers).
 */
export function sendRaw(port: number, bytes: Buffer, timeoutMs: number, options: { head?: boolean; expectResponses?: number } = {}): Promise<RawExchange> {
  const expectResponses = options.expectResponses ?? Infinity;
  const head = options.head ?? false;
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    let socketError: string | null = null;
    let done = false;
    const finish = (hung: boolean) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      const text = Buffer.concat(chunks).toString('latin1');
      const { responses, trailing } = parseResponses(text, head);
      resolve({ responses, trailing, hung, socketError });
    };
    const timer = setTimeout(() => finish(true), timeoutMs);
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      if (expectResponses !== Infinity && parseResponses(Buffer.concat(chunks).toString('latin1'), head).responses.filter((r) => r.status >= 200).length >= expectResponses) finish(false);
    });
    socket.on('error', (error: Error & { code?: string }) => {
      socketError = error.code ?? error.message;
    });
    socket.on('close', () => finish(false));
    socket.on('connect', () => socket.write(bytes));
  });
}

/** Splits a byte stream (latin1) into complete HTTP/1.x responses (`head`: answers to HEAD, without bodies). */
export function parseResponses(text: string, head = false): { responses: RawResponse[]; trailing: string } {
  const responses: RawResponse[] = [];
  let rest = text;
  while (rest.length > 0) {
    const end = rest.indexOf('\r\n\r\n');
    if (end === -1 || !rest.startsWith('HTTP/')) break;
    const [statusLine = '', ...lines] = rest.slice(0, end).split('\r\n');
    const headers: Record<string, string> = {};
    for (const line of lines) {
      const colon = line.indexOf(':');
      if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    const status = Number(statusLine.split(' ')[1]);
    let bodyStart = end + 4;
    let body = '';
    if (head || status < 200 || status === 204 || status === 304) {
      body = '';
    } else if (headers['transfer-encoding']?.toLowerCase().includes('chunked')) {
      let cursor = bodyStart;
      let complete = false;
      for (;;) {
        const lineEnd = rest.indexOf('\r\n', cursor);
        if (lineEnd === -1) break;
        const size = parseInt(rest.slice(cursor, lineEnd), 16);
        if (!Number.isFinite(size)) break;
        if (size === 0) {
          const trailerEnd = rest.indexOf('\r\n\r\n', lineEnd);
          cursor = trailerEnd === -1 ? lineEnd + 2 : trailerEnd + 4;
          if (trailerEnd === -1 && rest.slice(lineEnd, lineEnd + 4) !== '\r\n\r\n') cursor = lineEnd + 4;
          complete = true;
          break;
        }
        body += rest.slice(lineEnd + 2, lineEnd + 2 + size);
        cursor = lineEnd + 2 + size + 2;
      }
      if (!complete) break;
      bodyStart = cursor;
    } else if (headers['content-length'] !== undefined) {
      const length = Number(headers['content-length']);
      if (rest.length < bodyStart + length) break;
      body = rest.slice(bodyStart, bodyStart + length);
      bodyStart += length;
    } else {
      body = rest.slice(bodyStart);
      bodyStart = rest.length;
    }
    responses.push({ statusLine, status, headers, body: Buffer.from(body, 'latin1').toString('utf8') });
    rest = rest.slice(bodyStart);
  }
  return { responses, trailing: rest };
}
