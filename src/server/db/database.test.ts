import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, TEST_DATABASES, type TestContext } from '../testing/harness.ts';

describe.each(TEST_DATABASES)('the data layer on %s', (kind) => {
  let test: TestContext;
  beforeAll(async () => {
    test = await createTestContext(kind);
  });
  afterAll(() => test.close());

  it('reads booleans back as booleans and counts as numbers', async () => {
    const { db } = test.ctx;
    const now = new Date().toISOString();
    for (const [id, virusCheckOption] of [
      ['a', true],
      ['b', false],
    ] as const) {
      await db
        .insertInto('organizations')
        .values({
          id,
          clientNumber: `CL-${id}`,
          name: id,
          plan: 'pro',
          virusCheckOption,
          createdAt: now,
          updatedAt: now,
        })
        .execute();
    }

    const rows = await db
      .selectFrom('organizations')
      .select(['id', 'virusCheckOption'])
      .orderBy('id')
      .execute();
    const withOption = await db
      .selectFrom('organizations')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('virusCheckOption', '=', true)
      .executeTakeFirstOrThrow();

    expect(rows).toEqual([
      { id: 'a', virusCheckOption: true },
      { id: 'b', virusCheckOption: false },
    ]);
    expect(withOption.count).toBe(1);
  });
});
