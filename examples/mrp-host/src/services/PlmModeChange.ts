import type { PlmIntegration } from '@mrp-plm/mrp-integration';
import { z } from 'zod';
import type { HostUser } from './Users.js';
import { parseRequest } from './WorkOrders.js';

/** A change of the PLM mode as the API's JSON and the admin page's form give it. */
export const plmModeChangeSchema = z.strictObject({
  mode: z.enum(['disabled', 'shadow', 'enabled']),
  /** New allowlist of MRP model ids (empty = all); omitted keeps the current one. */
  models: z.array(z.string().min(1).max(64)).max(1000).optional(),
  reason: z.string().min(1, 'say why (it goes to the audit log)').max(500),
});
/** A change of the PLM mode. */
export type PlmModeChange = z.output<typeof plmModeChangeSchema>;

/**
 * Checks and applies a mode change for an admin (the caller checks the role). Audited through
 * `integration.subscribe` (`plm.mode-changed`, actor = this admin).
 *
 * @throws {InvalidRequestError} listing every invalid field.
 */
export function changePlmMode(
  integration: PlmIntegration,
  by: HostUser,
  input: unknown,
): PlmModeChange {
  const change = parseRequest(plmModeChangeSchema, input);
  integration.setMode(change.mode, {
    by: by.id,
    reason: change.reason,
    ...(change.models === undefined ? {} : { models: change.models }),
  });
  return change;
}
