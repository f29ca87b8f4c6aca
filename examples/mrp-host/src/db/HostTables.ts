import type { Generated } from 'kysely';

/*
 * The host's tables as Kysely sees them. Timestamps are ISO-8601 UTC text in both engines (they
 * sort and compare as text); JSON columns are text.
 */

/** A department (every user belongs to one). */
export interface DepartmentsTable {
  id: string;
  name: string;
}

/** A user; the password is an scrypt hash, never the password. */
export interface UsersTable {
  id: string;
  username: string;
  display_name: string;
  role: 'operator' | 'supervisor' | 'admin';
  department_id: string;
  password_hash: string;
  created_at: string;
}

/** A login: a session cookie (pages) or a bearer token (API). Only the token's sha256 is stored. */
export interface SessionsTable {
  token_sha256: string;
  user_id: string;
  kind: 'cookie' | 'bearer';
  csrf_token: string;
  created_at: string;
  expires_at: string;
}

/** MRP's model table (rows of the adapter's `MrpModelRow`). */
export interface MrpModelsTable {
  id: string;
  name: string;
  model_year: number;
  product_line: string;
  status: 'active' | 'obsolete' | 'planned';
  position: number;
}

/** MRP's trim table. */
export interface MrpTrimsTable {
  model_id: string;
  id: string;
  code: string;
  name: string;
  base_price: number | null;
  currency: string | null;
  position: number;
}

/** MRP's feature table. */
export interface MrpFeaturesTable {
  model_id: string;
  id: string;
  code: string;
  name: string;
  category: string;
  position: number;
}

/** Availability of a feature per trim. */
export interface MrpFeatureAvailabilityTable {
  model_id: string;
  feature_id: string;
  trim_id: string;
  availability: 'standard' | 'optional' | 'unavailable';
}

/** `requires`/`excludes` rules between features. */
export interface MrpFeatureRulesTable {
  model_id: string;
  feature_id: string;
  kind: 'requires' | 'excludes';
  other_feature_id: string;
  position: number;
}

/** Multi-level BOM lines (`parent_id` nests them; `bom_index` groups the lines of one BOM). */
export interface MrpBomLinesTable {
  id: Generated<number>;
  model_id: string;
  bom_index: number;
  bom_trim_id: string | null;
  parent_id: number | null;
  position: number;
  line_no: number;
  part_number: string;
  description: string;
  quantity: number;
  unit: string;
  /** JSON array of strings. */
  reference_designators: string;
  /** JSON of the adapter's `MrpFeatureCondition`, or null. */
  condition: string | null;
}

/** PLM ↔ MRP id pairs. */
export interface MrpIdTranslationTable {
  kind: 'model' | 'trim' | 'feature';
  plm_id: string;
  mrp_id: string;
}

/** One row once `archive-products` has run. */
export interface ProductArchiveTable {
  id: number;
  archived_at: string;
  archived_by: string;
}

/** Work orders: the current state; every change is a row of `work_order_versions`. */
export interface WorkOrdersTable {
  id: Generated<number>;
  department_id: string;
  model_id: string;
  /** Fixed at creation. */
  data_source: 'mrp' | 'plm';
  status: 'open' | 'cancelled';
  current_version: number;
  trim_id: string;
  /** JSON array of MRP feature ids. */
  feature_ids: string;
  quantity: number;
  due_date: string;
  created_by: string;
  created_at: string;
  updated_at: string;
}

/** Append-only history of a work order; the database refuses UPDATE and DELETE. */
export interface WorkOrderVersionsTable {
  work_order_id: number;
  version: number;
  change: 'created' | 'edited' | 'cancelled';
  status: 'open' | 'cancelled';
  trim_id: string;
  feature_ids: string;
  quantity: number;
  due_date: string;
  /** JSON of mrp-integration's `WorkOrderSnapshot`. */
  snapshot: string;
  /** JSON of the adapter's `MrpBom` resolved for the version's selection. */
  bom: string;
  /** JSON of {@link VersionProvenance}: how the product data was read for this version. */
  provenance: string;
  created_by: string;
  created_at: string;
}

/** How a version's product data was obtained (the page's data-source badge). */
export interface VersionProvenance {
  readonly dataSource: 'mrp' | 'plm';
  /** `frozen` when the version reuses the previous version's snapshot (an edit). */
  readonly cache: 'hit' | 'miss' | 'stale' | 'stale-if-error' | 'none' | 'frozen';
  readonly ageMs: number;
  readonly fallbackReason: string | null;
  readonly plmRevision: string | null;
  readonly plmCorrelationId: string | null;
  readonly mode: 'disabled' | 'shadow' | 'enabled';
}

/** Mode changes, fallbacks, logins, admin actions. */
export interface AuditLogTable {
  id: Generated<number>;
  at: string;
  actor: string;
  action: string;
  subject: string | null;
  /** JSON object. */
  details: string;
}

/** Every table of the host (the usage outbox's tables are metrics' own). */
export interface HostTables {
  departments: DepartmentsTable;
  users: UsersTable;
  sessions: SessionsTable;
  mrp_models: MrpModelsTable;
  mrp_trims: MrpTrimsTable;
  mrp_features: MrpFeaturesTable;
  mrp_feature_availability: MrpFeatureAvailabilityTable;
  mrp_feature_rules: MrpFeatureRulesTable;
  mrp_bom_lines: MrpBomLinesTable;
  mrp_id_translation: MrpIdTranslationTable;
  product_archive: ProductArchiveTable;
  work_orders: WorkOrdersTable;
  work_order_versions: WorkOrderVersionsTable;
  audit_log: AuditLogTable;
}

/** The product tables `archive-products` copies and freezes, in dependency order. */
export const PRODUCT_TABLES = [
  'mrp_models',
  'mrp_trims',
  'mrp_features',
  'mrp_feature_availability',
  'mrp_feature_rules',
  'mrp_bom_lines',
  'mrp_id_translation',
] as const;
