import { PrinterOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Select, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { api, ok, type Schemas } from '../../api/client';
import { useLoad } from '../../api/hooks';
import { beijingDate, formatDate } from '../../format/date';
import { MetricValue } from '../../components/MetricValue';
import { formatMetric, metricHeader, METRIC_LABEL, type Metric } from '../../format/metrics';
import { formatAmount } from '../../format/money';
import './reporting.css';
import { defaultReportPeriod, reportQuery, VIEWS, yoyText, type ReportPeriod, type ReportView } from './report';
import { ReportPeriodControls } from './PeriodFields';
import { PrintButton } from '../../print/PrintButton';
import { SupervisionFigures } from '../supervision/SupervisionFigures';
import { withQuery } from '../../print/query';
import '../../format/calendar';

type UnitReport = Schemas['UnitReportView'];
type ReportRow = Schemas['ReportRowView'];
type YearOnYear = Schemas['YearOnYearView'];

function YoY({ metric, value }: { metric: string; value: YearOnYear | undefined }) {
  const { text, trend } = yoyText(value?.changePercent);
  const cls = trend === 'up' ? 'yoy yoy-up' : trend === 'down' ? 'yoy yoy-down' : 'yoy';
  return (
    <span className={cls} title={value ? `上年同期 ${formatMetric(metric, value.previous)}` : undefined} data-testid="yoy">
      同比 {text}
    </span>
  );
}

function ReportTable({ report }: { report: UnitReport }) {
  return (
    <Table<ReportRow>
      size="small"
      bordered
      rowKey={(r) => `${r.kind}:${r.unit.id}`}
      dataSource={report.rows}
      pagination={false}
      scroll={{ x: 'max-content' }}
      rowClassName={(r) => (r.kind === 'total' ? 'report-total-row' : '')}
      onRow={(r) => ({ 'data-testid': 'report-row', 'data-kind': r.kind, 'data-label': r.label }) as never}
      columns={[
        { title: '单位', key: 'label', fixed: 'left', render: (_, r) => (r.kind === 'total' ? <strong>{r.label}</strong> : r.label) },
        ...report.indicators.map((i) => {
          const { title, unit } = metricHeader(i.metric, METRIC_LABEL[i.metric as Metric] ?? i.label, report.rows.map((r) => r.values[i.metric]));
          return {
            title,
            key: i.metric,
            align: 'right' as const,
            render: (_: unknown, r: ReportRow) => {
              const v = <MetricValue metric={i.metric} value={r.values[i.metric]} unit={unit} bare />;
              return (
                <div className="report-cell" data-metric={i.metric}>
                  <div className="report-value">{r.kind === 'total' ? <strong>{v}</strong> : v}</div>
                  <YoY metric={i.metric} value={r.yoy[i.metric]} />
                </div>
              );
            },
          };
        }),
      ]}
    />
  );
}

function RulesPanel() {
  const rules = useLoad(() => ok(api.GET('/api/v1/reporting/rules')), []);
  const rates = useLoad(() => ok(api.GET('/api/v1/reporting/rates')), []);
  const r = rules.data;
  return (
    <Card size="small" title="口径说明" className="report-rules" data-testid="report-rules">
      {(rules.error || rates.error) && <Alert type="error" showIcon title={(rules.error ?? rates.error)!.message} style={{ marginBottom: 8 }} />}
      {r && (
        <Descriptions size="small" column={1} bordered>
          <Descriptions.Item label="指标归属">
            {r.attribution.map((a) => (
              <div key={a.metric}>
                {a.label}：{a.attributionLabel}
              </div>
            ))}
          </Descriptions.Item>
          <Descriptions.Item label="联合招商">{r.creditSharingLabel}</Descriptions.Item>
          <Descriptions.Item label="序时进度">
            通报：{r.pace.bulletinLabel}；实时看板：{r.pace.liveLabel}
          </Descriptions.Item>
          <Descriptions.Item label="重大项目">总投资不低于 {formatAmount(r.majorProjectMinInvestment)}</Descriptions.Item>
          <Descriptions.Item label="项目认定">{r.signingReviewRequired ? '签约须经市级项目认定后才计入' : '签约录入即计入，无须市级认定'}</Descriptions.Item>
        </Descriptions>
      )}
      {rates.data && (
        <div style={{ marginTop: 12 }}>
          <Typography.Text strong>转化率定义</Typography.Text>
          <Typography.Paragraph type="secondary" style={{ margin: '4px 0' }}>
            {rates.data.cohort}
          </Typography.Paragraph>
          <ul className="report-rates">
            {rates.data.rates.map((x) => (
              <li key={x.key}>
                <strong>{x.label}</strong>：{x.explanation}（分子：{x.numerator}；分母：{x.denominator}）
              </li>
            ))}
          </ul>
        </div>
      )}
    </Card>
  );
}

/**
 * 通报: the table a 招商局 publishes each month — one row per county, 市本级 and 全市, each
 * indicator with its 同比 — for a period (1–N月 by default) as of a 数据截至 date, under the
 * deployment's conventions, which it states under the table. Admins and managers.
 */
export default function ReportingPage() {
  const [period, setPeriod] = useState<ReportPeriod>(() => defaultReportPeriod());
  const [asOf, setAsOf] = useState<string>(() => beijingDate());
  const [view, setView] = useState<ReportView>('configured');
  const query = reportQuery(period, asOf, view);
  const key = JSON.stringify(query);
  const report = useLoad(() => ok(api.GET('/api/v1/reporting/units', { params: { query } })), [key]);
  const data = report.data;

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} className="report-page">
      <Card
        variant="borderless"
        title="通报"
        extra={
          <Space wrap className="no-print">
            <Button icon={<PrinterOutlined />} onClick={() => window.print()}>
              打印
            </Button>
            <PrintButton to={withQuery('/print/schedule', { ...reportQuery(period, asOf, view), view: undefined })}>项目调度表</PrintButton>
            <PrintButton to={withQuery('/print/completion', { ...reportQuery(period, asOf, view), view: undefined, level: 'unit' })}>指标完成情况</PrintButton>
            <PrintButton to={withQuery('/print/summary', { year: period.periodType === 'range' ? Number(period.to.slice(0, 4)) : period.year, asOf })}>项目汇总表</PrintButton>
            <PrintButton to={withQuery('/print/unfulfilled', { asOf })}>三未清单</PrintButton>
          </Space>
        }
      >
        <Space wrap className="no-print" style={{ marginBottom: 16 }}>
          <ReportPeriodControls period={period} onPeriod={setPeriod} asOf={asOf} onAsOf={setAsOf} />
          <Select aria-label="口径" style={{ width: 140 }} value={view} onChange={setView} options={VIEWS} />
        </Space>
        {report.error && <Alert type="error" showIcon title={report.error.message} style={{ marginBottom: 12 }} />}
        {data && (
          <div data-testid="report-header" className="report-header">
            <Typography.Title level={4} style={{ marginTop: 0 }}>
              {data.parent.name}招商引资工作通报（{data.frame.period.label}）
            </Typography.Title>
            <Descriptions size="small" column={{ xs: 1, md: 3 }}>
              <Descriptions.Item label="统计期间">{data.frame.period.label}</Descriptions.Item>
              <Descriptions.Item label="数据截至">{formatDate(data.frame.dataAsOf)}</Descriptions.Item>
              <Descriptions.Item label="序时进度">
                {data.frame.timeElapsed}%，{data.frame.paceLabel}
              </Descriptions.Item>
              <Descriptions.Item label="同比对照">{data.frame.previousPeriodLabel}</Descriptions.Item>
              <Descriptions.Item label="口径" span={2}>
                {VIEWS.find((v) => v.value === data.view)?.label}
              </Descriptions.Item>
            </Descriptions>
            <div className="report-indicators" data-testid="report-indicators">
              {data.indicators.map((i) => (
                <span key={i.metric}>
                  {i.label}：{i.attributionLabel}
                  {i.summable ? '' : '（不可相加）'}
                </span>
              ))}
            </div>
          </div>
        )}
        {data && <ReportTable report={data} />}
        {report.loading && !data && <Typography.Text type="secondary">加载中…</Typography.Text>}
      </Card>
      {/* 督办: the month's 交办单 per 责任部门 (办结率, 超期数), printed with the 通报. */}
      <SupervisionFigures />
      <RulesPanel />
    </Space>
  );
}
