import type { ThemeConfig } from 'antd';

// 60% black: 5.7:1 on white, 5.2:1 on the page's #f5f5f5 (antd's 45% grey, #8c8c8c, is 3.36:1).
const MUTED = 'rgba(0, 0, 0, 0.6)';

/**
 * The app's antd theme, every text colour meeting WCAG AA (4.5:1) for the 12–14 px text of cards,
 * totals, tags and menu headings: antd's defaults for grey, placeholder, "暂无数据", status and tag
 * colours are 1.8–3.7:1. Status colours and the tags' text shades are taken a step darker (antd's
 * own palette: green-8, orange-8, red-7, blue-7); the preset tags' text, which tokens do not reach,
 * is darkened in styles.css, whose plain CSS uses the same grey (`--text-muted`).
 */
export const THEME: ThemeConfig = {
  token: {
    colorPrimary: '#c0392b',
    colorLink: '#c0392b',
    borderRadius: 6,
    colorTextSecondary: MUTED,
    colorTextTertiary: MUTED,
    colorTextDescription: MUTED,
    colorTextPlaceholder: MUTED,
    colorSuccess: '#237804',
    colorWarning: '#ad4e00',
    colorError: '#cf1322',
    colorInfo: '#0958d9',
    // A palette generated from those darker seeds has greyish tints: keep antd's own light ones.
    colorSuccessBg: '#f6ffed',
    colorSuccessBorder: '#b7eb8f',
    colorWarningBg: '#fff7e6',
    colorWarningBorder: '#ffd591',
    colorErrorBg: '#fff1f0',
    colorErrorBorder: '#ffa39e',
    colorInfoBg: '#e6f4ff',
    colorInfoBorder: '#91caff',
  },
  components: {
    // "暂无数据" in empty tables and lists is drawn in the disabled grey: it is text to read.
    Table: { colorTextDisabled: MUTED },
  },
};

/**
 * Where a form scrolls to its first error (every form: main.tsx sets it on the ConfigProvider, and
 * api/form-errors.ts for the API's errors): the field to the middle of the screen, never left under
 * the phone's sticky header or tab bar — antd's default, "nearest", stops with the field's top at the
 * window's, under the header. Here rather than in form-errors.ts: the first screen loads only this.
 */
export const SCROLL_TO_ERROR = { block: 'center', scrollMode: 'always' } as const;
