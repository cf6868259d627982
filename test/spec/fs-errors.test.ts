import { describe, expect, it } from 'vitest';
import { describeFsError, isFsError } from '../../lib/spec/fs-errors';

/* File-system failures as one line with the path and the operation. */

const fsError = (code: string, syscall: string) => Object.assign(new Error(`${code}: failed`), { code, syscall, path: '/x' });

describe('describeFsError', () => {
  it('names the path, the operation, the reason and the code', () => {
    // GIVEN a full disk while writing
    // WHEN it is described
    // THEN the line says what to do
    expect(describeFsError(fsError('ENOSPC', 'write'), 'dist/acme/Namespace.acme-api.yaml', 'write')).toBe(
      'dist/acme/Namespace.acme-api.yaml: cannot write (write) — the disk is full; free some space (ENOSPC)',
    );
  });

  it('keeps an unknown code, and the message of an error that is not a file-system one', () => {
    // GIVEN an unusual code and a plain error
    // WHEN they are described
    // THEN the code, or the message, is kept
    expect(describeFsError(fsError('ESTALE', 'open'), 'tenants/acme.ts', 'read')).toBe('tenants/acme.ts: cannot read (open) — ESTALE (ESTALE)');
    expect(describeFsError(new Error('boom'), 'tenants/', 'list')).toBe('tenants/: cannot list — boom');
    expect(isFsError(new Error('boom'))).toBe(false);
  });
});
