import type { FeatureReport, PairReport, Summary } from './compare.js';
import type { DriftResult, VariantComparison, VariantReport } from './types.js';

/** The text report: one table per variant (features, then the model's outputs), the variants compared, then the verdict. */
export function renderDrift(r: DriftResult): string {
  const lines = [`drift of ${r.stack} over the last ${r.window.since} (${r.window.from} to ${r.window.to})`, `baseline: ${r.baseline}`];
  lines.push(
    r.outputBaseline !== null
      ? `output baseline: ${r.outputBaseline}`
      : `output baseline: none, so outputs are summarised, not judged (\`sagectl baseline ${r.stack} --outputs-since 24h\` takes one from a window you trust)`,
  );
  if (r.variants.length === 0) lines.push('no captured traffic: nothing to compare');
  for (const v of r.variants) lines.push('', ...variantLines(v));
  for (const c of r.comparisons) lines.push('', ...comparisonLines(c));
  lines.push('');
  if (r.drifted.length > 0) {
    const named = r.drifted.map((d) => `${d.feature}${d.output ? ' (model)' : ''}${r.variants.length > 1 ? ` (${d.variant})` : ''}`);
    lines.push(`DRIFT: ${named.join(', ')}`);
  } else lines.push(r.verdict === 'warn' ? 'no drift (some features warn)' : 'no drift');
  return lines.join('\n');
}

function variantLines(v: VariantReport): string[] {
  const head = `variant ${v.variant}: ${v.records} records, ${v.rows} rows from ${v.files} files${v.unparsable > 0 ? `, ${v.unparsable} unparsable (skipped)` : ''}${
    v.sampled ? ' (sampled: --max-records reached)' : ''
  }`;
  const columns = [...v.features, ...v.outputs.map((o) => ({ ...o, name: `${o.name} (model)` }))];
  const out = [head, ...table([['feature', 'baseline', 'live', 'missing', 'PSI', 'chi² p', 'verdict'], ...columns.map(row)])];
  for (const f of columns) if (f.reasons.length > 0 && f.verdict !== 'ok' && f.verdict !== 'no-baseline') out.push(`  ${f.name}: ${f.reasons.join('; ')}`);
  return out;
}

function comparisonLines(c: VariantComparison): string[] {
  const rows = [...c.features, ...c.outputs.map((o) => ({ ...o, name: `${o.name} (model)` }))].map((p: PairReport) => [
    p.name,
    p.psi === undefined ? '-' : fmt(p.psi),
    p.chiSquare ? formatP(p.chiSquare.pValue) : '-',
    p.verdict,
  ]);
  return [`${c.b} against ${c.a} (PSI on ${c.a}'s live deciles or categories):`, ...table([['feature', 'PSI', 'chi² p', 'verdict'], ...rows])];
}

function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => `  ${r.map((c, i) => c.padEnd(widths[i]!)).join('  ')}`.trimEnd());
}

function row(f: FeatureReport): string[] {
  return [
    f.name,
    f.verdict === 'no-baseline' ? '-' : summary(f.baseline),
    summary(f.live),
    f.verdict === 'no-baseline' ? pct(f.live.missingRate) : `${pct(f.baseline.missingRate)} → ${pct(f.live.missingRate)}`,
    f.psi === undefined ? '-' : fmt(f.psi),
    f.chiSquare ? formatP(f.chiSquare.pValue) : '-',
    f.verdict,
  ];
}

function summary(s: Summary): string {
  if (s.top !== undefined) return `top "${s.top}"`;
  if (s.mean === undefined) return `${s.count} values`;
  return `${fmt(s.mean)} [${fmt(s.min!)}, ${fmt(s.max!)}]`;
}

function fmt(x: number): string {
  return String(Math.round(x * 1000) / 1000);
}

function formatP(p: number): string {
  return p < 1e-4 ? p.toExponential(1) : String(Number(p.toPrecision(2)));
}

function pct(share: number): string {
  return `${Math.round(share * 1000) / 10}%`;
}
