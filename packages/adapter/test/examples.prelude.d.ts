// Placeholders the README and TSDoc examples use, declared once (see contracts/conformance examples test).
declare const client: import('@mrp-plm/plm-sdk').PlmClient;
declare const ids: import('@mrp-plm/adapter').IdTranslator;
declare const translationTable: import('@mrp-plm/adapter').IdTable;
declare const response: Response;
declare const schemaVersion: string;
declare const workOrderDate: Date;
declare const payload: import('@mrp-plm/contract').ModelConfig;
declare const plmPayload: import('@mrp-plm/contract').ModelConfig;
declare const list: import('@mrp-plm/contract').FeatureList;
declare const page: import('@mrp-plm/contract').CatalogPage;
declare const mrpModel: import('@mrp-plm/adapter').MrpConfigurableModel;
declare const plmTrim: import('@mrp-plm/contract').Trim;
