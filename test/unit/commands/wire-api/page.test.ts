import { describe, expect, it } from 'vitest';
import { renderPage } from '../../../../src/commands/wire-api/page.js';

const SPEC = {
  url: 'https://abc.execute-api.us-east-1.amazonaws.com/prod/predict',
  stack: 'churn',
  contentType: 'text/csv',
  apiKeyRequired: false,
  sample: '1.5,2.5',
};

describe('the wire-api page', () => {
  it('is one self-contained document: no external script, stylesheet, font or image', () => {
    const html = renderPage(SPEC);
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=|@import|url\(|<img/i);
    expect(html).toContain(`"url":"${SPEC.url}"`);
    expect(html).toContain('<textarea id="input"');
    expect(html).toContain('<button id="predict"');
  });

  it('has an API key field only when the API needs one', () => {
    expect(renderPage(SPEC)).not.toContain('id="apikey"');
    const withKey = renderPage({ ...SPEC, apiKeyRequired: true });
    expect(withKey).toContain('id="apikey"');
    expect(withKey).toContain('"apiKeyRequired":true');
  });

  it('escapes what it bakes in, so nothing can close the script or inject markup', () => {
    const html = renderPage({ ...SPEC, stack: '<b>x</b>', url: 'https://x/</script><script>alert(1)</script>' });
    expect(html).not.toContain('</script><script>alert(1)');
    expect(html).toContain('\\u003c/script>');
    expect(html).toContain('&lt;b&gt;x&lt;/b&gt;');
  });
});

describe('the page placeholder', () => {
  it('is the sample row it is given, escaped', () => {
    expect(renderPage({ ...SPEC, sample: '1.5,"<b>"' })).toContain('placeholder="1.5,&quot;&lt;b&gt;&quot;"');
  });
});
