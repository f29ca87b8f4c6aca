import type { PlmMock } from '@mrp-plm/plm-mock';
import {
  createPlmIntegration,
  definePlmConfig,
  type MrpProductPort,
  type PlmConfigInput,
  type PlmIntegration,
  type PlmIntegrationOptions,
  type ShadowComparison,
} from '../../src/index.js';
import { idsOf, mrpPortOf } from './mrpPort.js';

/** An integration in `shadow` mode over the mock, every model sampled, handing reads to `comparison`. */
export function shadowIntegration(
  mock: PlmMock,
  comparison: ShadowComparison,
  options: {
    readonly config?: PlmConfigInput;
    readonly port?: MrpProductPort;
  } & Partial<Omit<PlmIntegrationOptions, 'config' | 'mrp' | 'shadow'>> = {},
): PlmIntegration {
  const { config, port, ...rest } = options;
  return createPlmIntegration({
    config: definePlmConfig({
      mode: 'shadow',
      shadowSampleRate: 1,
      baseUrl: mock.url,
      clientId: 'mrp-app',
      clientSecret: 'mrp-secret',
      ...config,
    }),
    mrp: port ?? mrpPortOf(mock.fixtures),
    ids: idsOf(mock.fixtures),
    shadow: comparison,
    ...rest,
  });
}

/** MRP's BOM rows of a model, from the mock's MRP side (what a host reads from its BOM tables). */
export function mrpBomsOf(
  mock: PlmMock,
): (mrpModelId: string) => PlmMock['fixtures']['mrp']['models'][number] | undefined {
  const rows = new Map(mock.fixtures.mrp.models.map((m) => [m.id, m]));
  return (id) => rows.get(id);
}
