import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UnitFilter, unitFilterBits } from './unit-filter.js';

describe('UnitFilter', () => {
  it('never forgets a unit: the second add of any unit is false', () => {
    fc.assert(
      fc.property(fc.array(fc.string(), { maxLength: 500 }), (units) => {
        const filter = new UnitFilter(unitFilterBits(100));
        for (const unit of units) filter.add(unit);
        return units.every((unit) => filter.add(unit) === false);
      }),
    );
  });

  it('leaves out about 0.1% of new units at the table size it is made for', () => {
    const filter = new UnitFilter(unitFilterBits(100_000));
    let new_ = 0;
    for (let i = 0; i < 100_000; i++) if (filter.add(`user-${i}`)) new_++;
    expect(1 - new_ / 100_000).toBeLessThan(0.003);
  });
});
