// `npm run bench` section: the AWS requests each operation of issue 17's table sends, counted by
// the emulator (GET /_e2e/requests), with its goal beside it. Single-stack rows run against
// stacks deployed by sagectl; fleet rows against fleets made with plain SDK calls (the same
// names and tags sagectl gives), each on an emptied emulator so no row sees another's stacks.
import { ageEndpoints, counting, makeFleet, resetEmulator, sagectl, stackConfig } from './fleet.mjs';

const rows = [];
function row(name, measured, goal, note = '') {
  const ok = measured.count <= goal;
  rows.push({ name, value: measured.count, unit: 'requests', goal, ok });
  console.log(`requests: ${name}: ${measured.count} (goal ≤ ${goal})${ok ? '' : '  ✗ over the goal'}${note}`);
  if (process.env.BENCH_VERBOSE) {
    const by = new Map();
    for (const t of measured.targets) by.set(t, (by.get(t) ?? 0) + 1);
    console.log(`  ${[...by].map(([t, n]) => `${t} ×${n}`).join(', ')}`);
  }
}

/** Measures every row; `ctx` holds { root, env, moto, readRequestLog }. */
export async function run(ctx) {
  rows.length = 0;
  await resetEmulator(ctx);

  // update-endpoint with a new model, --keep 1, in its steady state: two updates first, so the
  // measured one also removes what falls out of the history.
  const u = 'bench-up';
  const config = stackConfig(u);
  await sagectl(ctx, ['deploy', '-c', config]);
  for (const v of ['v2', 'v3']) await sagectl(ctx, ['update-endpoint', u, '-c', config, '--model-data', `s3://bench-bucket/${v}/model.tar.gz`, '--keep', '1']);
  row(
    'update-endpoint, new model (--keep 1, steady state)',
    await counting(ctx, () => sagectl(ctx, ['update-endpoint', u, '-c', config, '--model-data', 's3://bench-bucket/v4/model.tar.gz', '--keep', '1'])),
    13,
  );
  row(
    'update-endpoint --add-variant',
    await counting(ctx, () =>
      sagectl(ctx, ['update-endpoint', u, '-c', config, '--add-variant', 'green', '--weight', '0.1', '--model-data', 's3://bench-bucket/g/model.tar.gz']),
    ),
    13,
  );
  row('update-endpoint --promote', await counting(ctx, () => sagectl(ctx, ['update-endpoint', u, '-c', config, '--promote', 'green'])), 13);
  row('update-endpoint --rollback', await counting(ctx, () => sagectl(ctx, ['update-endpoint', u, '-c', config, '--rollback'])), 13);

  const t = 'bench-td';
  await sagectl(ctx, ['deploy', '-c', stackConfig(t)]);
  row('teardown of one stack', await counting(ctx, () => sagectl(ctx, ['teardown', t, '--yes'])), 8);

  await resetEmulator(ctx);
  await makeFleet(ctx, 'f', 30);
  row('teardown --all --yes, 30 stacks', await counting(ctx, () => sagectl(ctx, ['teardown', '--all', '--yes', '--output', 'json'])), 130);

  await resetEmulator(ctx);
  const idle = await makeFleet(ctx, 'f', 120);
  await ageEndpoints(ctx, idle, 2 * 3600);
  row(
    'teardown --idle 1h --dry-run, 120 endpoints',
    await counting(ctx, () => sagectl(ctx, ['teardown', '--idle', '1h', '--dry-run', '--output', 'json'])),
    250,
  );

  await resetEmulator(ctx);
  await makeFleet(ctx, 's', 50);
  row('status, 50 stacks', await counting(ctx, () => sagectl(ctx, ['status', '--output', 'json'])), 60);
  await resetEmulator(ctx);
  return [...rows];
}
