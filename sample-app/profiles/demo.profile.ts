import { SAMPLE_PLAN_ERRORS } from './sample-plan-errors.js';
import type { SampleProfile } from './sample-profile.js';

/** A send body that goes through (the recipient is the sandbox's paired test number). */
const SEND = `'{"recipients":["+15005550100"],"message":"Hello","sender_id":"Acme"}'`;

/**
 * What `npm start` serves with no variables: the library's built-in catalogue and `nested`
 * envelope with the edge switched on — API keys required (`x-api-key`, `demo_live_…`), console
 * JWTs, signed requests for keys that must sign, team context in `X-Team-Id`, plans and the
 * sandbox quota, a per-minute rate limit (2 a minute on the trial plan, 100 otherwise), brute-force
 * protection of the login, idempotency keys on sends, and the maintenance switch
 * (`MAINTENANCE=1`). Not a seed contract: the five seed profiles are selected with `PROFILE=`.
 */
export const demoProfile: SampleProfile = {
  name: 'demo',
  seed: null,
  envelope: 'nested',
  checks: (ports) => ({
    apiKeys: {
      store: ports.keys,
      sources: ['x-api-key'],
      formats: [
        { prefix: 'demo_live_', kind: 'personal', charset: 'base62', length: { min: 30, max: 64 } },
        { prefix: 'demo_team_', kind: 'team', charset: 'base62', length: { min: 30, max: 64 } },
      ],
    },
    jwt: { verify: ports.tokens.verify },
    signature: {},
    workspace: { resolver: ports.workspaces, header: 'X-Team-Id', personalContextRole: 'owner' },
    plans: { ...SAMPLE_PLAN_ERRORS, provider: ports.billing, quotas: { sandbox: { period: 'day', limit: 50, routes: 'marked' } } },
    rateLimit: {
      windows: [{ name: 'minute', ttl: 60_000, limit: ({ principal }) => (principal?.plan === 'trial' ? 2 : 100) }],
      bruteForce: { maxFailures: 10 },
    },
    idempotency: {},
  }),
  catalogue: {},
  demo: {
    keys: [
      { role: 'alice', note: 'pro plan, every scope' },
      { role: 'tina', note: 'trial plan: 2 requests a minute' },
      { role: 'signed', note: 'must sign its requests (HMAC, see docs/signatures.md)' },
    ],
    examples: (base, key) => [
      {
        what: 'refused: no API key',
        command: `curl -s -w ' %{http_code}\\n' ${base}/v1/me`,
        answer: '{"error":{"code":"missing_api_key","message":"No API key was supplied.","details":[]}} 401',
      },
      {
        what: 'accepted',
        command: `curl -s -w ' %{http_code}\\n' ${base}/v1/me -H 'x-api-key: ${key('alice')}'`,
        answer: '{"id":"acc_alice","email":"alice@example.com","plan":"pro","balance":100} 200',
      },
      {
        what: 'a key that must sign, unsigned',
        command: `curl -s -w ' %{http_code}\\n' ${base}/v1/me -H 'x-api-key: ${key('signed')}'`,
        answer:
          '{"error":{"code":"signature_required","message":"This API key requires signed requests, but the signature headers are missing.","details":[]}} 401',
      },
      {
        what: 'rate limited: the third request in a minute on the trial plan (429 with Retry-After)',
        command: `for i in 1 2 3; do curl -s -o /dev/null -w '%{http_code} ' ${base}/v1/me -H 'x-api-key: ${key('tina')}'; done; echo`,
        answer: '200 200 429',
      },
      {
        what: 'replayed: the same Idempotency-Key twice sends once; the second answer is the first, replayed',
        command:
          `for i in 1 2; do curl -s -o /dev/null -w '%{http_code} replayed=%header{idempotent-replayed} ' ${base}/v1/messages ` +
          `-H 'x-api-key: ${key('alice')}' -H 'Idempotency-Key: first-run-1' -H 'content-type: application/json' -d ${SEND}; done; echo`,
        answer: '201 replayed= 201 replayed=true',
      },
    ],
  },
};
