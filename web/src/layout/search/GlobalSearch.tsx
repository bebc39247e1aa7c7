import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { api, ok, type Schemas } from '../../api/client';
import './global-search.css';
import { MagnifierIcon } from './SearchTrigger';

type SearchView = Schemas['SearchView'];

/** How long typing must pause before the search goes out. */
const DEBOUNCE_MS = 200;
const PER_KIND = 5;

const KINDS = [
  { key: 'enterprises', label: '企业', href: (id: string) => `/enterprises/${id}` },
  { key: 'leads', label: '线索', href: (id: string) => `/leads/${id}` },
  { key: 'projects', label: '项目', href: (id: string) => `/projects/${id}` },
] as const;

interface Hit {
  key: string;
  kind: string;
  name: string;
  detail: string;
  href: string;
}

/**
 * The search panel: one field, results grouped by kind (企业 · 线索 · 项目), each within what
 * the user may see. Keyboard: ↑ ↓ choose, Enter opens, Esc closes; the mouse and touch work as links.
 */
export default function GlobalSearch({ onClose }: { onClose: () => void }) {
  const navigate = useNavigate();
  const [q, setQ] = useState('');
  const [result, setResult] = useState<SearchView>();
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string>();
  const [active, setActive] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  // Answers can come back out of order: only the latest query's is shown.
  const latest = useRef(0);

  useEffect(() => input.current?.focus(), []);

  useEffect(() => {
    const text = q.trim();
    if (!text) {
      setResult(undefined);
      setError(undefined);
      setLoading(false);
      return;
    }
    const ticket = ++latest.current;
    setLoading(true);
    const timer = setTimeout(() => {
      ok(api.GET('/api/v1/search', { params: { query: { q: text, limit: PER_KIND } } }))
        .then((r) => {
          if (ticket !== latest.current) return;
          setResult(r);
          setError(undefined);
          setActive(0);
        })
        .catch((e: unknown) => ticket === latest.current && setError(e instanceof Error ? e.message : String(e)))
        .finally(() => ticket === latest.current && setLoading(false));
    }, DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [q]);

  const groups = useMemo(
    () =>
      KINDS.map((k) => {
        const group = result?.[k.key];
        const hits: Hit[] = (group?.items ?? []).map((i) => ({ key: `${k.key}:${i.id}`, kind: k.label, name: i.name, detail: i.detail, href: k.href(i.id) }));
        return { ...k, total: group?.total ?? 0, hits };
      }).filter((g) => g.hits.length > 0),
    [result],
  );
  const hits = groups.flatMap((g) => g.hits);

  const open = (hit: Hit) => {
    onClose();
    navigate(hit.href);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      onClose();
    } else if (e.key === 'ArrowDown' && hits.length) {
      e.preventDefault();
      setActive((a) => (a + 1) % hits.length);
    } else if (e.key === 'ArrowUp' && hits.length) {
      e.preventDefault();
      setActive((a) => (a - 1 + hits.length) % hits.length);
    } else if (e.key === 'Enter' && hits[active]) {
      e.preventDefault();
      open(hits[active]);
    }
  };

  const text = q.trim();
  let index = -1;
  return (
    <div className="gs-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div className="gs-panel" role="dialog" aria-modal="true" aria-label="全局搜索">
        <div className="gs-field">
          {loading ? <span className="gs-spinner" aria-hidden="true" /> : <MagnifierIcon />}
          <input
            ref={input}
            value={q}
            onChange={(e) => setQ(e.target.value)}
            onKeyDown={onKeyDown}
            placeholder="企业名称、信用代码，或拼音首字母（如 mh 找梅花）"
            maxLength={50}
            role="combobox"
            aria-label="搜索企业、线索、项目"
            aria-expanded={hits.length > 0}
            aria-controls="gs-results"
            aria-autocomplete="list"
            aria-activedescendant={hits[active] ? `gs-${hits[active].key}` : undefined}
            data-testid="global-search-input"
          />
          <button type="button" className="gs-close" onClick={onClose} aria-label="关闭搜索">
            Esc
          </button>
        </div>
        <div id="gs-results" role="listbox" aria-label="搜索结果" className="gs-results">
          {groups.map((g) => (
            <div key={g.key} role="group" aria-label={g.label} className="gs-group">
              <div className="gs-group-title" aria-hidden="true">
                {g.label}
                {g.total > g.hits.length && <span className="gs-more">共 {g.total} 条，显示前 {g.hits.length} 条</span>}
              </div>
              {g.hits.map((hit) => {
                index += 1;
                const i = index;
                return (
                  <Link
                    key={hit.key}
                    id={`gs-${hit.key}`}
                    to={hit.href}
                    role="option"
                    aria-selected={i === active}
                    className={i === active ? 'gs-hit active' : 'gs-hit'}
                    onMouseEnter={() => setActive(i)}
                    onClick={onClose}
                    data-testid="search-hit"
                  >
                    <span className="gs-hit-name">{hit.name}</span>
                    {hit.detail && <span className="gs-hit-detail">{hit.detail}</span>}
                  </Link>
                );
              })}
            </div>
          ))}
        </div>
        <div className="gs-status" role="status" aria-live="polite">
          {error
            ? error
            : !text
              ? '输入后即时搜索：↑ ↓ 选择，回车打开，Esc 关闭'
              : result && !loading && hits.length === 0
                ? `没有找到与「${text}」相关的企业、线索或项目`
                : ''}
        </div>
      </div>
    </div>
  );
}
