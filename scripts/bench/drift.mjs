// The drift figure of `npm run bench`: records per second and peak RSS of `sagectl drift` over
// 100,000 and 1,000,000 captured records generated into the emulator's S3 in SageMaker's capture
// layout (goal: ≥ 50,000 records/s and < 150 MB at both sizes: memory stays flat).
// BENCH_DRIFT_SIZES=100000 measures one size only.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import pLimit from 'p-limit';

const FILE_RECORDS = 10_000;
const WITH_PEAK_RSS = [
  "process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';",
  // dist/cli.cjs is CommonJS (as bin/sagectl.js loads it).
  "const { run } = (await import('node:module')).createRequire(process.cwd() + '/')('./dist/cli.cjs');",
  'process.exitCode = await run(process.argv);',
  // Exits once written, as bin/sagectl.js does, so idle SDK sockets do not count in the time.
  "process.stderr.write('\\npeak-rss-kb ' + process.resourceUsage().maxRSS + '\\n', () => process.exit());",
].join('\n');
const SIZES = process.env.BENCH_DRIFT_SIZES ? process.env.BENCH_DRIFT_SIZES.split(',').map(Number) : [100_000, 1_000_000];

function seeded(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const row = (r) => `${(r() * 10).toFixed(3)},${(50 + (r() + r() + r() - 1.5) * 20).toFixed(3)},${Math.floor(r() * 5)}`;

/** One capture file of FILE_RECORDS records, one row each, as SageMaker writes them (BASE64, its default encoding). */
function captureFile(random, time) {
  const lines = [];
  for (let i = 0; i < FILE_RECORDS; i++) {
    lines.push(
      JSON.stringify({
        captureData: {
          endpointInput: { observedContentType: 'text/csv', mode: 'INPUT', data: Buffer.from(row(random)).toString('base64'), encoding: 'BASE64' },
          endpointOutput: { observedContentType: 'text/csv', mode: 'OUTPUT', data: Buffer.from(random().toFixed(4)).toString('base64'), encoding: 'BASE64' },
        },
        eventMetadata: { eventId: `e${i}`, inferenceTime: time },
        eventVersion: '0',
      }),
    );
  }
  return `${lines.join('\n')}\n`;
}

/** @param {{ root: string, moto: { endpoint: string }, env: NodeJS.ProcessEnv }} ctx */
export async function run(ctx) {
  const { root, env } = ctx;
  const endpoint = ctx.moto.endpoint;
  const s3 = new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' } });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sagectl-bench-drift-'));
  const results = [];
  try {
    for (const size of SIZES) {
      const stack = `bench-drift-${size}`;
      const bucket = `sagectl-bench-drift-${process.pid}-${size}`;
      await s3.send(new CreateBucketCommand({ Bucket: bucket }));
      const random = seeded(size);
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'train.csv', Body: `${Array.from({ length: 20_000 }, () => row(random)).join('\n')}\n` }));
      const now = new Date();
      const hour = now.toISOString().slice(0, 13).replace(/[-T]/g, '/');
      // Distinct bodies would only cost generation time: drift parses each record whatever it holds.
      const body = captureFile(random, now.toISOString());
      const limit = pLimit(4);
      await Promise.all(
        Array.from({ length: size / FILE_RECORDS }, (_, i) =>
          limit(() =>
            s3.send(new PutObjectCommand({ Bucket: bucket, Key: `capture/${stack}/AllTraffic/${hour}/${String(i).padStart(5, '0')}.jsonl`, Body: body })),
          ),
        ),
      );
      const config = path.join(dir, `${stack}.yaml`);
      writeFileSync(
        config,
        [
          `name: ${stack}`,
          'endpoint:',
          '  instanceType: ml.m5.large',
          `  dataCapture: { s3Uri: s3://${bucket}/capture, percent: 100 }`,
          '  input: { contentType: text/csv, features: [tenure, spend, plan], featureTypes: [number, number, integer] }',
          `monitoring: { baseline: s3://${bucket}/train.csv }`,
          '',
        ].join('\n'),
      );
      // The CLI runs inside a small wrapper that then prints its peak RSS, which spawnSync cannot read.
      const sagectl = (args) =>
        spawnSync(process.execPath, ['--input-type=module', '-e', WITH_PEAK_RSS, 'sagectl', ...args, '--config', config, '--log-level', 'warn'], {
          cwd: root,
          env,
          encoding: 'utf8',
        });
      const base = sagectl(['baseline']);
      if (base.status !== 0) throw new Error(`baseline exited ${base.status}: ${base.stderr}`);
      const start = process.hrtime.bigint();
      const drift = sagectl(['drift', '--since', '2h', '--output', 'json']);
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      if (drift.status !== 0) throw new Error(`drift exited ${drift.status}: ${drift.stderr}`);
      const records = JSON.parse(drift.stdout).variants[0].records;
      if (records !== size) throw new Error(`drift read ${records} records, expected ${size}`);
      const rssMB = Number(/peak-rss-kb (\d+)/.exec(drift.stderr)?.[1] ?? 0) / 1024;
      const perSecond = Math.round(records / seconds);
      console.log(
        `drift: ${records.toLocaleString('en')} captured records in ${seconds.toFixed(1)} s, ${perSecond.toLocaleString('en')} records/s (goal ≥ 50,000), peak RSS ${rssMB.toFixed(0)} MB (goal < 150)`,
      );
      results.push(
        { name: `drift records/s at ${size}`, value: perSecond, unit: 'records/s', goal: '>= 50000', ok: perSecond >= 50_000 },
        { name: `drift peak RSS at ${size}`, value: Math.round(rssMB), unit: 'MB', goal: '< 150', ok: rssMB < 150 },
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return results;
}
