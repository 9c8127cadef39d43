// A result row as libsql returns it (column name → value); each store's
// mappers (toUser, toMessage, …) turn it into a typed value.
export type Row = Record<string, unknown>;
