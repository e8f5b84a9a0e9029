import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProgram } from '../../../../src/cli.js';
import { completionScript } from '../../../../src/commands/completion/index.js';

// The bash script is sourced in a real bash and asked what it completes, as a user's shell would.

let dir: string;
let bashScript: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'sagectl-completion-'));
  bashScript = path.join(dir, 'sagectl.bash');
  writeFileSync(bashScript, completionScript('bash', buildProgram()));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What bash offers for the line `words` with the cursor on its last word. */
function complete(...words: string[]): string[] {
  const line = words.map((w) => `'${w}'`).join(' ');
  const out = execFileSync(
    'bash',
    ['-c', `source '${bashScript}'; COMP_WORDS=(${line}); COMP_CWORD=${words.length - 1}; _sagectl; printf '%s\\n' "\${COMPREPLY[@]}"`],
    { encoding: 'utf8', cwd: dir },
  );
  return out.split('\n').filter(Boolean).sort();
}

describe('sagectl completion bash', () => {
  it('registers its function with complete -F', () => {
    const out = execFileSync('bash', ['-c', `source '${bashScript}'; complete -p sagectl`], { encoding: 'utf8' });
    expect(out).toContain('-F _sagectl sagectl');
  });

  it.each([
    [['sagectl', 'dep'], ['deploy']],
    [
      ['sagectl', 'teardown', '--i'],
      ['--idle', '--include-versions'],
    ],
    [['sagectl', '--config', 'x.yaml', 'up'], ['update-endpoint']],
    [['sagectl', 'deploy', '--output', 'j'], ['json']],
    [
      ['sagectl', 'update-endpoint', '--strategy', ''],
      ['all-at-once', 'canary', 'linear'],
    ],
    [['sagectl', 'status', '--st'], ['--stack']],
    [['sagectl', 'status', '--qu'], ['--query']],
    [['sagectl', '--output', 'json', '--que'], ['--query']],
    [['sagectl', 'completion', '--he'], ['--help']],
  ])('%j → %j', (words, expected) => {
    expect(complete(...words)).toEqual(expected);
  });

  it('offers every declared command at the first word, and nothing twice', () => {
    const offered = complete('sagectl', '');
    const commands = buildProgram().commands.map((c) => c.name());
    expect(offered).toEqual(expect.arrayContaining(commands));
    expect(new Set(offered).size).toBe(offered.length);
  });
});

describe('sagectl completion zsh and fish', () => {
  it('zsh loads bash completion through bashcompinit', () => {
    const script = completionScript('zsh', buildProgram());
    expect(script.split('\n').slice(0, 2)).toEqual(['#compdef sagectl', 'autoload -U +X bashcompinit && bashcompinit']);
    expect(script).toContain('complete -o default -F _sagectl sagectl');
  });

  it('fish completes commands, and options only after their command', () => {
    const script = completionScript('fish', buildProgram());
    expect(script).toContain("complete -c sagectl -n '__fish_use_subcommand' -a deploy");
    expect(script).toMatch(/complete -c sagectl -n '__fish_seen_subcommand_from teardown' -l idle -r -d /);
    expect(script).toMatch(/complete -c sagectl -n 'true' -l output -s o -r -f -a 'text json' -d /);
  });
});
