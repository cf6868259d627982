import { describe, expect, it } from 'vitest';
import { DNS_LABEL, dnsLabel } from '../../lib/spec/dns-label';

const messages = (result: { success: boolean; error?: { issues: { message: string }[] } }) => (result.error?.issues ?? []).map((issue) => issue.message);

describe('DNS_LABEL', () => {
  it('accepts lowercase letters, digits and inner dashes', () => {
    // GIVEN names that follow the DNS label rule
    // WHEN they are matched
    // THEN each matches
    for (const name of ['a', '0', 'acme', 'acme-web-2', 'a-b']) expect(DNS_LABEL.test(name)).toBe(true);
  });

  it('rejects capitals, dots, underscores and dashes at either end', () => {
    // GIVEN names that break the rule
    // WHEN they are matched
    // THEN none matches
    for (const name of ['', 'Acme', 'acme.web', 'acme_web', '-acme', 'acme-', 'acme web']) expect(DNS_LABEL.test(name)).toBe(false);
  });
});

describe('dnsLabel', () => {
  it('accepts a label of exactly the maximum length', () => {
    // GIVEN a schema with the default maximum of 63
    const schema = dnsLabel('acme');
    // WHEN a 63-character label is parsed
    // THEN it passes unchanged
    expect(schema.parse('a'.repeat(63))).toBe('a'.repeat(63));
  });

  it('fails when the value is not a string', () => {
    // GIVEN a schema with an example
    const schema = dnsLabel('payments');
    // WHEN a number is parsed
    // THEN the message names the example
    expect(messages(schema.safeParse(42))).toEqual(['expected a string such as "payments"']);
  });

  it('fails when the label is too long, with the reason appended', () => {
    // GIVEN a schema with a smaller maximum and a reason
    const schema = dnsLabel('acme', 56, ', so that tenant-<id> fits in 63');
    // WHEN a 57-character label is parsed
    // THEN the message gives the maximum and the reason
    expect(messages(schema.safeParse('a'.repeat(57)))).toEqual(['expected at most 56 characters, so that tenant-<id> fits in 63']);
  });

  it('fails when the value is not a dns label', () => {
    // GIVEN a schema with an example
    const schema = dnsLabel('payments-prod');
    // WHEN a name with capitals is parsed
    // THEN the message explains the rule and gives the example
    expect(messages(schema.safeParse('Payments'))).toEqual(['expected a DNS label (lowercase letters, digits and "-") such as "payments-prod"']);
  });

  it('fails twice when the value is both too long and not a label', () => {
    // GIVEN the default maximum
    const schema = dnsLabel('acme');
    // WHEN a 64-character name with a capital is parsed
    // THEN both problems are reported
    expect(messages(schema.safeParse(`A${'a'.repeat(63)}`))).toEqual(['expected at most 63 characters', 'expected a DNS label (lowercase letters, digits and "-") such as "acme"']);
  });
});
