/*
 * Reads a tenant file as data, never as code: TypeScript's parser turns it into a syntax
 * tree, and only literals are turned into values. Nothing in the file runs, so it cannot
 * see or change other tenants, the platform, the environment, the file system or the process.
 */
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import type * as TS from 'typescript';
import { formatPath } from './errors';

/** Larger files are refused before parsing: the parser's time and memory grow with the size. */
export const TENANT_FILE_LIMIT = 256 * 1024;
/** Deeper brackets are refused before parsing: the parser recurses once per level. */
export const NESTING_LIMIT = 32;
/** At most this many construct errors per file; the rest are counted. */
const ERROR_LIMIT = 10;
/** The platform-owned module whose defineTenant a tenant file may import, relative to the project root. */
export const SCHEMA_MODULE = 'lib/spec/schema';
/** This Tenantry's own schema module, without its extension. */
const TENANTRY_SCHEMA = fileURLToPath(new URL('./schema', import.meta.url));

/*
 * TypeScript is loaded on the first file that is actually parsed (the load cache serves
 * unchanged files without it), through require: importing its 9 MB CommonJS file as ESM
 * costs a scan of it for named exports, about twice the time.
 */
let ts: typeof TS;

function typescript(): typeof TS {
  ts ??= createRequire(import.meta.url)('typescript') as typeof TS;
  return ts;
}

export type ReadResult = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly errors: readonly string[] };

/**
 * The default export of a tenant file as plain JSON data. `file` is relative to `root`
 * and names the file in every error, with the line, column and construct.
 */
export function readTenantSource(root: string, file: string, text: string): ReadResult {
  const size = Buffer.byteLength(text);
  if (size > TENANT_FILE_LIMIT) {
    return fail(`${file}: cannot be read — the file is ${kib(size)}, more than the ${kib(TENANT_FILE_LIMIT)} a tenant file may have; split the tenant or shorten the file`);
  }
  const deep = tooDeep(text);
  if (deep !== undefined) {
    return fail(`${file}:${position(text, deep)}: cannot be read — brackets nested more than ${NESTING_LIMIT} levels deep; flatten the value`);
  }
  typescript();
  let source: TS.SourceFile;
  try {
    source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  } catch {
    return fail(`${file}: cannot be read — the parser gave up on it; fix the TypeScript (npx tsc --noEmit lists every error)`);
  }
  const syntax = syntaxDiagnostics(source)[0];
  if (syntax?.start !== undefined) {
    const { line, character } = source.getLineAndCharacterOfPosition(syntax.start);
    const text = ts.flattenDiagnosticMessageText(syntax.messageText, ' ').replace(/\.$/, '');
    return fail(`${file}: cannot be loaded — syntax error at line ${line + 1}, column ${character + 1}: ${text}; fix the TypeScript (npx tsc --noEmit lists every error)`);
  }
  return new Reader(root, file, source).read();
}

function fail(error: string): ReadResult {
  return { ok: false, errors: [error] };
}

function kib(bytes: number): string {
  return `${Math.ceil(bytes / 1024)} KiB`;
}

function position(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `${before.length}:${before.at(-1)!.length + 1}`;
}

/**
 * The offset of the first bracket past NESTING_LIMIT. Brackets inside strings count too:
 * a rough, fast bound; the parser's own overflow is caught as well.
 */
function tooDeep(text: string): number | undefined {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x7b || c === 0x5b || c === 0x28) {
      if (++depth > NESTING_LIMIT) return i;
    } else if ((c === 0x7d || c === 0x5d || c === 0x29) && depth > 0) depth--;
  }
  return undefined;
}

/**
 * The parser's own diagnostics. They live on the source file (`parseDiagnostics`, stable
 * but not in the public typings); where a TypeScript version lacks it, a one-file program
 * that resolves and type-checks nothing reports the same list.
 */
function syntaxDiagnostics(source: TS.SourceFile): readonly TS.Diagnostic[] {
  const own = (source as TS.SourceFile & { parseDiagnostics?: readonly TS.Diagnostic[] }).parseDiagnostics;
  if (own) return own;
  const host: TS.CompilerHost = {
    getSourceFile: (name) => (name === source.fileName ? source : undefined),
    writeFile: () => undefined,
    getDefaultLibFileName: () => 'lib.d.ts',
    useCaseSensitiveFileNames: () => true,
    getCanonicalFileName: (name) => name,
    getCurrentDirectory: () => '',
    getNewLine: () => '\n',
    fileExists: (name) => name === source.fileName,
    readFile: () => undefined,
  };
  const program = ts.createProgram({ rootNames: [source.fileName], options: { noResolve: true, noLib: true, types: [] }, host });
  return program.getSyntacticDiagnostics(source);
}

type Path = readonly (string | number)[];

class Reader {
  private readonly errors: string[] = [];
  private extra = 0;
  private defineTenant = false;

  constructor(
    private readonly root: string,
    private readonly file: string,
    private readonly source: TS.SourceFile,
  ) {}

  read(): ReadResult {
    const exports = this.source.statements.filter(ts.isExportAssignment);
    if (!exports.length) return fail(`${this.file}: default export — missing, ${this.namedExports()}; end the file with export default defineTenant({ ... })`);
    for (const statement of this.source.statements) {
      if (ts.isImportDeclaration(statement)) this.checkImport(statement);
      else if (ts.isExportAssignment(statement)) {
        if (statement.isExportEquals) this.refuse(statement, 'export =', 'write export default instead');
        else if (statement !== exports[0]) this.refuse(statement, 'a second export default', 'export one tenant per file');
      } else if (!ts.isEmptyStatement(statement)) this.refuse(statement, describeStatement(statement), 'a tenant file holds only the defineTenant import and export default defineTenant({ ... }), so write the value into the exported object');
    }
    const value = this.value(exports[0]!.expression, [], true);
    if (this.extra) this.errors.push(`${this.file}: … and ${this.extra} more constructs that are not allowed`);
    return this.errors.length ? { ok: false, errors: this.errors } : { ok: true, value };
  }

  private namedExports(): string {
    const names = this.source.statements.flatMap((s) => {
      if (!ts.canHaveModifiers(s) || !ts.getModifiers(s)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) return [];
      if (ts.isVariableStatement(s)) return s.declarationList.declarations.map((d) => d.name.getText(this.source));
      const name = (s as TS.Statement & { name?: TS.Node }).name;
      return name ? [name.getText(this.source)] : [];
    });
    return names.length ? `got only the named export${names.length === 1 ? '' : 's'} ${names.sort().join(', ')}` : 'got a file that exports nothing';
  }

  private checkImport(statement: TS.ImportDeclaration): void {
    const specifier = ts.isStringLiteral(statement.moduleSpecifier) ? statement.moduleSpecifier.text : '';
    const expected = this.schemaSpecifier();
    const target = specifier.replace(/\.(js|ts)$/, '');
    const bindings = statement.importClause?.namedBindings;
    const onlyDefineTenant =
      !statement.importClause?.name &&
      bindings !== undefined &&
      ts.isNamedImports(bindings) &&
      bindings.elements.every((e) => e.name.text === 'defineTenant' && (!e.propertyName || e.propertyName.getText(this.source) === 'defineTenant'));
    // Either the project's own schema module, or Tenantry's itself (a recipe in examples/ uses the repository's).
    const known = target === expected || (target.startsWith('.') && resolve(dirname(join(this.root, this.file)), target) === TENANTRY_SCHEMA);
    if (!known || !onlyDefineTenant || statement.attributes) {
      this.refuse(statement, `import from "${specifier}"`, `the only import allowed is import { defineTenant } from '${expected}'`);
      // The import is already refused; a defineTenant call through it needs no second error.
      this.defineTenant ||= statement.getText(this.source).includes('defineTenant');
      return;
    }
    if (!statement.importClause?.isTypeOnly) this.defineTenant = true;
  }

  /** `../lib/spec/schema` for `tenants/acme.ts`. */
  private schemaSpecifier(): string {
    const from = dirname(join(this.root, this.file));
    const path = relative(from, join(this.root, SCHEMA_MODULE)).split('\\').join('/');
    return path.startsWith('.') ? path : `./${path}`;
  }

  private value(node: TS.Expression, path: Path, top = false): unknown {
    if (ts.isParenthesizedExpression(node)) return this.value(node.expression, path, top);
    if (ts.isAsExpression(node)) {
      if (ts.isTypeReferenceNode(node.type) && node.type.typeName.getText(this.source) === 'const') return this.value(node.expression, path, top);
      return this.refuse(node, `a type assertion (as ${node.type.getText(this.source)})`, 'remove it (only as const is allowed)', path);
    }
    if (top && ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'defineTenant') {
      if (!this.defineTenant) return this.refuse(node, 'defineTenant without its import', `add import { defineTenant } from '${this.schemaSpecifier()}'`, path);
      if (node.arguments.length !== 1 || node.typeArguments) return this.refuse(node, 'defineTenant with other than one argument', 'pass the tenant object only', path);
      return this.value(node.arguments[0]!, path);
    }
    switch (node.kind) {
      case ts.SyntaxKind.StringLiteral:
      case ts.SyntaxKind.NoSubstitutionTemplateLiteral:
        return (node as TS.StringLiteralLike).text;
      case ts.SyntaxKind.NumericLiteral:
        return this.number(node as TS.NumericLiteral, 1, path);
      case ts.SyntaxKind.TrueKeyword:
        return true;
      case ts.SyntaxKind.FalseKeyword:
        return false;
      case ts.SyntaxKind.NullKeyword:
        return null;
    }
    if (ts.isPrefixUnaryExpression(node) && node.operator === ts.SyntaxKind.MinusToken && ts.isNumericLiteral(node.operand)) {
      return this.number(node.operand, -1, path);
    }
    if (ts.isArrayLiteralExpression(node)) {
      return node.elements.map((element, index) =>
        ts.isSpreadElement(element) || ts.isOmittedExpression(element)
          ? this.refuse(element, ts.isSpreadElement(element) ? 'a spread (...)' : 'an empty array slot', 'list each value itself', [...path, index])
          : this.value(element, [...path, index]),
      );
    }
    if (ts.isObjectLiteralExpression(node)) return this.object(node, path);
    return this.refuse(node, describeExpression(node, this.source), 'a tenant file is data, so write the value itself as a literal', path);
  }

  private number(node: TS.NumericLiteral, sign: 1 | -1, path: Path): unknown {
    const value = sign * Number(node.text);
    return Number.isFinite(value) ? value : this.refuse(node, `a number out of range (${node.getText(this.source)})`, 'write a smaller number', path);
  }

  private object(node: TS.ObjectLiteralExpression, path: Path): unknown {
    const out: Record<string, unknown> = {};
    for (const property of node.properties) {
      if (!ts.isPropertyAssignment(property)) {
        const what = ts.isShorthandPropertyAssignment(property)
          ? `a shorthand property (${property.name.text})`
          : ts.isSpreadAssignment(property)
            ? 'a spread (...)'
            : ts.isGetAccessor(property) || ts.isSetAccessor(property)
              ? `a ${ts.isGetAccessor(property) ? 'getter' : 'setter'} (${property.name.getText(this.source)})`
              : `a method (${property.name.getText(this.source)})`;
        this.refuse(property, what, 'write key: value with a literal value', path);
        continue;
      }
      const name = property.name;
      if (!ts.isIdentifier(name) && !ts.isStringLiteral(name)) {
        this.refuse(name, ts.isComputedPropertyName(name) ? `a computed key (${name.getText(this.source)})` : `the key ${name.getText(this.source)}`, 'write a plain or quoted key', path);
        continue;
      }
      const key = name.text;
      if (key === '__proto__') {
        this.refuse(name, 'the key __proto__', 'remove it (it would set the object\'s prototype, not a field)', path);
        continue;
      }
      if (Object.hasOwn(out, key)) {
        this.refuse(name, `a second "${key}" key`, 'give each key once', [...path, key]);
        continue;
      }
      out[key] = this.value(property.initializer, [...path, key]);
    }
    return out;
  }

  private refuse(node: TS.Node, what: string, fix: string, path: Path = []): undefined {
    if (this.errors.length >= ERROR_LIMIT) {
      this.extra++;
      return undefined;
    }
    const { line, character } = this.source.getLineAndCharacterOfPosition(node.getStart(this.source));
    const field = path.length ? `${formatPath(path)} — ` : '';
    this.errors.push(`${this.file}:${line + 1}:${character + 1}: ${field}${what} is not allowed in a tenant file; ${fix}`);
    return undefined;
  }
}

function describeStatement(statement: TS.Statement): string {
  if (ts.isVariableStatement(statement)) {
    const kind = statement.declarationList.flags & ts.NodeFlags.Const ? 'const' : statement.declarationList.flags & ts.NodeFlags.Let ? 'let' : 'var';
    return `a ${kind} declaration`;
  }
  if (ts.isFunctionDeclaration(statement)) return 'a function';
  if (ts.isClassDeclaration(statement)) return 'a class';
  if (ts.isExportDeclaration(statement)) return 'an export { ... }';
  if (ts.isTypeAliasDeclaration(statement) || ts.isInterfaceDeclaration(statement)) return 'a type declaration';
  if (ts.isIfStatement(statement)) return 'an if statement';
  if (ts.isExpressionStatement(statement)) return ts.isCallExpression(statement.expression) ? 'a call' : 'an expression statement';
  if (ts.isImportEqualsDeclaration(statement)) return 'import =';
  return `a statement (${ts.SyntaxKind[statement.kind]})`;
}

function describeExpression(node: TS.Expression, source: TS.SourceFile): string {
  const text = node.getText(source);
  const short = text.length > 40 ? `${text.slice(0, 37)}...` : text;
  if (ts.isIdentifier(node)) return `the name ${short}`;
  if (ts.isCallExpression(node) || ts.isNewExpression(node)) return `a call (${short})`;
  if (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) return `a property read (${short})`;
  if (ts.isTemplateExpression(node)) return `a template with \${...} (${short})`;
  if (ts.isArrowFunction(node) || ts.isFunctionExpression(node)) return 'a function';
  if (node.kind === ts.SyntaxKind.BigIntLiteral) return `a BigInt (${short})`;
  if (ts.isAwaitExpression(node)) return `await (${short})`;
  if (ts.isBinaryExpression(node) || ts.isPrefixUnaryExpression(node) || ts.isConditionalExpression(node)) return `an expression (${short})`;
  return `an expression (${short})`;
}
