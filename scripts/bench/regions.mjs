// Regions and accounts figure for `npm run bench`: 3 regions × 2 accounts (reached through AssumeRole) × 40
// endpoints. The wall time of one `status --idle` over the whole fleet against the single-region
// command run once per (account, region) in sequence (as a cron box would loop), and the
// GetMetricData calls the fleet run makes (goal: ≥ 3× faster, 6 calls: one batch per pair).
// Both sides do the same work on the same fleet (the fleet run adds its AssumeRole calls; the
// sequential runs get credentials assumed beforehand); both request counts are printed.
// BENCH_REGIONS_ROUNDS (default 3) interleaved rounds, medians reported; BENCH_REGIONS_RECORDS=0
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
/** BENCH_REGIONS_RECORDS=0 seeds stacks without the went-live record (as made outside sagectl). */
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
                ProductionVariants: [{ VariantName: 'AllTraffic', ModelName: `${stack}-m`, InstanceType: 'ml.m5.large', InitialInstanceCount: 1 }],
                Tags: tags(stack),
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
  // Interleaved rounds (sequential, fleet, sequential, fleet, …): the machine is shared, so one
  // pair of figures could fall on a busy moment for one side only. Medians are reported.
  const rounds = Number(process.env.BENCH_REGIONS_ROUNDS ?? 3);
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
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const sequentialMs = median(sequentialTimes);
  const fleet = { ms: median(fleetTimes) };
  const metricCalls = log.requests.filter((r) => r.target.includes('GetMetricData')).length;
  const byOperation = new Map();
  for (const r of log.requests) byOperation.set(r.target, (byOperation.get(r.target) ?? 0) + 1);
  // The same work on both sides: the fleet run sends what the single-region runs send, plus its AssumeRole calls.
  console.log(`fleet: the single-region runs sent ${sequentialRequests} requests in all, the fleet run ${log.count}`);
  console.log(
    `fleet: requests by operation: ${[...byOperation]
      .sort((a, b) => b[1] - a[1])
      .map(([t, n]) => `${t} ${n}`)
      .join(', ')}`,
  );
  const speedup = sequentialMs / fleet.ms;
  console.log(
    `fleet: status --idle over ${REGIONS.length} regions × ${ACCOUNTS.length} accounts × ${PER_TARGET} endpoints took ${fleet.ms.toFixed(0)} ms, the single-region command ${pairs}× in sequence ${sequentialMs.toFixed(0)} ms (medians of ${rounds} interleaved rounds): ${speedup.toFixed(2)}× faster (goal ≥ 3×); ${metricCalls} GetMetricData calls (goal ${pairs}); the fleet run sent ${log.count} requests (${(log.count / (fleet.ms / 1000)).toFixed(0)}/s)`,
  );
  return [
    { name: 'fleet status --idle speed-up over sequential single-region runs', value: Number(speedup.toFixed(2)), unit: '×', goal: '≥ 3', ok: speedup >= 3 },
    { name: 'fleet status --idle GetMetricData calls', value: metricCalls, unit: 'calls', goal: `= ${pairs}`, ok: metricCalls === pairs },
  ];
}
