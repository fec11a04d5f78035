import type { CatalogueEntry } from '../errors/catalogue-entry.js';

/** What {@link renderCatalogueDocs} renders. */
export interface CatalogueDocsOptions {
  /** `md` (GitHub-flavoured Markdown with HTML anchors) or `html` (a standalone page). */
  readonly format: 'md' | 'html';
  /** Page title. Default `Error codes`. */
  readonly title?: string;
  /** The API's `docsBaseUrl`: named on the page, so readers see where `docs_url` points. */
  readonly docsBaseUrl?: string;
}

/** Anything with the catalogue's `entries()` (a `Catalogue`, also one loaded from another build). */
export interface CatalogueLike {
  entries(): readonly CatalogueEntry[];
}

/** One row of the page: one wire code. */
interface Row {
  readonly entry: CatalogueEntry;
  /** The HTML id of the row (the entry's docs anchor), or null when another row already has it. */
  readonly anchor: string | null;
}

/**
 * The catalogue as an error docs page, the way API docs present theirs: grouped by type, one row
 * per wire code with its HTTP status, whether to retry, the message and what to do. Every row has
 * an HTML anchor equal to the entry's `docs` anchor, the fragment `docs_url` (and a problem's
 * `type`) points to. Several meanings sharing one code (`as`) are one row. Text is escaped for
 * HTML (and for Markdown tables).
 *
 * @example
 * ```ts
 * writeFileSync('errors.html', renderCatalogueDocs(catalogue, { format: 'html', title: 'Errors', docsBaseUrl: 'https://docs.example.com/errors' }));
 * ```
 */
export function renderCatalogueDocs(catalogue: CatalogueLike, options: CatalogueDocsOptions): string {
  const title = options.title ?? 'Error codes';
  const groups = groupByType(catalogue.entries());
  return options.format === 'html' ? renderHtml(title, options.docsBaseUrl, groups) : renderMarkdown(title, options.docsBaseUrl, groups);
}

function groupByType(entries: readonly CatalogueEntry[]): Map<string, Row[]> {
  const seenCodes = new Set<string>();
  const seenAnchors = new Set<string>();
  const groups = new Map<string, Row[]>();
  for (const entry of entries) {
    if (seenCodes.has(entry.code)) continue;
    seenCodes.add(entry.code);
    const anchor = seenAnchors.has(entry.docs) ? null : entry.docs;
    seenAnchors.add(entry.docs);
    let rows = groups.get(entry.type);
    if (rows === undefined) groups.set(entry.type, (rows = []));
    rows.push({ entry, anchor });
  }
  // Within a type, by status; definition order otherwise (sort is stable).
  for (const rows of groups.values()) rows.sort((a, b) => a.entry.status - b.entry.status);
  return groups;
}

function retryText(entry: CatalogueEntry): string {
  if (!entry.retryable) return 'no';
  return entry.retryAfter === undefined ? 'yes' : `yes (Retry-After ${entry.retryAfter} s)`;
}

function statusesOf(rows: readonly Row[]): string {
  return [...new Set(rows.map((r) => r.entry.status))].join(', ');
}

const HTML_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text safe in HTML content and in double- or single-quoted attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] as string);
}

// A Markdown table cell: HTML-escaped (cells may hold inline HTML), `|` and line breaks neutralized.
function mdCell(text: string): string {
  return escapeHtml(text).replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function renderMarkdown(title: string, docsBaseUrl: string | undefined, groups: Map<string, Row[]>): string {
  const lines = [`# ${mdCell(title)}`, ''];
  if (docsBaseUrl !== undefined) lines.push(`Every code's \`docs_url\` is \`${mdCell(docsBaseUrl)}#<code>\`, the anchor of its row below.`, '');
  lines.push('Match on the code, never on the message (its wording may change).', '');
  for (const [type, rows] of groups) {
    lines.push(`## ${mdCell(type)} (${statusesOf(rows)})`, '', '| Code | HTTP | Retryable | Message | What to do |', '| --- | --- | --- | --- | --- |');
    for (const { entry, anchor } of rows) {
      const id = anchor === null ? '' : `<a id="${escapeHtml(anchor)}"></a>`;
      lines.push(`| ${id}<code>${mdCell(entry.code)}</code> | ${entry.status} | ${retryText(entry)} | ${mdCell(entry.message)} | ${mdCell(entry.action ?? '')} |`);
    }
    lines.push('');
  }
  return lines.join('\n');
}

function renderHtml(title: string, docsBaseUrl: string | undefined, groups: Map<string, Row[]>): string {
  const out = [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<title>${escapeHtml(title)}</title>`,
    '<style>body{font-family:system-ui,sans-serif;max-width:72rem;margin:2rem auto;padding:0 1rem}table{border-collapse:collapse;width:100%;margin-bottom:2rem}th,td{border:1px solid #ccc;padding:.4rem .6rem;text-align:left;vertical-align:top}tr:target{background:#fff5c2}code{font-size:.95em}</style>',
    '</head>',
    '<body>',
    `<h1>${escapeHtml(title)}</h1>`,
  ];
  if (docsBaseUrl !== undefined) out.push(`<p>Every code's <code>docs_url</code> is <code>${escapeHtml(docsBaseUrl)}#&lt;code&gt;</code>, the anchor of its row below.</p>`);
  out.push('<p>Match on the code, never on the message (its wording may change).</p>');
  for (const [type, rows] of groups) {
    out.push(`<h2 id="type-${escapeHtml(type)}">${escapeHtml(type)} (${statusesOf(rows)})</h2>`, '<table>', '<thead><tr><th>Code</th><th>HTTP</th><th>Retryable</th><th>Message</th><th>What to do</th></tr></thead>', '<tbody>');
    for (const { entry, anchor } of rows) {
      const id = anchor === null ? '' : ` id="${escapeHtml(anchor)}"`;
      out.push(
        `<tr${id}><td><code>${escapeHtml(entry.code)}</code></td><td>${entry.status}</td><td>${retryText(entry)}</td><td>${escapeHtml(entry.message)}</td><td>${escapeHtml(entry.action ?? '')}</td></tr>`,
      );
    }
    out.push('</tbody>', '</table>');
  }
  out.push('</body>', '</html>', '');
  return out.join('\n');
}
