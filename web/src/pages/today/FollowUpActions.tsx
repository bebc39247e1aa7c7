import { Button, Space } from 'antd';
import { lazy, Suspense, useState } from 'react';
import { useNavigate } from 'react-router';
import { api, ok } from '../../api/client';
import type { InteractionView } from '../../api/views';
import { addDays, beijingDate, formatDate } from '../../format/date';
import './today.css';

// The calendar (antd's date picker, dayjs) only when someone picks a date: not in 今日's first screen.
const PickDate = lazy(() => import('./PickDate'));

/** 推迟's quick dates, counted from today. */
const QUICK_DATES = [
  { label: '明天', days: 1 },
  { label: '3天后', days: 3 },
  { label: '1周后', days: 7 },
] as const;

/** What an action did: a line to show, success or the error it met. */
export interface ActionOutcome {
  ok: boolean;
  text: string;
}

/**
 * A follow-up's actions on 今日: 完成跟进 (just done, or done and straight on to 记录对接) and
 * 推迟 to 明天, 3天后, 1周后 or a picked date; the reminder moves with it on the server. The
 * choices open in place (no popup), so they work alike by touch and by keyboard.
 */
export function FollowUpActions({ item, onDone }: { item: InteractionView; onDone: (outcome: ActionOutcome) => void }) {
  const navigate = useNavigate();
  const [busy, setBusy] = useState(false);
  const [mode, setMode] = useState<'complete' | 'postpone' | 'pick'>();
  const today = beijingDate();
  const path = { params: { path: { id: item.id } } };

  const run = async (work: () => Promise<unknown>, text: string, after?: () => void) => {
    setBusy(true);
    try {
      await work();
      setMode(undefined);
      onDone({ ok: true, text });
      after?.();
    } catch (e) {
      onDone({ ok: false, text: e instanceof Error ? e.message : String(e) });
    } finally {
      setBusy(false);
    }
  };
  const complete = (thenLog: boolean) =>
    run(() => ok(api.POST('/api/v1/interactions/{id}/follow-up-done', path)), `已完成跟进：${item.enterprise.name}`, thenLog ? () => navigate(`/interactions/new?enterpriseId=${item.enterprise.id}`) : undefined);
  const postpone = (date: string) =>
    run(() => ok(api.POST('/api/v1/interactions/{id}/follow-up-postpone', { ...path, body: { nextFollowUpAt: date } })), `已推迟到${formatDate(date)}：${item.enterprise.name}`);
  const cancel = (
    <Button type="text" onClick={() => setMode(undefined)} disabled={busy}>
      取消
    </Button>
  );

  if (mode === 'complete') {
    return (
      <Space wrap size={8} className="follow-up-actions" role="group" aria-label={`完成跟进：${item.enterprise.name}`}>
        <Button type="primary" onClick={() => void complete(true)} loading={busy} data-testid="complete-and-log">
          完成并记录对接
        </Button>
        <Button onClick={() => void complete(false)} disabled={busy} data-testid="complete-only">
          仅标记完成
        </Button>
        {cancel}
      </Space>
    );
  }
  if (mode === 'postpone' || mode === 'pick') {
    return (
      <Space wrap size={8} className="follow-up-actions" role="group" aria-label={`推迟跟进：${item.enterprise.name}`}>
        {QUICK_DATES.map((d) => (
          <Button key={d.days} onClick={() => void postpone(addDays(today, d.days))} disabled={busy} data-testid={`postpone-${d.days}`}>
            {d.label}
          </Button>
        ))}
        {mode === 'pick' ? (
          <Suspense fallback={null}>
            <PickDate today={today} disabled={busy} onPick={(date) => void postpone(date)} />
          </Suspense>
        ) : (
          <Button onClick={() => setMode('pick')} disabled={busy}>
            选择日期…
          </Button>
        )}
        {cancel}
      </Space>
    );
  }
  return (
    <Space wrap size={8} className="follow-up-actions">
      <Button onClick={() => setMode('complete')} data-testid="complete-follow-up">
        完成跟进
      </Button>
      <Button onClick={() => setMode('postpone')} data-testid="postpone-follow-up">
        推迟
      </Button>
    </Space>
  );
}
