import { DesktopOutlined, FullscreenOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Row, Select, Space, Statistic, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api, ok } from '../../api/client';
import { useLoad } from '../../api/hooks';
import type { DashboardAmountRow } from '../../api/views';
import { beijingDate, formatDate } from '../../format/date';
import { Amount } from '../../components/Amount';
import { amountUnit, formatAmount, toChartNumber } from '../../format/money';
import { Chart } from './Chart';
import type { EChartsOption } from './charts';
import { enlarge, monthTileLabel } from './wall';
import './wall.css';

const REFRESH_MS = 60_000;
const COLORS = ['#c0392b', '#e67e22', '#f1c40f', '#27ae60', '#2980b9', '#8e44ad'];
const CONVERSIONS = ['履约率', '开工率', '资金到位率', '落地率', '投产率'] as const;

/** 亿元 for chart geometry; every label shows the API's exact string through formatAmount, in the chart's 亿元. */
const yi = (wan: string) => toChartNumber(wan) / 10_000;

/** Both sides of a money ratio in one unit. */
const ratioText = (a: string, b: string) => {
  const unit = amountUnit([a, b]);
  return `${formatAmount(a, unit)} ÷ ${formatAmount(b, unit)}`;
};

/** A tile's amount: exact on hover, never wrapped. */
const amountStatistic = (v: string | number) => <Amount value={String(v)} />;

function amountBars(rows: DashboardAmountRow[], horizontal: boolean): EChartsOption {
  const sorted = [...rows].sort((a, b) => yi(b.signedAmount) - yi(a.signedAmount));
  const shown = horizontal ? [...sorted].reverse() : sorted;
  const category = { type: 'category' as const, data: shown.map((r) => r.name), axisLabel: { interval: 0, rotate: horizontal ? 0 : 30 } };
  const value = { type: 'value' as const, name: '亿元' };
  return {
    color: COLORS,
    tooltip: {
      trigger: 'axis',
      formatter: (p: unknown) => {
        const i = (p as Array<{ dataIndex: number }>)[0]?.dataIndex ?? 0;
        const r = shown[i]!;
        return `${r.name}<br/>签约额 ${formatAmount(r.signedAmount)}<br/>签约项目 ${r.signedProjects} 个`;
      },
    },
    grid: { left: 8, right: horizontal ? 130 : 24, top: 32, bottom: 8, containLabel: true },
    xAxis: horizontal ? value : category,
    yAxis: horizontal ? category : value,
    series: [{ type: 'bar', data: shown.map((r) => yi(r.signedAmount)), barMaxWidth: 28, label: { show: true, position: horizontal ? 'right' : 'top', formatter: (p: { dataIndex: number }) => (toChartNumber(shown[p.dataIndex]!.signedAmount) ? formatAmount(shown[p.dataIndex]!.signedAmount, '亿元') : '') } }],
  };
}

/**
 * 驾驶舱: the city's pipeline, trends, signing against target, counties, chains and conversion;
 * refreshes every minute. `wall` (route /wall?year=…) is the 1920×1080 wall screen: no menu,
 * everything above the fold, large type.
 */
export default function DashboardPage({ wall = false }: { wall?: boolean }) {
  const thisYear = Number(beijingDate().slice(0, 4));
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const yearParam = Number(params.get('year'));
  const [year, setYear] = useState(yearParam >= 2000 && yearParam <= thisYear ? yearParam : thisYear);
  const { data: loaded, error, loading, reload } = useLoad(
    async () => {
      const [dashboard, funnel] = await Promise.all([
        ok(api.GET('/api/v1/dashboard', { params: { query: { year } } })),
        ok(api.GET('/api/v1/pipeline/funnel')),
      ]);
      return { dashboard, funnel };
    },
    [year],
  );
  const data = loaded?.dashboard;

  useEffect(() => {
    const timer = setInterval(reload, REFRESH_MS);
    return () => clearInterval(timer);
  }, [reload]);

  // Leads that ever reached each stage: a true funnel, with the step-to-step conversion.
  const steps = loaded?.funnel.steps ?? [];
  const funnel: EChartsOption | undefined = loaded && {
    color: COLORS,
    tooltip: {
      trigger: 'item',
      formatter: (p: unknown) => {
        const s = steps[(p as { dataIndex: number }).dataIndex]!;
        return `${s.label}：累计 ${s.reached} 个${s.conversionToNext ? `<br/>转入下一阶段 ${s.conversionToNext}%` : ''}`;
      },
    },
    series: [
      {
        type: 'funnel',
        sort: 'none',
        minSize: '25%',
        left: '8%',
        width: '84%',
        top: 8,
        bottom: 8,
        label: { show: true, position: 'inside', formatter: '{b}  {c} 个', fontSize: 14 },
        data: steps.map((s) => ({ name: s.label, value: s.reached })),
      },
    ],
  };

  const months = Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`);
  const byMonth = new Map((data?.trends ?? []).map((t) => [t.month, t]));
  const trends: EChartsOption | undefined = data && {
    color: COLORS,
    tooltip: {
      trigger: 'axis',
      formatter: (p: unknown) => {
        const i = (p as Array<{ dataIndex: number }>)[0]?.dataIndex ?? 0;
        const t = byMonth.get(months[i]!);
        if (!t) return `${i + 1}月：暂无数据`;
        return `${i + 1}月<br/>对接企业 ${t.enterprisesContacted} 家<br/>走访 ${t.visits} 次<br/>新增线索 ${t.newLeads} 个<br/>签约 ${t.signedProjects} 个，${formatAmount(t.signedAmount)}`;
      },
    },
    legend: { top: 0 },
    grid: { left: 8, right: 8, top: 36, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: months.map((m) => `${Number(m.slice(5))}月`) },
    yAxis: [{ type: 'value', name: '家/次' }, { type: 'value', name: '签约额（亿元）', splitLine: { show: false } }],
    series: [
      { name: '对接企业', type: 'bar', data: months.map((m) => byMonth.get(m)?.enterprisesContacted ?? 0) },
      { name: '走访', type: 'bar', data: months.map((m) => byMonth.get(m)?.visits ?? 0) },
      { name: '新增线索', type: 'bar', data: months.map((m) => byMonth.get(m)?.newLeads ?? 0) },
      { name: '签约额', type: 'line', yAxisIndex: 1, data: months.map((m) => yi(byMonth.get(m)?.signedAmount ?? '0')) },
    ],
  };

  const target: EChartsOption | undefined = data && {
    color: ['#c0392b', '#bdc3c7'],
    tooltip: { trigger: 'axis', formatter: () => `已签约 ${formatAmount(data.signing.amount)}<br/>年度目标 ${data.signing.target ? formatAmount(data.signing.target) : '未下达'}` },
    grid: { left: 8, right: 110, top: 36, bottom: 8, containLabel: true },
    xAxis: { type: 'value', name: '亿元' },
    yAxis: { type: 'category', data: ['年度目标', '已签约'] },
    series: [
      {
        type: 'bar',
        barMaxWidth: 36,
        data: [
          { value: data.signing.target ? yi(data.signing.target) : 0, itemStyle: { color: '#bdc3c7' } },
          { value: yi(data.signing.amount), itemStyle: { color: '#c0392b' } },
        ],
        label: { show: true, position: 'right', formatter: (p: { dataIndex: number }) => (p.dataIndex === 1 ? formatAmount(data.signing.amount, '亿元') : data.signing.target ? formatAmount(data.signing.target, '亿元') : '未下达') },
        // 序时进度: where the signed amount should be by now, the share of the year gone times the target.
        markLine: data.signing.target
          ? {
              symbol: 'none',
              lineStyle: { color: '#2980b9', type: 'dashed', width: 2 },
              label: { formatter: `序时进度 ${data.timeElapsed}%`, position: 'end', color: '#2980b9' },
              data: [{ xAxis: (yi(data.signing.target) * toChartNumber(data.timeElapsed)) / 100 }],
            }
          : undefined,
      },
    ],
  };

  const conversion: EChartsOption | undefined = data && {
    color: COLORS,
    tooltip: { trigger: 'axis', formatter: (p: unknown) => { const i = (p as Array<{ dataIndex: number }>)[0]?.dataIndex ?? 0; const k = CONVERSIONS[i]!; const rate = data.conversion.rates.find((r) => r.label === k); return `${k}：${data.conversion[k] ?? '—'}%${rate ? `<br/>${rate.explanation}` : ''}`; } },
    grid: { left: 8, right: 8, top: 24, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: [...CONVERSIONS] },
    yAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
    series: [{ type: 'bar', barMaxWidth: 40, data: CONVERSIONS.map((k) => toChartNumber(data.conversion[k])), label: { show: true, position: 'top', formatter: (p: { dataIndex: number }) => `${data.conversion[CONVERSIONS[p.dataIndex]!] ?? '—'}%` } }],
  };

  const chart = (name: string, option: EChartsOption | undefined) => option && <Chart name={name} option={wall ? enlarge(option) : option} />;
  const month = data ? monthTileLabel(data.thisMonth.month, beijingDate().slice(0, 7)) : '本月';
  const completion = data?.signing.completion;
  const elapsed = data?.timeElapsed;
  const behind = completion != null && elapsed != null && toChartNumber(completion) < toChartNumber(elapsed);

  if (wall) {
    const tiles: Array<[string, string | number, string?]> = data
      ? [
          [`${month}对接企业`, data.thisMonth.enterprisesContacted, '家'],
          [`${month}走访`, data.thisMonth.visits, '次'],
          [`${month}新增线索`, data.thisMonth.newLeads, '个'],
          ['在谈项目', data.pipeline.open.count, '个'],
          ['签约项目', data.signing.projects, '个'],
          ['签约额', formatAmount(data.signing.amount)],
          ['入库项目', data.registry.projects, '个'],
          ['年内完成投资', formatAmount(data.registry.completedYtd)],
        ]
      : [];
    const panels: Array<[string, string, EChartsOption | undefined, string?]> = data
      ? [
          ['funnel', '在谈项目漏斗', funnel],
          ['trends', '月度对接与签约', trends],
          ['target', '签约额对照年度目标', target, completion != null ? `完成 ${completion}% · 序时 ${elapsed}%` : undefined],
          ['county', '分旗县区签约额', amountBars(data.byCounty, true)],
          ['chain', '分产业链签约额', amountBars(data.byChain, true)],
          ['conversion', `项目转化率（签约项目 ${data.conversion.contractProjects} 个）`, conversion],
        ]
      : [];
    return (
      <div className="dashboard wall" data-testid="wall">
        <header className="wall-head">
          <h1>招商引资驾驶舱 · {data?.label ?? `${year}年`}</h1>
          <span className="wall-asof">
            {data?.asOf ? `统计截至 ${formatDate(data.asOf)} ${new Date(data.asOf).toLocaleTimeString('zh-CN', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit' })} · 每分钟自动刷新` : '正在加载…'}
          </span>
          <Link className="wall-exit" to={`/dashboard?year=${year}`}>退出大屏</Link>
        </header>
        {error && <Alert type="error" showIcon title={error.message} />}
        <div className="wall-tiles">
          {tiles.map(([title, value, suffix]) => (
            <div className="wall-tile" key={title} data-testid="wall-tile">
              <div className="wall-tile-title">{title}</div>
              <div className="wall-tile-value">
                {value}
                {suffix && <small>{suffix}</small>}
              </div>
            </div>
          ))}
        </div>
        <div className="wall-panels">
          {panels.map(([name, title, option, extra]) => (
            <section className="wall-panel" key={name}>
              <h2>
                {title}
                {extra && <span className={behind ? 'wall-behind' : 'wall-ahead'}>{extra}</span>}
              </h2>
              <div className="wall-panel-body">{chart(name, option)}</div>
            </section>
          ))}
        </div>
      </div>
    );
  }

  return (
    <div className="dashboard">
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 12 }} wrap>
        <div>
          <Typography.Title level={3} style={{ margin: 0 }}>
            招商引资驾驶舱 · {data?.label ?? `${year}年`}
          </Typography.Title>
          <Typography.Text type="secondary">
            {data?.asOf ? `统计截至 ${formatDate(data.asOf)} ${new Date(data.asOf).toLocaleTimeString('zh-CN', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit' })}` : ''} · 每分钟自动刷新
          </Typography.Text>
        </div>
        <Space wrap>
          <Select value={year} onChange={setYear} options={Array.from({ length: 6 }, (_, i) => thisYear - i).map((y) => ({ value: y, label: `${y}年` }))} style={{ width: 110 }} aria-label="年度" />
          <Button icon={<ReloadOutlined />} onClick={reload} loading={loading}>
            刷新
          </Button>
          <Button icon={<FullscreenOutlined />} onClick={() => void document.documentElement.requestFullscreen?.()}>
            全屏
          </Button>
          <Button icon={<DesktopOutlined />} onClick={() => navigate(`/wall?year=${year}`)}>
            大屏模式
          </Button>
        </Space>
      </Space>
      {error && <Alert type="error" showIcon title={error.message} style={{ marginBottom: 12 }} />}
      {data && (
        <>
          <Row gutter={[12, 12]} style={{ marginBottom: 12 }}>
            <Col xs={12} md={8} xl={4}>
              <Card size="small"><Statistic title={`${month}对接企业`} value={data.thisMonth.enterprisesContacted} suffix="家" /></Card>
            </Col>
            <Col xs={12} md={8} xl={4}>
              <Card size="small"><Statistic title={`${month}走访`} value={data.thisMonth.visits} suffix="次" /></Card>
            </Col>
            <Col xs={12} md={8} xl={4}>
              <Card size="small"><Statistic title={`${month}新增线索`} value={data.thisMonth.newLeads} suffix="个" /></Card>
            </Col>
            <Col xs={12} md={8} xl={4}>
              <Card size="small"><Statistic title="在谈项目" value={data.pipeline.open.count} suffix="个" /></Card>
            </Col>
            <Col xs={12} md={8} xl={4}>
              <Card size="small"><Statistic title={data.label.endsWith('年') ? '年度签约项目' : '签约项目'} value={data.signing.projects} suffix="个" /></Card>
            </Col>
            <Col xs={12} md={8} xl={4}>
              <Card size="small"><Statistic title="年度签约额" value={data.signing.amount} formatter={amountStatistic} data-testid="signed-amount" /></Card>
            </Col>
          </Row>
          <Row gutter={[12, 12]}>
            <Col xs={24} xl={8}>
              <Card size="small" title="在谈项目漏斗">
                {funnel && <Chart name="funnel" option={funnel} />}
              </Card>
            </Col>
            <Col xs={24} xl={16}>
              <Card size="small" title="月度对接与签约">
                {trends && <Chart name="trends" option={trends} />}
              </Card>
            </Col>
            <Col xs={24} xl={8}>
              <Card
                size="small"
                title="签约额对照年度目标"
                extra={completion != null && <Typography.Text type={behind ? 'danger' : 'success'}>完成 {completion}% · 序时 {elapsed}%</Typography.Text>}
              >
                {target && <Chart name="target" option={target} />}
              </Card>
            </Col>
            <Col xs={24} xl={8}>
              <Card size="small" title="分旗县区签约额">
                <Chart name="county" option={amountBars(data.byCounty, true)} />
              </Card>
            </Col>
            <Col xs={24} xl={8}>
              <Card size="small" title="分产业链签约额">
                <Chart name="chain" option={amountBars(data.byChain, true)} />
              </Card>
            </Col>
            <Col xs={24} xl={12}>
              <Card size="small" title={`项目转化率（签约项目 ${data.conversion.contractProjects} 个）`}>
                {conversion && <Chart name="conversion" option={conversion} />}
                <div data-testid="conversion-definitions" style={{ fontSize: 13, lineHeight: 1.7 }}>
                  <Typography.Text type="secondary">{data.conversion.cohort}</Typography.Text>
                  {data.conversion.rates.map((r) => (
                    <div key={r.key}>
                      <Typography.Text strong>{r.label} {r.value == null ? '—' : `${r.value}%`}</Typography.Text>
                      <Typography.Text type="secondary">
                        {`（${r.unit === 'wan_yuan' ? ratioText(r.numerator, r.denominator) : `${r.numerator} ÷ ${r.denominator} 个`}）${r.explanation}`}
                      </Typography.Text>
                    </div>
                  ))}
                </div>
              </Card>
            </Col>
            <Col xs={24} xl={12}>
              <Card size="small" title="项目库">
                <Row gutter={[12, 12]}>
                  <Col span={12}><Statistic title="入库项目" value={data.registry.projects} suffix="个" /></Col>
                  <Col span={12}><Statistic title="总投资" value={data.registry.totalInvestment} formatter={amountStatistic} /></Col>
                  <Col span={12}><Statistic title="年度计划投资" value={data.registry.annualPlan} formatter={amountStatistic} /></Col>
                  <Col span={12}><Statistic title="年内完成投资" value={data.registry.completedYtd} formatter={amountStatistic} suffix={data.registry.planCompletion ? `（${data.registry.planCompletion}%）` : ''} /></Col>
                </Row>
              </Card>
            </Col>
          </Row>
        </>
      )}
    </div>
  );
}
