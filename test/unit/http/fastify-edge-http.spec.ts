import { describe, expect, it } from '@jest/globals';
import { IncomingMessage } from 'node:http';
import { Socket } from 'node:net';
import { FastifyEdgeHttp, type FastifyInstanceLike } from '../../../lib/http/fastify-edge-http.js';

/** A Fastify instance that only records which hooks were added. */
function recordingInstance(): { instance: FastifyInstanceLike; hooks: string[] } {
  const hooks: string[] = [];
  return { hooks, instance: { addHook: (name: string) => void hooks.push(name) } as unknown as FastifyInstanceLike };
}

describe('FastifyEdgeHttp hooks', () => {
  it('adds the onSend capture hook only when responses are captured (idempotency configured)', () => {
    const capturing = recordingInstance();
    new FastifyEdgeHttp(capturing.instance, { capture: true });
    expect(capturing.hooks).toEqual(['preParsing', 'onSend']);

    const plain = recordingInstance();
    new FastifyEdgeHttp(plain.instance, { capture: false });
    expect(plain.hooks).toEqual(['preParsing']);
  });

  it('refuses to capture without its hook, instead of silently never calling the listener', () => {
    const http = new FastifyEdgeHttp(recordingInstance().instance, { capture: false });
    const request = new IncomingMessage(new Socket());
    expect(() => http.capture({ raw: request }, {}, () => undefined)).toThrow(
      'Cannot capture this response because the Fastify seam was created without its onSend hook. Fix: configure the idempotency section (the module then creates the seam with capture on).',
    );
  });
});
