import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const serverPath = fileURLToPath(new URL('./server.js', import.meta.url));

/** A started benchmark server: its process and the URL it listens on. */
export interface StartedServer {
  readonly child: ChildProcess;
  readonly url: string;
}

/** How to start a server: extra node flags (`--cpu-prof` …) and whether to pin it to core 0. */
export interface ServerLaunch {
  readonly nodeArgs?: readonly string[];
  readonly pin?: boolean;
}

/**
 * Starts `dist/bench/server.js <variant>` in its own process (on a free port) and resolves once it
 * prints `ready <port>`. With `pin`, the server runs under `taskset -c 0`.
 */
export async function startServer(variant: string, launch: ServerLaunch = {}): Promise<StartedServer> {
  const node = [...(launch.nodeArgs ?? []), serverPath, variant, '0'];
  const child = launch.pin
    ? spawn('taskset', ['-c', '0', process.execPath, ...node], { stdio: ['ignore', 'pipe', 'inherit'] })
    : spawn(process.execPath, node, { stdio: ['ignore', 'pipe', 'inherit'] });
  const stdout = child.stdout;
  if (!stdout) throw new Error('no stdout');
  let seen = '';
  for await (const chunk of stdout) {
    seen += String(chunk);
    const ready = /ready (\d+)/.exec(seen);
    if (ready) return { child, url: `http://127.0.0.1:${ready[1]}` };
  }
  // stdout ended without "ready": the server failed to start (its stderr is above).
  throw new Error(`Cannot benchmark variant "${variant}" because its server exited before listening.`);
}

/** Stops a server with SIGTERM (it closes the app and its Redis client, then exits) and waits for it. */
export async function stopServer(server: StartedServer): Promise<void> {
  if (server.child.exitCode !== null) return;
  const exited = once(server.child, 'exit');
  server.child.kill('SIGTERM');
  await exited;
}
