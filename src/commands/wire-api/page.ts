/** What the page needs to know. */
export interface PageSpec {
  url: string;
  stack: string;
  contentType: string;
  apiKeyRequired: boolean;
  /** The placeholder: one row the endpoint's declared input accepts. */
  sample: string;
}

/** JSON safe inside a <script> element (no `</script>` or `<!--` can close it early). */
function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

function html(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/**
 * The "simple web app" of `wire-api --page`: one self-contained HTML file (no external script,
 * style or font, so it works from disk or any static host) that posts the text area to the API
 * and shows the prediction or the error.
 */
export function renderPage(spec: PageSpec): string {
  const config = scriptJson({ url: spec.url, contentType: spec.contentType, apiKeyRequired: spec.apiKeyRequired });
  const keyField = spec.apiKeyRequired
    ? `<label for="apikey">API key</label><input id="apikey" type="password" autocomplete="off" placeholder="the key wire-api printed">`
    : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${html(spec.stack)} · prediction</title>
<style>
  body { font: 16px/1.5 system-ui, sans-serif; max-width: 44rem; margin: 2rem auto; padding: 0 1rem; color: #1d2430; }
  h1 { font-size: 1.4rem; margin-bottom: .25rem; }
  .url { font: 13px ui-monospace, monospace; color: #566; word-break: break-all; }
  label { display: block; font-weight: 600; margin-top: 1rem; }
  textarea, input { width: 100%; box-sizing: border-box; font: 14px ui-monospace, monospace; padding: .5rem; border: 1px solid #99a; border-radius: 4px; }
  textarea { min-height: 8rem; }
  select { font: inherit; display: block; }
  button { margin-top: 1rem; font: inherit; font-weight: 600; padding: .5rem 1.5rem; border: 0; border-radius: 4px; background: #1f6feb; color: #fff; cursor: pointer; }
  button:disabled { background: #889; cursor: wait; }
  #result { margin-top: 1.5rem; padding: 1rem; border-radius: 4px; white-space: pre-wrap; font: 14px ui-monospace, monospace; display: none; }
  #result.ok { display: block; background: #e7f6ec; border: 1px solid #2da44e; }
  #result.error { display: block; background: #fdecea; border: 1px solid #cf222e; }
</style>
</head>
<body>
<h1>Predict with ${html(spec.stack)}</h1>
<div class="url">POST ${html(spec.url)}</div>
<label for="input">Input (one CSV row per line, or JSON)</label>
<textarea id="input" spellcheck="false" placeholder="${html(spec.sample)}"></textarea>
<label for="format">Format</label>
<select id="format"><option value="auto">detect</option><option value="text/csv">CSV</option><option value="application/json">JSON</option></select>
${keyField}
<button id="predict" type="button">Predict</button>
<div id="result" role="status" aria-live="polite"></div>
<script>
const CONFIG = ${config};
const $ = (id) => document.getElementById(id);
function contentTypeFor(text) {
  const chosen = $('format').value;
  if (chosen !== 'auto') return chosen;
  const t = text.trim();
  return t.startsWith('{') || t.startsWith('[') ? 'application/json' : CONFIG.contentType;
}
function show(kind, text) {
  const box = $('result');
  box.className = kind;
  box.textContent = text;
}
async function predict() {
  const text = $('input').value;
  if (text.trim() === '') return show('error', 'Error: type the input to predict on first.');
  const headers = { 'Content-Type': contentTypeFor(text) };
  if (CONFIG.apiKeyRequired) {
    const key = $('apikey').value.trim();
    if (!key) return show('error', 'Error: this API needs its API key.');
    headers['x-api-key'] = key;
  }
  $('predict').disabled = true;
  show('ok', 'Predicting…');
  try {
    const response = await fetch(CONFIG.url, { method: 'POST', headers, body: text });
    const body = await response.text();
    if (response.ok) return show('ok', 'Prediction: ' + body);
    let message = body;
    try { message = JSON.parse(body).error || JSON.parse(body).message || body; } catch {}
    show('error', 'Error ' + response.status + ': ' + message);
  } catch (error) {
    show('error', 'Error: could not reach the API (' + error.message + '). If the page is on another origin, enable api.cors.');
  } finally {
    $('predict').disabled = false;
  }
}
$('predict').addEventListener('click', predict);
</script>
</body>
</html>
`;
}
