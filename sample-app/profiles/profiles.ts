import { OptionsConfigurationError } from '../../lib/index.js';
import { defaultProfile } from './default.profile.js';
import { demoProfile } from './demo.profile.js';
import { integrationsProfile } from './integrations.profile.js';
import { linesProfile } from './lines.profile.js';
import { msgflashProfile } from './msgflash.profile.js';
import { workspacesProfile } from './workspaces.profile.js';
import { xtokenProfile } from './xtoken.profile.js';
import type { SampleProfile } from './sample-profile.js';

/** Every profile `PROFILE=` can select, by name. */
export const PROFILES: Readonly<Record<string, SampleProfile>> = Object.freeze(
  Object.fromEntries([demoProfile, defaultProfile, msgflashProfile, xtokenProfile, workspacesProfile, integrationsProfile, linesProfile].map((profile) => [profile.name, profile])),
);

/** The profile called `name`; an unknown name fails the start with the list of known ones. */
export function profileNamed(name: string): SampleProfile {
  const profile = Object.hasOwn(PROFILES, name) ? PROFILES[name] : undefined;
  if (profile === undefined) {
    throw new OptionsConfigurationError(
      `Cannot start profile "${name}" because no such profile exists. Fix: set PROFILE to one of ${Object.keys(PROFILES).join(', ')}.`,
    );
  }
  return profile;
}
