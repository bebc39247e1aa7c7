import { ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Empty, message as toast, Select, Space, Spin, Tag, Typography } from 'antd';
import { startTransition, useEffect, useState, type DragEvent } from 'react';
import { Link } from 'react-router';
import { api, ok } from '../../api/client';
import { type BoardData, CARDS_PER_COLUMN, loadBoard } from './board-data';
import { useLoad } from '../../api/hooks';
import type { LeadStage, LeadView, PipelineBoard } from '../../api/views';
import { Amount } from '../../components/Amount';
import { amountUnit } from '../../format/money';
import { OverdueTag } from '../leads/OverdueTag';
import { COLUMNS, STAGE_LABEL } from './stage-rules';
import { useStageMove } from './useStageMove';
import './board.css';

/** Cards per column in the board's first paint: more than a phone or a laptop shows before scrolling. */
const FIRST_PAINT_CARDS = 8;

const cardAmount = (lead: LeadView) => (lead.stage === 'signed' ? lead.signedAmount : lead.intendedAmount);

/** One unit for the whole board: cards, column sums and the header's totals read alike. */
function boardUnit(data: BoardData | undefined) {
  if (!data) return undefined;
  const cards = COLUMNS.flatMap((s) => data.columns[s].items.map(cardAmount));
  const sums = COLUMNS.map((s) => columnSummary(data.board, s).amount);
  return amountUnit([...cards, ...sums, data.board.open.intendedAmount]);
}

function columnSummary(board: PipelineBoard, stage: LeadStage): { count: number; amount: string } {
  if (stage === 'signed') return { count: board.signed.count, amount: board.signed.signedAmount };
  if (stage === 'on_hold') return { count: board.onHold.count, amount: board.onHold.intendedAmount };
  if (stage === 'lost') return { count: board.lost.count, amount: board.lost.intendedAmount };
  const s = board.stages.find((x) => x.stage === stage);
  return { count: s?.count ?? 0, amount: s?.intendedAmount ?? '0' };
}

/**
 * 在谈项目看板: a column per stage; drag a card to move its lead (or use its menu on a touch
 * screen). Moves the rules guard ask for a reason first; a move someone else beat us to (409)
 * is said and the board reloads.
 */
export default function PipelinePage() {
  const [message, toastHolder] = toast.useMessage();
  const [teamId, setTeamId] = useState<string>();
  const [dragging, setDragging] = useState<LeadView | null>(null);
  const [over, setOver] = useState<LeadStage | null>(null);

  const teams = useLoad(() => ok(api.GET('/api/v1/teams', { params: { query: { limit: 200 } } })), []);
  const { data, error, loading, reload } = useLoad<BoardData>(() => loadBoard(teamId), [teamId]);

  // The first paint draws a screenful of cards per column; the rest (up to 50 each, 350 in all)
  // follow as an interruptible transition. On a phone's slow CPU all 350 antd cards at once held
  // the first screen back by over a second after the data had arrived.
  const [cardsShown, setCardsShown] = useState(FIRST_PAINT_CARDS);
  useEffect(() => {
    if (data) startTransition(() => setCardsShown(CARDS_PER_COLUMN));
  }, [data]);

  const unit = boardUnit(data);
  const { move, moving, dialog } = useStageMove({ message, onMoved: reload, onStale: reload, staleNote: '看板已刷新' });

  const onDrop = (stage: LeadStage) => (e: DragEvent) => {
    e.preventDefault();
    setOver(null);
    if (dragging) move(dragging, stage);
    setDragging(null);
  };

  // A plain card, styled as antd's small one in board.css: antd's Card brings its tabs (~20 KB
  // gzipped) into the managers' first screen, which has a 300 KB budget.
  const card = (lead: LeadView) => (
    <div
      key={lead.id}
      className={dragging?.id === lead.id ? 'board-card dragging' : 'board-card'}
      draggable={lead.stage !== 'signed'}
      onDragStart={(e) => {
        e.dataTransfer.effectAllowed = 'move';
        e.dataTransfer.setData('text/plain', lead.id);
        setDragging(lead);
      }}
      onDragEnd={() => {
        setDragging(null);
        setOver(null);
      }}
      data-testid="lead-card"
      data-lead-id={lead.id}
    >
      <div className="board-card-head">
        {/* The card opens the lead (timeline, 登记签约); the link itself is not draggable, so a drag still moves the card. */}
        <Link to={`/leads/${lead.id}`} title={lead.title} draggable={false} className="board-card-link">
          {lead.title}
        </Link>
      </div>
      <div className="board-card-body">
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {lead.enterprise.name}
        </Typography.Text>
        <div style={{ display: 'flex', justifyContent: 'space-between', marginTop: 4, gap: 4, flexWrap: 'wrap' }}>
          <Amount value={cardAmount(lead)} unit={unit} />
          <span>
            {lead.isAnchor && <Tag color="gold">牵引性</Tag>}
            {lead.isIdle && <Tag color="warning">{lead.idleDays}天无对接</Tag>}
            <OverdueTag lead={lead} />
          </span>
        </div>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {lead.team.name} · {lead.owner.name}
        </Typography.Text>
        {lead.stage !== 'signed' && (
          // A native select under the card's text (a narrow column leaves the title the whole width):
          // the move menu for touch screens and keyboards, light on a phone.
          <select className="move-select" aria-label="移到" value="" onChange={(e) => e.target.value && move(lead, e.target.value as LeadStage)}>
            <option value="">移到…</option>
            {COLUMNS.filter((s) => s !== lead.stage && s !== 'signed').map((s) => (
              <option key={s} value={s}>
                {STAGE_LABEL[s]}
              </option>
            ))}
          </select>
        )}
      </div>
    </div>
  );

  return (
    <div>
      {toastHolder}
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 12 }} wrap>
        <div>
          <Typography.Title level={4} style={{ margin: 0 }}>
            在谈项目看板
          </Typography.Title>
          {data && (
            <Typography.Text type="secondary">
              在谈 {data.board.open.count} 个 · 意向投资 <Amount value={data.board.open.intendedAmount} unit={unit} /> · 加权 <Amount value={data.board.open.weightedAmount} unit={unit} />
            </Typography.Text>
          )}
        </div>
        <Space wrap>
          <Select
            aria-label="招商队"
            allowClear
            placeholder="全部招商队"
            style={{ minWidth: 200 }}
            value={teamId}
            onChange={setTeamId}
            options={(teams.data?.items ?? []).map((t) => ({ value: t.id, label: t.name }))}
          />
          <Button icon={<ReloadOutlined />} onClick={reload} loading={loading}>
            刷新
          </Button>
        </Space>
      </Space>
      {error && <Alert type="error" showIcon title={error.message} style={{ marginBottom: 12 }} />}
      {!data && loading ? (
        <Spin size="large" className="page-spin" />
      ) : (
        data && (
          <Spin spinning={moving}>
            <div className="board" data-testid="board">
              {COLUMNS.map((stage) => {
                const sum = columnSummary(data.board, stage);
                const page = data.columns[stage];
                return (
                  <section
                    key={stage}
                    className={over === stage && dragging && dragging.stage !== stage ? 'board-column drop-target' : 'board-column'}
                    data-testid={`column-${stage}`}
                    aria-label={STAGE_LABEL[stage]}
                    onDragOver={(e) => {
                      if (!dragging) return;
                      e.preventDefault();
                      e.dataTransfer.dropEffect = 'move';
                      if (over !== stage) setOver(stage);
                    }}
                    onDragLeave={() => over === stage && setOver(null)}
                    onDrop={onDrop(stage)}
                  >
                    <div className="board-column-head">
                      <Typography.Text strong>
                        {STAGE_LABEL[stage]} <Tag>{sum.count}</Tag>
                      </Typography.Text>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        <Amount value={sum.amount} unit={unit} />
                      </Typography.Text>
                    </div>
                    {page.items.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无" /> : page.items.slice(0, cardsShown).map(card)}
                    {page.nextCursor && (
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        仅显示最近更新的 {page.items.length} 个
                      </Typography.Text>
                    )}
                  </section>
                );
              })}
            </div>
          </Spin>
        )
      )}
      {dialog}
    </div>
  );
}
