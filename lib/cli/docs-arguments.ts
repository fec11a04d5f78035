/** The CLI's usage text. */
export const USAGE = `Usage: nest-api-edge docs --format md|html --catalogue <module path>[#exportName] [--out file] [--title text] [--docs-base-url url]

Renders the catalogue exported by a built module (default export name "catalogue", else the default export)
as an error docs page: grouped by type, one row per code with an anchor equal to its docs anchor.`;

/** The parsed arguments of `nest-api-edge docs`. */
export interface DocsArguments {
  readonly format: 'md' | 'html';
  readonly modulePath: string;
  readonly exportName?: string;
  readonly out?: string;
  readonly title?: string;
  readonly docsBaseUrl?: string;
}

const FLAGS = new Set(['--format', '--catalogue', '--out', '--title', '--docs-base-url']);

/**
 * Parses `docs --format … --catalogue …`; returns the arguments, or a message saying what is
 * wrong ({@link USAGE} itself for `--help`).
 */
export function parseDocsArguments(argv: readonly string[]): DocsArguments | string {
  if (argv.length === 0 || argv.includes('--help') || argv.includes('-h')) return USAGE;
  const [command, ...rest] = argv;
  if (command !== 'docs') return `Cannot run "${String(command)}" because it is not a command. Fix: use "docs".`;
  const values = new Map<string, string>();
  for (let i = 0; i < rest.length; i += 2) {
    const flag = rest[i] as string;
    const value = rest[i + 1];
    if (!FLAGS.has(flag)) return `Cannot use "${flag}" because it is not an option of docs. Fix: use ${[...FLAGS].join(', ')}.`;
    if (value === undefined || value.startsWith('--')) return `Cannot use ${flag} because it has no value. Fix: write ${flag} <value>.`;
    values.set(flag, value);
  }
  const format = values.get('--format') ?? 'md';
  if (format !== 'md' && format !== 'html') return `Cannot render format "${format}" because only md and html exist. Fix: pass --format md or --format html.`;
  const catalogue = values.get('--catalogue');
  if (catalogue === undefined) return 'Cannot render the docs because no catalogue module was given. Fix: pass --catalogue dist/errors/catalogue.js[#exportName].';
  const hash = catalogue.lastIndexOf('#');
  const docsBaseUrl = values.get('--docs-base-url');
  if (docsBaseUrl !== undefined && !/^https?:\/\/[^\s#]+$/.test(docsBaseUrl)) {
    return `Cannot use --docs-base-url "${docsBaseUrl}" because it is not an absolute http(s) URL without a fragment. Fix: pass e.g. https://docs.example.com/errors.`;
  }
  return {
    format,
    modulePath: hash === -1 ? catalogue : catalogue.slice(0, hash),
    ...(hash === -1 ? {} : { exportName: catalogue.slice(hash + 1) }),
    ...(values.has('--out') ? { out: values.get('--out') as string } : {}),
    ...(values.has('--title') ? { title: values.get('--title') as string } : {}),
    ...(docsBaseUrl === undefined ? {} : { docsBaseUrl }),
  };
}
