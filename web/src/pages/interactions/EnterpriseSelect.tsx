import { Select, Spin } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { api, ok, okAs } from '../../api/client';
import type { EnterpriseView, Page } from '../../api/views';

interface Props {
  value?: string;
  onChange?(id: string | undefined, enterprise?: EnterpriseView): void;
  id?: string;
}

/** Search the enterprise directory as you type (name, short name or credit-code prefix). */
export function EnterpriseSelect({ value, onChange, id }: Props) {
  const [options, setOptions] = useState<EnterpriseView[]>([]);
  const [searching, setSearching] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const latest = useRef(0);

  const search = (q: string) => {
    clearTimeout(timer.current);
    const text = q.trim();
    if (!text) return;
    timer.current = setTimeout(async () => {
      const n = ++latest.current;
      setSearching(true);
      try {
        const page = await okAs<Page<EnterpriseView>>(api.GET('/api/v1/enterprises', { params: { query: { q: text, limit: 20 } } }));
        // Answers can arrive out of order: only the last search's list is shown.
        if (n === latest.current) setOptions(page.items);
      } catch {
        if (n === latest.current) setOptions([]);
      } finally {
        if (n === latest.current) setSearching(false);
      }
    }, 250);
  };

  useEffect(() => () => clearTimeout(timer.current), []);

  // A value set from outside (a restored draft) is shown by name, not by id.
  useEffect(() => {
    if (!value || options.some((o) => o.id === value)) return;
    let cancelled = false;
    ok(api.GET('/api/v1/enterprises/{id}', { params: { path: { id: value } } }))
      .then((e) => !cancelled && setOptions((list) => (list.some((o) => o.id === e.id) ? list : [e, ...list])))
      .catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, [value, options]);

  return (
    <Select
      id={id}
      showSearch={{ filterOption: false, onSearch: search }}
      allowClear
      value={value}
      placeholder="输入企业名称、简称或信用代码"
      notFoundContent={searching ? <Spin size="small" /> : '输入后搜索企业'}
      options={options.map((e) => ({ value: e.id, label: e.shortName && e.shortName !== e.name ? `${e.name}（${e.shortName}）` : e.name }))}
      onChange={(v: string | undefined) => onChange?.(v, options.find((o) => o.id === v))}
    />
  );
}
