import { expect, test } from 'vitest';
test('scaffold', () => {
  expect(1 + 1).toBe(2);
});
