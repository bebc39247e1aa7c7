import { useEffect, useRef, useState } from 'react';
import { formatMetric } from '../../format/metrics';
import { echarts, geoOption, sizedChart } from './map-chart';
import type { CountyRow, MapFigure, ProjectPoint } from './map-data';
import type { BoundaryFile, FeatureMatch } from './match';

interface Props {
  mapName: string;
  boundary: BoundaryFile;
  match: FeatureMatch;
  counties: CountyRow[];
  figure: MapFigure;
  figureLabel: string;
  selectedId: string | undefined;
  onSelect: (unitId: string) => void;
  /** Projects with a recorded location, drawn as points (null: points hidden). */
  points: ProjectPoint[] | null;
  onOpenProject: (projectId: string) => void;
}

/** The element the browser test reads a county's on-screen point from (see pixelOf below). */
export interface MapElement extends HTMLDivElement {
  pixelOf?: (countyName: string) => [number, number] | null;
  pixelAt?: (lng: number, lat: number) => [number, number] | null;
}

/**
 * The counties drawn from the vendored boundaries, each coloured by the chosen figure (visualMap,
 * light to dark), its name on it; a click selects the county. Counties outside the user's scope
 * have no value and stay grey. The table beside it carries the same numbers for screen readers.
 */
export function CountyMap({ mapName, boundary, match, counties, figure, figureLabel, selectedId, onSelect, points, onOpenProject }: Props) {
  const box = useRef<MapElement>(null);
  const chart = useRef<ReturnType<typeof sizedChart> | null>(null);
  // The handlers and the unit lookup as of the last render: the chart is made once per boundary.
  const latest = useRef({ onSelect, onOpenProject, match, counties });
  latest.current = { onSelect, onOpenProject, match, counties };
  const [rendered, setRendered] = useState(false);

  useEffect(() => {
    echarts.registerMap(mapName, boundary as never);
    const el = box.current!;
    const sized = sizedChart(el);
    const { instance } = sized;
    chart.current = sized;
    instance.on('finished', () => setRendered(true));
    // A click on a project's point opens it; on a county (the geo region or the map series' item), selects it.
    instance.on('click', (p) => {
      const projectId = (p.data as { projectId?: string } | undefined)?.projectId;
      if (projectId) return latest.current.onOpenProject(projectId);
      const { match: m } = latest.current;
      const unitId = [...m.byUnit].find(([, name]) => name === p.name)?.[0];
      if (unitId) latest.current.onSelect(unitId);
    });
    // A county's centre on screen, for the browser test's click on the map.
    const centres = new Map(boundary.features.filter((f) => f.properties?.name && f.properties.cp).map((f) => [f.properties!.name!, f.properties!.cp!]));
    el.pixelOf = (name) => {
      const { match: m, counties: cs } = latest.current;
      const cp = centres.get(m.byUnit.get(cs.find((c) => c.name === name)?.id ?? '') ?? name);
      return cp ? (instance.convertToPixel({ geoIndex: 0 }, cp) as unknown as [number, number]) : null;
    };
    el.pixelAt = (lng, lat) => instance.convertToPixel({ geoIndex: 0 }, [lng, lat]) as unknown as [number, number];
    return () => {
      sized.dispose();
      chart.current = null;
      delete el.pixelOf;
      delete el.pixelAt;
    };
    // The counties and the match follow the boundary: drawn anew only when it changes.
  }, [mapName, boundary]);

  useEffect(() => {
    const data = counties
      .filter((c) => match.byUnit.has(c.id))
      .map((c) => ({ name: match.byUnit.get(c.id)!, unitId: c.id, value: c.figures ? Number(c.figures[figure]) : NaN, raw: c.figures?.[figure] ?? null }));
    const max = Math.max(0, ...data.map((d) => (Number.isFinite(d.value) ? d.value : 0)));
    const metric = figure === 'three_un' ? 'projects_started' : figure;
    chart.current?.setOption(
      {
        animation: false,
        tooltip: {
          trigger: 'item',
          formatter: (params: unknown) => {
            const p = params as { name: string; seriesType?: string; data?: { raw?: string | null; point?: ProjectPoint } };
            const point = p.data?.point;
            if (point) return `${echarts.format.encodeHTML(point.name)}<br/>${point.regionUnit ? `${echarts.format.encodeHTML(point.regionUnit.name)} · ` : ''}${point.lifecycleLabel}<br/>总投资：${formatMetric('signed_amount', point.totalInvestment)}`;
            const raw = data.find((d) => d.name === p.name)?.raw ?? null;
            return `${echarts.format.encodeHTML(p.name)}<br/>${figureLabel}：${raw == null ? '无数据' : formatMetric(metric, raw)}`;
          },
        },
        geo: geoOption(mapName, selectedId ? match.byUnit.get(selectedId) : undefined),
        visualMap: {
          seriesIndex: 0,
          type: 'continuous',
          min: 0,
          max: max > 0 ? max : 1,
          left: 8,
          bottom: 8,
          text: ['高', '低'],
          calculable: false,
          inRange: { color: ['#e6f4ff', '#69b1ff', '#0958d9', '#002c8c'] },
          outOfRange: { color: '#d9d9d9' },
        },
        series: [
          // The counties' colours: the map series shares the geo component, which draws them.
          { type: 'map', geoIndex: 0, data },
          {
            type: 'scatter',
            coordinateSystem: 'geo',
            symbolSize: 9,
            itemStyle: { color: '#fa541c', borderColor: '#fff', borderWidth: 1 },
            emphasis: { scale: 1.6 },
            data: (points ?? []).map((pt) => ({ name: pt.name, value: [pt.location.lng, pt.location.lat], projectId: pt.id, point: pt })),
          },
        ],
      },
      { notMerge: true },
    );
  }, [counties, match, figure, figureLabel, selectedId, mapName, points]);

  return <div ref={box} className="county-map" data-testid="county-map" data-rendered={rendered} role="img" aria-label={`各旗县区${figureLabel}分布图，数值见下表`} />;
}
