// Bench helpers shared by the request and memory sections: a sagectl runner against the bench's
// moto server, and fleets of stacks made fast with plain SDK calls, tagged as sagectl tags them.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  AddTagsCommand,
  CreateEndpointCommand,
  CreateEndpointConfigCommand,
  CreateModelCommand,
  DescribeEndpointConfigCommand,
  SageMakerClient,
} from '@aws-sdk/client-sagemaker';

// The bench's own SDK clients keep stderr clean of the SDK's Node-version notice, as sagectl does.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const IMAGE = '683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1';
const ROLE = 'arn:aws:iam::123456789012:role/SageMakerExecution';
/** A preload that writes the process's peak RSS (KiB) to SAGECTL_BENCH_RSS_FILE when it exits. */
const RSS_PRELOAD = fileURLToPath(new URL('./peak-rss.cjs', import.meta.url));

/** A config file for `stack` (the xgboost example's settings) in a fresh temporary folder. */
export function stackConfig(stack) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sagectl-bench-'));
  const file = path.join(dir, 'sagectl.yaml');
  writeFileSync(
    file,
    [
      `name: ${stack}`,
      'region: us-east-1',
      `role: ${ROLE}`,
      'tags: { team: ml }',
      'model:',
      `  image: ${IMAGE}`,
      '  modelData: s3://bench-bucket/v1/model.tar.gz',
      'endpoint: { instanceType: ml.m5.large, instanceCount: 1 }',
      '',
    ].join('\n'),
  );
  return file;
}

/**
 * Runs the built CLI with `args` against the bench's moto; resolves { status, stdout, stderr,
 * peakRssKiB } and rejects on an exit code outside `ok` (default: 0).
 */
export function sagectl(ctx, args, { ok = [0] } = {}) {
  const rssFile = path.join(os.tmpdir(), `sagectl-bench-rss-${process.pid}-${Math.random().toString(36).slice(2)}`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--require', RSS_PRELOAD, path.join(ctx.root, 'bin/sagectl.js'), ...args, '--log-level', 'warn'], {
      cwd: ctx.root,
      env: { ...ctx.env, SAGECTL_BENCH_RSS_FILE: rssFile },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c) => (stderr += c));
    child.on('error', reject);
    child.on('close', async (status) => {
      let peakRssKiB;
      try {
        const { readFileSync, rmSync } = await import('node:fs');
        peakRssKiB = Number(readFileSync(rssFile, 'utf8'));
        rmSync(rssFile, { force: true });
      } catch {
        peakRssKiB = undefined;
      }
      if (!ok.includes(status)) reject(new Error(`sagectl ${args.join(' ')} exited ${status}:\n${stderr.slice(-2000)}`));
      else resolve({ status, stdout, stderr, peakRssKiB });
    });
  });
}

/** The tags sagectl puts on every resource of `stack` (see src/core/tags.ts). */
function tagsOf(stack, extra = {}) {
  return Object.entries({ team: 'ml', 'sagectl:stack': stack, 'sagectl:managed-by': 'sagectl', 'sagectl:version': '0.1.0', ...extra }).map(([Key, Value]) => ({
    Key,
    Value,
  }));
}

/**
 * `count` stacks named `<prefix>1` … `<prefix><count>` (so f1 and f10 coexist, as in the issue),
 * each a model, a config and an endpoint, the config then recorded as gone live, as `sagectl
 * deploy` leaves them.
 */
export async function makeFleet(ctx, prefix, count, concurrency = 8) {
  const sm = new SageMakerClient({
    endpoint: ctx.moto.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
  });
  const stacks = Array.from({ length: count }, (_, i) => `${prefix}${i + 1}`);
  const at = '20260101000000';
  let next = 0;
  const worker = async () => {
    while (next < stacks.length) {
      const stack = stacks[next++];
      const model = `${stack}-AllTraffic-${at}`;
      const config = `${stack}-${at}`;
      await sm.send(new CreateModelCommand({ ModelName: model, ExecutionRoleArn: ROLE, PrimaryContainer: { Image: IMAGE }, Tags: tagsOf(stack) }));
      await sm.send(
        new CreateEndpointConfigCommand({
          EndpointConfigName: config,
          ProductionVariants: [{ VariantName: 'AllTraffic', ModelName: model, InstanceType: 'ml.m5.large', InitialInstanceCount: 1, InitialVariantWeight: 1 }],
          Tags: tagsOf(stack),
        }),
      );
      const { EndpointConfigArn } = await sm.send(new DescribeEndpointConfigCommand({ EndpointConfigName: config }));
      await sm.send(new CreateEndpointCommand({ EndpointName: stack, EndpointConfigName: config, Tags: tagsOf(stack) }));
      // As deploy does once the endpoint is InService (the emulator's is at once): the config went live.
      await sm.send(new AddTagsCommand({ ResourceArn: EndpointConfigArn, Tags: tagsOf(stack, { 'sagectl:went-live': new Date().toISOString() }) }));
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  sm.destroy();
  return stacks;
}

/** Makes every endpoint in `stacks` look created and last updated `ageSeconds` ago (the launcher's test hook). */
export async function ageEndpoints(ctx, stacks, ageSeconds) {
  for (const stack of stacks) {
    const response = await fetch(`${ctx.moto.endpoint}/_e2e/sagemaker/endpoint-age`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ endpoint: stack, ageSeconds }),
    });
    if (!response.ok) throw new Error(`aging ${stack}: HTTP ${response.status}`);
  }
}

/** Forgets every resource in the emulator (moto's own reset), so a fleet row starts from nothing. */
export async function resetEmulator(ctx) {
  const response = await fetch(`${ctx.moto.endpoint}/moto-api/reset`, { method: 'POST' });
  if (!response.ok) throw new Error(`moto reset: HTTP ${response.status}`);
}

/** The requests the emulator counted while `fn` ran: { count, targets }. */
export async function counting(ctx, fn) {
  await ctx.moto.resetRequests();
  const result = await fn();
  const log = await ctx.readRequestLog(ctx.moto.endpoint);
  return { result, count: log.count, targets: log.requests.map((r) => r.target) };
}
