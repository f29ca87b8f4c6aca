import type { PlmMockOptions } from '@mrp-plm/plm-mock';
import type { PlmClock } from '@mrp-plm/plm-sdk';
import type { Clock, TestClock } from '@mrp-plm/resilience';
import { expectTypeOf, test } from 'vitest';

/*
 * One `Clock` type, resilience's. plm-mock takes it (the part it reads, `Pick<Clock, 'now'>`).
 * plm-sdk must not depend on resilience at run time (its users would install Effect and XState),
 * so its `PlmClock` is a structural mirror of `Clock` with the timers optional — the one deliberate
 * exception, documented in docs/DESIGN.md ("One owner per concept"). These checks keep the mirror
 * equal to the original, so the one `Clock` and the one test clock fit wherever a clock is taken.
 */
type MockClockOption = NonNullable<PlmMockOptions['clock']>;

test("resilience's Clock and test clock are accepted wherever plm-sdk and plm-mock take a clock", () => {
  expectTypeOf<Clock>().toExtend<PlmClock>();
  expectTypeOf<TestClock>().toExtend<PlmClock>();
  expectTypeOf<Clock>().toExtend<MockClockOption>();
  expectTypeOf<TestClock>().toExtend<MockClockOption>();
});

test("the SDK's PlmClock is resilience's Clock with optional timers, nothing more or less", () => {
  expectTypeOf<keyof PlmClock>().toEqualTypeOf<keyof Clock>();
  expectTypeOf<Required<PlmClock>>().toEqualTypeOf<Clock>();
});

test("plm-mock's clock option is resilience's Clock, reduced to now()", () => {
  expectTypeOf<MockClockOption>().toEqualTypeOf<Pick<Clock, 'now'>>();
});
