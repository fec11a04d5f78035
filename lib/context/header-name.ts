// RFC 9110 field-name: a token. Options that name a header are checked against it at start-up.
const FIELD_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** Whether `name` is a valid HTTP header (field) name, per RFC 9110's token rule. */
export function isHeaderName(name: unknown): name is string {
  return typeof name === 'string' && FIELD_NAME.test(name);
}
