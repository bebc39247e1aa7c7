import { Alert, Button, Card, Col, Descriptions, Row, Select, Space, Switch, Table, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useLoad } from '../../api/hooks';
import { MetricValue } from '../../components/MetricValue';
import { beijingDate, formatDate } from '../../format/date';
import { formatMetric, metricHeader } from '../../format/metrics';
import '../../format/calendar';
import { ReportPeriodControls } from '../reporting/PeriodFields';
import { defaultReportPeriod, type ReportPeriod } from '../reporting/report';
import { boundaryLoader } from './boundaries';
import { CountyMap } from './CountyMap';
import { FIGURES, loadMapData, loadPoints, type CountyRow, type MapFigure } from './map-data';
import { matchFeatures } from './match';
import './map.css';

/** A figure's value as read: amounts through MetricValue (in the column's unit), counts as "n个". */
function FigureValue({ figure, value, unit }: { figure: MapFigure; value: string | null | undefined; unit?: '万元' | '亿元' }) {
  if (value == null) return <Typography.Text type="secondary">—</Typography.Text>;
  if (figure === 'three_un') return <>{formatMetric('projects_started', value)}</>;
  return <MetricValue metric={figure} value={value} unit={unit} bare={!!unit} />;
}

function CountyDetail({ county }: { county: CountyRow | undefined }) {
  if (!county) return <Typography.Text type="secondary">点击地图上或表中的旗县区，查看其各项数字与项目。</Typography.Text>;
  return (
    <div data-testid="county-detail" data-label={county.name}>
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        {county.name}
      </Typography.Title>
      {county.figures ? (
        <>
          <Descriptions size="small" column={1} bordered>
            {FIGURES.map((f) => (
              <Descriptions.Item key={f.value} label={f.label}>
                <span data-metric={f.value} data-value={county.figures![f.value]}>
                  <FigureValue figure={f.value} value={county.figures![f.value]} />
                </span>
              </Descriptions.Item>
            ))}
          </Descriptions>
          <Space wrap style={{ marginTop: 12 }}>
            <Link to={`/projects?regionUnitId=${county.id}`}>查看{county.name}的项目</Link>
            <Link to={`/three-un?regionUnitId=${county.id}`}>{county.name}三未清单</Link>
          </Space>
        </>
      ) : (
        <Typography.Text type="secondary">不在您的管理范围内。</Typography.Text>
      )}
    </div>
  );
}

/**
 * 招商地图: the city's county units on a map coloured by a chosen figure for a period — 签约金额,
 * 到位资金 and 开工项目数 where the projects land (the 通报's figures), 三未项目数 now — with the
 * same numbers in a table, and a county's figures and links to its projects on a click. Admins
 * and managers; a county's manager sees his county's figures, the others without.
 */
export default function MapPage() {
  const [period, setPeriod] = useState<ReportPeriod>(() => defaultReportPeriod());
  const [asOf, setAsOf] = useState<string>(() => beijingDate());
  const [figure, setFigure] = useState<MapFigure>('signed_amount');
  const [selectedId, setSelectedId] = useState<string>();
  const [showPoints, setShowPoints] = useState(true);
  const navigate = useNavigate();
  const data = useLoad(() => loadMapData(period, asOf), [JSON.stringify(period), asOf]);
  // The located projects in scope, now (a project's place does not depend on the period).
  const points = useLoad(loadPoints, []);
  const cityCode = data.data?.city.code ?? null;
  // The city's boundary file, if one is vendored for its code; null: the table alone.
  const loaded = useLoad(async () => {
    const load = boundaryLoader(cityCode);
    return { code: cityCode, file: load ? await load() : null };
  }, [cityCode]);
  const boundaryReady = !!data.data && loaded.data?.code === cityCode;
  const boundary = boundaryReady ? (loaded.data?.file ?? null) : undefined;
  const counties = useMemo(() => data.data?.counties ?? [], [data.data]);
  const match = useMemo(() => (boundary ? matchFeatures(boundary.features, counties) : undefined), [boundary, counties]);
  const figureLabel = FIGURES.find((f) => f.value === figure)!.label;
  const selected = counties.find((c) => c.id === selectedId);

  const columns = FIGURES.map((f) => {
    const { title, unit } = f.amount ? metricHeader(f.value, f.label, counties.map((c) => c.figures?.[f.value])) : { title: f.label, unit: undefined };
    return {
      title,
      key: f.value,
      align: 'right' as const,
      className: f.value === figure ? 'map-figure-chosen' : undefined,
      render: (_: unknown, c: CountyRow) => (
        <span data-metric={f.value} data-value={c.figures?.[f.value] ?? ''}>
          <FigureValue figure={f.value} value={c.figures?.[f.value]} unit={unit} />
        </span>
      ),
    };
  });

  return (
    <Card variant="borderless" title="招商地图" className="map-page">
      <Space wrap style={{ marginBottom: 16 }}>
        <ReportPeriodControls period={period} onPeriod={setPeriod} asOf={asOf} onAsOf={setAsOf} />
        <Select aria-label="地图指标" style={{ width: 140 }} value={figure} onChange={setFigure} options={FIGURES.map((f) => ({ value: f.value, label: f.label }))} />
        <Space size={6}>
          <Switch size="small" checked={showPoints} onChange={setShowPoints} aria-label="显示项目点" />
          <span data-testid="map-points-count">
            项目点{points.data ? `（${points.data.items.length < points.data.count ? `总投资最大的 ${points.data.items.length} 个，共 ${points.data.count} 个` : `${points.data.count} 个`}）` : ''}
          </span>
        </Space>
      </Space>
      {(data.error ?? loaded.error ?? points.error) && <Alert type="error" showIcon title={(data.error ?? loaded.error ?? points.error)!.message} style={{ marginBottom: 12 }} />}
      {data.data && (
        <Typography.Paragraph data-testid="map-header">
          <strong>
            {data.data.city.name}（{data.data.periodLabel}）
          </strong>
          ，数据截至 {formatDate(data.data.dataAsOf)}。签约金额、到位资金、开工项目数按项目落地地计入各旗县区；三未项目数为当前在建项目三未清单（立项未开工、开工未建设、建设未竣工）中的项目，每个项目计一次。
        </Typography.Paragraph>
      )}
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={15}>
          {boundary && match ? (
            <>
              <CountyMap
                mapName={`city-${cityCode}`}
                boundary={boundary}
                match={match}
                counties={counties}
                figure={figure}
                figureLabel={figureLabel}
                selectedId={selectedId}
                onSelect={setSelectedId}
                points={showPoints ? (points.data?.items ?? []) : null}
                onOpenProject={(id) => navigate(`/projects/${id}`)}
              />
              <Typography.Text type="secondary" className="map-legend">
                颜色越深，{figureLabel}越高；灰色为无数据或不在您的管理范围。橙色圆点为已标注位置的项目，点击打开项目。
                {match.unmatchedUnits.length > 0 && `地图上没有边界的旗县区：${match.unmatchedUnits.map((u) => u.name).join('、')}（见下表）。`}
              </Typography.Text>
            </>
          ) : data.data && boundary === null ? (
            <Alert type="info" showIcon title={`未配置${data.data.city.name}的边界数据，各旗县区数字见下表。`} />
          ) : (
            <Typography.Text type="secondary">加载中…</Typography.Text>
          )}
        </Col>
        <Col xs={24} lg={9}>
          <Card size="small" title="旗县区详情">
            <CountyDetail county={selected} />
          </Card>
        </Col>
      </Row>
      <Table<CountyRow>
        style={{ marginTop: 16 }}
        size="small"
        bordered
        rowKey="id"
        loading={data.loading}
        dataSource={counties}
        pagination={false}
        scroll={{ x: 'max-content' }}
        rowClassName={(c) => (c.id === selectedId ? 'map-row-selected' : '')}
        onRow={(c) => ({ 'data-testid': 'map-row', 'data-label': c.name }) as never}
        columns={[
          {
            title: '旗县区',
            key: 'name',
            fixed: 'left',
            render: (_, c) => (
              <Button type="link" size="small" aria-pressed={c.id === selectedId} onClick={() => setSelectedId(c.id)}>
                {c.name}
              </Button>
            ),
          },
          ...columns,
        ]}
      />
    </Card>
  );
}
