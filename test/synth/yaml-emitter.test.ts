import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { parse, stringify } from 'yaml';
import { emitYaml } from '../../lib/synth/yaml-emitter';

/** JSON round trip: turns -0 into 0 and null-prototype objects into plain ones, like a YAML reader. */
function normalise(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value));
}

/** Both readers a manifest meets: YAML 1.2 (yaml npm default) and YAML 1.1 (kubectl / go-yaml). */
function parseBoth(text: string): { yaml12: unknown; yaml11: unknown } {
  return { yaml12: parse(text), yaml11: parse(text, { version: '1.1' }) };
}

const realisticDeployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: {
    name: 'web',
    namespace: 'tenant-a',
    labels: {
      'app.kubernetes.io/name': 'web',
      'app.kubernetes.io/part-of': 'tenant-a',
      'tenantry.dev/tier': 'frontend',
    },
    annotations: { 'tenantry.dev/owner': 'team-a@example.com' },
  },
  spec: {
    replicas: 3,
    revisionHistoryLimit: 5,
    selector: { matchLabels: { 'app.kubernetes.io/name': 'web' } },
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } },
    template: {
      metadata: { labels: { 'app.kubernetes.io/name': 'web', 'app.kubernetes.io/part-of': 'tenant-a' } },
      spec: {
        automountServiceAccountToken: false,
        serviceAccountName: 'web',
        securityContext: {
          runAsNonRoot: true,
          runAsUser: 10001,
          fsGroup: 10001,
          seccompProfile: { type: 'RuntimeDefault' },
        },
        containers: [
          {
            name: 'web',
            image: 'ghcr.io/example/web:1.4.2',
            imagePullPolicy: 'IfNotPresent',
            args: ['serve', 'port=8080'],
            ports: [{ containerPort: 8080, name: 'http', protocol: 'TCP' }],
            env: [
              { name: 'LOG_LEVEL', value: 'info' },
              { name: 'FEATURE_FLAGS', value: 'a,b,c' },
              { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
              { name: 'TIMEOUT_SECONDS', value: '30' },
            ],
            resources: { limits: { cpu: '500m', memory: '256Mi' }, requests: { cpu: '100m', memory: '128Mi' } },
            securityContext: {
              allowPrivilegeEscalation: false,
              readOnlyRootFilesystem: true,
              privileged: false,
              capabilities: { drop: ['ALL'] },
            },
            readinessProbe: { httpGet: { path: '/healthz', port: 8080 }, initialDelaySeconds: 5, periodSeconds: 10 },
            volumeMounts: [
              { name: 'tmp', mountPath: '/tmp' },
              { name: 'config', mountPath: '/etc/web', readOnly: true },
            ],
          },
        ],
        volumes: [
          { name: 'tmp', emptyDir: {} },
          { name: 'config', configMap: { name: 'web-config' } },
        ],
      },
    },
  },
};

describe('emitYaml', () => {
  describe('plain strings', () => {
    it.each([
      'web',
      'apps/v1',
      'ghcr.io/example/web:1.4.2',
      'a:b',
      'a#b',
      'a,b,c',
      'a - b',
      '100m',
      '128Mi',
      '25%',
      '10.0.0.1',
      '1.2.3',
      'v1',
      'yes-please',
      'true story',
      'say "hi"',
      "it's",
      'http://example.com/a?b=c#d',
      'ünïcödé 日本語 🙂',
    ])('writes %j plain like yaml.stringify', (value) => {
      // GIVEN
      const object = { v: value };

      // WHEN
      const text = emitYaml(object);

      // THEN
      expect(text).toBe(`v: ${value}\n`);
      expect(text).toBe(stringify(object));
      expect(parseBoth(text)).toEqual({ yaml12: object, yaml11: object });
    });
  });

  describe('quoted strings', () => {
    it.each([
      // YAML 1.1 booleans and nulls, in any case (kubectl reads `on` as true)
      ['y', '"y"'],
      ['Y', '"Y"'],
      ['n', '"n"'],
      ['N', '"N"'],
      ['yes', '"yes"'],
      ['Yes', '"Yes"'],
      ['YES', '"YES"'],
      ['no', '"no"'],
      ['No', '"No"'],
      ['on', '"on"'],
      ['ON', '"ON"'],
      ['off', '"off"'],
      ['Off', '"Off"'],
      ['true', '"true"'],
      ['True', '"True"'],
      ['false', '"false"'],
      ['FALSE', '"FALSE"'],
      ['null', '"null"'],
      ['Null', '"Null"'],
      ['NULL', '"NULL"'],
      ['~', '"~"'],
    ])('quotes the boolean or null look-alike %j', (value, expected) => {
      // GIVEN
      const object = { v: value };

      // WHEN
      const text = emitYaml(object);

      // THEN
      expect(text).toBe(`v: ${expected}\n`);
      expect(parseBoth(text)).toEqual({ yaml12: object, yaml11: object });
    });

    it.each([
      ['0', '"0"'],
      ['42', '"42"'],
      ['-1', '"-1"'],
      ['+1', '"+1"'],
      ['0755', '"0755"'],
      ['08', '"08"'],
      ['1_000', '"1_000"'],
      ['1e3', '"1e3"'],
      ['1E3', '"1E3"'],
      ['e3', '"e3"'],
      ['0x1F', '"0x1F"'],
      ['0X1f', '"0X1f"'],
      ['0o17', '"0o17"'],
      ['0b101', '"0b101"'],
      ['.5', '".5"'],
      ['5.', '"5."'],
      ['1.5', '"1.5"'],
      ['.', '"."'],
      ['12:30', '"12:30"'],
      ['1:20:30.5', '"1:20:30.5"'],
      ['.inf', '".inf"'],
      ['-.Inf', '"-.Inf"'],
      ['.NaN', '".NaN"'],
      ['2024-01-31', '"2024-01-31"'],
      ['2024-01-31T10:00:00Z', '"2024-01-31T10:00:00Z"'],
    ])('quotes the number or timestamp look-alike %j', (value, expected) => {
      // GIVEN
      const object = { v: value };

      // WHEN
      const text = emitYaml(object);

      // THEN
      expect(text).toBe(`v: ${expected}\n`);
      expect(parseBoth(text)).toEqual({ yaml12: object, yaml11: object });
    });

    it.each([
      ['', '""'],
      ['-', '"-"'],
      ['<<', '"<<"'],
      ['=', '"="'],
      ['...', '"..."'],
      [' x', '" x"'],
      ['x ', '"x "'],
      ['  ', '"  "'],
      ['a: b', '"a: b"'],
      ['a #b', '"a #b"'],
      ['a:', '"a:"'],
    ])('quotes the special string %j', (value, expected) => {
      // GIVEN
      const object = { v: value };

      // WHEN
      const text = emitYaml(object);

      // THEN
      expect(text).toBe(`v: ${expected}\n`);
      expect(parseBoth(text)).toEqual({ yaml12: object, yaml11: object });
    });

    it.each([
      ['-x', '"-x"'],
      ['--port=8080', '"--port=8080"'],
      ['?x', '"?x"'],
      [':x', '":x"'],
      ['::1', '"::1"'],
      [',x', '",x"'],
      ['[x]', '"[x]"'],
      [']x', '"]x"'],
      ['{x}', '"{x}"'],
      ['}x', '"}x"'],
      ['#x', '"#x"'],
      ['&x', '"&x"'],
      ['*.example.com', '"*.example.com"'],
      ['!x', '"!x"'],
      ['|x', '"|x"'],
      ['>x', '">x"'],
      ["'x'", `"'x'"`],
      ['"x"', `'"x"'`],
      ['%x', '"%x"'],
      ['@x', '"@x"'],
      ['`x`', '"`x`"'],
    ])('quotes %j which starts with an indicator character', (value, expected) => {
      // GIVEN
      const object = { v: value };

      // WHEN
      const text = emitYaml(object);

      // THEN
      expect(text).toBe(`v: ${expected}\n`);
      expect(parseBoth(text)).toEqual({ yaml12: object, yaml11: object });
    });

    it.each([
      ['a\tb', '"a\\tb"'],
      ['cr\r', '"cr\\r"'],
      ['\u0000', '"\\0"'],
      ['bell\u0007', '"bell\\a"'],
      ['\u001b[0m', '"\\e[0m"'],
      ['del\u007f', '"del\\x7f"'],
      ['nel\u0085', '"nel\\N"'],
      ['ls\u2028', '"ls\\L"'],
      ['ps\u2029', '"ps\\P"'],
      ['\ufeffbom', '"\\uFEFFbom"'],
      ['lone\ud800', '"lone\\ud800"'],
    ])('escapes the control or non-printable characters in %j', (value, expected) => {
      // GIVEN
      const object = { v: value };

      // WHEN
      const text = emitYaml(object);

      // THEN
      expect(text).toBe(`v: ${expected}\n`);
      expect(parseBoth(text)).toEqual({ yaml12: object, yaml11: object });
    });

    it('uses single quotes when that avoids escaping double quotes, like yaml.stringify', () => {
      // GIVEN
      const object = { annotation: '{"a":1}' };

      // WHEN
      const text = emitYaml(object);

      // THEN
      expect(text).toBe(`annotation: '{"a":1}'\n`);
      expect(text).toBe(stringify(object));
    });

    it('uses double quotes with escapes when the string has both kinds of quotes', () => {
      // GIVEN
      const object = { v: `"it's"` };

      // WHEN
      const text = emitYaml(object);

      // THEN
      expect(text).toBe(`v: "\\"it's\\""\n`);
      expect(parseBoth(text)).toEqual({ yaml12: object, yaml11: object });
    });

    it('keeps backslashes that look like escapes literal', () => {
      // GIVEN
      const object = { plain: 'C:\\u0041', quoted: '"C:\\u0041\t"' };

      // WHEN
      const text = emitYaml(object);

      // THEN
      expect(text).toBe('plain: C:\\u0041\nquoted: "\\"C:\\\\u0041\\t\\""\n');
      expect(parseBoth(text)).toEqual({ yaml12: object, yaml11: object });
    });

    it('quotes keys by the same rules as values', () => {
      // GIVEN
      const object = { '80': 'http', yes: 'y', 'a: b': 1, '': 'empty', '-x': 2, 'app.kubernetes.io/name': 'web' };

      // WHEN
      const text = emitYaml(object);

      // THEN
      expect(text).toBe('"80": http\n"yes": "y"\n"a: b": 1\n"": empty\n"-x": 2\napp.kubernetes.io/name: web\n');
      expect(parseBoth(text)).toEqual({ yaml12: object, yaml11: object });
    });

    it('does not turn a quoted << key into a yaml 1.1 merge key', () => {
      // GIVEN
      const object = { '<<': { a: 1 } };

      // WHEN
      const text = emitYaml(object);

      // THEN
      expect(text).toBe('"<<":\n  a: 1\n');
      expect(parseBoth(text)).toEqual({ yaml12: object, yaml11: object });
    });
  });

  describe('other scalars', () => {
    it.each([
      [0, '0'],
      [42, '42'],
      [-7, '-7'],
      [1.5, '1.5'],
      [-0.25, '-0.25'],
      [1e21, '1e+21'],
      [5e-7, '5e-7'],
      [Number.MAX_SAFE_INTEGER, '9007199254740991'],
    ])('writes the number %d as %s', (value, expected) => {
      // GIVEN
      const object = { v: value };

      // WHEN
      const text = emitYaml(object);

      // THEN
      expect(text).toBe(`v: ${expected}\n`);
      expect(parseBoth(text)).toEqual({ yaml12: object, yaml11: object });
    });

    it('writes negative zero as 0', () => {
      // GIVEN
      const value = -0;

      // WHEN
      const text = emitYaml({ v: value });

      // THEN
      expect(text).toBe('v: 0\n');
    });

    it('writes booleans and null', () => {
      // GIVEN
      const object = { yes: true, no: false, nothing: null };

      // WHEN
      const text = emitYaml(object);

      // THEN
      expect(text).toBe('"yes": true\n"no": false\nnothing: null\n');
      expect(parseBoth(text)).toEqual({ yaml12: object, yaml11: object });
    });

    it.each([
      ['web', 'web\n'],
      ['yes', '"yes"\n'],
      [3, '3\n'],
      [false, 'false\n'],
      [null, 'null\n'],
      [{}, '{}\n'],
      [[], '[]\n'],
    ])('writes the root value %j as one document', (value, expected) => {
      // GIVEN
      const root = value;

      // WHEN
      const text = emitYaml(root);

      // THEN
      expect(text).toBe(expected);
    });
  });

  describe('multi-line strings', () => {
    it('writes a block literal with strip chomping when there is no final line feed', () => {
      // GIVEN
      const object = { script: 'set -e\necho "hi"' };

      // WHEN
      const text = emitYaml(object);

      // THEN
      expect(text).toBe('script: |-\n  set -e\n  echo "hi"\n');
      expect(text).toBe(stringify(object));
      expect(parseBoth(text)).toEqual({ yaml12: object, yaml11: object });
    });

    it('writes a block literal with clip chomping when there is one final line feed', () => {
      // GIVEN
      const object = { script: 'a\n\n  indented\n# not a comment\n--- not a marker\n' };

      // WHEN
      const text = emitYaml(object);

      // THEN
      expect(text).toBe('script: |\n  a\n\n    indented\n  # not a comment\n  --- not a marker\n');
      expect(text).toBe(stringify(object));
      expect(parseBoth(text)).toEqual({ yaml12: object, yaml11: object });
    });

    it('keeps leading empty lines in a block literal', () => {
      // GIVEN
      const object = { v: '\n\nx' };

      // WHEN
      const text = emitYaml(object);

      // THEN
      expect(text).toBe('v: |-\n\n\n  x\n');
      expect(parseBoth(text)).toEqual({ yaml12: object, yaml11: object });
    });

    it('writes a pretty-printed config.json of a config map as a block literal', () => {
      // GIVEN
      const configJson = JSON.stringify({ listen: ':8080', features: ['a', 'b'], limits: { rps: 100 } }, null, 2) + '\n';
      const configMap = {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'web-config', namespace: 'tenant-a' },
        data: { 'config.json': configJson },
      };

      // WHEN
      const text = emitYaml(configMap);

      // THEN
      expect(text).toBe(
        [
          'apiVersion: v1',
          'kind: ConfigMap',
          'metadata:',
          '  name: web-config',
          '  namespace: tenant-a',
          'data:',
          '  config.json: |',
          '    {',
          '      "listen": ":8080",',
          '      "features": [',
          '        "a",',
          '        "b"',
          '      ],',
          '      "limits": {',
          '        "rps": 100',
          '      }',
          '    }',
          '',
        ].join('\n'),
      );
      expect(text).toBe(stringify(configMap));
      expect(parseBoth(text)).toEqual({ yaml12: configMap, yaml11: configMap });
    });

    it('indents block literals inside sequences', () => {
      // GIVEN
      const object = { args: ['-c', 'line1\nline2'], nested: [['x\ny']] };

      // WHEN
      const text = emitYaml(object);

      // THEN
      expect(text).toBe('args:\n  - "-c"\n  - |-\n    line1\n    line2\nnested:\n  - - |-\n      x\n      y\n');
      expect(parseBoth(text)).toEqual({ yaml12: object, yaml11: object });
    });

    it('indents a block literal at the root', () => {
      // GIVEN
      const value = '---\nx\n';

      // WHEN
      const text = emitYaml(value);

      // THEN
      expect(text).toBe('|\n  ---\n  x\n');
      expect(parseBoth(text)).toEqual({ yaml12: value, yaml11: value });
    });

    it.each([
      ['a \nb', '"a \\nb"'],
      ['a\nb ', '"a\\nb "'],
      [' a\nb', '" a\\nb"'],
      ['\n a', '"\\n a"'],
      ['a\n\n', '"a\\n\\n"'],
      ['\n', '"\\n"'],
      ['\n\n', '"\\n\\n"'],
      ['a\r\nb', '"a\\r\\nb"'],
      ['a\n\tb', '"a\\n\\tb"'],
    ])('double-quotes the multi-line string %j that a block literal would not keep exactly', (value, expected) => {
      // GIVEN
      const object = { v: value };

      // WHEN
      const text = emitYaml(object);

      // THEN
      expect(text).toBe(`v: ${expected}\n`);
      expect(parseBoth(text)).toEqual({ yaml12: object, yaml11: object });
    });

    it('double-quotes multi-line keys', () => {
      // GIVEN
      const object = { 'a\nb': 1 };

      // WHEN
      const text = emitYaml(object);

      // THEN
      expect(text).toBe('"a\\nb": 1\n');
      expect(parseBoth(text)).toEqual({ yaml12: object, yaml11: object });
    });
  });

  describe('containers', () => {
    it('writes nested mappings and sequences in the yaml.stringify layout', () => {
      // GIVEN
      const object = {
        a: { b: [1, 'two', { c: null, d: [] }, [], {}, [[1, 2], { e: 'f' }]] },
        g: {},
        list: [{ name: 'x', ports: [80, 443] }],
      };

      // WHEN
      const text = emitYaml(object);

      // THEN
      expect(text).toBe(
        [
          'a:',
          '  b:',
          '    - 1',
          '    - two',
          '    - c: null',
          '      d: []',
          '    - []',
          '    - {}',
          '    - - - 1',
          '        - 2',
          '      - e: f',
          'g: {}',
          'list:',
          '  - name: x',
          '    ports:',
          '      - 80',
          '      - 443',
          '',
        ].join('\n'),
      );
      expect(text).toBe(stringify(object));
    });

    it('writes empty containers inline', () => {
      // GIVEN
      const object = { emptyDir: {}, items: [], list: [{}, []] };

      // WHEN
      const text = emitYaml(object);

      // THEN
      expect(text).toBe('emptyDir: {}\nitems: []\nlist:\n  - {}\n  - []\n');
      expect(text).toBe(stringify(object));
    });

    it('keeps the insertion order of keys', () => {
      // GIVEN
      const object = { kind: 'Namespace', apiVersion: 'v1', metadata: { name: 'z', labels: { b: '1', a: '2' } } };

      // WHEN
      const text = emitYaml(object);

      // THEN
      expect(text).toBe('kind: Namespace\napiVersion: v1\nmetadata:\n  name: z\n  labels:\n    b: "1"\n    a: "2"\n');
    });

    it('skips undefined property values', () => {
      // GIVEN
      const object = { a: 1, b: undefined, c: { d: undefined }, e: [{ f: undefined, g: 2 }] };

      // WHEN
      const text = emitYaml(object);

      // THEN
      expect(text).toBe('a: 1\nc: {}\ne:\n  - g: 2\n');
    });

    it('writes the same object twice when it is shared but not circular', () => {
      // GIVEN
      const labels = { app: 'web' };
      const object = { metadata: { labels }, selector: { matchLabels: labels } };

      // WHEN
      const text = emitYaml(object);

      // THEN
      expect(text).toBe('metadata:\n  labels:\n    app: web\nselector:\n  matchLabels:\n    app: web\n');
    });

    it('accepts objects without a prototype', () => {
      // GIVEN
      const object = Object.assign(Object.create(null) as Record<string, unknown>, { a: 1 });

      // WHEN
      const text = emitYaml(object);

      // THEN
      expect(text).toBe('a: 1\n');
    });

    it('writes keys longer than 1000 characters as explicit keys', () => {
      // GIVEN
      const key = 'k'.repeat(1001);
      const object = { [key]: { a: 1 }, list: [{ [key]: [1] }] };

      // WHEN
      const text = emitYaml(object);

      // THEN
      expect(text).toBe(`? ${key}\n:\n  a: 1\nlist:\n  - ? ${key}\n    :\n      - 1\n`);
      expect(parseBoth(text)).toEqual({ yaml12: object, yaml11: object });
    });

    it('writes a realistic deployment exactly like yaml.stringify', () => {
      // GIVEN
      const deployment = realisticDeployment;

      // WHEN
      const text = emitYaml(deployment);

      // THEN
      expect(text).toBe(stringify(deployment));
      expect(text.startsWith('apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n')).toBe(true);
      expect(text).toContain('\n          args:\n            - serve\n            - port=8080\n');
      expect(text).toContain('\n            - name: TIMEOUT_SECONDS\n              value: "30"\n');
      expect(parseBoth(text)).toEqual({ yaml12: deployment, yaml11: deployment });
    });

    it('ends with exactly one line feed and has no document marker', () => {
      // GIVEN
      const object = { data: { script: 'a\n' } };

      // WHEN
      const text = emitYaml(object);

      // THEN
      expect(text).toBe('data:\n  script: |\n    a\n');
      expect(text.endsWith('\n')).toBe(true);
      expect(text.endsWith('\n\n')).toBe(false);
      expect(text).not.toContain('---');
    });
  });

  describe('errors', () => {
    it('fails when a number is NaN', () => {
      // GIVEN
      const object = { spec: { replicas: Number.NaN } };

      // WHEN
      const emit = () => emitYaml(object);

      // THEN
      expect(emit).toThrow(new Error('emitYaml: cannot emit non-finite number NaN at $.spec.replicas'));
    });

    it('fails when a number in a sequence is infinite', () => {
      // GIVEN
      const object = { spec: { containers: [{ ports: [{ containerPort: 80 }, { containerPort: Infinity }] }] } };

      // WHEN
      const emit = () => emitYaml(object);

      // THEN
      expect(emit).toThrow(
        new Error('emitYaml: cannot emit non-finite number Infinity at $.spec.containers[0].ports[1].containerPort'),
      );
    });

    it('fails when the root is negative infinity', () => {
      // GIVEN
      const value = -Infinity;

      // WHEN
      const emit = () => emitYaml(value);

      // THEN
      expect(emit).toThrow(new Error('emitYaml: cannot emit non-finite number -Infinity at $'));
    });

    it('fails when a key that is not an identifier leads to a bad value, naming it in brackets', () => {
      // GIVEN
      const object = { metadata: { labels: { 'app.kubernetes.io/name': Number.NaN } } };

      // WHEN
      const emit = () => emitYaml(object);

      // THEN
      expect(emit).toThrow(
        new Error('emitYaml: cannot emit non-finite number NaN at $.metadata.labels["app.kubernetes.io/name"]'),
      );
    });

    it.each([
      ['function', () => 1],
      ['symbol', Symbol('x')],
      ['bigint', 1n],
    ])('fails when a value is a %s', (type, value) => {
      // GIVEN
      const object = { spec: { hook: value } };

      // WHEN
      const emit = () => emitYaml(object);

      // THEN
      expect(emit).toThrow(new Error(`emitYaml: cannot emit value of type ${type} at $.spec.hook`));
    });

    it('fails when a sequence item is undefined', () => {
      // GIVEN
      const object = { args: ['a', undefined] };

      // WHEN
      const emit = () => emitYaml(object);

      // THEN
      expect(emit).toThrow(
        new Error(
          'emitYaml: cannot emit undefined (only allowed as an object property value, which is skipped) at $.args[1]',
        ),
      );
    });

    it('fails when a sequence has a hole', () => {
      // GIVEN
      const args: unknown[] = ['a'];
      args[2] = 'c';

      // WHEN
      const emit = () => emitYaml({ args });

      // THEN
      expect(emit).toThrow(
        new Error(
          'emitYaml: cannot emit undefined (only allowed as an object property value, which is skipped) at $.args[1]',
        ),
      );
    });

    it('fails when the root is undefined', () => {
      // GIVEN
      const value = undefined;

      // WHEN
      const emit = () => emitYaml(value);

      // THEN
      expect(emit).toThrow(
        new Error('emitYaml: cannot emit undefined (only allowed as an object property value, which is skipped) at $'),
      );
    });

    it.each([
      ['Date', new Date(0)],
      ['Map', new Map([['a', 1]])],
    ])('fails when a value is a %s instead of a plain object', (name, value) => {
      // GIVEN
      const object = { metadata: { creationTimestamp: value } };

      // WHEN
      const emit = () => emitYaml(object);

      // THEN
      expect(emit).toThrow(
        new Error(`emitYaml: cannot emit non-plain object of class ${name} at $.metadata.creationTimestamp`),
      );
    });

    it('fails when the value is circular', () => {
      // GIVEN
      const spec: Record<string, unknown> = { replicas: 1 };
      spec.self = [spec];
      const object = { spec };

      // WHEN
      const emit = () => emitYaml(object);

      // THEN
      expect(emit).toThrow(new Error('emitYaml: cannot emit circular reference at $.spec.self[0]'));
    });
  });

  describe('round trip properties', () => {
    const trickyString = fc.constantFrom(
      'yes', 'no', 'on', 'off', 'y', 'N', 'True', 'null', 'NULL', '~', '', '-', '--flag', '?', ':', '::1',
      '0755', '08', '1e3', 'e3', '0x1F', '0o17', '0b101', '.5', '5.', '.', '1_000', '12:30', '1:2:3.5',
      '.inf', '-.INF', '.nan', '2024-01-31', '2024-01-31 10:00:00', '<<', '=', '...', '---', '%YAML',
      ' x', 'x ', 'a: b', 'a:', 'a #b', '#', '# comment', '- item', '[x]', '{x}', '*a', '&a', '!tag', '|', '>',
      '@x', '`x', "'x", '"x', `"it's"`, '\\u0041', '\t', '\r\n', '\u0000', '\u007f', '\u0085', '\u2028', '\ufeff',
      '🙂', '日本語', '\ud800', 'line1\nline2', 'line1\nline2\n', '\n', 'a\n\n', '\n\na', ' lead\nx', 'trail \nx',
      '{\n  "a": 1\n}\n',
    );
    const stringish = fc.oneof(
      trickyString,
      fc.string(),
      fc.string({ unit: 'binary' }),
      fc.array(fc.oneof(trickyString, fc.string()), { maxLength: 4 }).map((lines) => lines.join('\n')),
      fc.tuple(trickyString, trickyString).map(([a, b]) => a + b),
      fc.tuple(trickyString, trickyString).map(([a, b]) => `${a} ${b}`),
    );
    const stringHeavy = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        stringish,
        fc.constantFrom<unknown>(true, false, null, 0, -0, 1.5, 1e21),
        tie('object'),
        tie('array'),
      ),
      object: fc.dictionary(stringish, tie('node'), { maxKeys: 5 }),
      array: fc.array(tie('node'), { maxLength: 5 }),
    })).object;

    it('parses back to the same json value with yaml 1.2', () => {
      fc.assert(
        fc.property(fc.jsonValue(), (value) => {
          // GIVEN
          const expected = normalise(value);

          // WHEN
          const text = emitYaml(value);

          // THEN
          expect(parse(text)).toEqual(expected);
        }),
        { numRuns: 1000 },
      );
    });

    it('parses back to the same json value with yaml 1.1', () => {
      fc.assert(
        fc.property(fc.jsonValue(), (value) => {
          // GIVEN
          const expected = normalise(value);

          // WHEN
          const text = emitYaml(value);

          // THEN
          expect(parse(text, { version: '1.1' })).toEqual(expected);
        }),
        { numRuns: 1000 },
      );
    });

    it('parses back to the same json value with any unicode strings with yaml 1.2 and 1.1', () => {
      fc.assert(
        fc.property(fc.jsonValue({ stringUnit: 'binary' }), (value) => {
          // GIVEN
          const expected = normalise(value);

          // WHEN
          const text = emitYaml(value);

          // THEN
          expect(parseBoth(text)).toEqual({ yaml12: expected, yaml11: expected });
        }),
        { numRuns: 500 },
      );
    });

    it('parses back to the same string-heavy object with yaml 1.2', () => {
      fc.assert(
        fc.property(stringHeavy, (value) => {
          // GIVEN
          const expected = normalise(value);

          // WHEN
          const text = emitYaml(value);

          // THEN
          expect(parse(text)).toEqual(expected);
        }),
        { numRuns: 1000 },
      );
    });

    it('parses back to the same string-heavy object with yaml 1.1', () => {
      fc.assert(
        fc.property(stringHeavy, (value) => {
          // GIVEN
          const expected = normalise(value);

          // WHEN
          const text = emitYaml(value);

          // THEN
          expect(parse(text, { version: '1.1' })).toEqual(expected);
        }),
        { numRuns: 1000 },
      );
    });

    it('ends every document with exactly one line feed and no document marker', () => {
      fc.assert(
        fc.property(fc.oneof(stringHeavy, fc.jsonValue()), (value) => {
          // GIVEN
          const input = value;

          // WHEN
          const text = emitYaml(input);

          // THEN
          expect(text.endsWith('\n')).toBe(true);
          expect(text.endsWith('\n\n')).toBe(false);
          expect(text.startsWith('---')).toBe(false);
        }),
        { numRuns: 500 },
      );
    });
  });
});
