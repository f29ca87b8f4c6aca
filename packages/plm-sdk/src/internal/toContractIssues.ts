import type * as z from 'zod';
import type { PlmContractIssue } from '@mrp-plm/contract';

function escapeSegment(segment: PropertyKey): string {
  return String(segment).replaceAll('~', '~0').replaceAll('/', '~1');
}

/** Every issue of a zod error as a JSON Pointer into `part` (e.g. `/body/items/0/id`). */
export function toContractIssues(error: z.ZodError, part: string): PlmContractIssue[] {
  return error.issues.map((issue) => ({
    path: `/${part}${issue.path.map((segment) => `/${escapeSegment(segment)}`).join('')}`,
    message: issue.message,
    code: issue.code,
  }));
}
