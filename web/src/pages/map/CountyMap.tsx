import { useEffect, useRef, useState } from 'react';
import { formatMetric } from '../../format/metrics';
import { echarts } from './map-chart';
import type { CountyRow, MapFigure } from './map-data';
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
}

/** The element the browser test reads a county's on-screen point from (see pixelOf below). */
export interface MapElement extends HTMLDivElement {
  pixelOf?: (countyName: string) => [number, number] | null;
}

/**
 * The counties drawn from the vendored boundaries, each coloured by the chosen figure (visualMap,
 * light to dark), its name on it; a click selects the county. Counties outside the user's scope
 * have no value and stay grey. The table beside it carries the same numbers for screen readers.
 */
export function CountyMap({ mapName, boundary, match, counties, figure, figureLabel, selectedId, onSelect }: Props) {
  const box = useRef<MapElement>(null);
  const chart = useRef<ReturnType<typeof echarts.init> | null>(null);
  const select = useRef(onSelect);
  select.current = onSelect;
  const [rendered, setRendered] = useState(false);

  useEffect(() => {
    echarts.registerMap(mapName, boundary as never);
    const el = box.current!;
    const instance = echarts.init(el, undefined, { renderer: 'canvas' });
    chart.current = instance;
    instance.on('finished', () => setRendered(true));
    instance.on('click', (p) => {
      const unitId = (p.data as unknown as { unitId?: string } | undefined)?.unitId;
      if (unitId) select.current(unitId);
    });
    // A county's centre on screen, for the browser test's click on the map.
    const centres = new Map(boundary.features.filter((f) => f.properties?.name && f.properties.cp).map((f) => [f.properties!.name!, f.properties!.cp!]));
    el.pixelOf = (name) => {
      const cp = centres.get(match.byUnit.get(counties.find((c) => c.name === name)?.id ?? '') ?? name);
      return cp ? (instance.convertToPixel({ seriesIndex: 0 }, cp) as unknown as [number, number]) : null;
    };
    const resize = new ResizeObserver(() => instance.resize());
    resize.observe(el);
    return () => {
      resize.disconnect();
      instance.dispose();
      chart.current = null;
      delete el.pixelOf;
    };
    // The counties and the match follow the boundary: drawn anew only when it changes.
  }, [mapName, boundary]);

  useEffect(() => {
    const data = counties
      .filter((c) => match.byUnit.has(c.id))
      .map((c) => ({ name: match.byUnit.get(c.id)!, unitId: c.id, value: c.figures ? Number(c.figures[figure]) : NaN, raw: c.figures?.[figure] ?? null, selected: c.id === selectedId }));
    const max = Math.max(0, ...data.map((d) => (Number.isFinite(d.value) ? d.value : 0)));
    const metric = figure === 'three_un' ? 'projects_started' : figure;
    chart.current?.setOption(
      {
        animation: false,
        tooltip: {
          trigger: 'item',
          formatter: (params: unknown) => {
            const p = params as { name: string; data?: { raw: string | null } };
            return `${echarts.format.encodeHTML(p.name)}<br/>${figureLabel}：${p.data?.raw == null ? '无数据' : formatMetric(metric, p.data.raw)}`;
          },
        },
        visualMap: {
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
          {
            type: 'map',
            map: mapName,
            selectedMode: 'single',
            roam: false,
            label: { show: true, fontSize: 11, color: '#1f1f1f' },
            emphasis: { label: { show: true } },
            select: { itemStyle: { borderColor: '#d4380d', borderWidth: 2 }, label: { show: true } },
            itemStyle: { borderColor: '#fff', borderWidth: 1, areaColor: '#d9d9d9' },
            data,
          },
        ],
      },
      { notMerge: true },
    );
  }, [counties, match, figure, figureLabel, selectedId, mapName]);

  return <div ref={box} className="county-map" data-testid="county-map" data-rendered={rendered} role="img" aria-label={`各旗县区${figureLabel}分布图，数值见下表`} />;
}
