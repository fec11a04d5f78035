import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';

/**
 * Allocation sampling for `profile.js --heap`, inside a benchmark server. `node --heap-prof` keeps
 * only the samples still alive at exit, which hides exactly the short-lived garbage a request
 * makes; V8's sampler can keep collected objects too, through the inspector. Sampling starts on
 * SIGUSR2 (sent after the warm-up) and the profile is written to `file` when `stop` runs.
 */
export function sampleAllocationsInto(file: string, intervalBytes: number): { stop(): Promise<void> } {
  const session = new Session();
  session.connect();
  const post = (method: string, params?: object): Promise<unknown> =>
    new Promise((resolve, reject) => session.post(method, params ?? {}, (error, result) => (error ? reject(error) : resolve(result))));
  let started: Promise<unknown> | undefined;
  process.on('SIGUSR2', () => {
    started ??= post('HeapProfiler.startSampling', {
      samplingInterval: intervalBytes,
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: true,
    });
  });
  return {
    async stop(): Promise<void> {
      if (started === undefined) return;
      await started;
      const { profile } = (await post('HeapProfiler.stopSampling')) as { profile: unknown };
      writeFileSync(file, JSON.stringify(profile));
      session.disconnect();
    },
  };
}
