import { parseErrorEnvelope } from '../../lib/client/index.js';
import type { FuzzCase, FuzzProfile } from './fuzz-cases.js';
import { knownByLog } from './known-issues.js';
import type { RawExchange, RawResponse } from './raw-http.js';

/** What a finding breaks. */
export type Check = 'five-xx' | 'non-envelope' | 'leak' | 'hang' | 'no-answer' | 'not-refused' | 'nosniff' | 'powered-by';

/** One broken invariant in one exchange. */
export interface Finding {
  readonly check: Check;
  readonly detail: string;
  /** The KNOWN.md entry it belongs to: reported, and failing only with FUZZ_KNOWN=1. */
  readonly known?: string;
}

/**
 * Answers Node's HTTP server writes itself, with no event the module could answer in; only these
 * may be an error answer without the envelope. None is left in the configuration fuzzed here:
 * what remains (maxRequestsPerSocket's 503, maxConnections' dropped sockets, both off by default)
 * is listed in docs/hardening.md. A case names its entry in `nodeOwn`.
 */
export const NODE_OWN_ANSWERS: Readonly<Record<string, { readonly why: string; readonly matches: (response: RawResponse) => boolean }>> = {};

// Response headers of error answers that the lead's exception filter does not set yet (KNOWN.md).
const KNOWN_HEADER_CHECKS = { nosniff: 'K3', poweredBy: 'K4' } as const;

/** Every invariant one exchange breaks (empty: it held). */
export function judge(testCase: FuzzCase, exchange: RawExchange, profile: FuzzProfile, secrets: readonly string[], logText: () => string = () => ''): Finding[] {
  const findings: Finding[] = [];
  if (exchange.hung) findings.push({ check: 'hang', detail: 'no answer and no close within the socket timeout' });
  const text = exchange.responses.map((r) => `${r.statusLine}\n${JSON.stringify(r.headers)}\n${r.body}`).join('\n') + exchange.trailing;
  const leaked = secrets.filter((secret) => text.includes(secret));
  if (leaked.length > 0) findings.push({ check: 'leak', detail: `response contains ${leaked.length} fixture secret(s), e.g. ${leaked[0]?.slice(0, 6)}…` });
  const finals = exchange.responses.filter((r) => r.status >= 200);
  if (!exchange.hung && finals.length === 0) {
    findings.push({ check: 'no-answer', detail: `connection closed without an answer${exchange.socketError ? ` (${exchange.socketError})` : ''}${exchange.trailing ? `, bytes: ${JSON.stringify(exchange.trailing.slice(0, 80))}` : ''}` });
  } else if (exchange.trailing.length > 0) {
    findings.push({ check: 'non-envelope', detail: `unparsable bytes after the answers: ${JSON.stringify(exchange.trailing.slice(0, 80))}` });
  }
  const head = testCase.request?.method === 'HEAD';
  for (const response of finals) {
    if (response.status >= 500) {
      const known = knownByLog(logText(), response.headers[profile.requestIdHeader.toLowerCase()]);
      findings.push({ check: 'five-xx', detail: `${response.statusLine} ${response.body.slice(0, 200)}`, ...(known ? { known } : {}) });
    }
    if (response.status < 400) continue;
    if (response.headers['x-content-type-options'] !== 'nosniff') {
      findings.push({ check: 'nosniff', detail: `${response.status} without X-Content-Type-Options: nosniff`, known: KNOWN_HEADER_CHECKS.nosniff });
    }
    if (response.headers['x-powered-by'] !== undefined) {
      findings.push({ check: 'powered-by', detail: `${response.status} with X-Powered-By: ${response.headers['x-powered-by']}`, known: KNOWN_HEADER_CHECKS.poweredBy });
    }
    const nodeOwn = testCase.nodeOwn === undefined ? undefined : NODE_OWN_ANSWERS[testCase.nodeOwn];
    if (nodeOwn?.matches(response)) continue;
    const problem = envelopeProblem(response, profile, head);
    if (problem !== null) findings.push({ check: 'non-envelope', detail: `${response.statusLine}: ${problem}` });
  }
  const last = finals[finals.length - 1];
  if (testCase.mustRefuse && last !== undefined && last.status < 400) {
    findings.push({ check: 'not-refused', detail: `${last.statusLine}: two credentials at once were accepted`, ...(testCase.known ? { known: testCase.known } : {}) });
  }
  return findings;
}

function envelopeProblem(response: RawResponse, profile: FuzzProfile, head: boolean): string | null {
  const type = response.headers['content-type'] ?? '';
  if (!/^application\/(problem\+)?json; charset=utf-8$/.test(type)) return `content type ${JSON.stringify(type)}`;
  if (!response.headers[profile.requestIdHeader.toLowerCase()]) return `no ${profile.requestIdHeader} header`;
  if (head) return null;
  const parsed = parseErrorEnvelope(response.body, response.headers);
  if (parsed === undefined) return `body is not an envelope: ${response.body.slice(0, 160)}`;
  if (parsed.shape !== profile.envelope) return `envelope ${parsed.shape}, expected ${profile.envelope}`;
  return null;
}
