// Preloaded (node --require) into a benchmarked sagectl: on exit, writes the process's peak
// resident set size in KiB to the file SAGECTL_BENCH_RSS_FILE names.
'use strict';
const file = process.env.SAGECTL_BENCH_RSS_FILE;
if (file) {
  process.on('exit', () => {
    require('node:fs').writeFileSync(file, String(process.resourceUsage().maxRSS));
  });
}
