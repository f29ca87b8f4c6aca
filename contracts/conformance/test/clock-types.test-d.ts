import type { MockClock } from '@mrp-plm/plm-mock';
import type { PlmClock } from '@mrp-plm/plm-sdk';
import type { Clock, TestClock } from '@mrp-plm/resilience';
import { expectTypeOf, test } from 'vitest';

/*
 * plm-sdk and plm-mock must not depend on resilience at run time, so their clock options are
 * declared as the part of resilience's `Clock` they read (`now`, and for the SDK optionally the
 * timers). These checks keep them that: the one `Clock` and the one test clock fit both.
 */
test("resilience's Clock and test clock are accepted wherever plm-sdk and plm-mock take a clock", () => {
  expectTypeOf<Clock>().toExtend<PlmClock>();
  expectTypeOf<TestClock>().toExtend<PlmClock>();
  expectTypeOf<Clock>().toExtend<MockClock>();
  expectTypeOf<TestClock>().toExtend<MockClock>();
});

test('and they ask for nothing beyond it', () => {
  expectTypeOf<keyof PlmClock>().toEqualTypeOf<keyof Clock>();
  expectTypeOf<keyof MockClock>().toExtend<keyof Clock>();
});
