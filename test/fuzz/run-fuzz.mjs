// `npm run fuzz -- --requests 20000 [--seed 7] [--profiles msgflash,lines] [--known]`: the fuzz
// suite with a longer run. The options become FUZZ_REQUESTS, FUZZ_SEED, FUZZ_PROFILES and
// FUZZ_KNOWN=1 for test/fuzz/edge.fuzz.spec.ts, run by Jest as in CI.
import { spawnSync } from 'node:child_process';

const flags = { '--requests': 'FUZZ_REQUESTS', '--seed': 'FUZZ_SEED', '--profiles': 'FUZZ_PROFILES' };
const env = { ...process.env };
const args = process.argv.slice(2);
for (let i = 0; i < args.length; i++) {
  const arg = args[i];
  const [name, inline] = arg.split('=', 2);
  if (name === '--known') {
    env.FUZZ_KNOWN = '1';
  } else if (name in flags) {
    const value = inline ?? args[++i];
    if (value === undefined) {
      console.error(`Cannot run the fuzz suite because ${name} has no value. Fix: e.g. ${name} ${name === '--profiles' ? 'msgflash' : '1000'}.`);
      process.exit(2);
    }
    env[flags[name]] = value;
  } else {
    console.error(`Cannot run the fuzz suite because ${arg} is not an option. Fix: use --requests N, --seed N, --profiles a,b or --known.`);
    process.exit(2);
  }
}
const jest = spawnSync(process.execPath, ['node_modules/jest/bin/jest.js', 'test/fuzz', '--runInBand'], { stdio: 'inherit', env });
process.exit(jest.status ?? 1);
