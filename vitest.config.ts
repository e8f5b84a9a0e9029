import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    restoreMocks: true,
    unstubEnvs: true,
    unstubGlobals: true,
    // The SDK warns on Node 20 in every process; sagectl silences it for itself (bin/sagectl.js) and so do the tests.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    // `npm run coverage` (and .ci/run): what the unit suite alone covers of src/, with a floor set a
    // little below what it covers today, so a change that drops tests fails CI.
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts'],
      reporter: ['text-summary', 'json-summary'],
      // Measured 84.7 % statements, 75.9 % branches, 79.8 % functions, 86.4 % lines (unit suite, Node 20).
      thresholds: { statements: 82, branches: 73, functions: 77, lines: 84 },
    },
    projects: [
      {
        extends: true,
        test: {
          // The inner loop: no build, no processes spawned, no network.
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          setupFiles: ['test/unit/setup.ts'],
          environment: 'node',
          // Most of a file's time is importing the AWS SDK. Sharing the module cache between files in a
          // worker pays that once per worker instead of once per file (about four times less CPU). The
          // price: no module mocks here (ESLint refuses vi.mock under test/unit); tests that need them
          // go to the isolated `cli` project. setup.ts still runs before every file.
          pool: 'threads',
          isolate: false,
        },
      },
      {
        extends: true,
        test: {
          // The command line as users meet it: the built binary (needs `npm run build`) and argv parsing
          // with each command's main mocked, one module graph per file.
          name: 'cli',
          include: ['test/cli/**/*.test.ts'],
          setupFiles: ['test/unit/setup.ts'],
          globalSetup: ['test/cli/global-setup.ts'],
          environment: 'node',
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/e2e/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 300_000,
          // One moto server is shared; files run one after another so their stacks never race.
          fileParallelism: false,
        },
      },
    ],
  },
});
