import { describe, expect, it } from '@jest/globals';
import { declaredBodyLength, parseByteLimit } from '../../../lib/body/declared-length.check.js';

describe('parseByteLimit', () => {
  it.each([
    ['100kb', 102_400],
    ['1mb', 1_048_576],
    ['1.5KB', 1536],
    ['512b', 512],
    ['512', 512],
    [' 2 gb ', 2 * 1024 ** 3],
    [4096, 4096],
  ] as const)('%p → %p bytes', (limit, bytes) => {
    expect(parseByteLimit(limit)).toBe(bytes);
  });

  it.each(['lots', '-1kb', '1tb', '', 1.5, -1])('%p is refused with the fix', (limit) => {
    expect(() => parseByteLimit(limit)).toThrow(
      `Cannot use the body limit ${JSON.stringify(limit)} because it is not a size. Fix: pass the limit given to the body parser, e.g. '100kb', '1mb' or a whole number of bytes.`,
    );
  });
});

describe('declaredBodyLength', () => {
  it('reads a Content-Length of digits', () => {
    expect(declaredBodyLength({ 'content-length': '0' })).toBe(0);
    expect(declaredBodyLength({ 'content-length': '10000000' })).toBe(10_000_000);
  });

  it('declares nothing without a usable Content-Length, or with Transfer-Encoding', () => {
    expect(declaredBodyLength({})).toBeNull();
    expect(declaredBodyLength({ 'content-length': '' })).toBeNull();
    expect(declaredBodyLength({ 'content-length': '1e3' })).toBeNull();
    expect(declaredBodyLength({ 'content-length': '12345678901234567' })).toBeNull();
    expect(declaredBodyLength({ 'content-length': '100', 'transfer-encoding': 'chunked' })).toBeNull();
  });
});
