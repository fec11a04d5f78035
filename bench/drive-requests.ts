import http from 'node:http';
import { BENCH_SCENARIOS } from './scenarios.js';

/**
 * Sends exactly `count` requests of one scenario to a server, four at a time, and prints the
 * statuses as JSON: the fixed load `instructions.sh` measures under callgrind (autocannon runs
 * for a time, not a count). `node dist/bench/drive-requests.js <port> <count> <scenario>`.
 */
async function main(): Promise<void> {
  const [port, count, name] = [Number(process.argv[2]), Number(process.argv[3]), process.argv[4]];
  const scenario = BENCH_SCENARIOS.find((s) => s.name === name);
  if (scenario === undefined) throw new Error(`Cannot drive "${String(name)}" because there is no such scenario.`);
  const template = scenario.request();
  const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
  const statuses: Record<number, number> = {};
  const one = (): Promise<void> => {
    const r = template.setupRequest ? template.setupRequest({ ...template }) : template;
    return new Promise((resolve, reject) => {
      const headers = r.headers as http.OutgoingHttpHeaders | undefined;
      const request = http.request({ host: '127.0.0.1', port, method: r.method ?? 'GET', path: r.path, headers, agent }, (response) => {
        statuses[response.statusCode ?? 0] = (statuses[response.statusCode ?? 0] ?? 0) + 1;
        response.resume();
        response.on('end', resolve);
      });
      request.on('error', reject);
      if (typeof r.body === 'string') request.write(r.body);
      request.end();
    });
  };
  let left = count;
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (left-- > 0) await one();
    }),
  );
  agent.destroy();
  console.log(JSON.stringify(statuses));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
