import { RankingResultView, toRankingPreviewPageView } from './dto/ranking-view.dto';

/** Five rows by hand: ranks 1, 2, 2, 4, 5; names with Latin letters in either case. */
const names = ['科尔沁区招商一队', '开鲁县ABC队', '奈曼旗abc队', '库伦旗招商队', '科尔沁区招商二队'];
const ranks = [1, 2, 2, 4, 5];
const result = {
  title: '排名',
  totals: { label: '合计', units: 5, metrics: [] },
  rows: names.map((name, i) => ({ rank: ranks[i], assignee: { type: 'team', id: `id-${i}`, name }, score: { total: 5 - i }, metrics: [] })),
} as unknown as RankingResultView;
const picked = (page: ReturnType<typeof toRankingPreviewPageView>) => page.rows.map((r) => [r.rank, r.assignee.name]);

describe('a page of the ranking preview', () => {
  it('slices the rows by position, keeping each row’s rank, the header and the 合计 of all', () => {
    const page = toRankingPreviewPageView(result, 1, 2, null);
    expect(picked(page)).toEqual([[2, '开鲁县ABC队'], [2, '奈曼旗abc队']]);
    expect(page.page).toEqual({ offset: 1, limit: 2, total: 5, q: null });
    expect(page.totals).toBe(result.totals);
    expect(page.title).toBe('排名');
  });

  it('answers no rows past the end, and the last rows when the page runs over it', () => {
    expect(toRankingPreviewPageView(result, 5, 2, null).rows).toEqual([]);
    expect(picked(toRankingPreviewPageView(result, 4, 50, null))).toEqual([[5, '科尔沁区招商二队']]);
  });

  it('pages the rows whose name holds q, Latin letters in either case, with their overall ranks', () => {
    expect(picked(toRankingPreviewPageView(result, 0, 50, 'aBc'))).toEqual([[2, '开鲁县ABC队'], [2, '奈曼旗abc队']]);
    const kerqin = toRankingPreviewPageView(result, 1, 1, '科尔沁区');
    expect(picked(kerqin)).toEqual([[5, '科尔沁区招商二队']]);
    expect(kerqin.page).toEqual({ offset: 1, limit: 1, total: 2, q: '科尔沁区' });
  });
});
