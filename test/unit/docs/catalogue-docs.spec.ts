import { describe, expect, it } from '@jest/globals';
import { builtInCatalogue, defineCatalogue, renderCatalogueDocs } from '../../../lib/index.js';
import { profileCatalogue } from '../../../sample-app/errors/sample-catalogue.js';
import { PROFILES } from '../../../sample-app/profiles/profiles.js';

const anchorsOf = (page: string, format: 'md' | 'html'): string[] =>
  [...page.matchAll(format === 'md' ? /<a id="([^"]+)"><\/a>/g : /<tr id="([^"]+)">/g)].map((m) => m[1] as string);

describe('renderCatalogueDocs', () => {
  describe.each(Object.values(PROFILES))('profile $name', (profile) => {
    const catalogue = profileCatalogue(profile.catalogue);
    const anchors = [...new Set(catalogue.entries().map((e) => e.docs))];

    it.each(['md', 'html'] as const)('has an anchor for every docs anchor of the catalogue, once (%s)', (format) => {
      const page = renderCatalogueDocs(catalogue, { format, title: `${profile.name} errors`, ...(profile.docsBaseUrl ? { docsBaseUrl: profile.docsBaseUrl } : {}) });
      expect(anchorsOf(page, format).sort()).toEqual([...anchors].sort());
    });
  });

  it('renders one row per code with status, retryable, message and what to do, grouped by type (md)', () => {
    const page = renderCatalogueDocs(builtInCatalogue, { format: 'md', docsBaseUrl: 'https://docs.example.com/errors' });
    expect(page.startsWith('# Error codes\n\nEvery code\'s `docs_url` is `https://docs.example.com/errors#<code>`, the anchor of its row below.\n')).toBe(true);
    expect(page).toContain('## rate_limit_error (429)\n\n| Code | HTTP | Retryable | Message | What to do |\n| --- | --- | --- | --- | --- |\n');
    expect(page).toContain(
      '| <a id="rate_limited"></a><code>rate_limited</code> | 429 | yes (Retry-After 1 s) | Too many requests. Retry after the time given in Retry-After. | Wait for the Retry-After seconds, then retry; spread requests out. |',
    );
    expect(page).toContain(
      '| <a id="idempotency_key_reused"></a><code>idempotency_key_reused</code> | 409 | no | The Idempotency-Key was already used with a different request. | Use a new Idempotency-Key for a different request. |',
    );
    expect(page.match(/^## /gm)).toHaveLength(new Set(builtInCatalogue.entries().map((e) => e.type)).size);
  });

  it('folds meanings that share a code into one row', () => {
    const catalogue = defineCatalogue({ overrides: { invalid_api_key: { code: 'UNAUTHORIZED' }, missing_api_key: { as: 'invalid_api_key' } } });
    const page = renderCatalogueDocs(catalogue, { format: 'html' });
    expect(page.match(/<code>UNAUTHORIZED<\/code>/g)).toHaveLength(1);
    expect(page).not.toContain('<code>missing_api_key</code>');
  });

  it('escapes HTML in every text it writes', () => {
    const catalogue = defineCatalogue({
      entries: {
        XSS: { status: 400, type: 'invalid_request_error', message: '<script>alert("x")</script> & \'more\' | pipes', action: 'Use <b>less</b>.', docs: 'x"s' },
      },
    });
    const html = renderCatalogueDocs(catalogue, { format: 'html', title: '<Errors & "co">' });
    expect(html).toContain('<title>&lt;Errors &amp; &quot;co&quot;&gt;</title>');
    expect(html).toContain(
      '<tr id="x&quot;s"><td><code>XSS</code></td><td>400</td><td>no</td><td>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;more&#39; | pipes</td><td>Use &lt;b&gt;less&lt;/b&gt;.</td></tr>',
    );
    expect(html).not.toContain('<script>');
    const md = renderCatalogueDocs(catalogue, { format: 'md' });
    expect(md).toContain('| <a id="x&quot;s"></a><code>XSS</code> | 400 | no | &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;more&#39; \\| pipes | Use &lt;b&gt;less&lt;/b&gt;. |');
  });
});
