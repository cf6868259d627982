// The DNS label rule most Kubernetes names follow, as a regular expression and as a zod schema with an example.
import { z } from 'zod';

export const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export const dnsLabel = (example: string, max = 63, why = '') =>
  z
    .string({ error: `expected a string such as "${example}"` })
    .max(max, { error: `expected at most ${max} characters${why}` })
    .regex(DNS_LABEL, { error: `expected a DNS label (lowercase letters, digits and "-") such as "${example}"` });
