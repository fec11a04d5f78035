// A compact JWT is three base64url parts separated by two dots; minted API keys have no dot.
/** Whether `value` has the shape of a compact JWT (so an API-key reader sharing the header skips it). */
export function looksLikeJwt(value: string): boolean {
  const first = value.indexOf('.');
  if (first === -1) return false;
  const second = value.indexOf('.', first + 1);
  return second !== -1 && value.indexOf('.', second + 1) === -1;
}

/** The opposite of {@link looksLikeJwt}. */
export function notJwt(value: string): boolean {
  return !looksLikeJwt(value);
}
