import { useEffect, useRef, useState } from 'react';
import { echarts, type EChartsOption } from './charts';

interface Props {
  option: EChartsOption;
  name: string;
}

/**
 * One ECharts chart that follows its box's size (a wall screen, a laptop, a phone turned).
 * `data-rendered` turns "true" once ECharts has drawn it (its `finished` event), which the
 * browser tests time against the 1.5 s budget.
 */
export function Chart({ option, name }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<ReturnType<typeof echarts.init> | null>(null);
  const [rendered, setRendered] = useState(false);

  useEffect(() => {
    const el = box.current!;
    const instance = echarts.init(el, undefined, { renderer: 'canvas' });
    chart.current = instance;
    instance.on('finished', () => setRendered(true));
    const resize = new ResizeObserver(() => instance.resize());
    resize.observe(el);
    return () => {
      resize.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    // No entry animation: a wall screen wants the figures at once, and not re-animated every minute.
    chart.current?.setOption({ animation: false, ...option }, { notMerge: true });
  }, [option]);

  return <div ref={box} className="dashboard-chart" data-testid={`chart-${name}`} data-rendered={rendered} />;
}
