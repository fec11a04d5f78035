/**
 * The few commands {@link RedisEdgeStore} sends, typed structurally so the package's declarations
 * never name `ioredis` (an optional peer): an app without ioredis installed still type-checks
 * with `skipLibCheck: false`. An ioredis `Redis` and an ioredis `Cluster` both fit as they are;
 * so does any client with the same method shapes (arguments as strings and numbers, replies as
 * ioredis gives them: `null` for a missing key, Lua integers as numbers).
 *
 * @example
 * ```ts
 * import { Cluster } from 'ioredis';
 * const client: RedisEdgeClient = new Cluster([{ host: '127.0.0.1', port: 7101 }]);
 * ```
 */
export interface RedisEdgeClient {
  /** `true` on an ioredis `Cluster` (batches then go one call per operation); absent or `false` otherwise. */
  readonly isCluster?: boolean;
  /** EVALSHA sha numkeys key… arg…: runs a cached script. */
  evalsha(sha1: string, numkeys: number, ...args: Array<string | number>): Promise<unknown>;
  /** EVAL script numkeys key… arg…: runs (and caches) a script. */
  eval(script: string, numkeys: number, ...args: Array<string | number>): Promise<unknown>;
  /** GET key. */
  get(key: string): Promise<string | null>;
  /** DEL key. */
  del(key: string): Promise<number>;
  /** SET key value PX ms. */
  set(key: string, value: string, millisecondsToken: 'PX', milliseconds: number): Promise<unknown>;
  /** SET key value PX ms NX: `'OK'` when stored, `null` when the key exists. */
  set(key: string, value: string, millisecondsToken: 'PX', milliseconds: number, nx: 'NX'): Promise<unknown>;
}
