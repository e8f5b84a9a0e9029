// vitest globalSetup for the e2e project: one patched moto server for the whole run.
// Test files read its URL with `inject('motoEndpoint')`.

import type { TestProject } from 'vitest/node';
import { startMoto } from './moto.mjs';
import { ensureChromium } from './chromium.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** http://127.0.0.1:PORT of the moto server started by test/e2e/global-setup.ts */
    motoEndpoint: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // The browser test needs Debian's chromium; installing it (when missing) overlaps moto's start.
  const [started, chromium] = await Promise.allSettled([startMoto(), ensureChromium()]);
  if (started.status === 'rejected') throw started.reason;
  const moto = started.value;
  if (chromium.status === 'rejected') {
    await moto.stop();
    throw chromium.reason;
  }
  project.provide('motoEndpoint', moto.endpoint);
  return async () => {
    await moto.stop();
  };
}
