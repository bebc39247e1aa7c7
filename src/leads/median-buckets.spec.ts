import { LeadStage } from './entities/lead-stage';
import { middleBuckets } from './leads-pipeline.repository';

/** Hand-worked histograms: where the middle value(s) of each stage lie, and how many values the picked buckets hold. */
describe('middleBuckets(): the day buckets holding a stage’s median', () => {
  it('odd count, one bucket: the middle value and the bucket’s size', () => {
    // days 0:2, 1:3, 2:2 → 7 values, sorted positions 0…6, the middle is position 3: bucket 1, its 2nd value (index 1).
    const rows = [
      { stage: LeadStage.Lead, day: 0, n: 2 },
      { stage: LeadStage.Lead, day: 1, n: 3 },
      { stage: LeadStage.Lead, day: 2, n: 2 },
    ];
    expect(middleBuckets(rows)).toEqual([{ stage: LeadStage.Lead, fromDay: 1, toDay: 2, count: 3, lo: 1, hi: 1 }]);
  });

  it('even count across two buckets, rows of one bucket split over parts added up', () => {
    // day 3: 1 + 1 (stored and live parts), day 5: 2 → 4 values, middle positions 1 and 2: the last of day 3 and the first of day 5.
    const rows = [
      { stage: LeadStage.Contacted, day: 5, n: 2 },
      { stage: LeadStage.Contacted, day: 3, n: 1 },
      { stage: LeadStage.Contacted, day: 3, n: 1 },
      { stage: LeadStage.Contacted, day: 4, n: 0 },
    ];
    expect(middleBuckets(rows)).toEqual([{ stage: LeadStage.Contacted, fromDay: 3, toDay: 6, count: 4, lo: 1, hi: 2 }]);
  });

  it('a stage whose values are all gone has no pick', () => {
    expect(middleBuckets([{ stage: LeadStage.SiteVisit, day: 2, n: 0 }])).toEqual([]);
  });
});
