import { Alert, Form, Input, Modal, Select, Typography } from 'antd';
import { useRef, useState } from 'react';
import { api, ok } from '../../api/client';
import { ApiError } from '../../api/errors';
import { useLoad } from '../../api/hooks';
import type { LeadStage, LeadView } from '../../api/views';
import { judgeMove, STAGE_LABEL } from '../pipeline/stage-rules';

export type BulkAction = 'reassign' | 'move' | 'release';

const TITLES: Record<BulkAction, string> = { reassign: '改派负责人', move: '变更阶段', release: '释放闲置线索' };
/** The service puts 「保护期满释放：」 (7 characters) before a release reason, in a 500-character column. */
const REASON_MAX = 493;
/** Stages a move may name: 已签约 only comes from recording a signing. */
const MOVE_TARGETS = (Object.keys(STAGE_LABEL) as LeadStage[]).filter((s) => s !== 'signed').map((s) => ({ value: s, label: STAGE_LABEL[s] }));

interface Failure {
  id: string;
  title: string;
  message: string;
}

interface Values {
  ownerId?: string;
  to?: LeadStage;
  reason?: string;
}

/**
 * One action on the selected leads (POST /leads/bulk). The service applies it to all or to none:
 * when it refuses, the dialog stays open and lists each lead that failed and why, so the user can
 * deselect them and try again.
 */
export function BulkDialog({ action, leads, onDone, onCancel }: { action: BulkAction; leads: LeadView[]; onDone: (text: string) => void; onCancel: () => void }) {
  const [form] = Form.useForm<Values>();
  const [problem, setProblem] = useState<{ text: string; failures: Failure[] }>();
  const [saving, setSaving] = useState(false);
  const inFlight = useRef(false);
  const to = Form.useWatch('to', form);

  // Reassigning stays within one team: its roster is who may own the leads.
  const teamIds = [...new Set(leads.map((l) => l.team.id))];
  const teamId = action === 'reassign' && teamIds.length === 1 ? teamIds[0] : undefined;
  const roster = useLoad(() => (teamId ? ok(api.GET('/api/v1/teams/{id}/members', { params: { path: { id: teamId } } })) : Promise.resolve([])), [teamId]);
  const blocked = action === 'reassign' && teamIds.length > 1 ? `所选线索属于 ${teamIds.length} 个招商队；负责人只能在本队队员中改派，请按招商队筛选后分别改派` : undefined;

  // The move rules mirrored from the server, to ask for a reason only when a lead needs one.
  const verdicts = to ? leads.map((l) => ({ lead: l, verdict: judgeMove(l.stage, to) })) : [];
  const refused = verdicts.filter((v) => !v.verdict.ok);
  const needsReason = action === 'release' || verdicts.some((v) => v.verdict.ok && v.verdict.reason !== null);

  const submit = async (values: Values) => {
    if (inFlight.current || blocked) return;
    inFlight.current = true;
    setSaving(true);
    setProblem(undefined);
    try {
      const body = {
        action,
        ids: leads.map((l) => l.id),
        ...(action === 'reassign' ? { ownerId: values.ownerId } : {}),
        ...(action === 'move' ? { to: values.to } : {}),
        ...(values.reason?.trim() ? { reason: values.reason.trim() } : {}),
      };
      const res = await ok(api.POST('/api/v1/leads/bulk', { body: body as never }));
      const done =
        action === 'reassign'
          ? `已将 ${res.count} 条线索改派给${roster.data?.find((m) => m.userId === values.ownerId)?.displayName ?? '新负责人'}`
          : action === 'move'
            ? `已将 ${res.count} 条线索移到「${STAGE_LABEL[values.to as LeadStage]}」`
            : `已释放 ${res.count} 条线索`;
      onDone(done);
    } catch (e) {
      const err = e instanceof ApiError ? e : ApiError.network();
      const details = err.details && !Array.isArray(err.details) ? err.details : undefined;
      const failures = Array.isArray(details?.failures) ? (details.failures as Failure[]) : [];
      const fields = err.fieldErrors.map((f) => f.message);
      setProblem({ text: fields.length ? fields.join('；') : err.message, failures });
    } finally {
      setSaving(false);
      inFlight.current = false;
    }
  };

  return (
    <Modal
      open
      title={`${TITLES[action]}（${leads.length} 条）`}
      okText={action === 'release' ? '释放' : '确定'}
      okButtonProps={{ danger: action === 'release', disabled: !!blocked, 'data-testid': 'bulk-ok' } as never}
      cancelText="取消"
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={onCancel}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">全部线索都满足条件才会执行；有一条不满足，则一条也不改动，并列出原因。</Typography.Paragraph>
      {blocked ? (
        <Alert type="warning" showIcon title={blocked} />
      ) : (
        <Form form={form} layout="vertical" onFinish={(v) => void submit(v)}>
          {action === 'reassign' && (
            <Form.Item name="ownerId" label={`新负责人（${leads[0]?.team.name ?? ''}）`} rules={[{ required: true, message: '请选择新负责人' }]}>
              <Select
                showSearch={{ optionFilterProp: 'label' }}
                loading={roster.loading}
                placeholder="选择本队在职队员"
                options={(roster.data ?? []).filter((m) => m.isActive).map((m) => ({ value: m.userId, label: m.displayName }))}
                data-testid="bulk-owner"
              />
            </Form.Item>
          )}
          {action === 'move' && (
            <Form.Item name="to" label="目标阶段" rules={[{ required: true, message: '请选择目标阶段' }]}>
              <Select options={MOVE_TARGETS} placeholder="选择阶段" data-testid="bulk-stage" />
            </Form.Item>
          )}
          {action === 'move' && refused.length > 0 && (
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 12 }}
              title={`${refused.length} 条线索不能移到该阶段：${refused
                .slice(0, 3)
                .map((v) => `「${v.lead.title}」${v.verdict.ok ? '' : v.verdict.message}`)
                .join('；')}${refused.length > 3 ? ' 等' : ''}`}
            />
          )}
          {needsReason && (
            <Form.Item
              name="reason"
              label={action === 'release' ? '释放原因' : '原因（后退、搁置、终止、重启时必填）'}
              rules={[
                { required: true, whitespace: true, message: '请填写原因' },
                { max: REASON_MAX, message: `最多 ${REASON_MAX} 字` },
              ]}
            >
              <Input.TextArea rows={3} maxLength={REASON_MAX} showCount />
            </Form.Item>
          )}
        </Form>
      )}
      {problem && (
        <Alert
          type="error"
          showIcon
          role="alert"
          title={problem.text}
          description={
            problem.failures.length > 0 && (
              <ul className="leads-bulk-failures" data-testid="bulk-failures">
                {problem.failures.map((f) => (
                  <li key={f.id}>
                    「{f.title}」{f.message}
                  </li>
                ))}
              </ul>
            )
          }
        />
      )}
    </Modal>
  );
}
