import { ArrowLeftOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Empty, message as toast, Space, Spin, Tag, Timeline, Typography } from 'antd';
import { lazy, Suspense, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { api, ok } from '../../api/client';
import { useLoad } from '../../api/hooks';
import type { LeadStage, LeadView } from '../../api/views';
import { formatDate, formatDateTime } from '../../format/date';
import { Amount } from '../../components/Amount';
import { amountUnit, formatAmount } from '../../format/money';
import { COLUMNS, PIPELINE, STAGE_LABEL } from '../pipeline/stage-rules';
import { useStageMove } from '../pipeline/useStageMove';
import type { SigningView, TimelineEntry } from './lead-fields';
import { OverdueTag } from './OverdueTag';
import LeadLinksDialog from './LeadLinksDialog';

const SigningDialog = lazy(() => import('./SigningDialog'));

const KIND_COLOR: Record<TimelineEntry['kind'], string> = { stage: 'blue', interaction: 'gray', signing: 'green', claim: 'orange' };
const KIND_LABEL: Record<TimelineEntry['kind'], string> = { stage: '阶段', interaction: '对接', signing: '签约', claim: '撞单' };
const OPEN: readonly LeadStage[] = ['lead', 'contacted', 'site_visit', 'negotiating'];

/** A signing's entry from its own record: the amount in 万元/亿元 and the date as people read them. */
function entryTitle(t: TimelineEntry, signings: SigningView[]): string {
  const s = t.kind === 'signing' ? signings.find((x) => x.id === t.refId) : undefined;
  if (!s) return t.title;
  return `${s.kind === 'supplement' ? '补充签约' : '签约'}：${s.agreementTypeLabel} ${formatAmount(s.amount)}（${formatDate(s.signedOn)}）`;
}

interface LeadData {
  lead: LeadView;
  timeline: TimelineEntry[];
  signings: SigningView[];
}

/** A lead: what it is, where it stands, its story; advance, hold, lose, reopen and sign it. */
export default function LeadPage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const [message, toastHolder] = toast.useMessage();
  const [signing, setSigning] = useState(false);
  const [linking, setLinking] = useState(false);
  const { data, error, loading, reload } = useLoad<LeadData>(async () => {
    const [lead, timeline, signings] = await Promise.all([
      ok(api.GET('/api/v1/leads/{id}', { params: { path: { id } } })),
      ok(api.GET('/api/v1/leads/{id}/timeline', { params: { path: { id } } })),
      ok(api.GET('/api/v1/leads/{id}/signings', { params: { path: { id } } })),
    ]);
    return { lead, timeline, signings };
  }, [id]);
  const { move, moving, dialog } = useStageMove({ message, onMoved: reload, onStale: reload, staleNote: '已刷新' });

  if (!data && loading) return <Spin size="large" className="page-spin" />;
  if (!data) {
    return <Alert type="error" showIcon title={error?.status === 404 ? '线索不存在或不在您的范围内' : (error?.message ?? '加载失败')} action={<Button onClick={reload}>重试</Button>} />;
  }
  const { lead, timeline, signings } = data;
  const signingUnit = amountUnit(signings.map((s) => s.amount));
  const open = OPEN.includes(lead.stage);
  const next = open ? PIPELINE[PIPELINE.indexOf(lead.stage) + 1] : undefined;
  const side = lead.stage === 'on_hold' || lead.stage === 'lost';
  // Every stage a move may go to from here; the reason dialog opens where the rules want one.
  const targets = COLUMNS.filter((s) => s !== lead.stage && s !== 'signed' && lead.stage !== 'signed');
  const stepIndex = side ? -1 : PIPELINE.indexOf(lead.stage);

  return (
    <div style={{ maxWidth: 960, margin: '0 auto' }}>
      {toastHolder}
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 8 }} wrap>
        <Button type="link" icon={<ArrowLeftOutlined />} onClick={() => navigate(-1)} style={{ padding: 0 }}>
          返回
        </Button>
        <Button icon={<ReloadOutlined />} onClick={reload} loading={loading} size="small">
          刷新
        </Button>
      </Space>
      {error && <Alert type="error" showIcon title={error.message} style={{ marginBottom: 12 }} />}
      <Card size="small" style={{ marginBottom: 12 }}>
        <Space wrap size={6} style={{ marginBottom: 4 }}>
          <Typography.Title level={4} style={{ margin: 0 }} data-testid="lead-title">
            {lead.title}
          </Typography.Title>
          <Tag color={lead.stage === 'signed' ? 'success' : side ? 'default' : 'processing'} data-testid="lead-stage">
            {lead.stageLabel}
          </Tag>
          {lead.isAnchor && <Tag color="gold">牵引性项目</Tag>}
          {lead.isIdle && <Tag color="warning">{lead.idleDays}天无对接</Tag>}
          <OverdueTag lead={lead} />
        </Space>
        <div>
          <Link to={`/enterprises/${lead.enterprise.id}`}>{lead.enterprise.name}</Link>
        </div>
        {!side && (
          // Light chips rather than antd Steps: they wrap on a 390 px phone instead of stacking letters.
          <ol className="stage-trail" aria-label="阶段">
            {PIPELINE.map((s, i) => (
              <li key={s} className={i < stepIndex || lead.stage === 'signed' ? 'done' : i === stepIndex ? 'current' : undefined} aria-current={i === stepIndex ? 'step' : undefined}>
                {STAGE_LABEL[s]}
              </li>
            ))}
          </ol>
        )}
        {lead.sideStateReason && (
          <Alert type="warning" showIcon style={{ margin: '8px 0' }} title={`${lead.stage === 'lost' ? '终止' : '搁置'}原因：${lead.sideStateReason}`} />
        )}
        <Space wrap style={{ marginTop: 8 }}>
          {next && next !== 'signed' && (
            <Button type="primary" loading={moving} disabled={moving} onClick={() => move(lead, next)} data-testid="advance">
              推进到「{STAGE_LABEL[next]}」
            </Button>
          )}
          {lead.stage !== 'on_hold' && lead.stage !== 'lost' && (
            <Button type={lead.stage === 'negotiating' ? 'primary' : 'default'} onClick={() => setSigning(true)} data-testid="sign">
              {lead.stage === 'signed' ? '登记补充签约' : '登记签约'}
            </Button>
          )}
          {targets.length > 0 && (
            // A native select: light on a phone, and every move is one tap away.
            <select className="move-select stage-select" aria-label="变更阶段" value="" disabled={moving} onChange={(e) => e.target.value && move(lead, e.target.value as LeadStage)}>
              <option value="">{side ? '重启到…' : '变更阶段…'}</option>
              {targets.map((s) => (
                <option key={s} value={s}>
                  {s === 'on_hold' ? '搁置' : s === 'lost' ? '终止' : STAGE_LABEL[s]}
                </option>
              ))}
            </select>
          )}
        </Space>
      </Card>

      <Card
        size="small"
        title="项目信息"
        style={{ marginBottom: 12 }}
        extra={
          <Button size="small" type="link" onClick={() => setLinking(true)} data-testid="lead-links">
            关联载体
          </Button>
        }
      >
        <Descriptions size="small" column={{ xs: 1, sm: 2, md: 3 }}>
          <Descriptions.Item label="意向投资额">
            <Amount value={lead.intendedAmount} />
          </Descriptions.Item>
          {lead.stage === 'signed' && (
            <Descriptions.Item label="签约金额">
              <Amount value={lead.signedAmount} />（{formatDate(lead.signedOn)}）
            </Descriptions.Item>
          )}
          <Descriptions.Item label="产业链">{lead.industryChain.name}</Descriptions.Item>
          <Descriptions.Item label="招商队">
            {lead.team.name}
            {lead.coTeams.length > 0 && `（联合：${lead.coTeams.map((t) => t.name).join('、')}）`}
          </Descriptions.Item>
          <Descriptions.Item label="负责人">{lead.owner.name}</Descriptions.Item>
          <Descriptions.Item label="招商方式">{lead.sourceLabel}</Descriptions.Item>
          <Descriptions.Item label="拟落地">{lead.targetRegionUnit?.name ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="客商来源地">{lead.sourceRegion?.name ?? '—'}</Descriptions.Item>
          {lead.carrier && (
            <Descriptions.Item label="载体">
              <Link to="/carriers" data-testid="lead-carrier">{lead.carrier.name}</Link>
            </Descriptions.Item>
          )}
          {lead.promotedProject && (
            <Descriptions.Item label="推介项目">
              <Link to="/carriers?tab=projects" data-testid="lead-promoted">{lead.promotedProject.name}</Link>
            </Descriptions.Item>
          )}
          <Descriptions.Item label="预计签约">
            {formatDate(lead.expectedSignDate)} <OverdueTag lead={lead} />
          </Descriptions.Item>
          <Descriptions.Item label="进入本阶段">{formatDate(lead.stageEnteredAt)}</Descriptions.Item>
          <Descriptions.Item label="登记日期">{formatDate(lead.createdAt)}</Descriptions.Item>
          {lead.notes && <Descriptions.Item label="备注">{lead.notes}</Descriptions.Item>}
        </Descriptions>
      </Card>

      {signings.length > 0 && (
        <Card size="small" title={`签约（${signings.length}）`} style={{ marginBottom: 12 }}>
          {signings.map((s) => (
            <div key={s.id} className="signing-row">
              <Space wrap size={6}>
                <Tag color={s.kind === 'supplement' ? 'cyan' : 'green'}>{s.kind === 'supplement' ? '补充签约' : '首次签约'}</Tag>
                <span>{s.agreementTypeLabel}</span>
                <Amount value={s.amount} unit={signingUnit} />
                <Typography.Text type="secondary">{formatDate(s.signedOn)}</Typography.Text>
                <span data-testid="signing-landing-unit">落地：{s.landingRegionUnit.name}</span>
                {s.reviewStatus !== 'approved' && <Tag color={s.reviewStatus === 'pending' ? 'gold' : 'red'}>{s.reviewStatusLabel}</Tag>}
              </Space>
              {s.parties && <div className="muted-line">签约各方：{s.parties}</div>}
            </div>
          ))}
        </Card>
      )}

      <Card size="small" title="时间线" data-testid="lead-timeline">
        {timeline.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无记录" />
        ) : (
          <Timeline
            items={timeline.map((t) => ({
              key: `${t.kind}-${t.refId}`,
              color: KIND_COLOR[t.kind],
              content: (
                <div data-testid="timeline-entry">
                  <Space wrap size={4}>
                    <Tag>{KIND_LABEL[t.kind]}</Tag>
                    <Typography.Text strong>{entryTitle(t, signings)}</Typography.Text>
                  </Space>
                  {t.detail && <Typography.Paragraph style={{ margin: '2px 0' }}>{t.detail}</Typography.Paragraph>}
                  <div className="muted-line">
                    {t.kind === 'interaction' ? formatDate(t.at) : formatDateTime(t.at)}
                    {t.actor ? ` · ${t.actor}` : ''}
                  </div>
                </div>
              ),
            }))}
          />
        )}
      </Card>
      {dialog}
      {signing && (
        <Suspense fallback={null}>
          <SigningDialog
            lead={lead}
            onSigned={(s) => {
              setSigning(false);
              if (s.reviewStatus === 'pending') message.info(`签约已登记（落地：${s.landingRegionUnit.name}），待市级认定后计入签约统计`);
              else message.success(`签约已登记（落地：${s.landingRegionUnit.name}）`);
              reload();
            }}
            onStale={(m) => {
              setSigning(false);
              message.warning(`${m}：已刷新`);
              reload();
            }}
            onCancel={() => setSigning(false)}
          />
        </Suspense>
      )}
      {linking && (
        <LeadLinksDialog
          lead={lead}
          onDone={() => {
            setLinking(false);
            message.success('已保存关联的载体与推介项目');
            reload();
          }}
          onCancel={() => setLinking(false)}
        />
      )}
    </div>
  );
}
