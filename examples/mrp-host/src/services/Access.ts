import type { HostUser } from './Users.js';

/*
 * The host's access rules in one place, used by the JSON API and the pages alike:
 * - operators see and create work orders of their own department only;
 * - supervisors also edit and cancel them, in their own department;
 * - admins see and change everything, read the audit log and change the PLM mode.
 * The rules do not depend on where a work order's product data came from (MRP or PLM).
 */

/** May the user see work orders of this department? */
export const canView = (user: HostUser, departmentId: string): boolean =>
  user.role === 'admin' || user.departmentId === departmentId;

/** May the user create a work order in this department? */
export const canCreate = (user: HostUser, departmentId: string): boolean =>
  user.role === 'admin' || user.departmentId === departmentId;

/** May the user edit or cancel a work order of this department? */
export const canChange = (user: HostUser, departmentId: string): boolean =>
  user.role === 'admin' || (user.role === 'supervisor' && user.departmentId === departmentId);

/** May the user read the audit log, the health page and change the PLM mode? */
export const isAdmin = (user: HostUser): boolean => user.role === 'admin';
