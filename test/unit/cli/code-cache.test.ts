import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { Script } from 'node:vm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { requireWithCodeCache } from '../../../src/cli/code-cache.js';

const SOURCE = `'use strict';
const path = require('node:path');
exports.where = path.basename(__filename) + ' in ' + path.basename(__dirname);
exports.twice = (n) => n * 2;
module.exports.self = this === exports;
`;

describe('requireWithCodeCache', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'sagectl-code-cache-'));
    file = path.join(dir, 'check.cjs');
    writeFileSync(file, SOURCE);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('loads a CommonJS file as require would (exports, require, __filename, __dirname, this), with no cache beside it', () => {
    const loaded = requireWithCodeCache(file) as { where: string; twice: (n: number) => number; self: boolean };
    expect(loaded.where).toBe(`check.cjs in ${path.basename(dir)}`);
    expect(loaded.twice(21)).toBe(42);
    expect(loaded.self).toBe(true);
  });

  it('loads it with the cache the build writes, which V8 accepts', () => {
    const script = new Script(Module.wrap(SOURCE), { filename: file });
    script.runInThisContext();
    const cache = script.createCachedData();
    writeFileSync(`${file}.cache`, cache);
    expect(new Script(Module.wrap(SOURCE), { filename: file, cachedData: cache }).cachedDataRejected).toBe(false);
    const loaded = requireWithCodeCache(file) as { twice: (n: number) => number };
    expect(loaded.twice(4)).toBe(8);
  });

  it('compiles from source when the cache is of another file (a stale or foreign cache only costs time)', () => {
    const other = new Script(Module.wrap('exports.other = 1;\n'), { filename: file });
    writeFileSync(`${file}.cache`, other.createCachedData());
    const loaded = requireWithCodeCache(file) as { where: string; twice: (n: number) => number };
    expect(loaded.where).toBe(`check.cjs in ${path.basename(dir)}`);
    expect(loaded.twice(5)).toBe(10);
  });

  it('compiles from source when the cache file is garbage', () => {
    writeFileSync(`${file}.cache`, 'not a cache');
    expect((requireWithCodeCache(file) as { twice: (n: number) => number }).twice(1)).toBe(2);
  });

  it('gives a fresh module each time, kept in no require cache (the code cache path, which Node 20 takes)', () => {
    // On Node 22.1+ the function is a plain require (the next test); here the path Node 20 takes is tested on any Node.
    const had = Object.getOwnPropertyDescriptor(Module, 'enableCompileCache');
    delete (Module as { enableCompileCache?: unknown }).enableCompileCache;
    try {
      const a = requireWithCodeCache(file);
      const b = requireWithCodeCache(file);
      expect(a).not.toBe(b);
      expect(Object.keys(createRequire(file).cache)).not.toContain(file);
    } finally {
      if (had) Object.defineProperty(Module, 'enableCompileCache', had);
    }
  });

  it('is a plain require on a Node with its own compile cache (22.1+), which covers require but not node:vm', () => {
    const had = Object.getOwnPropertyDescriptor(Module, 'enableCompileCache');
    Object.defineProperty(Module, 'enableCompileCache', { value: () => undefined, configurable: true, writable: true });
    try {
      const loaded = requireWithCodeCache(file) as { twice: (n: number) => number };
      expect(loaded.twice(3)).toBe(6);
      expect(Object.keys(createRequire(file).cache)).toContain(file);
    } finally {
      if (had) Object.defineProperty(Module, 'enableCompileCache', had);
      else delete (Module as { enableCompileCache?: unknown }).enableCompileCache;
      delete createRequire(file).cache[file];
    }
  });
});
