import type { FeatureReport, Summary } from './compare.js';
import type { DriftResult, VariantReport } from './types.js';

/** The text report: one table per variant, then the verdict. */
export function renderDrift(r: DriftResult): string {
  const lines = [`drift of ${r.stack} over the last ${r.window.since} (${r.window.from} to ${r.window.to})`, `baseline: ${r.baseline}`];
  if (r.variants.length === 0) lines.push('no captured traffic: nothing to compare');
  for (const v of r.variants) lines.push('', ...variantLines(v));
  lines.push('');
  if (r.drifted.length > 0) lines.push(`DRIFT: ${r.drifted.map((d) => (r.variants.length > 1 ? `${d.feature} (${d.variant})` : d.feature)).join(', ')}`);
  else lines.push(r.verdict === 'warn' ? 'no drift (some features warn)' : 'no drift');
  return lines.join('\n');
}

function variantLines(v: VariantReport): string[] {
  const head = `variant ${v.variant}: ${v.records} records, ${v.rows} rows from ${v.files} files${v.unparsable > 0 ? `, ${v.unparsable} unparsable (skipped)` : ''}${
    v.sampled ? ' (sampled: --max-records reached)' : ''
  }`;
  const table = [['feature', 'baseline', 'live', 'missing', 'PSI', 'verdict'], ...v.features.map(row)];
  const widths = table[0]!.map((_, i) => Math.max(...table.map((r) => r[i]!.length)));
  const out = [head, ...table.map((r) => `  ${r.map((c, i) => c.padEnd(widths[i]!)).join('  ')}`.trimEnd())];
  for (const f of v.features) if (f.reasons.length > 0 && f.verdict !== 'ok') out.push(`  ${f.name}: ${f.reasons.join('; ')}`);
  for (const o of v.outputs) {
    out.push(
      `  ${o.name}: ${o.count} values${o.mean !== undefined ? `, mean ${fmt(o.mean)}, range ${fmt(o.min!)}–${fmt(o.max!)}` : ''}${o.nonNumeric > 0 ? `, ${o.nonNumeric} not numbers` : ''}`,
    );
  }
  return out;
}

function row(f: FeatureReport): string[] {
  return [
    f.name,
    summary(f.baseline),
    summary(f.live),
    `${pct(f.baseline.missingRate)} → ${pct(f.live.missingRate)}`,
    f.psi === undefined ? '-' : fmt(f.psi),
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

function pct(share: number): string {
  return `${Math.round(share * 1000) / 10}%`;
}
