import { useLayoutEffect, useRef, type ReactNode } from 'react';

/**
 * A column title holding a control (the select-all checkbox). antd's Table copies every title
 * into a hidden row that measures column widths (aria-hidden): the copy of a control there
 * could still take keyboard focus, unseen. There it is made inert; the header's own stays live.
 */
export function MeasureSafeTitle({ children }: { children: ReactNode }) {
  const ref = useRef<HTMLSpanElement>(null);
  useLayoutEffect(() => {
    const el = ref.current;
    if (el?.closest('[aria-hidden="true"]')) el.inert = true;
  }, []);
  return <span ref={ref}>{children}</span>;
}
