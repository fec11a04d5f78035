import { createHash } from 'node:crypto';
import type { EdgeStoreOperationResult } from './edge-store-operations.js';

// The Lua scripts of RedisEdgeStore, each sent by SHA (EVALSHA) with the source as fallback.
// Internal; not exported from the package.

/** A Lua script and its SHA-1, for EVALSHA with an EVAL fallback. */
export interface Script {
  readonly source: string;
  readonly sha: string;
}

function script(source: string): Script {
  return { source, sha: createHash('sha1').update(source).digest('hex') };
}

// Every script but BATCH touches exactly one key (KEYS[1]), so on a Redis Cluster each runs whole
// on the node that owns that key's slot: no CROSSSLOT error is possible, and ioredis follows
// MOVED/ASK. BATCH spans a request's keys, so it is sent only to a single Redis (not a Cluster).

/**
 * INCRBY, then set the expiry only if the key has none: a new key (or one that expired) starts a
 * fresh window; an existing one keeps its expiry (fixed window). PTTL < 0 also repairs a key that
 * somehow lost its expiry, so no counter can live forever. One script = one atomic step in Redis.
 */
export const INCREMENT = script(`
local count = redis.call('INCRBY', KEYS[1], ARGV[2])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {count, ttl}
`);

/** Replace value and expiry only while the key holds the expected value (GET is nil when absent). */
export const COMPARE_AND_SET = script(`
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
  return 1
end
return 0
`);

/** A fresh expiry only while the key holds the expected value. */
export const RENEW = script(`
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
return 0
`);

/** Delete only while the key holds the expected value. */
export const COMPARE_AND_DELETE = script(`
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('DEL', KEYS[1])
  return 1
end
return 0
`);

/**
 * A request's store operations (see EdgeStoreOperation) in order, stopping after the first that
 * does not pass; the same semantics as the single-key scripts above, in one round trip.
 *
 * ARGV[1] lists the operations, `;` between them: `u:<now>` | `s:<ttl>` | `i:<ttl>:<limit, -1:
 * none>` with `:<block ttl>` when a hit over the limit sets a block marker. Each takes one key, an
 * `i` with a block marker a second. The strings they store (a nonce's value, a marker's value)
 * follow as ARGV[2…], in the order of their operations. One string for the numbers instead of
 * one argument each: the client encodes every argument separately.
 *
 * The reply is `{rows}` or `{rows, value}`: `rows` is one string, `passed,count,ttlMs` per
 * operation run, joined by `;`; `value` is the block end of a refusing `u`, which is always the
 * last row. One or two strings instead of four values a row, for the same reason.
 */
export const BATCH = script(`
local out = {}
local k = 1
local v = 2
for op in string.gmatch(ARGV[1], '[^;]+') do
  local t = string.sub(op, 1, 1)
  if t == 'u' then
    local block = redis.call('GET', KEYS[k])
    local now = tonumber(string.sub(op, 3))
    k = k + 1
    if block and (tonumber(block) or 0) > now then
      out[#out + 1] = '0,0,0'
      return {table.concat(out, ';'), block}
    end
    out[#out + 1] = '1,0,0'
  elseif t == 's' then
    local stored = redis.call('SET', KEYS[k], ARGV[v], 'PX', string.sub(op, 3), 'NX')
    k = k + 1
    v = v + 1
    if not stored then
      out[#out + 1] = '0,0,0'
      return {table.concat(out, ';')}
    end
    out[#out + 1] = '1,0,0'
  else
    local _, _, window, limitText, blockTtl = string.find(op, '^i:([^:]*):([^:]*):?(.*)$')
    local key = KEYS[k]
    local count = redis.call('INCRBY', key, 1)
    local ttl = redis.call('PTTL', key)
    if ttl < 0 then
      redis.call('PEXPIRE', key, window)
      ttl = tonumber(window)
    end
    local limit = tonumber(limitText)
    local exceed = blockTtl ~= ''
    k = k + 1
    if limit >= 0 and count > limit then
      if exceed then redis.call('SET', KEYS[k], ARGV[v], 'PX', blockTtl, 'NX') end
      out[#out + 1] = string.format('0,%d,%d', count, ttl)
      return {table.concat(out, ';')}
    end
    if exceed then
      k = k + 1
      v = v + 1
    end
    out[#out + 1] = string.format('1,%d,%d', count, ttl)
  end
end
return {table.concat(out, ';')}
`);

/** BATCH's reply: the rows' numbers as one string, and a refusing block's value. */
export type BatchReply = [rows: string, value?: string];

/** The operation results of a BATCH reply (see {@link BATCH}). */
export function batchResults(reply: BatchReply): EdgeStoreOperationResult[] {
  const [rows, value] = reply;
  const results: EdgeStoreOperationResult[] = [];
  if (rows === '') return results;
  let start = 0;
  while (start < rows.length) {
    let end = rows.indexOf(';', start);
    if (end === -1) end = rows.length;
    const first = rows.indexOf(',', start);
    const second = rows.indexOf(',', first + 1);
    const last = end === rows.length;
    results.push({
      passed: rows.charCodeAt(start) === 49 /* 1 */,
      count: Number(rows.slice(first + 1, second)),
      ttlMs: Number(rows.slice(second + 1, end)),
      // Only a refusing block check carries a value, and a refusal is the last row.
      value: last && value !== undefined && value !== '' ? value : undefined,
    });
    start = end + 1;
  }
  return results;
}
