import { fileURLToPath } from 'node:url';

/** Absolute paths the conformance tests share. */
export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
export const contractPath = `${repoRoot}contracts/openapi/plm.v1.yaml`;
export const redoclyConfigPath = `${repoRoot}redocly.yaml`;
export const pactsDir = `${repoRoot}contracts/pacts`;
export const sdkDir = `${repoRoot}packages/plm-sdk`;
export const binDir = `${repoRoot}node_modules/.bin`;
/** Our generated contract types, that a second generator's output is compared with. */
export const ourTypesPath = `${sdkDir}/src/generated/types.gen.ts`;
