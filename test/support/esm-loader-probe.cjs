// Preloaded with `node --require` by the CLI tests: at exit, says ESM-LOADER-STARTED on stderr
// when the process ran an ES module (Node loads its module-job machinery only for the first one),
// so a test can prove `--help`, `--version` and a config error run on CommonJS alone (issue 16).
// And CODE-CACHE-USED or CODE-CACHE-REJECTED for each script compiled with a V8 code cache
// (src/cli/code-cache.ts), which it sees by wrapping node:vm's Script.
'use strict';
const vm = require('node:vm');
const Script = vm.Script;
vm.Script = class extends Script {
  constructor(code, options) {
    super(code, options);
    if (options?.cachedData) process.stderr.write(this.cachedDataRejected ? 'CODE-CACHE-REJECTED\n' : 'CODE-CACHE-USED\n');
  }
};
process.on('exit', () => {
  if (process.moduleLoadList.some((name) => name.endsWith('internal/modules/esm/module_job'))) process.stderr.write('ESM-LOADER-STARTED\n');
});
