// Regions and accounts figure for `npm run bench`: 3 regions × 2 accounts (reached through AssumeRole) × 40
// endpoints. The wall time of one `status --idle` over the whole fleet against the single-region
// command run once per (account, region) in sequence (as a cron box would loop), and the
// GetMetricData calls the fleet run makes (goal: ≥ 3× faster, 6 calls: one batch per pair).
// Both sides do the same work on the same fleet (the fleet run adds its AssumeRole calls; the
// sequential runs get credentials assumed beforehand); both request counts are printed.
// BENCH_REGIONS_ROUNDS (default 3) interleaved rounds, medians reported, first on loopback, then with
// BENCH_REGIONS_LATENCY_MS (default 50; 0: skip) added to every request, as over a network; BENCH_REGIONS_RECORDS=0
// seeds stacks without deploy's went-live record (status then reads each endpoint's state from Search).
import { spawn } from 'node:child_process';
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { AddTagsCommand, CreateEndpointCommand, CreateEndpointConfigCommand, CreateModelCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import pLimit from 'p-limit';

const REGIONS = ['us-east-1', 'eu-west-1', 'ap-northeast-1'];
const ACCOUNTS = ['210000000001', '210000000002'];
const PER_TARGET = 40;
const ROLE = 'sagectl-bench-fleet';
const credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' };
/** BENCH_REGIONS_RECORDS=0 seeds stacks without the went-live record and the variants tag (as made outside sagectl). */
const SEED_RECORDS = process.env.BENCH_REGIONS_RECORDS !== '0';

function cli(root, env, args) {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn(process.execPath, ['bin/sagectl.js', '--log-level', 'warn', ...args], { cwd: root, env, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out, ms: Number(process.hrtime.bigint() - start) / 1e6 }));
  });
}

async function seed(endpoint) {
  const creds = new Map();
  for (const account of ACCOUNTS) {
    const iam = new IAMClient({ endpoint, region: 'us-east-1', credentials });
    iam.middlewareStack.add(
      (next) => (args) => {
        args.request.headers['x-moto-account-id'] = account;
        return next(args);
      },
      { step: 'build' },
    );
    await iam.send(new CreateRoleCommand({ RoleName: ROLE, AssumeRolePolicyDocument: '{"Version":"2012-10-17","Statement":[]}' })).catch(() => undefined);
    const out = await new STSClient({ endpoint, region: 'us-east-1', credentials }).send(
      new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${account}:role/${ROLE}`, RoleSessionName: 'bench' }),
    );
    const c = out.Credentials;
    creds.set(account, { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken });
  }
  const limit = pLimit(8);
  const tags = (stack) => [
    { Key: 'sagectl:stack', Value: stack },
    { Key: 'sagectl:managed-by', Value: 'sagectl' },
  ];
  const jobs = [];
  for (const account of ACCOUNTS)
    for (const region of REGIONS) {
      const sm = new SageMakerClient({ endpoint, region, credentials: creds.get(account) });
      for (let i = 0; i < PER_TARGET; i++) {
        const stack = `bf-${String(i).padStart(2, '0')}`;
        jobs.push(
          limit(async () => {
            await sm.send(
              new CreateModelCommand({
                ModelName: `${stack}-m`,
                ExecutionRoleArn: `arn:aws:iam::${account}:role/R`,
                PrimaryContainer: { Image: 'img:1' },
                Tags: tags(stack),
              }),
            );
            const { EndpointConfigArn } = await sm.send(
              new CreateEndpointConfigCommand({
                EndpointConfigName: `${stack}-c`,
                ProductionVariants: [
                  { VariantName: 'AllTraffic', ModelName: `${stack}-m`, InstanceType: 'ml.m5.large', InitialInstanceCount: 1, InitialVariantWeight: 1 },
                ],
                // As sagectl's CreateEndpointConfig writes them: the variants summarised in a tag (src/services/variant-summary.ts).
                Tags: [...tags(stack), ...(SEED_RECORDS ? [{ Key: 'sagectl:variants', Value: `AllTraffic=${stack}-m/ml.m5.large/1/1` }] : [])],
              }),
            );
            await sm.send(new CreateEndpointCommand({ EndpointName: stack, EndpointConfigName: `${stack}-c`, Tags: tags(stack) }));
            // As `sagectl deploy` leaves a stack once its endpoint is InService (the emulator's is at
            // once): the config recorded as gone live. Without the record, status describes the
            // endpoint as well as its config, as for a stack changed outside sagectl.
            if (SEED_RECORDS)
              await sm.send(new AddTagsCommand({ ResourceArn: EndpointConfigArn, Tags: [{ Key: 'sagectl:went-live', Value: new Date().toISOString() }] }));
          }),
        );
      }
    }
  await Promise.all(jobs);
  return creds;
}

/** @param {{ root: string, moto: { endpoint: string, resetRequests(): Promise<void> }, env: NodeJS.ProcessEnv }} ctx */
export async function run(ctx) {
  const { root, moto, env } = ctx;
  const { readRequestLog } = await import('../../test/e2e/moto.mjs');
  const creds = await seed(moto.endpoint);

  const pairs = REGIONS.length * ACCOUNTS.length;
  // The single-region command once per (account, region), one after the other.
  const sequential = async () => {
    await moto.resetRequests();
    let ms = 0;
    for (const account of ACCOUNTS)
      for (const region of REGIONS) {
        const c = creds.get(account);
        const r = await cli(root, { ...env, AWS_ACCESS_KEY_ID: c.accessKeyId, AWS_SECRET_ACCESS_KEY: c.secretAccessKey, AWS_SESSION_TOKEN: c.sessionToken }, [
          'status',
          '--idle',
          '24h',
          '--region',
          region,
          '--output',
          'json',
        ]);
        if (r.code !== 0) throw new Error(`status in ${account}/${region} exited ${r.code}`);
        ms += r.ms;
      }
    return { ms, count: (await readRequestLog(moto.endpoint)).count };
  };
  const fleetRun = async () => {
    await moto.resetRequests();
    const fleet = await cli(root, env, [
      'status',
      '--idle',
      '24h',
      '--regions',
      REGIONS.join(','),
      '--accounts',
      ACCOUNTS.join(','),
      '--assume-role',
      ROLE,
      '--output',
      'json',
    ]);
    if (fleet.code !== 0) throw new Error(`fleet status exited ${fleet.code}`);
    const doc = JSON.parse(fleet.out);
    const stacks = doc.targets.reduce((n, t) => n + (t.result?.stacks.length ?? 0), 0);
    if (stacks !== pairs * PER_TARGET) throw new Error(`fleet status saw ${stacks} stacks`);
    return { ms: fleet.ms, log: await readRequestLog(moto.endpoint) };
  };
  const rounds = Number(process.env.BENCH_REGIONS_ROUNDS ?? 3);
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  // Interleaved rounds (sequential, fleet, sequential, fleet, …): the machine is shared, so one
  // pair of figures could fall on a busy moment for one side only. Medians are reported.
  const measure = async () => {
    const sequentialTimes = [];
    const fleetTimes = [];
    let log;
    let sequentialRequests = 0;
    for (let i = 0; i < rounds; i++) {
      const s = await sequential();
      sequentialTimes.push(s.ms);
      sequentialRequests = s.count;
      const f = await fleetRun();
      fleetTimes.push(f.ms);
      log = f.log;
    }
    return { sequentialMs: median(sequentialTimes), fleetMs: median(fleetTimes), log, sequentialRequests };
  };

  // First as the emulator answers on loopback (a few ms a request, every request served by one
  // Python process), then with each request waiting as over a network (the launcher's latency):
  // overlapping requests is what a fleet run gains on AWS, and on loopback there is little to overlap.
  const latencyMs = Number(process.env.BENCH_REGIONS_LATENCY_MS ?? 50);
  const figures = [];
  for (const latency of latencyMs > 0 ? [0, latencyMs] : [0]) {
    await fetch(`${moto.endpoint}/_e2e/latency`, { method: 'POST', body: JSON.stringify({ ms: latency }) });
    const { sequentialMs, fleetMs, log, sequentialRequests } = await measure();
    const where = latency === 0 ? 'on loopback' : `with ${latency} ms a request, as over a network`;
    const metricCalls = log.requests.filter((r) => r.target.includes('GetMetricData')).length;
    const byOperation = new Map();
    for (const r of log.requests) byOperation.set(r.target, (byOperation.get(r.target) ?? 0) + 1);
    // The same work on both sides: the fleet run sends what the single-region runs send, plus its AssumeRole calls.
    console.log(`fleet (${where}): the single-region runs sent ${sequentialRequests} requests in all, the fleet run ${log.count}`);
    console.log(
      `fleet (${where}): requests by operation: ${[...byOperation]
        .sort((a, b) => b[1] - a[1])
        .map(([t, n]) => `${t} ${n}`)
        .join(', ')}`,
    );
    const speedup = sequentialMs / fleetMs;
    console.log(
      `fleet (${where}): status --idle over ${REGIONS.length} regions × ${ACCOUNTS.length} accounts × ${PER_TARGET} endpoints took ${fleetMs.toFixed(0)} ms, the single-region command ${pairs}× in sequence ${sequentialMs.toFixed(0)} ms (medians of ${rounds} interleaved rounds): ${speedup.toFixed(2)}× faster (goal ≥ 3×); ${metricCalls} GetMetricData calls (goal ${pairs}); the fleet run sent ${log.count} requests (${(log.count / (fleetMs / 1000)).toFixed(0)}/s)`,
    );
    const suffix = latency === 0 ? '' : ` (${latency} ms a request)`;
    figures.push(
      {
        name: `fleet status --idle speed-up over sequential single-region runs${suffix}`,
        value: Number(speedup.toFixed(2)),
        unit: '×',
        goal: '≥ 3',
        ok: speedup >= 3,
      },
      { name: `fleet status --idle GetMetricData calls${suffix}`, value: metricCalls, unit: 'calls', goal: `= ${pairs}`, ok: metricCalls === pairs },
    );
  }
  await fetch(`${moto.endpoint}/_e2e/latency`, { method: 'POST', body: JSON.stringify({ ms: 0 }) });
  return figures;
}
