// Totals vitest JSON reports into the plain line "N passed, N failed". A missing report (a suite
// that never ran) counts as one failure, so a broken step can never look green; so does each
// failed step that runs no tests (lint, format, typecheck, knip, build), given as FAILED_STEPS.
import { existsSync, readFileSync } from 'node:fs';

let passed = 0;
let failed = Number(process.env.FAILED_STEPS ?? 0);
for (const file of process.argv.slice(2)) {
  if (!existsSync(file)) {
    failed += 1;
    continue;
  }
  const report = JSON.parse(readFileSync(file, 'utf8'));
  passed += report.numPassedTests ?? 0;
  failed += (report.numFailedTests ?? 0) + (report.numTotalTestSuites > 0 && report.success === false && report.numFailedTests === 0 ? 1 : 0);
}
console.log(`${passed} passed, ${failed} failed`);
