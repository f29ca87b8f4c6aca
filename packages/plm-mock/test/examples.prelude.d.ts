// Placeholders the README and TSDoc examples use, declared once (see contracts/conformance examples test).
declare const mock: import('@mrp-plm/plm-mock').PlmMock;
declare const url: string;
declare const authorization: string;
declare const rawBody: string;
declare const webhookBody: string;
declare const event: import('@mrp-plm/contract').CatalogChangedEvent;
declare function expect(value: unknown): {
  toBe(expected: unknown): void;
  toEqual(expected: unknown): void;
};
