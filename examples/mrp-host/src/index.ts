export { loadHostConfig, hostConfigVariables } from './HostConfig.js';
export type { DatabaseSettings, HostConfig } from './HostConfig.js';
export { HostConfigError } from './HostConfigError.js';
export { createHost, createHostLogger, REDACTED_LOG_PATHS } from './createHost.js';
export type { Host, HostOptions } from './createHost.js';
export { closeOnSignals, startHostServer } from './startHostServer.js';
export type { HostServer } from './startHostServer.js';
export { openHostDatabase } from './db/openHostDatabase.js';
export type { HostDatabase, HostTransaction } from './db/openHostDatabase.js';
export type { HostTables, VersionProvenance } from './db/HostTables.js';
export { createApp, PLM_HEALTH_PATH, requireSession, SESSION_COOKIE } from './http/createApp.js';
export type { AppServices, HostEnv } from './http/createApp.js';
export { problem, problemOf } from './http/problem.js';
export type { Problem } from './http/problem.js';
export { hostOpenApiDocument } from './http/hostOpenApiDocument.js';
export { canChange, canCreate, canView, isAdmin } from './services/Access.js';
export { auditRecordOf, listAudit, writeAudit } from './services/AuditLog.js';
export type { AuditEntry, AuditRecord } from './services/AuditLog.js';
export { DEMO_DEPARTMENTS, DEMO_USERS, seedProductsAndUsers } from './services/DemoData.js';
export type { SeedSettings } from './services/DemoData.js';
export { createDeprecatedProductService } from './services/DeprecatedProducts.js';
export type {
  DeprecatedProductReads,
  DeprecatedProductRoute,
  DeprecatedProductService,
  DeprecationPolicy,
} from './services/DeprecatedProducts.js';
export {
  archiveProducts,
  archiveProductTables,
  modelsMissingInPlm,
  productArchiveState,
} from './services/ProductArchive.js';
export type { ProductArchiveState } from './services/ProductArchive.js';
export {
  createMrpProductPort,
  idPairsOf,
  productTablesSeeded,
  readIdTranslation,
  readModelRows,
  writeProductTables,
} from './services/ProductTables.js';
export { createUserService, hashPassword, verifyPassword } from './services/Users.js';
export type { HostUser, Login, Role, Session, UserService } from './services/Users.js';
export {
  createWorkOrderInputSchema,
  createWorkOrderService,
  editWorkOrderInputSchema,
  formatWorkOrderId,
  listWorkOrdersQuerySchema,
  parseRequest,
} from './services/WorkOrders.js';
export type {
  CreateWorkOrderInput,
  EditWorkOrderInput,
  ListWorkOrdersQuery,
  WorkOrder,
  WorkOrderDetail,
  WorkOrderPage,
  WorkOrderReplay,
  WorkOrderService,
  WorkOrderServiceOptions,
  WorkOrderVersion,
} from './services/WorkOrders.js';
export { AccessDeniedError } from './errors/AccessDeniedError.js';
export { InvalidRequestError } from './errors/InvalidRequestError.js';
export type { RequestIssue } from './errors/InvalidRequestError.js';
export { NotAuthenticatedError } from './errors/NotAuthenticatedError.js';
export { ProductsArchiveError } from './errors/ProductsArchiveError.js';
export { WorkOrderConflictError } from './errors/WorkOrderConflictError.js';
export { WorkOrderNotFoundError } from './errors/WorkOrderNotFoundError.js';
