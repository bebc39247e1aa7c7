import { Alert, Button, InputNumber, Modal, Space, Spin, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { api, ok, type Schemas } from '../../api/client';
import { ApiError } from '../../api/errors';
import { useLoad } from '../../api/hooks';
import { boundaryLoader } from './boundaries';
import { echarts, geoOption, sizedChart } from './map-chart';
import './map.css';

type Location = Schemas['ProjectLocationDto'];

/** The element the browser test reads a coordinate's on-screen point from. */
export interface PickerElement extends HTMLDivElement {
  pixelAt?: (lng: number, lat: number) => [number, number] | null;
}

/** Degrees to the API's six places (about 0.1 m). */
const six = (v: number) => Number(v.toFixed(6));

interface Props {
  project: { id: string; name: string; version: number; location: Location | null };
  onSaved(): void;
  /** A 409 (someone else saved first): true when handled. */
  onStale(e: ApiError): boolean;
  onCancel(): void;
}

/**
 * 标注项目位置: the city's counties drawn from the vendored boundaries; a click on the map puts the
 * project's point there (or the two numbers are typed, as read off a phone's GPS). Saved with the
 * project's version; 清除位置 takes the point off the 招商地图.
 */
export default function LocationDialog({ project, onSaved, onStale, onCancel }: Props) {
  // Typed numbers may stand half-entered; the point is drawn and saved once both are there.
  const [pick, setPick] = useState<Partial<Location>>(project.location ?? {});
  const point = pick.lng !== undefined && pick.lat !== undefined ? { lng: pick.lng, lat: pick.lat } : null;
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<string>();
  const map = useLoad(async () => {
    const roots = await ok(api.GET('/api/v1/regions', { params: { query: { parentId: 'root', level: 'city', limit: 200 } } }));
    const city = roots.items[0];
    const load = boundaryLoader(city?.code);
    return { city, boundary: load ? await load() : null };
  }, []);
  // The box as state, not a ref: the dialog's body mounts in a portal that may come after the
  // boundary has loaded, and the chart must be made when both are there.
  const [el, setEl] = useState<PickerElement | null>(null);
  const chart = useRef<ReturnType<typeof sizedChart> | null>(null);
  const mapName = map.data?.city ? `city-${map.data.city.code}` : null;

  useEffect(() => {
    const boundary = map.data?.boundary;
    if (!boundary || !mapName || !el) return;
    echarts.registerMap(mapName, boundary as never);
    const sized = sizedChart(el);
    const { instance } = sized;
    chart.current = sized;
    sized.setOption({ animation: false, geo: geoOption(mapName), series: [{ type: 'scatter', coordinateSystem: 'geo', data: [] }] });
    // Any click inside the drawn city picks the point under it.
    instance.getZr().on('click', (e) => {
      if (!instance.containPixel({ geoIndex: 0 }, [e.offsetX, e.offsetY])) return;
      const [lng, lat] = instance.convertFromPixel({ geoIndex: 0 }, [e.offsetX, e.offsetY]) as number[];
      if (Number.isFinite(lng) && Number.isFinite(lat)) setPick({ lng: six(lng!), lat: six(lat!) });
    });
    el.pixelAt = (lng, lat) => instance.convertToPixel({ geoIndex: 0 }, [lng, lat]) as unknown as [number, number];
    return () => {
      sized.dispose();
      chart.current = null;
      delete el.pixelAt;
    };
  }, [map.data, mapName, el]);

  useEffect(() => {
    chart.current?.setOption({
      series: [{ type: 'scatter', coordinateSystem: 'geo', symbolSize: 14, itemStyle: { color: '#fa541c', borderColor: '#fff', borderWidth: 2 }, data: point ? [[point.lng, point.lat]] : [] }],
    });
  }, [point?.lng, point?.lat, el, map.data]);

  const save = async (location: Location | null) => {
    setSaving(true);
    setProblem(undefined);
    try {
      await ok(api.PATCH('/api/v1/projects/{id}', { params: { path: { id: project.id } }, body: { version: project.version, location } }));
      onSaved();
    } catch (e) {
      const err = e instanceof ApiError ? e : ApiError.network();
      if (!onStale(err)) setProblem(err.message);
    } finally {
      setSaving(false);
    }
  };

  const coordinate = (key: 'lng' | 'lat', label: string, min: number, max: number) => (
    <InputNumber
      aria-label={label}
      prefix={label}
      min={min}
      max={max}
      precision={6}
      step={0.000001}
      style={{ width: 200 }}
      value={pick[key] ?? null}
      onChange={(v) => setPick({ ...pick, [key]: v === null ? undefined : six(Number(v)) })}
    />
  );

  return (
    <Modal
      open
      width={760}
      title={`标注项目位置 · ${project.name}`}
      onCancel={onCancel}
      destroyOnHidden
      maskClosable={false}
      footer={[
        <Button key="clear" danger disabled={saving || !project.location} onClick={() => save(null)}>
          清除位置
        </Button>,
        <Button key="cancel" onClick={onCancel}>
          取消
        </Button>,
        <Button key="ok" type="primary" loading={saving} disabled={!point} onClick={() => point && save(point)} data-testid="dialog-save">
          保存
        </Button>,
      ]}
    >
      <Typography.Paragraph type="secondary">在地图上点击项目所在位置，或直接填写经纬度（WGS-84，保留 6 位小数）。</Typography.Paragraph>
      {map.error && <Alert type="error" showIcon title={map.error.message} />}
      {map.data && !map.data.boundary && <Alert type="info" showIcon title="未配置本市的边界数据：请直接填写经纬度。" style={{ marginBottom: 12 }} />}
      {!map.data && map.loading && <Spin />}
      {map.data?.boundary && <div ref={setEl} className="county-map location-picker" data-testid="location-picker" role="img" aria-label="在地图上点击选取项目位置" />}
      <Space wrap style={{ marginTop: 12 }}>
        {coordinate('lng', '经度', 73, 136)}
        {coordinate('lat', '纬度', 3, 54)}
      </Space>
      {problem && <Alert type="error" showIcon role="alert" title={problem} style={{ marginTop: 12 }} />}
    </Modal>
  );
}
