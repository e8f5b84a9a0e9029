// The config the shell checked before the workflow loaded, handed on to the command's run.
import type { LoadConfigOptions, LoadedConfig } from '../core/config.js';
import type { GlobalOptions } from './global-options.js';

/**
 * Where the shell's config check (config-check.ts) leaves the config it found valid for the command's run. The check
 * runs from dist/config-check.cjs and the command from an ES module chunk, each with its own copy
 * of this module, so the config passes through a global slot rather than a module variable. It
 * holds plain data (the parsed config and its file name), which either copy reads alike.
 */
const CHECKED = Symbol.for('sagectl.checkedConfig');

interface CheckedConfig {
  key: string;
  loaded: LoadedConfig;
}

function checkedKey(globals: GlobalOptions): string {
  return JSON.stringify([process.cwd(), globals.config, globals.stack, globals.region]);
}

/** Leaves the config the shell's check found valid for this command line, for {@link takeCheckedConfig} in the run. */
export function keepCheckedConfig(globals: GlobalOptions, loaded: LoadedConfig): void {
  (globalThis as { [CHECKED]?: CheckedConfig })[CHECKED] = { key: checkedKey(globals), loaded };
}

/** The config the shell's check found and validated, if it was for this command (taken once). */
export function takeCheckedConfig(globals: GlobalOptions): LoadedConfig | undefined {
  const slot = globalThis as { [CHECKED]?: CheckedConfig };
  const found = slot[CHECKED]?.key === checkedKey(globals) ? slot[CHECKED].loaded : undefined;
  delete slot[CHECKED];
  return found;
}

/** What to load: the file named by --config (or found), with --stack and --region over it. */
export function configRequestOf(globals: GlobalOptions, required: boolean): LoadConfigOptions {
  return {
    required,
    ...(globals.config !== undefined ? { configPath: globals.config } : {}),
    overrides: {
      ...(globals.stack !== undefined ? { stack: globals.stack } : {}),
      ...(globals.region !== undefined ? { region: globals.region } : {}),
    },
  };
}
