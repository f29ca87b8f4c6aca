export { definePlmConfig, loadPlmConfig, plmConfigVariables } from './PlmConfig.js';
export type { PlmConfig, PlmConfigInput, PlmMode } from './PlmConfig.js';
export { PlmConfigError } from './PlmConfigError.js';
export type { PlmConfigProblem } from './PlmConfigError.js';
export { PlmSecret } from './PlmSecret.js';
export { PlmIntegrationError, plmIntegrationUserMessages } from './PlmIntegrationError.js';
export type { PlmIntegrationErrorCode, PlmIntegrationErrorInit } from './PlmIntegrationError.js';
export { toPlmIntegrationError } from './toPlmIntegrationError.js';
export type { ErrorMappingContext } from './toPlmIntegrationError.js';
