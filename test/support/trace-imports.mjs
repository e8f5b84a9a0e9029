// Preloaded with `node --import` by the CLI tests: prints every module URL the process resolves
// that belongs to the AWS SDK (and zod), so a test can prove `--help` loads none.
import { register } from 'node:module';

const hooks = `
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  if (/@aws-sdk|@smithy/.test(result.url)) process.stderr.write('SDK-LOADED ' + result.url + '\\n');
  if (/node_modules\\/zod\\//.test(result.url)) process.stderr.write('ZOD-LOADED ' + result.url + '\\n');
  return result;
}`;
register(`data:text/javascript,${encodeURIComponent(hooks)}`);
