import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import './search-trigger.css';

// The search panel is its own chunk, fetched on first use (or when the pointer comes near).
const loadPanel = () => import('./GlobalSearch');
const GlobalSearch = lazy(loadPanel);

/** A magnifier drawn inline: an antd icon here would pull the icon runtime into every first screen. */
export function MagnifierIcon() {
  return (
    <svg viewBox="0 0 24 24" width="1em" height="1em" aria-hidden="true" focusable="false">
      <circle cx="10.5" cy="10.5" r="6.5" fill="none" stroke="currentColor" strokeWidth="2" />
      <path d="M15.5 15.5 21 21" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
    </svg>
  );
}

/** Whether a key press belongs to a field being typed in (where '/' is just a character). */
function typing(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName));
}

/**
 * The header's one search box for companies, leads and projects (every role). It looks like a
 * field and opens the search panel; '/' anywhere outside a field does the same.
 */
export function SearchTrigger({ compact }: { compact: boolean }) {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey || typing(e.target)) return;
      e.preventDefault();
      setOpen(true);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const close = () => {
    setOpen(false);
    button.current?.focus();
  };

  return (
    <>
      <button
        ref={button}
        type="button"
        className={compact ? 'search-trigger compact' : 'search-trigger'}
        onClick={() => setOpen(true)}
        onPointerEnter={() => void loadPanel()}
        aria-label="搜索企业、线索、项目（快捷键 /）"
        aria-haspopup="dialog"
        data-testid="search-trigger"
      >
        <MagnifierIcon />
        {!compact && <span className="search-trigger-text">搜索企业、线索、项目</span>}
        {!compact && <kbd aria-hidden="true">/</kbd>}
      </button>
      {open && (
        <Suspense fallback={null}>
          <GlobalSearch onClose={close} />
        </Suspense>
      )}
    </>
  );
}
