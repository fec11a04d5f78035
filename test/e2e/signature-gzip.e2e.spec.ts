import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { signRequest } from '../../lib/client/index.js';
import { CurrentPrincipal, RequireSignature, mintApiKey, type ApiKeyRecord, type Principal } from '../../lib/index.js';
import { testPlatform } from '../support/adapter.js';
import { createEdgeApp, type EdgeApp } from '../support/edge-app.js';

const NOW = Date.UTC(2026, 0, 1);
const SECRET = 'whsec_gzip_0123456789abcdef';
const BODY = '{"to":"+33612345678","text":"hi"}';

@Controller()
class SignedController {
  @RequireSignature()
  @Post('signed')
  @HttpCode(200)
  signed(@Body() body: unknown, @CurrentPrincipal() principal: Principal) {
    return { keyId: principal.id, body };
  }
}

/**
 * docs/signatures.md: the MAC covers the body after its Content-Encoding is removed — the bytes
 * the JSON parser reads (`request.rawBody`) — not the compressed bytes on the wire.
 */
// Express's body parser decodes gzip, deflate and br; Fastify decodes no request body, so there a
// compressed body is refused (415) before it is read, signed or not (see the Fastify suite below).
const onExpress = testPlatform() === 'express';

if (onExpress) describe('signatures over a compressed body', () => {
  let edge: EdgeApp;
  let key: string;
  beforeAll(async () => {
    ({ edge, key } = await startSignedApp());
  });
  afterAll(() => edge.close());

  const post = (headers: Record<string, string>, encoding: string, bytes: Buffer) => rawPost(edge, key, headers, encoding, bytes);
  const sign = (body: string | Buffer, nonce: string) =>
    signRequest({ secret: SECRET, method: 'POST', path: '/signed', body, timestamp: NOW / 1000, nonce });

  it.each([
    ['gzip', gzipSync],
    ['deflate', deflateSync],
    ['br', brotliCompressSync],
  ] as const)('%s: signed over the uncompressed JSON → accepted', async (encoding, compress) => {
    const res = await post(sign(BODY, `nonce-ok-${encoding}`), encoding, compress(Buffer.from(BODY)));
    expect(res).toEqual({ status: 200, body: { keyId: 'key_gzip', body: { to: '+33612345678', text: 'hi' } } });
  });

  it('gzip: signed over the compressed bytes → signature_invalid 401', async () => {
    const compressed = gzipSync(Buffer.from(BODY));
    const res = await post(sign(compressed, 'nonce-compressed-1'), 'gzip', compressed);
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ error: { code: 'signature_invalid', message: 'The request signature is invalid.', details: [] } });
  });

  it('the same signed request re-sent uncompressed is a replay: one body, whatever its encoding', async () => {
    const headers = sign(BODY, 'nonce-replay-1');
    expect((await post(headers, 'gzip', gzipSync(Buffer.from(BODY)))).status).toBe(200);
    const again = await post(headers, 'identity', Buffer.from(BODY));
    expect(again.status).toBe(401);
    expect(again.body).toEqual({ error: { code: 'signature_replayed', message: 'This signed request was already received.', details: [] } });
  });

  it('a body altered inside the compression fails like any altered body', async () => {
    const res = await post(sign(BODY, 'nonce-altered-1'), 'gzip', gzipSync(Buffer.from(BODY.replace('hi', 'ho'))));
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('signature_invalid');
  });
});

if (!onExpress) {
  describe('compressed bodies on Fastify', () => {
    let edge: EdgeApp;
    let key: string;
    beforeAll(async () => {
      ({ edge, key } = await startSignedApp());
    });
    afterAll(() => edge.close());

    it.each([
      ['gzip', gzipSync],
      ['deflate', deflateSync],
      ['br', brotliCompressSync],
    ] as const)('%s: refused with 415 unsupported_media_type before it is read (Fastify decodes no request body)', async (encoding, compress) => {
      const bytes = compress(Buffer.from(BODY));
      const headers = signRequest({ secret: SECRET, method: 'POST', path: '/signed', body: BODY, timestamp: NOW / 1000, nonce: `n-${encoding}-fastify` });
      const res = await rawPost(edge, key, headers, encoding, bytes);
      expect(res.status).toBe(415);
      expect(res.body).toEqual({
        error: { code: 'unsupported_media_type', message: 'The request body has an unsupported content type or encoding.', details: [] },
      });
    });
  });
}

/** POSTs `bytes` to /signed with Node's own client: it sends them as given (superagent re-encodes some bodies). */
function rawPost(edge: EdgeApp, key: string, headers: Record<string, string>, encoding: string, bytes: Buffer): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const port = (edge.server.address() as AddressInfo).port;
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/signed',
        headers: { 'x-api-key': key, 'content-type': 'application/json', 'content-encoding': encoding, 'content-length': bytes.length, ...headers },
      },
      (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
      },
    );
    req.on('error', reject);
    req.end(bytes);
  });
}

/** The signed route's app, with one key that signs with SECRET (both suites start the same one). */
async function startSignedApp(): Promise<{ edge: EdgeApp; key: string }> {
  const minted = mintApiKey({ prefix: 'sk_test_' });
  const record: ApiKeyRecord = { id: 'key_gzip', hash: minted.hash, accountId: 'acc_1', signingSecrets: [SECRET] };
  const edge = await createEdgeApp({
    controllers: [SignedController],
    listen: true,
    options: { clock: () => NOW, apiKeys: { store: { findByHash: (hash) => (hash === minted.hash ? record : null) }, sources: ['x-api-key'] } },
  });
  return { edge, key: minted.key };
}
