// ECharts with only what the 招商地图 and the location picker draw; imported by the map chunks alone.
import { MapChart, ScatterChart } from 'echarts/charts';
import { GeoComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([MapChart, ScatterChart, GeoComponent, TooltipComponent, VisualMapComponent, CanvasRenderer]);

export { echarts };
export type { EChartsOption } from 'echarts';

/** The counties' geo component: names on, grey where there is no value, the picked one outlined. */
export function geoOption(mapName: string, selectedName?: string) {
  return {
    map: mapName,
    roam: false,
    label: { show: true, fontSize: 11, color: '#1f1f1f' },
    emphasis: { label: { show: true }, itemStyle: { areaColor: '#ffe7ba' } },
    itemStyle: { borderColor: '#fff', borderWidth: 1, areaColor: '#d9d9d9' },
    regions: selectedName ? [{ name: selectedName, itemStyle: { borderColor: '#d4380d', borderWidth: 2 } }] : [],
  };
}

type Instance = ReturnType<typeof echarts.init>;
type SetOption = Instance['setOption'];

/**
 * An ECharts instance on `el` that lays out only while `el` has a size. A geo layout on a
 * 0-wide box divides by zero (a singular view transform: "Cannot read properties of null
 * (reading '0')" inside ECharts), and a box is 0×0 while detached — between React removing it
 * and the effect's cleanup, when a ResizeObserver may still fire — or while hidden. Options set
 * meanwhile wait for the box to get its size back.
 */
export function sizedChart(el: HTMLElement): { instance: Instance; setOption: (...args: Parameters<SetOption>) => void; dispose(): void } {
  const instance = echarts.init(el, undefined, { renderer: 'canvas' });
  const pending: Array<Parameters<SetOption>> = [];
  const sized = () => el.isConnected && el.clientWidth > 0 && el.clientHeight > 0;
  const flush = () => {
    if (!sized()) return;
    if (instance.getWidth() !== el.clientWidth || instance.getHeight() !== el.clientHeight) instance.resize();
    for (const args of pending.splice(0)) instance.setOption(...args);
  };
  const observer = new ResizeObserver(flush);
  observer.observe(el);
  return {
    instance,
    setOption: (...args) => {
      pending.push(args);
      flush();
    },
    dispose() {
      observer.disconnect();
      instance.dispose();
    },
  };
}
