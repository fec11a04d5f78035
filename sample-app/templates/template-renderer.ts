import type { FieldViolation } from '../../lib/index.js';

/** A `{{ … }}` placeholder. */
const PLACEHOLDER = /\{\{([^{}]*)\}\}/g;
/** A valid placeholder name: a variable, or a field of the `contact` or `instance` context. */
const NAME = /^\s*(?:(contact|instance)\.)?([a-z_][a-z0-9_]*)\s*$/;

/** The contexts a template may read fields from. */
export type TemplateContext = 'contact' | 'instance';

/** One placeholder of a template. */
export interface Placeholder {
  readonly raw: string;
  readonly context: TemplateContext | null;
  readonly name: string;
}

/**
 * The placeholders of `body`, or the violations that make it invalid: a malformed name, or a
 * brace that opens or closes no placeholder.
 */
export function parseTemplate(body: string): { placeholders: Placeholder[]; violations: FieldViolation[] } {
  const placeholders: Placeholder[] = [];
  const violations: FieldViolation[] = [];
  for (const match of body.matchAll(PLACEHOLDER)) {
    const name = NAME.exec(match[1] as string);
    if (name === null) {
      violations.push({ field: 'body', constraint: 'placeholder', message: `${match[0]} is not a valid placeholder` });
    } else {
      placeholders.push({ raw: match[0], context: (name[1] as TemplateContext | undefined) ?? null, name: name[2] as string });
    }
  }
  const rest = body.replace(PLACEHOLDER, '');
  if (rest.includes('{{') || rest.includes('}}')) {
    violations.push({ field: 'body', constraint: 'balanced', message: 'body has an unbalanced {{ or }}' });
  }
  return { placeholders, violations };
}

/** Replaces each placeholder with its value; `values` is keyed by `raw`. */
export function renderTemplate(body: string, values: ReadonlyMap<string, string>): string {
  return body.replace(PLACEHOLDER, (raw) => values.get(raw) ?? raw);
}
