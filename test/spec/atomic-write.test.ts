import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeAtomically } from '../../lib/spec/atomic-write';
import { tempDirs } from '../support/temp';

const tempDir = tempDirs('tenantry-atomic-write-');

describe('writeAtomically', () => {
  it('writes the whole content, making the folder, and leaves no temporary file', () => {
    // GIVEN a file in a folder that does not exist yet, and one that does with old content
    const dir = tempDir();
    const fresh = join(dir, 'cache', 'fresh.json');
    const old = join(dir, 'old.json');
    writeFileSync(old, 'old');

    // WHEN both are written
    writeAtomically(fresh, '{"a":1}');
    writeAtomically(old, new TextEncoder().encode('new'));

    // THEN each holds exactly its new content, and nothing else is left beside them
    expect(readFileSync(fresh, 'utf8')).toBe('{"a":1}');
    expect(readFileSync(old, 'utf8')).toBe('new');
    expect(readdirSync(dir).sort()).toEqual(['cache', 'old.json']);
    expect(readdirSync(join(dir, 'cache'))).toEqual(['fresh.json']);
  });

  it('fails when the folder cannot be made, throwing the error and leaving nothing behind', () => {
    // GIVEN a file standing where the folder should be
    const dir = tempDir();
    writeFileSync(join(dir, 'cache'), 'not a folder');

    // WHEN a file is written below it
    // THEN the file system's error is thrown and the folder is as it was
    expect(() => writeAtomically(join(dir, 'cache', 'x.json'), '{}')).toThrow(/ENOTDIR|EEXIST/);
    expect(readdirSync(dir)).toEqual(['cache']);
  });

  it('fails when the target is a folder, removing its temporary file', () => {
    // GIVEN a folder where the file should go
    const dir = tempDir();
    mkdirSync(join(dir, 'x.json'));

    // WHEN a file is written over that folder
    // THEN the error is thrown and only the folder remains
    expect(() => writeAtomically(join(dir, 'x.json'), '{}')).toThrow(/EISDIR/);
    expect(readdirSync(dir)).toEqual(['x.json']);
  });
});
