// vitest globalSetup for the e2e project: one patched moto server for the whole run.
// Test files read its URL with `inject('motoEndpoint')`.

import type { TestProject } from 'vitest/node';
import { startMoto } from './moto.mjs';
import { requireChromium } from './chromium.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** http://127.0.0.1:PORT of the moto server started by test/e2e/global-setup.ts */
    motoEndpoint: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // Checked before moto starts: a missing browser is a machine problem, reported at once.
  requireChromium();
  const moto = await startMoto();
  project.provide('motoEndpoint', moto.endpoint);
  return async () => {
    await moto.stop();
  };
}
