import { describe, expect, it } from 'vitest';
import { DEFAULT_PRICES, PricesSchema } from '../../lib/spec/prices';

const BASE = { cpuHour: 0.031611, memoryGiBHour: 0.004237, storageGiBMonth: 0.04 };

function problems(input: unknown): string[] {
  const result = PricesSchema.safeParse(input);
  return (result.error?.issues ?? []).map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

describe('DEFAULT_PRICES', () => {
  it('gives 0.04 per GiB-month, the opencost hourly storage price over 730 hours', () => {
    // GIVEN opencost's storage price per GiB-hour
    const perHour = 0.00005479452;
    // WHEN it is multiplied by the hours in a month
    // THEN it is the default monthly storage price
    expect(perHour * DEFAULT_PRICES.hoursPerMonth).toBeCloseTo(DEFAULT_PRICES.storageGiBMonth, 6);
  });
});

describe('PricesSchema', () => {
  it('accepts the three prices alone and a full price list', () => {
    // GIVEN only the required prices, and every field
    const full = { ...BASE, hoursPerMonth: 720, currency: 'EUR', sharedAgent: { replicas: 2, cpu: '500m', memory: '1Gi' } };
    // WHEN they are parsed
    // THEN both pass unchanged
    expect(PricesSchema.parse(BASE)).toEqual(BASE);
    expect(PricesSchema.parse(full)).toEqual(full);
  });

  it('accepts a price of 0 and a pool of 0 replicas', () => {
    // GIVEN free storage and an empty pool
    // WHEN parsed
    // THEN nothing is reported
    expect(problems({ ...BASE, storageGiBMonth: 0, sharedAgent: { replicas: 0, cpu: '1', memory: '1Gi' } })).toEqual([]);
  });

  it('fails when a price is missing or not a number', () => {
    // GIVEN no cpu price and a memory price written as a string
    // WHEN parsed
    // THEN each field names the price it expects
    expect(problems({ memoryGiBHour: '0.004', storageGiBMonth: 0.04 })).toEqual([
      'cpuHour: expected a price per vCPU-hour, such as 0.031611',
      'memoryGiBHour: expected a price per GiB of memory per hour, such as 0.004237',
    ]);
  });

  it('fails when a price is negative', () => {
    // GIVEN a negative storage price
    // WHEN parsed
    // THEN the message asks for 0 or more
    expect(problems({ ...BASE, storageGiBMonth: -1 })).toEqual(['storageGiBMonth: expected a price of 0 or more per GiB of storage per month, such as 0.04']);
  });

  it('fails when hours per month is 0 or not a number', () => {
    // GIVEN 0 hours and hours as a string
    // WHEN parsed
    // THEN the messages ask for a positive number
    expect(problems({ ...BASE, hoursPerMonth: 0 })).toEqual(['hoursPerMonth: expected a number of hours above 0, such as 730']);
    expect(problems({ ...BASE, hoursPerMonth: '730' })).toEqual(['hoursPerMonth: expected the hours in a month, such as 730']);
  });

  it('fails when the currency is not an iso 4217 code', () => {
    // GIVEN a lowercase currency
    // WHEN parsed
    // THEN the message gives an example code
    expect(problems({ ...BASE, currency: 'usd' })).toEqual(['currency: expected an ISO 4217 currency code such as "USD"']);
  });

  it('fails when the shared pool has a fractional replica count or a bad quantity', () => {
    // GIVEN 1.5 replicas and a cpu of "two"
    // WHEN parsed
    // THEN each field is reported
    expect(problems({ ...BASE, sharedAgent: { replicas: 1.5, cpu: 'two', memory: '8Gi' } })).toEqual([
      'sharedAgent.replicas: expected a whole number such as 2',
      'sharedAgent.cpu: expected a Kubernetes quantity such as "4" or "8Gi"',
    ]);
    expect(problems({ ...BASE, sharedAgent: { replicas: -1, cpu: '1', memory: 8 } })).toEqual([
      'sharedAgent.replicas: expected a number of 0 or more',
      'sharedAgent.memory: expected a Kubernetes quantity such as "4" or "8Gi"',
    ]);
  });

  it('fails when a field is unknown', () => {
    // GIVEN a misspelt field
    const result = PricesSchema.safeParse({ ...BASE, gpuHour: 1 });
    // WHEN parsed
    // THEN it is rejected as unrecognised
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.code)).toEqual(['unrecognized_keys']);
  });
});
