/** class-transformer helpers for request fields. */
export const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
