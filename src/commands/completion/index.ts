import type { CommandUnknownOpts as Command, Option } from '@commander-js/extra-typings';
import { writeRaw } from '../../cli/runner.js';

/** The shells `sagectl completion` writes a script for (its declaration lists them as the argument's choices). */
export type Shell = 'bash' | 'zsh' | 'fish';

/** One option as completion sees it: its spellings, whether it takes a value, its choices. */
interface OptionShape {
  long?: string;
  short?: string;
  takesValue: boolean;
  choices: readonly string[];
  description: string;
}

/** One command: its name, its description and its own options (the global ones are apart). */
interface CommandShape {
  name: string;
  description: string;
  options: OptionShape[];
}

/** What the scripts complete, read from the declared program so it never drifts from the parser. */
interface ProgramShape {
  name: string;
  globals: OptionShape[];
  commands: CommandShape[];
}

function optionShape(option: Option): OptionShape {
  return {
    ...(option.long ? { long: option.long } : {}),
    ...(option.short ? { short: option.short } : {}),
    takesValue: option.required || option.optional,
    choices: option.argChoices ?? [],
    description: option.description,
  };
}

function programShape(program: Command): ProgramShape {
  const helpOption: OptionShape = { long: '--help', short: '-h', takesValue: false, choices: [], description: 'display help' };
  return {
    name: program.name(),
    globals: [...program.options.map(optionShape), helpOption],
    commands: program.commands.map((c) => ({ name: c.name(), description: c.description(), options: [...c.options.map(optionShape), helpOption] })),
  };
}

/**
 * The completion script for `shell`, generated from the declared program (commands, options,
 * option choices), so a new command or option completes without touching this file.
 */
export function completionScript(shell: Shell, program: Command): string {
  const shape = programShape(program);
  switch (shell) {
    case 'bash':
      return bashScript(shape);
    case 'zsh':
      // zsh runs bash completion functions through bashcompinit, which ships with zsh.
      return `#compdef ${shape.name}\nautoload -U +X bashcompinit && bashcompinit\n${bashScript(shape)}`;
    case 'fish':
      return fishScript(shape);
  }
}

/** The options' spellings, each once, as one space-separated list. */
const words = (options: OptionShape[], pick: (o: OptionShape) => boolean = () => true): string =>
  [...new Set(options.filter(pick).flatMap((o) => [o.long, o.short].filter((w): w is string => w !== undefined)))].join(' ');

/** A shell word in single quotes. */
const quote = (text: string): string => `'${text.replace(/'/g, `'\\''`)}'`;

function bashScript(shape: ProgramShape): string {
  const fn = `_${shape.name.replace(/[^A-Za-z0-9_]/g, '_')}`;
  const valued = words([...shape.globals, ...shape.commands.flatMap((c) => c.options)], (o) => o.takesValue);
  const choiceCases = [...shape.globals, ...shape.commands.flatMap((c) => c.options)]
    .filter((o) => o.choices.length > 0)
    .map((o) => `    ${[o.long, o.short].filter(Boolean).join('|')}) COMPREPLY=($(compgen -W ${quote(o.choices.join(' '))} -- "$cur")); return 0 ;;`);
  const uniqueChoiceCases = [...new Set(choiceCases)];
  const commandCases = shape.commands.map((c) => `    ${c.name}) opts=${quote(words([...c.options, ...shape.globals]))} ;;`);
  return [
    `# ${shape.name} completion for bash: source <(${shape.name} completion bash)`,
    `${fn}() {`,
    '  local cur prev cmd i opts',
    '  cur="${COMP_WORDS[COMP_CWORD]}"',
    '  prev="${COMP_WORDS[COMP_CWORD-1]}"',
    '  case "$prev" in',
    ...uniqueChoiceCases,
    '  esac',
    // The value of an option that takes one is not completed from the lists below (file names apply).
    `  case " ${valued} " in *" $prev "*) COMPREPLY=($(compgen -f -- "$cur")); return 0 ;; esac`,
    '  cmd=""',
    '  for ((i = 1; i < COMP_CWORD; i++)); do',
    '    case "${COMP_WORDS[i]}" in',
    '      -*) ;;',
    `      *) case " ${valued} " in *" \${COMP_WORDS[i-1]} "*) ;; *) cmd="\${COMP_WORDS[i]}"; break ;; esac ;;`,
    '    esac',
    '  done',
    '  case "$cmd" in',
    `    "") opts=${quote(`${shape.commands.map((c) => c.name).join(' ')} ${words(shape.globals)}`)} ;;`,
    ...commandCases,
    '    *) opts="" ;;',
    '  esac',
    '  COMPREPLY=($(compgen -W "$opts" -- "$cur"))',
    '}',
    `complete -o default -F ${fn} ${shape.name}`,
    '',
  ].join('\n');
}

function fishScript(shape: ProgramShape): string {
  const name = shape.name;
  const all = shape.commands.map((c) => c.name).join(' ');
  const optionLine = (o: OptionShape, condition: string): string =>
    [
      `complete -c ${name} -n ${quote(condition)}`,
      o.long ? `-l ${o.long.replace(/^--/, '')}` : '',
      o.short ? `-s ${o.short.replace(/^-/, '')}` : '',
      o.takesValue ? '-r' : '',
      o.choices.length > 0 ? `-f -a ${quote(o.choices.join(' '))}` : '',
      `-d ${quote(o.description)}`,
    ]
      .filter(Boolean)
      .join(' ');
  return [
    `# ${name} completion for fish: ${name} completion fish | source`,
    `complete -c ${name} -f`,
    ...shape.commands.map((c) => `complete -c ${name} -n '__fish_use_subcommand' -a ${c.name} -d ${quote(c.description)}`),
    ...shape.globals.map((o) => optionLine(o, 'true')),
    ...shape.commands.flatMap((c) => c.options.filter((o) => o.long !== '--help').map((o) => optionLine(o, `__fish_seen_subcommand_from ${c.name}`))),
    `# commands: ${all}`,
    '',
  ].join('\n');
}

/** CLI entry: prints the script for `shell`, completing the program `program`. */
export function main(shell: Shell, program: Command): void {
  writeRaw(completionScript(shell, program));
}
