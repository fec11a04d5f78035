import { describe, expect, it } from '@jest/globals';
import { decodeIdempotencyRecord, encodeIdempotencyRecord } from '../../../lib/interceptors/idempotency-record.js';

describe('idempotency records', () => {
  it('round-trips a pending lock', () => {
    const text = encodeIdempotencyRecord({ state: 'pending', fingerprint: 'fp1' });
    expect(decodeIdempotencyRecord(text)).toEqual({ state: 'pending', fingerprint: 'fp1' });
  });

  it('round-trips a completed response with any body bytes and repeated headers', () => {
    const body = Buffer.from([0x00, 0xff, 0xc3, 0x28, 0x0a]); // not valid UTF-8
    const record = {
      state: 'completed' as const,
      fingerprint: 'fp2',
      status: 201,
      headers: [
        ['content-type', 'application/octet-stream'],
        ['link', ['</a>; rel="next"', '</b>; rel="prev"']],
      ] as const,
      body,
    };
    const decoded = decodeIdempotencyRecord(encodeIdempotencyRecord(record));
    expect(decoded).toEqual(record);
    expect(decoded?.state === 'completed' && decoded.body.equals(body)).toBe(true);
  });

  it('reads anything else as unusable', () => {
    for (const text of ['', 'not json', 'null', '1', '{"v":2,"fp":"x"}', '{"v":1}', '{"v":1,"fp":"x","s":200}', '{"v":1,"fp":"x","s":"200","h":[],"b":""}']) {
      expect(decodeIdempotencyRecord(text)).toBeUndefined();
    }
  });
});
