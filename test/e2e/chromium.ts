import { existsSync } from 'node:fs';

/** Debian's chromium package: the browser the page test drives (no browser download by Playwright). */
export const CHROMIUM = '/usr/bin/chromium';

/** The flags the browser test runs chromium with: headless, sandbox off (root in CI), nothing phoning home. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Refuses to start the e2e suite without Debian's chromium, saying what to install. The tests never
 * install system packages themselves: a test run that silently runs apt-get as root would change the
 * machine behind its owner's back. `.ci/run` installs chromium as its own step before the suite.
 */
export function requireChromium(): void {
  if (existsSync(CHROMIUM)) return;
  throw new Error(
    `the e2e suite's browser test needs ${CHROMIUM}, which is missing: install Debian's chromium package ` +
      '(sudo apt-get install --no-install-recommends chromium), or run .ci/run, which installs it',
  );
}
