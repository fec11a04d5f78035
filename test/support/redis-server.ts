import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';

/** A redis-server process a test owns: on its own free port and directory, never the shared 6379. */
export interface OwnRedisServer {
  readonly port: number;
  readonly url: string;
  /** Kills the process with SIGKILL (a crash: nothing flushed beyond what Redis already wrote). */
  kill(): Promise<void>;
  /** Starts it again on the same port and directory (so it reloads its append-only file). */
  restart(): Promise<void>;
  /** Stops it and removes its directory. */
  stop(): Promise<void>;
}

/** A local port nothing listens on: bound, then released. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * Starts `redis-server` with `args` (e.g. `['--appendonly', 'yes']`) on a free port in a fresh
 * temporary directory and waits until it answers PING. Fails, never skips, without redis-server.
 */
export async function startRedisServer(args: readonly string[] = []): Promise<OwnRedisServer> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'edge-redis-'));
  let child: ChildProcess | undefined;

  const launch = async (): Promise<void> => {
    const proc = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--daemonize', 'no', '--save', '', '--logfile', join(dir, 'redis.log'), ...args],
      { stdio: 'ignore' },
    );
    child = proc;
    const failed = new Promise<never>((_, reject) => {
      proc.once('error', (error) => reject(new Error(`Cannot start redis-server (is it installed?): ${error.message}`, { cause: error })));
      proc.once('exit', (code) => reject(new Error(`redis-server exited with ${String(code)} at start; see ${join(dir, 'redis.log')}`)));
    });
    failed.catch(() => undefined);
    const probe = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    probe.on('error', () => undefined);
    try {
      for (let attempt = 0; ; attempt++) {
        try {
          await Promise.race([probe.connect().then(() => probe.ping()), failed]);
          return;
        } catch (error) {
          if (attempt >= 100 || proc.exitCode !== null) throw error;
          probe.disconnect();
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      }
    } finally {
      probe.disconnect();
    }
  };

  const kill = async (): Promise<void> => {
    const proc = child;
    if (proc === undefined || proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
    proc.kill('SIGKILL');
    await exited;
  };

  await launch();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    kill,
    restart: launch,
    stop: async () => {
      await kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
