// One shared copy of each string read from dist/, so objects kept for the proofs never hold on to their file's text.

/*
 * Why: V8 cuts a substring of 13 characters or more as a slice that points into the whole
 * string it was cut from, so an object whose values were cut from a file's text keeps that
 * text alive as long as the object lives. The check keeps the objects of all of dist/ for
 * the cross-tenant proofs but reads the texts one folder at a time: every string of a kept
 * object goes through a pool, which stores a copy of its own the first time and gives that
 * copy back every later time (namespace, tenant and label values repeat in every file).
 */

export class StringPool {
  private readonly strings = new Map<string, string>();

  /** How many distinct strings the pool holds. */
  get size(): number {
    return this.strings.size;
  }

  /** The pool's copy of `value`: equal to it, and never a slice of a larger string. */
  intern(value: string): string {
    const known = this.strings.get(value);
    if (known !== undefined) return known;
    // A string parsed from JSON is a fresh string, whatever `value` points into.
    const copy = JSON.parse(JSON.stringify(value)) as string;
    this.strings.set(copy, copy);
    return copy;
  }

  /** `value` with every string in it (keys aside: V8 keeps property names as copies of their own) replaced by the pool's copy, in place. */
  internAll<T>(value: T): T {
    return this.walk(value) as T;
  }

  private walk(value: unknown): unknown {
    if (typeof value === 'string') return this.intern(value);
    if (typeof value !== 'object' || value === null) return value;
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) value[i] = this.walk(value[i]);
      return value;
    }
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) record[key] = this.walk(record[key]);
    return record;
  }
}
