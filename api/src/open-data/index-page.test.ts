import { describe, expect, it } from 'vitest';
import { disclosurePolicy } from '../disclosure/policy.ts';
import { escapeHtml, indexPage } from './index-page.ts';

const CONFIG = {
  OPEN_DATA_LICENCE_NAME: 'Lizenz <b>"fett"</b>',
  OPEN_DATA_LICENCE_URL: 'https://example.org/lizenz?a=1&b=2',
  OPEN_DATA_PUBLISHER: 'Programm <script>alert(1)</script>',
};
const POLICY = disclosurePolicy({ k: 10, epsilon: 0.5, secret: 'x'.repeat(32) });

describe('the open-data page', () => {
  it('escapes every configured text: no markup, no script', () => {
    expect(escapeHtml(`<a href="x">&'`)).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&#39;');
    const page = indexPage([], POLICY, CONFIG);
    expect(page).not.toContain('<script');
    expect(page).not.toContain('<b>');
    expect(page).toContain('Programm &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).toContain(
      '<a href="https://example.org/lizenz?a=1&amp;b=2">Lizenz &lt;b&gt;&quot;fett&quot;&lt;/b&gt;</a>',
    );
  });

  it('says that there is no release yet, and what withdrawing consent does, with the parameters in force', () => {
    const page = indexPage([], POLICY, CONFIG);
    expect(page).toContain(
      '<p>Noch gibt es keine Veröffentlichung. Das Konsortium veröffentlicht abgeschlossene Monate.</p>',
    );
    expect(page).toContain(
      'Zieht eine Stadt ihre Zustimmung zurück, gilt das für spätere Veröffentlichungen; frühere Veröffentlichungen werden nicht geändert.',
    );
    expect(page).toContain('Für neue Veröffentlichungen gelten derzeit k = 10 und ε = 0,5 je Zelle');
    expect(page).toBe(indexPage([], POLICY, CONFIG));
  });
});
