/* The price list in platform.ts that `npm run cost` and `npm run review` estimate monthly cost with. */
import { z } from 'zod';
import { QUANTITY_PATTERN } from './quantity';

const price = (what: string) => z.number({ error: `expected a price ${what}` }).nonnegative({ error: `expected a price of 0 or more ${what}` });
const quantity = z.string({ error: 'expected a Kubernetes quantity such as "4" or "8Gi"' }).regex(QUANTITY_PATTERN, { error: 'expected a Kubernetes quantity such as "4" or "8Gi"' });

/**
 * OpenCost's default prices (opencost configs/default.json, "based on GCP us-central1"); storage
 * there is 0.00005479452 per GiB-hour, which is 0.04 per GiB-month at 730 hours. resolvePlatform applies it.
 */
export const DEFAULT_PRICES = { cpuHour: 0.031611, memoryGiBHour: 0.004237, storageGiBMonth: 0.04, hoursPerMonth: 730, currency: 'USD' } as const;

/** Every field but the shared pool defaults to DEFAULT_PRICES. */
export const PricesSchema = z.strictObject({
  cpuHour: price('per vCPU-hour, such as 0.031611'),
  memoryGiBHour: price('per GiB of memory per hour, such as 0.004237'),
  storageGiBMonth: price('per GiB of storage per month, such as 0.04'),
  hoursPerMonth: z.number({ error: 'expected the hours in a month, such as 730' }).positive({ error: 'expected a number of hours above 0, such as 730' }).optional(),
  currency: z.string().regex(/^[A-Z]{3}$/, { error: 'expected an ISO 4217 currency code such as "USD"' }).optional(),
  /** The shared agent pool; its cost is split evenly among the teams that use it (showback). */
  sharedAgent: z
    .strictObject({
      replicas: z.number({ error: 'expected a whole number such as 2' }).int({ error: 'expected a whole number such as 2' }).nonnegative({ error: 'expected a number of 0 or more' }),
      cpu: quantity,
      memory: quantity,
    })
    .optional(),
});
export type Prices = z.infer<typeof PricesSchema>;
