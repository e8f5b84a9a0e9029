// Preloaded with `node --require` by the CLI tests: at exit, says ESM-LOADER-STARTED on stderr
// when the process ran an ES module (Node loads its module-job machinery only for the first one),
// so a test can prove `--help`, `--version` and a config error run on CommonJS alone (issue 16).
'use strict';
process.on('exit', () => {
  if (process.moduleLoadList.some((name) => name.endsWith('internal/modules/esm/module_job'))) process.stderr.write('ESM-LOADER-STARTED\n');
});
