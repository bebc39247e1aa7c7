import { PlusOutlined } from '@ant-design/icons';
import { Button, Select, Spin, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { api, ok } from '../../api/client';
import type { EnterpriseView } from '../../api/views';

interface Props {
  value?: string;
  onChange?(id: string | undefined, enterprise?: EnterpriseView): void;
  id?: string;
  /** Offered when a search finds nothing: add the enterprise, starting from what was typed. */
  onCreate?(text: string): void;
}

/** Search the enterprise directory as you type (name, short name or credit-code prefix). */
export function EnterpriseSelect({ value, onChange, id, onCreate }: Props) {
  const [options, setOptions] = useState<EnterpriseView[]>([]);
  const [searching, setSearching] = useState(false);
  const [open, setOpen] = useState(false);
  // The text of the last search that answered: what "新增企业" starts from.
  const [searched, setSearched] = useState('');
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const latest = useRef(0);

  const search = (q: string) => {
    clearTimeout(timer.current);
    const text = q.trim();
    if (!text) return setSearched('');
    timer.current = setTimeout(async () => {
      const n = ++latest.current;
      setSearching(true);
      try {
        const page = await ok(api.GET('/api/v1/enterprises', { params: { query: { q: text, limit: 20 } } }));
        // Answers can arrive out of order: only the last search's list is shown.
        if (n === latest.current) {
          setOptions(page.items);
          setSearched(text);
        }
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
      open={open}
      onOpenChange={setOpen}
      notFoundContent={searching ? <Spin size="small" /> : searched ? <span data-testid="enterprise-not-found">未找到「{searched}」</span> : '输入后搜索企业'}
      // Under the results, found or not: the search is fuzzy, so the one sought may be missing from a full list.
      popupRender={(menu) =>
        searched && onCreate && !searching ? (
          <>
            {menu}
            <div className="select-footer">
              <Button
                type="primary"
                ghost
                size="small"
                block
                icon={<PlusOutlined />}
                data-testid="enterprise-create"
                // Before the select's blur closes the list and drops the typed text.
                onMouseDown={(e) => e.preventDefault()}
                onClick={() => {
                  setOpen(false);
                  onCreate(searched);
                }}
              >
                <Typography.Text ellipsis style={{ maxWidth: '100%', color: 'inherit' }}>
                  新增企业「{searched}」
                </Typography.Text>
              </Button>
            </div>
          </>
        ) : (
          menu
        )
      }
      options={options.map((e) => ({ value: e.id, label: e.shortName && e.shortName !== e.name ? `${e.name}（${e.shortName}）` : e.name }))}
      onChange={(v: string | undefined) => onChange?.(v, options.find((o) => o.id === v))}
    />
  );
}
