// One object for every mapping or list that is written the same way in one dist/ folder, so the check keeps one copy, not one per file.

/*
 * Why: the objects of a tenant's folder repeat themselves (the same labels on every object, the
 * same namespace lists in each namespace's policies), and the check keeps all of dist/'s objects
 * for the cross-tenant proofs. The emitted-YAML reader reads a nested mapping or list as a
 * function of its text and its indentation only, so two that are written alike read alike, and
 * the second can be the first one's object. Nothing in the check changes an object it read.
 * The table's keys are slices of the files' texts: it lives as long as the folder's texts do.
 */

export class SharedValues {
  private readonly byIndent: Map<string, unknown>[] = [];

  /** The value read before from the same `text` at the same `indent`, else `value`, which is kept for next time. */
  share<T>(indent: number, text: string, value: T): T {
    const table = (this.byIndent[indent] ??= new Map<string, unknown>());
    const known = table.get(text);
    if (known !== undefined) return known as T;
    table.set(text, value);
    return value;
  }
}
