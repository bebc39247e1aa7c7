/**
 * SQL condition: region row `inner` is region row `outer` or below it. Written as a range on
 * the materialised path (`~>=~` / `~<~`, which the text_pattern_ops index serves) rather than
 * `LIKE outer.path || '%'`, whose computed pattern no index can use. Path characters (hex,
 * '-', '/') all sort below '~'.
 */
export const withinRegion = (inner: string, outer: string): string =>
  `(${inner}.path ~>=~ ${outer}.path AND ${inner}.path ~<~ (${outer}.path || '~'))`;
