import http, { type IncomingMessage, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ExpressAdapter } from '@nestjs/platform-express';
import type { Express } from 'express';

/**
 * Why bare Express misses V8's inline caches on every request (`bench/ic-misses.ts`: ~130 misses
 * a request on Express, none on Fastify): `Object.setPrototypeOf(req, app.request)` in Express's
 * `app.handle` gives each request object a map of its own as soon as a property is added after it
 * (the router adds `next`, `baseUrl`, `params`…), so the first load of each property of `req` or
 * `res`, in anyone's code, meets a map V8 has never seen.
 *
 * `node --allow-natives-syntax dist/bench/prototype-maps.js` (after a build) prints, for a plain
 * object, a plain Node server and Express 5, how many of 1,000 objects differ in map from one kept
 * at the same point (the route handler for the servers).
 */
type SameMap = (a: object, b: object) => boolean;

function sameMapCheck(): SameMap {
  try {
    return new Function('a', 'b', 'return %HaveSameMap(a, b)') as SameMap;
  } catch {
    throw new Error('Cannot compare maps because V8 natives syntax is off. Fix: run node --allow-natives-syntax dist/bench/prototype-maps.js');
  }
}

/** Objects built like Node's request (a class instance), with and without a prototype swap. */
function plainObjects(same: SameMap, swap: boolean): number {
  class Message {
    constructor(readonly a = 1) {}
  }
  const proto = Object.create(Message.prototype) as object;
  const make = (): object => {
    const o = new Message() as Message & { next?: () => void };
    if (swap) Object.setPrototypeOf(o, proto);
    o.next = () => undefined;
    return o;
  };
  const kept = make();
  let differ = 0;
  for (let i = 0; i < 1000; i++) if (!same(kept, make())) differ++;
  return differ;
}

/** Requests reaching a handler: the 100th is kept unanswered, the next 1,000 compared with it. */
async function serverRequests(same: SameMap, handler: (probe: (req: IncomingMessage) => boolean) => RequestListener): Promise<number> {
  let seen = 0;
  let kept: IncomingMessage | undefined;
  let differ = 0;
  const probe = (req: IncomingMessage): boolean => {
    seen++;
    if (seen === 100) {
      kept = req;
      return false;
    }
    if (kept !== undefined && !same(kept, req)) differ++;
    return true;
  };
  const server = http.createServer(handler(probe));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const get = (options: http.RequestOptions): Promise<void> =>
    new Promise((resolve, reject) => {
      http.get({ host: '127.0.0.1', port, path: '/ping', ...options }, (res) => res.resume().on('end', resolve)).on('error', reject);
    });
  for (let i = 0; i < 99; i++) await get({ agent });
  void get({ agent: false }).catch(() => undefined); // the 100th, kept
  while (kept === undefined) await new Promise((resolve) => setTimeout(resolve, 10));
  for (let i = 0; i < 1000; i++) await get({ agent });
  agent.destroy();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  return differ;
}

async function main(): Promise<void> {
  const same = sameMapCheck();
  console.log(`plain objects, no prototype swap:       ${plainObjects(same, false)} of 1000 differ`);
  console.log(`plain objects, Object.setPrototypeOf:   ${plainObjects(same, true)} of 1000 differ`);
  const node = await serverRequests(same, (probe) => (req, res) => {
    if (probe(req)) res.end('ok');
  });
  console.log(`node:http requests at the handler:      ${node} of 1000 differ`);
  // The Express the bench's Nest apps run on (the platform's own dependency).
  const app = new ExpressAdapter().getInstance<Express>();
  const expressRequests = await serverRequests(same, (probe) => {
    app.get('/ping', (req, res) => {
      if (probe(req)) res.json({ ok: true });
    });
    return app;
  });
  console.log(`Express 5 requests at the route:        ${expressRequests} of 1000 differ`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
