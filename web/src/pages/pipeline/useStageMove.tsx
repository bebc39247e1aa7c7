import type { MessageInstance } from 'antd/es/message/interface';
import { lazy, Suspense, useRef, useState, type ReactNode } from 'react';
import { api, ok } from '../../api/client';
import { ApiError } from '../../api/errors';
import type { LeadStage, LeadView } from '../../api/views';
import { judgeMove, STAGE_LABEL } from './stage-rules';

const ReasonDialog = lazy(() => import('./ReasonDialog'));

interface PendingMove {
  lead: LeadView;
  to: LeadStage;
  title: string;
  label: string;
}

interface Options {
  message: MessageInstance;
  /** The move went through: the lead as the server now has it. */
  onMoved(lead: LeadView): void;
  /** Someone else changed the lead first (409): reload what is shown. */
  onStale(): void;
  /** Said after a 409, e.g. 看板已刷新. */
  staleNote: string;
}

export interface StageMove {
  /** Moves the lead, asking for a reason first where the rules need one. */
  move(lead: LeadView, to: LeadStage): void;
  moving: boolean;
  /** The reason dialog, while one is asked for: render it somewhere on the page. */
  dialog: ReactNode;
}

/**
 * A lead's stage change, as the kanban board and the lead page both make it: the rules mirrored
 * from the server decide whether to ask a reason (back, hold, lost, reopen); the API's refusal of
 * the reason shows under the field; a 409 from a concurrent change is said and the caller
 * reloads; a lost network keeps the dialog and the reason for another try.
 */
export function useStageMove({ message, onMoved, onStale, staleNote }: Options): StageMove {
  const [pending, setPending] = useState<PendingMove | null>(null);
  const [moving, setMoving] = useState(false);
  // One move at a time: a double-click sends one request.
  const inFlight = useRef(false);

  /** Sends the move; resolves to the API's message for the reason field if it refused the reason. */
  const send = async (lead: LeadView, to: LeadStage, reason?: string): Promise<string | undefined> => {
    if (inFlight.current) return undefined;
    inFlight.current = true;
    setMoving(true);
    try {
      const moved = await ok(api.POST('/api/v1/leads/{id}/transitions', { params: { path: { id: lead.id } }, body: { to, reason, version: lead.version } }));
      message.success(`「${lead.title}」已移到${STAGE_LABEL[to]}`);
      setPending(null);
      onMoved(moved);
      return undefined;
    } catch (e) {
      const err = e instanceof ApiError ? e : ApiError.network();
      if (err.code === 'LEAD_VERSION_CONFLICT') {
        message.warning({ content: `${err.message}：${staleNote}`, key: 'conflict' });
        setPending(null);
        onStale();
        return undefined;
      }
      const reasonError = err.fieldErrors.find((f) => f.field === 'reason');
      if (reasonError) return reasonError.message;
      if (err.code === 'LEAD_REASON_REQUIRED') return err.message;
      message.error(err.message);
      // A lost network keeps the dialog and its reason for another try; anything else closes it.
      if (err.code !== 'NETWORK_ERROR') setPending(null);
      return undefined;
    } finally {
      inFlight.current = false;
      setMoving(false);
    }
  };

  const move = (lead: LeadView, to: LeadStage) => {
    const verdict = judgeMove(lead.stage, to);
    if (!verdict.ok) {
      if (lead.stage !== to) message.info(verdict.message);
      return;
    }
    if (verdict.reason) setPending({ lead, to, ...verdict.reason });
    else void send(lead, to);
  };

  const dialog = pending && (
    <Suspense fallback={null}>
      <ReasonDialog
        title={pending.title}
        label={pending.label}
        summary={`「${pending.lead.title}」：${STAGE_LABEL[pending.lead.stage]} → ${STAGE_LABEL[pending.to]}`}
        saving={moving}
        onConfirm={(reason) => send(pending.lead, pending.to, reason)}
        onCancel={() => setPending(null)}
      />
    </Suspense>
  );

  return { move, moving, dialog };
}
