/**
 * Holes the fuzz suite finds outside the hardening area, one entry per item of test/fuzz/KNOWN.md.
 * A finding that matches one is counted and reported but does not fail the run unless
 * FUZZ_KNOWN=1; the owner fixes it, then deletes the entry here and in KNOWN.md.
 */
export interface KnownIssue {
  readonly id: string;
  readonly summary: string;
  /** The error the app logs for the failing request (5xx findings), if it is one. */
  readonly logFingerprint?: RegExp;
}

/** The known holes, by id. */
// K1-K7 (raw body missing, key + Bearer, nosniff, X-Powered-By, the default profile's principal,
// @Quota and @AcceptCredentials checked at start) are fixed; see KNOWN.md. A new finding goes here.
export const KNOWN_ISSUES: readonly KnownIssue[] = [];

/** The known issue whose log fingerprint appears in the log lines of `requestId`. */
export function knownByLog(logText: string, requestId: string | undefined): string | undefined {
  if (requestId === undefined || requestId.length === 0) return undefined;
  const lines = logText.split('\n');
  const at = lines.findIndex((line) => line.includes(`[request ${requestId}]`));
  if (at === -1) return undefined;
  // The filter's line names the request, its stack follows; a guard may have logged the cause
  // just before, naming the same method and path (and no request id).
  const filterLine = lines[at] as string;
  const route = /(?:^|\| )(\S+ \S+) → \d{3} /.exec(filterLine)?.[1];
  const before = route === undefined ? [] : lines.slice(Math.max(0, at - 6), at).filter((line) => line.includes(` ${route} `));
  const excerpt = [...before, ...lines.slice(at, at + 3)].join('\n');
  return KNOWN_ISSUES.find((issue) => issue.logFingerprint?.test(excerpt))?.id;
}
