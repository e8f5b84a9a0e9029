// Totals vitest JSON reports into the plain line "N passed, N failed". A missing report (a suite
// that never ran) counts as one failure, so a broken step can never look green; so does each
// failed step that runs no tests (lint, format, typecheck, knip, build), given as FAILED_STEPS.
// A report named after --failures-of (the same suite run again on another Node) adds only its
// failures: its passes are the first run's, counted once, but a test failing only there still fails.
import { existsSync, readFileSync } from 'node:fs';

let passed = 0;
let failed = Number(process.env.FAILED_STEPS ?? 0);
const args = process.argv.slice(2);
const again = args.indexOf('--failures-of');
const rerun = again >= 0 ? args.splice(again, 2)[1] : undefined;
for (const file of args) {
  const r = read(file);
  passed += r.passed;
  failed += r.failed;
}
if (rerun !== undefined) failed += read(rerun).failed;
console.log(`${passed} passed, ${failed} failed`);

/** A report's passed and failed tests; a missing report, or one that failed with no test failing, is one failure. */
function read(file) {
  if (!existsSync(file)) return { passed: 0, failed: 1 };
  const report = JSON.parse(readFileSync(file, 'utf8'));
  const failedTests = report.numFailedTests ?? 0;
  return {
    passed: report.numPassedTests ?? 0,
    failed: failedTests + (report.numTotalTestSuites > 0 && report.success === false && failedTests === 0 ? 1 : 0),
  };
}
