// Placeholders the README and TSDoc examples use, declared once (see contracts/conformance examples test).
type ModelConfig = import('@mrp-plm/contract').ModelConfig;
type Trim = import('@mrp-plm/contract').Trim;
/** A PLM read that resolves to the contract's data (e.g. the SDK's `.then((r) => r.data)`). */
declare const sdk: {
  getModelConfig(id: string, options?: { signal?: AbortSignal | undefined }): Promise<ModelConfig>;
  getTrim(id: string, options?: { signal?: AbortSignal | undefined }): Promise<Trim>;
};
