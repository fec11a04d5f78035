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
 * does not pass. ARGV per operation: 'u' now | 's' value ttl | 'i' ttl limit(-1: none)
 * exceed(0/1) [value ttl]; each takes one key, an 'i' with exceed a second (its block marker). The
 * same semantics as the single-key scripts above, in one round trip.
 *
 * The reply is `{rows}` or `{rows, value}`: `rows` is one string, `passed,count,ttlMs` per
 * operation run, joined by `;`; `value` is the block end of a refusing 'u', which is always the
 * last row. One or two strings instead of four values a row: the client decodes each reply value
 * separately, and that decoding was most of a batch's CPU in Node (see bench/README.md).
 */
export const BATCH = script(`
local out = {}
local k = 1
local a = 1
while a <= #ARGV do
  local t = ARGV[a]
  if t == 'u' then
    local v = redis.call('GET', KEYS[k])
    local now = tonumber(ARGV[a + 1])
    k = k + 1
    a = a + 2
    if v and (tonumber(v) or 0) > now then
      out[#out + 1] = '0,0,0'
      return {table.concat(out, ';'), v}
    end
    out[#out + 1] = '1,0,0'
  elseif t == 's' then
    local stored = redis.call('SET', KEYS[k], ARGV[a + 1], 'PX', ARGV[a + 2], 'NX')
    k = k + 1
    a = a + 3
    if not stored then
      out[#out + 1] = '0,0,0'
      return {table.concat(out, ';')}
    end
    out[#out + 1] = '1,0,0'
  else
    local key = KEYS[k]
    local count = redis.call('INCRBY', key, 1)
    local ttl = redis.call('PTTL', key)
    if ttl < 0 then
      redis.call('PEXPIRE', key, ARGV[a + 1])
      ttl = tonumber(ARGV[a + 1])
    end
    local limit = tonumber(ARGV[a + 2])
    local exceed = ARGV[a + 3] == '1'
    k = k + 1
    a = a + 4
    if limit >= 0 and count > limit then
      if exceed then redis.call('SET', KEYS[k], ARGV[a], 'PX', ARGV[a + 1], 'NX') end
      out[#out + 1] = string.format('0,%d,%d', count, ttl)
      return {table.concat(out, ';')}
    end
    if exceed then
      k = k + 1
      a = a + 2
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
