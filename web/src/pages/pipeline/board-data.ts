import { api, ok } from '../../api/client';
import { prefetch, prefetched } from '../../api/prefetch';
import type { LeadStage, PipelineBoard, PipelineColumn } from '../../api/views';

export interface BoardData {
  board: PipelineBoard;
  columns: Record<LeadStage, PipelineColumn>;
}

export const CARDS_PER_COLUMN = 50;
const KEY = 'pipeline-board';

async function fetchBoard(teamId?: string): Promise<BoardData> {
  const filter = teamId ? { teamId } : {};
  // Two calls, not eight: on a phone's six connections every round trip shows.
  const [board, { columns }] = await Promise.all([
    ok(api.GET('/api/v1/pipeline/board', { params: { query: filter } })),
    ok(api.GET('/api/v1/pipeline/columns', { params: { query: { ...filter, limit: CARDS_PER_COLUMN } } })),
  ]);
  return { board, columns: Object.fromEntries(columns.map((c) => [c.stage, c])) as Record<LeadStage, PipelineColumn> };
}

/** The board's figures and cards (all teams in scope, or one team's). The unfiltered board may be the one asked for at start. */
export function loadBoard(teamId?: string): Promise<BoardData> {
  return teamId ? fetchBoard(teamId) : prefetched(KEY, () => fetchBoard());
}

/** At start, on the board's address: the unfiltered board, asked for beside the session check (App.tsx). */
export function prefetchBoard(): void {
  prefetch(KEY, () => fetchBoard());
}
