import type { SampleFixtures } from './data/fixtures.js';
import type { SampleProfile } from './profiles/sample-profile.js';

/**
 * What `npm start` prints once listening: the profile, the real address, and, for a profile with
 * a demo, its keys and curl lines each followed by `# → <answer>` (the first-run test runs every
 * line as printed and expects that answer).
 */
export function firstRunBanner(profile: SampleProfile, port: number, fixtures: SampleFixtures): string {
  const base = `http://localhost:${port}`;
  const lines = [`sample-app: profile "${profile.name}" listening on ${base}`];
  const demo = profile.demo;
  if (demo === undefined) return lines.join('\n');
  const key = (role: string): string => {
    const found = fixtures.keys.find((k) => k.id === `key_${profile.name}_${role}`)?.key;
    if (found === undefined) throw new Error(`The ${profile.name} demo needs fixture key key_${profile.name}_${role} (with "key").`);
    return found;
  };
  lines.push('', 'Demo keys (sample data from sample-app/fixtures/default.json):');
  for (const { role, note } of demo.keys) lines.push(`  ${key(role)}  ${role}: ${note}`);
  lines.push('', 'Try:');
  for (const example of demo.examples(base, key)) lines.push('', `# ${example.what}`, example.command, `# → ${example.answer}`);
  lines.push(
    '',
    'Also: MAINTENANCE=1 npm start (503 maintenance_mode + Retry-After), LOG=verbose (Nest route map),',
    'PROFILE=msgflash|xtoken|workspaces|integrations|lines (the seed contracts). See sample-app/README.md.',
  );
  return lines.join('\n');
}
