import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { beijingTime, CONTENT_SECURITY_POLICY, loginPage } from '../../../functions/oidc-issuer/pages.ts';

describe('the issuer login page', () => {
  it('escapes what the user typed', () => {
    const html = loginPage({ action: '/oidc/interaction/abc', username: '"><script>x</script>' });
    expect(html).not.toContain('<script>');
    expect(html).toContain('value="&#34;&#62;&#60;script&#62;x&#60;/script&#62;"');
  });

  it('allows exactly its own inline stylesheet and no script', () => {
    const html = loginPage({ action: '/oidc/interaction/abc' });
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)?.[1] ?? '';
    const hash = createHash('sha256').update(style).digest('base64');
    expect(CONTENT_SECURITY_POLICY).toContain(`style-src 'sha256-${hash}'`);
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'none'");
    expect(html).not.toMatch(/<script|https?:\/\//);
  });

  it('points the error out to assistive technology', () => {
    const html = loginPage({ action: '/x', username: 'a', error: { zh: '错', en: 'Wrong' } });
    expect(html).toContain('role="alert"');
    expect(html).toContain('aria-describedby="form-error"');
  });
});

describe('beijingTime', () => {
  it.each([
    ['2026-11-30T02:15:00Z', '2026-11-30T02:00:00Z', '10:15'],
    ['2026-11-30T16:05:00Z', '2026-11-30T15:00:00Z', '2026-12-01 00:05'],
  ])('shows %s (now %s) as %s', (instant, now, expected) => {
    expect(beijingTime(new Date(instant), new Date(now))).toBe(expected);
  });
});
