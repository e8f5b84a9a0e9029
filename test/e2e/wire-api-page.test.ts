import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { SageMakerClient, CreateEndpointCommand, CreateEndpointConfigCommand, CreateModelCommand } from '@aws-sdk/client-sagemaker';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { renderPage } from '../../src/commands/wire-api/page.js';
import type { ProxyEvent, ProxyResult } from '../../src/lambda/handler.js';
import { e2eEnv } from './moto.mjs';
import { CHROMIUM, CHROMIUM_ARGS } from './chromium.js';
import { startPageServer, type PageServer } from './page-server.js';

// The page wire-api writes, in a real browser (Debian's chromium), calling the real handler
// (the built dist/lambda/handler.js) behind a local stand-in for API Gateway, whose SageMaker
// runtime client talks to moto.

const endpoint = inject('motoEndpoint');
const ARTIFACTS = fileURLToPath(new URL('./artifacts/', import.meta.url));
const HANDLER = new URL('../../dist/lambda/handler.js', import.meta.url).href;
const saved = { ...process.env };
let server: PageServer;
let context: BrowserContext;
let page: Page;
let profile: string;

beforeAll(async () => {
  // The handler's client reads its endpoint, region and credentials from the environment, as in Lambda.
  Object.assign(process.env, e2eEnv(endpoint, {}), { ENDPOINT_NAME: 'page-e2e', CONTENT_TYPE: 'text/csv' });
  // The endpoint the handler calls (the emulator, like SageMaker, refuses to invoke a missing one).
  const sm = new SageMakerClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
  await sm.send(
    new CreateModelCommand({ ModelName: 'page-e2e-m', ExecutionRoleArn: 'arn:aws:iam::123456789012:role/R', PrimaryContainer: { Image: 'img:1' } }),
  );
  await sm.send(
    new CreateEndpointConfigCommand({
      EndpointConfigName: 'page-e2e-c',
      ProductionVariants: [{ VariantName: 'AllTraffic', ModelName: 'page-e2e-m', InstanceType: 'ml.m5.large', InitialInstanceCount: 1 }],
    }),
  );
  await sm.send(new CreateEndpointCommand({ EndpointName: 'page-e2e', EndpointConfigName: 'page-e2e-c' }));
  // What the model answers, queued in moto's SageMaker runtime.
  const queued = await fetch(`${endpoint}/moto-api/static/sagemaker/endpoint-results`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ results: [{ Body: '0.8731', ContentType: 'text/csv', InvokedProductionVariant: 'AllTraffic', CustomAttributes: '' }] }),
  });
  expect(queued.ok).toBe(true);
  const { handler } = (await import(HANDLER)) as { handler: (event: ProxyEvent) => Promise<ProxyResult> };
  server = await startPageServer(
    (origin) => renderPage({ url: `${origin}/prod/predict`, stack: 'page-e2e', contentType: 'text/csv', apiKeyRequired: false, sample: '5.1,3.5,1.4,0.2' }),
    '/prod/predict',
    handler,
  );
  profile = mkdtempSync(path.join(os.tmpdir(), 'sagectl-chromium-'));
  context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  page = await context.newPage();
});

afterAll(async () => {
  await context?.close();
  await server?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
  for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
  Object.assign(process.env, saved);
});

describe('the wire-api page in a browser', () => {
  it('types a CSV row, clicks Predict and shows the prediction', async () => {
    await page.goto(`${server.origin}/`);
    await page.fill('#input', '5.1,3.5,1.4,0.2');
    await page.click('#predict');
    const result = page.locator('#result.ok');
    await result.filter({ hasText: 'Prediction:' }).waitFor({ timeout: 15_000 });
    expect(await result.textContent()).toBe('Prediction: 0.8731');
    mkdirSync(ARTIFACTS, { recursive: true });
    const shot = path.join(ARTIFACTS, 'wire-api-page.png');
    await page.screenshot({ path: shot, fullPage: true });
    expect(statSync(shot).size).toBeGreaterThan(1000);
  });

  it('shows the handler’s refusal clearly (malformed JSON is a 400 from the real handler)', async () => {
    await page.goto(`${server.origin}/`);
    await page.fill('#input', '{"instances": [1, 2');
    await page.selectOption('#format', 'application/json');
    await page.click('#predict');
    const error = page.locator('#result.error');
    await error.waitFor({ timeout: 15_000 });
    expect(await error.textContent()).toMatch(/^Error 400: the body is not valid JSON/);
  });

  it('says what is missing when Predict is clicked with nothing typed, without calling the API', async () => {
    await page.goto(`${server.origin}/`);
    await page.click('#predict');
    expect(await page.locator('#result.error').textContent()).toMatch(/type the input/);
  });

  it('loads nothing from outside the page (no external script, style or font)', async () => {
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(`${server.origin}/`);
    await page.waitForLoadState('networkidle');
    expect(requests.filter((u) => !u.startsWith(server.origin))).toEqual([]);
  });
});
