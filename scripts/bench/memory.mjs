// `npm run bench` section: the peak resident set size of sagectl per command (read by a
// preloaded hook from process.resourceUsage() at exit), for single-stack commands and for fleet
// commands over 120 stacks, with the goals of issue 17 beside them.
import { ageEndpoints, makeFleet, resetEmulator, sagectl, stackConfig } from './fleet.mjs';

const SINGLE_GOAL_MB = 100;
const FLEET_GOAL_MB = 130;

/** Measures every command; `ctx` holds { root, env, moto }. */
export async function run(ctx) {
  const rows = [];
  const measure = async (name, goal, args, opts) => {
    const { peakRssKiB } = await sagectl(ctx, args, opts);
    const mb = Math.round((peakRssKiB / 1024) * 10) / 10;
    const ok = mb <= goal;
    rows.push({ name: `peak RSS: ${name}`, value: mb, unit: 'MB', goal, ok });
    console.log(`memory: ${name}: ${mb} MB peak RSS (goal ≤ ${goal} MB)${ok ? '' : '  ✗ over the goal'}`);
  };

  await resetEmulator(ctx);
  const s = 'bench-mem';
  const config = stackConfig(s);
  await measure('deploy', SINGLE_GOAL_MB, ['deploy', '-c', config]);
  await measure('update-endpoint (new model)', SINGLE_GOAL_MB, ['update-endpoint', s, '-c', config, '--model-data', 's3://bench-bucket/v2/model.tar.gz']);
  await measure('update-endpoint --rollback', SINGLE_GOAL_MB, ['update-endpoint', s, '-c', config, '--rollback']);
  await measure('status <stack>', SINGLE_GOAL_MB, ['status', s]);
  await measure('teardown <stack>', SINGLE_GOAL_MB, ['teardown', s, '--yes']);

  await resetEmulator(ctx);
  const fleet = await makeFleet(ctx, 'm', 120);
  await ageEndpoints(ctx, fleet, 2 * 3600);
  await measure('status, 120 stacks', FLEET_GOAL_MB, ['status', '--output', 'json']);
  await measure('teardown --idle 1h --dry-run, 120 stacks', FLEET_GOAL_MB, ['teardown', '--idle', '1h', '--dry-run', '--output', 'json']);
  await measure('teardown --all --yes, 120 stacks', FLEET_GOAL_MB, ['teardown', '--all', '--yes', '--output', 'json']);
  await resetEmulator(ctx);
  return rows;
}
